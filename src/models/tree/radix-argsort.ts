// A stable argsort of single-precision values in linear time (LSD radix sort on order-preserving 32-bit
// keys), used once per feature to presort the training rows. Typed arrays only; no comparator calls.

const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;
const PASSES = 3; // 3 × 11 bits cover the 32-bit key

/**
 * Reusable scratch space for argsorts of up to `capacity` values (one allocation for all features).
 */
export class RadixArgsort {
  private readonly keys: Uint32Array;
  private readonly keysTmp: Uint32Array;
  private readonly indexTmp: Uint32Array;
  private readonly counts = new Uint32Array(BUCKETS);

  constructor(readonly capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.keysTmp = new Uint32Array(capacity);
    this.indexTmp = new Uint32Array(capacity);
  }

  /**
   * Writes into `order` the indexes 0…n−1 of `values` (no NaN) in ascending value order; equal values
   * keep their index order. −0 sorts just before +0, which the splitter treats as equal anyway.
   */
  sort(values: Float32Array, order: Uint32Array): void {
    const n = values.length;
    if (n > this.capacity || order.length !== n) throw new Error(`radix argsort: ${n} values, capacity ${this.capacity}, order ${order.length}`);
    const bits = new Uint32Array(values.buffer, values.byteOffset, n);
    let keys = this.keys;
    let keysOut = this.keysTmp;
    let index = order;
    let indexOut = this.indexTmp;
    for (let i = 0; i < n; i++) {
      const b = bits[i]!;
      // Negative floats: flip every bit (larger magnitude sorts first); positive: flip the sign bit.
      keys[i] = (b ^ ((b >> 31) | 0x80000000)) >>> 0;
      index[i] = i;
    }
    const counts = this.counts;
    for (let pass = 0; pass < PASSES; pass++) {
      const shift = pass * DIGIT_BITS;
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & DIGIT_MASK]!++;
      if (counts[(keys[0]! >>> shift) & DIGIT_MASK] === n) continue; // every key shares this digit
      let sum = 0;
      for (let d = 0; d < BUCKETS; d++) {
        const c = counts[d]!;
        counts[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        const at = counts[(key >>> shift) & DIGIT_MASK]!++;
        keysOut[at] = key;
        indexOut[at] = index[i]!;
      }
      [keys, keysOut] = [keysOut, keys];
      [index, indexOut] = [indexOut, index];
    }
    if (index !== order) order.set(index.subarray(0, n));
  }
}

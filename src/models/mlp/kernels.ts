// The two dense kernels the network is built from. Every matrix product of a forward or backward pass
// is arranged as dot products of contiguous rows, computed two rows by four rows at a time so that
// the eight running sums stay in registers: in V8 that runs about three times as fast as the textbook
// loop that updates an output row in memory for every term.

/**
 * C[cOffset + p·nQ + q] = Σ_k P[pOffset + p·len + k] · Q[qOffset + q·len + k]
 * for p < nP, q < nQ: every row of P (nP rows of len) against every row of Q (nQ rows of len).
 */
export function dotRows(
  P: Float64Array,
  pOffset: number,
  nP: number,
  Q: Float64Array,
  qOffset: number,
  nQ: number,
  len: number,
  C: Float64Array,
  cOffset: number,
): void {
  if (len === 1) {
    // An outer product (a layer of one unit): no sums to keep in registers.
    for (let p = 0; p < nP; p++) {
      const u = P[pOffset + p]!;
      const ca = cOffset + p * nQ;
      for (let q = 0; q < nQ; q++) C[ca + q] = u * Q[qOffset + q]!;
    }
    return;
  }
  let p = 0;
  for (; p + 2 <= nP; p += 2) {
    const pa = pOffset + p * len;
    const pb = pa + len;
    const ca = cOffset + p * nQ;
    const cb = ca + nQ;
    let q = 0;
    for (; q + 4 <= nQ; q += 4) {
      const q0 = qOffset + q * len;
      const q1 = q0 + len;
      const q2 = q1 + len;
      const q3 = q2 + len;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let k = 0; k < len; k++) {
        const u = P[pa + k]!;
        const v = P[pb + k]!;
        const w0 = Q[q0 + k]!;
        const w1 = Q[q1 + k]!;
        const w2 = Q[q2 + k]!;
        const w3 = Q[q3 + k]!;
        s0 += u * w0;
        s1 += u * w1;
        s2 += u * w2;
        s3 += u * w3;
        t0 += v * w0;
        t1 += v * w1;
        t2 += v * w2;
        t3 += v * w3;
      }
      C[ca + q] = s0;
      C[ca + q + 1] = s1;
      C[ca + q + 2] = s2;
      C[ca + q + 3] = s3;
      C[cb + q] = t0;
      C[cb + q + 1] = t1;
      C[cb + q + 2] = t2;
      C[cb + q + 3] = t3;
    }
    for (; q < nQ; q++) {
      const q0 = qOffset + q * len;
      let s = 0;
      let t = 0;
      for (let k = 0; k < len; k++) {
        const w = Q[q0 + k]!;
        s += P[pa + k]! * w;
        t += P[pb + k]! * w;
      }
      C[ca + q] = s;
      C[cb + q] = t;
    }
  }
  if (p < nP) {
    // The odd last row of P (or its only row), against four rows of Q at a time.
    const pa = pOffset + p * len;
    const ca = cOffset + p * nQ;
    let q = 0;
    for (; q + 4 <= nQ; q += 4) {
      const q0 = qOffset + q * len;
      const q1 = q0 + len;
      const q2 = q1 + len;
      const q3 = q2 + len;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < len; k++) {
        const u = P[pa + k]!;
        s0 += u * Q[q0 + k]!;
        s1 += u * Q[q1 + k]!;
        s2 += u * Q[q2 + k]!;
        s3 += u * Q[q3 + k]!;
      }
      C[ca + q] = s0;
      C[ca + q + 1] = s1;
      C[ca + q + 2] = s2;
      C[ca + q + 3] = s3;
    }
    for (; q < nQ; q++) {
      const q0 = qOffset + q * len;
      let s = 0;
      for (let k = 0; k < len; k++) s += P[pa + k]! * Q[q0 + k]!;
      C[ca + q] = s;
    }
  }
}

/** target[tOffset + j·nRows + i] = source[sOffset + i·nCols + j]: a row-major nRows × nCols block, transposed. */
export function transpose(source: Float64Array, sOffset: number, nRows: number, nCols: number, target: Float64Array, tOffset: number): void {
  for (let i = 0; i < nRows; i++) {
    const s = sOffset + i * nCols;
    for (let j = 0; j < nCols; j++) target[tOffset + j * nRows + i] = source[s + j]!;
  }
}

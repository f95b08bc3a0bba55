// Typed arrays that a worker thread can read without a copy: backed by a SharedArrayBuffer when the fit
// uses a worker, by an ordinary ArrayBuffer otherwise.

export function allocate<T extends Uint8Array | Uint32Array | Float64Array>(kind: { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, length: number, shared: boolean): T {
  return new kind(shared ? new SharedArrayBuffer(length * kind.BYTES_PER_ELEMENT) : new ArrayBuffer(length * kind.BYTES_PER_ELEMENT));
}

// Content hashes. A snapshot's hash covers column names, types and values in row order, in a canonical
// byte form, so the same data read from CSV or Parquet hashes the same and any changed cell does not.

import { createHash, type Hash } from 'node:crypto';
import { isCoded, type Frame } from './frame.js';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a JSON value with object keys sorted, so key order never changes the hash. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const CHUNK_ROWS = 1 << 16;

/**
 * Hash of a Frame's content. Per column: name, type, then the values. Numeric values are hashed as
 * little-endian float64 with every NaN written as one canonical NaN and -0 as 0. Coded columns are
 * hashed through their used levels' text in sorted order, so neither the level order nor unused
 * levels change the hash.
 */
export function hashFrame(frame: Frame): string {
  const hash = createHash('sha256');
  hash.update(`flywheel-frame-v1\n${frame.nRows}\n${frame.columns.length}\n`);
  for (const column of frame.columns) {
    hash.update(`${JSON.stringify(column.name)}:${column.type}\n`);
    if (isCoded(column)) hashCoded(hash, column.codes, column.levels);
    else hashFloat(hash, column.values);
  }
  return hash.digest('hex');
}

function hashFloat(hash: Hash, values: Float64Array): void {
  const buffer = new Float64Array(Math.min(CHUNK_ROWS, values.length));
  for (let start = 0; start < values.length; start += CHUNK_ROWS) {
    const end = Math.min(values.length, start + CHUNK_ROWS);
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      buffer[i - start] = Number.isNaN(v) ? NaN : v === 0 ? 0 : v;
    }
    hash.update(new Uint8Array(buffer.buffer, 0, (end - start) * 8));
  }
}

function hashCoded(hash: Hash, codes: Int32Array, levels: readonly string[]): void {
  // Each level is hashed once to a 32-byte digest; rows then contribute their level's digest index in
  // a level order that depends on the text alone (sorted), which makes the hash independent of codes.
  const used = new Uint8Array(levels.length);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) used[codes[i]!] = 1;
  const order = levels.map((_, i) => i).filter((i) => used[i] === 1).sort((a, b) => (levels[a]! < levels[b]! ? -1 : levels[a]! > levels[b]! ? 1 : 0));
  const rank = new Int32Array(levels.length);
  order.forEach((levelIndex, r) => (rank[levelIndex] = r));
  hash.update(`${order.length}\n`);
  for (const levelIndex of order) hash.update(`${JSON.stringify(levels[levelIndex])}\n`);
  const buffer = new Int32Array(Math.min(CHUNK_ROWS, codes.length));
  for (let start = 0; start < codes.length; start += CHUNK_ROWS) {
    const end = Math.min(codes.length, start + CHUNK_ROWS);
    for (let i = start; i < end; i++) {
      const code = codes[i]!;
      buffer[i - start] = code < 0 ? -1 : rank[code]!;
    }
    hash.update(new Uint8Array(buffer.buffer, 0, (end - start) * 4));
  }
}

// The one place that talks to DuckDB: an in-process database per Flywheel process (in memory; files are
// read in place and written out as Parquet), SQL identifier and literal quoting, and fast column reads
// straight from DuckDB's vectors into typed arrays.

import { DuckDBEnumType, DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBDataChunk, type DuckDBResult } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

let instance: Promise<DuckDBInstance> | undefined;

/** A new connection to the process-wide in-memory DuckDB (no network, no extensions loaded at run time). */
export async function connect(): Promise<DuckDBConnection> {
  instance ??= DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' });
  return (await instance).connect();
}

/** Run `body` with a fresh connection, closing it afterwards. */
export async function withConnection<T>(body: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await connect();
  try {
    return await body(connection);
  } finally {
    connection.closeSync();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Rows of a small query as plain objects, BIGINT converted to number. */
export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const result = await connection.run(sql);
  const rows = await result.getRowObjectsJS();
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
    return out;
  });
}

/** How one result column is copied out of DuckDB's vectors. */
export type VectorKind = 'f64' | 'enum';

export interface ColumnSink {
  kind: VectorKind;
  /** f64: the values; enum: the codes. Missing becomes NaN / -1. */
  target: Float64Array | Int32Array;
  /** enum: filled with the ENUM's members, in code order. */
  levels?: string[];
}

/**
 * Stream a query's result into preallocated typed arrays, one chunk (2048 rows) at a time, copying each
 * vector's raw buffer rather than reading item by item. Result column i must be DOUBLE for an `f64` sink
 * and an ENUM for an `enum` sink.
 */
export async function readColumnsInto(connection: DuckDBConnection, sql: string, sinks: readonly ColumnSink[]): Promise<number> {
  const result: DuckDBResult = await connection.stream(sql);
  const enumWidths = sinks.map((sink, i) => {
    if (sink.kind !== 'enum') return 8;
    const type = result.columnType(i);
    if (!(type instanceof DuckDBEnumType)) throw new Error(`result column ${i} is ${type.toString()}, expected an ENUM`);
    sink.levels = [...type.values];
    return type.internalTypeId === DuckDBTypeId.UTINYINT ? 1 : type.internalTypeId === DuckDBTypeId.USMALLINT ? 2 : 4;
  });
  let offset = 0;
  for (;;) {
    const chunk: DuckDBDataChunk | null = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (let c = 0; c < sinks.length; c++) {
      const sink = sinks[c]!;
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
      const validity = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
      if (sink.kind === 'f64') copyDoubles(vector, n, validity, sink.target as Float64Array, offset);
      else copyEnumCodes(vector, n, validity, enumWidths[c]!, sink.target as Int32Array, offset);
    }
    offset += n;
  }
  return offset;
}

/** Set missing rows (validity bit 0) to `missing`; whole bytes of valid rows are skipped. */
function applyValidity(validity: Uint8Array | null, n: number, target: Float64Array | Int32Array, offset: number, missing: number): void {
  if (validity === null) return;
  const bytes = Math.ceil(n / 8);
  for (let b = 0; b < bytes; b++) {
    const bits = validity[b]!;
    if (bits === 0xff) continue;
    const end = Math.min(n, b * 8 + 8);
    for (let i = b * 8; i < end; i++) if ((bits & (1 << (i & 7))) === 0) target[offset + i] = missing;
  }
}

function copyDoubles(vector: duckdb.Vector, n: number, validity: Uint8Array | null, target: Float64Array, offset: number): void {
  const bytes = duckdb.vector_get_data(vector, n * 8);
  const source =
    bytes.byteOffset % 8 === 0
      ? new Float64Array(bytes.buffer, bytes.byteOffset, n)
      : new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * 8));
  target.set(source, offset);
  applyValidity(validity, n, target, offset, NaN);
}

function copyEnumCodes(vector: duckdb.Vector, n: number, validity: Uint8Array | null, width: number, target: Int32Array, offset: number): void {
  const bytes = duckdb.vector_get_data(vector, n * width);
  const aligned = bytes.byteOffset % width === 0;
  const buffer = aligned ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * width);
  const start = aligned ? bytes.byteOffset : 0;
  const source = width === 1 ? new Uint8Array(buffer, start, n) : width === 2 ? new Uint16Array(buffer, start, n) : new Uint32Array(buffer, start, n);
  target.set(source, offset);
  applyValidity(validity, n, target, offset, -1);
}

// Chunked streaming through DuckDB for out-of-core work (batch scoring, log exports): a CSV, Parquet
// or JSON-lines file of any size read as a sequence of Frames of at most `chunkRows` rows, each typed
// exactly as readTable types the whole file, and result columns written chunk by chunk to CSV, Parquet
// or JSON lines. Memory holds one chunk (plus DuckDB's bounded buffers), never the whole file.

import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DOUBLE, DuckDBDataChunk, DuckDBEnumType, DuckDBTypeId, type DuckDBAppender, type DuckDBResult } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { FlywheelError, isFlywheelError } from '../core/errors.js';
import { Frame, type Column } from '../core/frame.js';
import { didYouMean } from '../core/suggest.js';
import { connect, queryRows, quoteIdent, quoteLiteral } from './duckdb.js';
import { checkFile, DATETIME_TYPES, datetimeSql, detectTextDatetimes, NUMERIC_TYPES, readerSql, type RawColumnInfo, type RawType } from './read.js';
import { detectFormat, type SourceFormat } from './source-format.js';

export const DEFAULT_CHUNK_ROWS = 100_000;


let streamCounter = 0;

export interface SourceDescription {
  path: string;
  format: SourceFormat;
  /** Every column with the type DuckDB detected (text that holds dates is still `text` here). */
  columns: RawColumnInfo[];
}

/** The columns of a file and their types, without reading its rows (CSV: from the sniffer's sample). */
export async function describeSource(path: string, format: SourceFormat = detectFormat(path)): Promise<SourceDescription> {
  await checkFile(path);
  const connection = await connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    const described = await queryRows(connection, `DESCRIBE SELECT * FROM ${readerSql(path, format)}`);
    const columns = described.map((row): RawColumnInfo => {
      const sourceType = String(row.column_type);
      return { name: String(row.column_name), sourceType, rawType: rawTypeOf(sourceType) };
    });
    return { path, format, columns };
  } catch (error) {
    throw explainStreamError(error, path, format);
  } finally {
    connection.closeSync();
  }
}

function rawTypeOf(sourceType: string): RawType {
  if (NUMERIC_TYPES.test(sourceType)) return 'numeric';
  if (sourceType === 'BOOLEAN') return 'boolean';
  if (DATETIME_TYPES.test(sourceType)) return 'datetime';
  return 'text';
}

/**
 * A FlywheelError naming each requested column the file lacks, with the closest names it has.
 * `purpose` completes "lacks the column(s) …", e.g. "the model reads".
 */
export function missingColumnsError(path: string, missing: readonly string[], available: readonly string[], purpose = 'asked for'): FlywheelError {
  const names = missing.map((name) => {
    const suggestion = didYouMean(name, available);
    return `"${name}"${suggestion === undefined ? '' : ` (${suggestion.replace(/\?$/, '')})`}`;
  });
  return new FlywheelError('column_not_found', `${basename(path)} lacks ${missing.length === 1 ? 'the column' : `${missing.length} columns`} ${purpose}: ${names.join(', ')}`, {
    hint: `the file's columns are: ${available.slice(0, 40).join(', ')}${available.length > 40 ? ', …' : ''}`,
    details: { file: path, missing },
  });
}

export interface StreamReadOptions {
  /** The columns to read, in this order (default: every column). */
  columns?: readonly string[];
  /** Rows per chunk (default 100 000). */
  chunkRows?: number;
  /**
   * Text columns decoded value by value with levels per chunk (high-cardinality ids). Other text
   * columns get file-wide levels from one scan before streaming, which makes reading them much faster.
   */
  decodeText?: readonly string[];
  format?: SourceFormat;
}

export interface StreamChunk {
  /** Index of the chunk's first row in the file (0-based). */
  offset: number;
  frame: Frame;
}

export interface TableStream {
  /** Rows in the file (counted before streaming). */
  readonly rows: number;
  readonly columns: readonly RawColumnInfo[];
  /** The chunks in file order; may be iterated once. */
  chunks(): AsyncGenerator<StreamChunk>;
  /** Idempotent; also called when iteration ends. */
  close(): Promise<void>;
}

interface StreamColumnPlan {
  info: RawColumnInfo;
  /** f64: DOUBLE values; enum: file-wide ENUM codes; text: VARCHAR decoded per value. */
  kind: 'f64' | 'enum' | 'text';
  readExpr: string;
  enumType?: string;
}

/**
 * Open a file for chunked reading. Columns are typed as readTable types them over the whole file
 * (text that parses as dates under one format everywhere becomes a datetime), so a chunk's Frame and
 * the same rows of readTable's Frame hold the same values.
 */
export async function openTableStream(path: string, options: StreamReadOptions = {}): Promise<TableStream> {
  const format = options.format ?? detectFormat(path);
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new FlywheelError('usage', `chunk size ${String(chunkRows)} is not a positive whole number of rows`, { hint: 'use e.g. 100000' });
  }
  const { columns: all } = await describeSource(path, format);
  const names = options.columns ?? all.map((c) => c.name);
  const byName = new Map(all.map((c) => [c.name, c]));
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) throw missingColumnsError(path, missing, all.map((c) => c.name));
  const decode = new Set(options.decodeText ?? []);
  const id = ++streamCounter;
  const reader = readerSql(path, format);
  const connection = await connect();
  const createdTypes: string[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const type of createdTypes) await connection.run(`DROP TYPE IF EXISTS ${type}`).catch(() => undefined);
    connection.closeSync();
  };
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    const infos = names.map((n) => ({ ...byName.get(n)! }));
    await detectTextDatetimes(connection, reader, infos.filter((c) => c.rawType === 'text' && c.sourceType === 'VARCHAR' && !decode.has(c.name)));
    const plan = infos.map((info, i) => planStreamColumn(info, decode.has(info.name), id, i));
    const enums = plan.filter((p) => p.kind === 'enum');
    const prescan = await queryRows(
      connection,
      `SELECT count(*)::DOUBLE AS n${enums.map((p, i) => `, list(DISTINCT CAST(${quoteIdent(p.info.name)} AS VARCHAR)) FILTER (WHERE ${quoteIdent(p.info.name)} IS NOT NULL) AS d${i}`).join('')} FROM ${reader}`,
    );
    const rows = Number(prescan[0]!.n);
    for (const [i, p] of enums.entries()) {
      const levels = ((prescan[0]![`d${i}`] as string[] | null) ?? []).slice().sort();
      // An ENUM needs at least one member; a column with no values gets a placeholder no row uses.
      const members = levels.length === 0 ? ["''"] : levels.map(quoteLiteral);
      await connection.run(`CREATE TYPE ${p.enumType!} AS ENUM (${members.join(', ')})`);
      createdTypes.push(p.enumType!);
    }
    const result = await connection.stream(`SELECT ${plan.map((p) => p.readExpr).join(', ')} FROM ${reader}`);
    let iterated = false;
    return {
      rows,
      columns: infos,
      close,
      chunks() {
        if (iterated) throw new Error('a TableStream can be iterated once');
        iterated = true;
        return iterateChunks(result, plan, chunkRows, path, format, close);
      },
    };
  } catch (error) {
    await close();
    throw explainStreamError(error, path, format);
  }
}

function planStreamColumn(info: RawColumnInfo, decode: boolean, id: number, index: number): StreamColumnPlan {
  const col = quoteIdent(info.name);
  switch (info.rawType) {
    case 'numeric':
      return { info, kind: 'f64', readExpr: `CAST(${col} AS DOUBLE)` };
    case 'boolean':
      return { info, kind: 'f64', readExpr: `CAST(CAST(${col} AS BOOLEAN) AS DOUBLE)` };
    case 'datetime':
      return { info, kind: 'f64', readExpr: `CAST(epoch_ms(${datetimeSql(info, col)}) AS DOUBLE)` };
    case 'text': {
      if (decode) return { info, kind: 'text', readExpr: `CAST(${col} AS VARCHAR)` };
      const enumType = `fw_stream_enum_${id}_${index}`;
      return { info, kind: 'enum', enumType, readExpr: `CAST(CAST(${col} AS VARCHAR) AS ${enumType})` };
    }
  }
}

/** One chunk being filled. */
interface ChunkBuffers {
  offset: number;
  filled: number;
  f64: (Float64Array | undefined)[];
  codes: (Int32Array | undefined)[];
  /** Per-chunk dictionaries of decoded text columns. */
  dictionaries: (Map<string, number> | undefined)[];
}

async function* iterateChunks(
  result: DuckDBResult,
  plan: readonly StreamColumnPlan[],
  chunkRows: number,
  path: string,
  format: SourceFormat,
  close: () => Promise<void>,
): AsyncGenerator<StreamChunk> {
  const enumLevels: (readonly string[] | undefined)[] = [];
  const enumWidths: number[] = [];
  plan.forEach((p, i) => {
    if (p.kind !== 'enum') return;
    const type = result.columnType(i);
    if (!(type instanceof DuckDBEnumType)) throw new Error(`stream column ${i} is ${type.toString()}, expected an ENUM`);
    enumLevels[i] = [...type.values];
    enumWidths[i] = type.internalTypeId === DuckDBTypeId.UTINYINT ? 1 : type.internalTypeId === DuckDBTypeId.USMALLINT ? 2 : 4;
  });
  const fresh = (offset: number): ChunkBuffers => ({
    offset,
    filled: 0,
    f64: plan.map((p) => (p.kind === 'f64' ? new Float64Array(chunkRows) : undefined)),
    codes: plan.map((p) => (p.kind === 'f64' ? undefined : new Int32Array(chunkRows))),
    dictionaries: plan.map((p) => (p.kind === 'text' ? new Map<string, number>() : undefined)),
  });
  const toFrame = (buffers: ChunkBuffers): StreamChunk => {
    const n = buffers.filled;
    const columns = plan.map((p, c): Column => {
      if (p.kind === 'f64') return { name: p.info.name, type: p.info.rawType as 'numeric' | 'boolean' | 'datetime', values: buffers.f64[c]!.subarray(0, n) };
      const levels = p.kind === 'enum' ? enumLevels[c]! : [...buffers.dictionaries[c]!.keys()];
      return { name: p.info.name, type: 'text', codes: buffers.codes[c]!.subarray(0, n), levels };
    });
    return { offset: buffers.offset, frame: new Frame(columns) };
  };

  try {
    let buffers = fresh(0);
    // One DuckDB chunk is always being fetched while the caller works on the previous Frame.
    let pending: Promise<DuckDBDataChunk | null> = result.fetchChunk();
    for (;;) {
      let chunk: DuckDBDataChunk | null;
      try {
        chunk = await pending;
      } catch (error) {
        throw explainStreamError(error, path, format);
      }
      if (chunk === null || chunk.rowCount === 0) break;
      pending = result.fetchChunk();
      pending.catch(() => undefined);
      const n = chunk.rowCount;
      let from = 0;
      while (from < n) {
        const take = Math.min(n - from, chunkRows - buffers.filled);
        copyRows(chunk, plan, enumWidths, buffers, from, take);
        buffers.filled += take;
        from += take;
        if (buffers.filled === chunkRows) {
          const full = buffers;
          buffers = fresh(full.offset + full.filled);
          yield toFrame(full);
        }
      }
    }
    if (buffers.filled > 0) yield toFrame(buffers);
  } finally {
    await close();
  }
}

/** Copy rows [from, from + count) of a DuckDB chunk into the buffers at their fill position. */
function copyRows(chunk: DuckDBDataChunk, plan: readonly StreamColumnPlan[], enumWidths: readonly number[], buffers: ChunkBuffers, from: number, count: number): void {
  const n = chunk.rowCount;
  const at = buffers.filled;
  for (let c = 0; c < plan.length; c++) {
    const p = plan[c]!;
    if (p.kind === 'text') {
      const values = chunk.getColumnValues(c) as (string | null)[];
      const dictionary = buffers.dictionaries[c]!;
      const codes = buffers.codes[c]!;
      for (let i = 0; i < count; i++) {
        const value = values[from + i];
        if (value === null || value === undefined) {
          codes[at + i] = -1;
          continue;
        }
        let code = dictionary.get(value);
        if (code === undefined) {
          code = dictionary.size;
          dictionary.set(value, code);
        }
        codes[at + i] = code;
      }
      continue;
    }
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
    const validity = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
    if (p.kind === 'f64') {
      const bytes = duckdb.vector_get_data(vector, n * 8);
      const source = bytes.byteOffset % 8 === 0 ? new Float64Array(bytes.buffer, bytes.byteOffset, n) : new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * 8));
      const target = buffers.f64[c]!;
      target.set(source.subarray(from, from + count), at);
      markMissing(validity, from, count, target, at, NaN);
    } else {
      const width = enumWidths[c]!;
      const bytes = duckdb.vector_get_data(vector, n * width);
      const aligned = bytes.byteOffset % width === 0;
      const buffer = aligned ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * width);
      const start = aligned ? bytes.byteOffset : 0;
      const source = width === 1 ? new Uint8Array(buffer, start, n) : width === 2 ? new Uint16Array(buffer, start, n) : new Uint32Array(buffer, start, n);
      const target = buffers.codes[c]!;
      target.set(source.subarray(from, from + count), at);
      markMissing(validity, from, count, target, at, -1);
    }
  }
}

/** Rows whose validity bit is 0 get `missing`; whole bytes of valid rows are skipped. */
function markMissing(validity: Uint8Array | null, from: number, count: number, target: Float64Array | Int32Array, at: number, missing: number): void {
  if (validity === null) return;
  const end = from + count;
  for (let i = from; i < end; ) {
    const bits = validity[i >> 3]!;
    if ((i & 7) === 0 && bits === 0xff && i + 8 <= end) {
      i += 8;
      continue;
    }
    if ((bits & (1 << (i & 7))) === 0) target[at + i - from] = missing;
    i++;
  }
}

function explainStreamError(error: unknown, path: string, format: SourceFormat): unknown {
  if (isFlywheelError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/Invalid Input Error|IO Error|Parquet|JSON|Malformed|sniff|CSV|Conversion Error|Could not convert/i.test(text)) {
    const what = format === 'jsonl' ? 'JSON lines' : format === 'parquet' ? 'Parquet' : format.toUpperCase();
    return new FlywheelError('data_invalid', `${path} could not be read as ${what}: ${text.split('\n')[0] ?? text}`, {
      hint: format === 'jsonl' ? 'each line must be one JSON object' : 'check that the file is complete, of the format its name says, and typed the same way throughout',
      cause: error,
    });
  }
  return error;
}

// ---------------------------------------------------------------------------------------------------
// Chunked writes

export const OUTPUT_FORMATS = ['csv', 'parquet', 'jsonl'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormatOf(path: string): OutputFormat {
  const name = path.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  throw new FlywheelError('usage', `cannot tell the output format of ${path} from its name`, {
    hint: 'end the output file name in .csv, .parquet or .jsonl',
  });
}

/** Types a written column may have. BIGINT and TIMESTAMP (epoch milliseconds) are given as numbers. */
export type OutputType = 'DOUBLE' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'VARCHAR' | 'TIMESTAMP';

export interface OutputColumn {
  name: string;
  type: OutputType;
}

export interface ChunkWriterOptions {
  /** The columns appended chunk by chunk, in output order. */
  columns: readonly OutputColumn[];
  /**
   * Columns copied row for row from a source file (joined by position: row i of the output is row i
   * of the file), placed before `columns`. The appended rows must number exactly the file's rows.
   */
  sourceColumns?: { path: string; format?: SourceFormat; names: readonly string[] };
  /** Columns computed by DuckDB from the appended ones, placed after them: SQL naming them `p."name"`. */
  derived?: readonly { name: string; sql: string }[];
  /** The same value in every row, placed last. */
  constants?: readonly { name: string; value: number | string }[];
}

export interface WriteSummary {
  path: string;
  format: OutputFormat;
  rows: number;
  bytes: number;
}

export interface ChunkWriter {
  /**
   * One typed array per column (numeric and boolean columns only; NaN = missing). Float64Arrays for
   * DOUBLE, BIGINT and TIMESTAMP columns are copied into DuckDB's vectors a block at a time.
   */
  appendColumns(columns: readonly (Float64Array | Int32Array | Uint8Array)[]): Promise<void>;
  /** Rows as arrays of values in column order; null or undefined = missing. */
  appendRows(rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Writes the output file (atomically: a temporary file renamed into place) and removes the parts. */
  finish(): Promise<WriteSummary>;
  /** Removes every part and temporary file; the output path is left as it was. */
  abort(): Promise<void>;
}

/** Fail early, before any work, when the output cannot be written. */
export async function checkWritable(path: string): Promise<void> {
  const dir = dirname(path);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory() === true) {
    throw new FlywheelError('usage', `output ${path} is a folder`, { hint: 'give a file name such as scores.parquet' });
  }
  try {
    await access(dir, fsConstants.W_OK);
  } catch {
    const exists = await stat(dir).catch(() => undefined);
    throw new FlywheelError('usage', exists === undefined ? `output folder ${dir} does not exist` : `output folder ${dir} is not writable`, {
      hint: exists === undefined ? 'create the folder first, or write the output elsewhere' : 'choose a folder you can write to',
      details: { output: path },
    });
  }
  if (info !== undefined) {
    try {
      await access(path, fsConstants.W_OK);
    } catch {
      throw new FlywheelError('usage', `output ${path} exists and is not writable`, { hint: 'remove it, or choose another output path' });
    }
  }
}

/**
 * Open a chunked writer. Each append lands in a DuckDB table, which is flushed to a Parquet part
 * file next to the output; `finish` streams the parts (and the source columns) into the output.
 */
export async function openChunkWriter(outputPath: string, options: ChunkWriterOptions): Promise<ChunkWriter> {
  const format = outputFormatOf(outputPath);
  await checkWritable(outputPath);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const partsDir = join(dirname(outputPath), `.${basename(outputPath)}.parts-${tag}`);
  await mkdir(partsDir);
  const table = `fw_out_${++streamCounter}`;
  const connection = await connect();
  const storage = (type: OutputType): string => (type === 'BIGINT' || type === 'TIMESTAMP' ? 'DOUBLE' : type);
  const parts: string[] = [];
  let rows = 0;
  let done = false;
  const cleanup = async () => {
    if (done) return;
    done = true;
    await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    connection.closeSync();
    await rm(partsDir, { recursive: true, force: true });
  };
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(`CREATE TEMP TABLE ${table} (${options.columns.map((c) => `${quoteIdent(c.name)} ${storage(c.type)}`).join(', ')})`);
  } catch (error) {
    await cleanup();
    throw error;
  }

  const flush = async (appender: DuckDBAppender, count: number) => {
    appender.flushSync();
    appender.closeSync();
    const part = join(partsDir, `part-${String(parts.length).padStart(6, '0')}.parquet`);
    await connection.run(`COPY ${table} TO ${quoteLiteral(part)} (FORMAT parquet, COMPRESSION zstd)`);
    await connection.run(`DELETE FROM ${table}`);
    parts.push(part);
    rows += count;
  };

  return {
    async appendColumns(columns) {
      if (columns.length !== options.columns.length) throw new Error(`appendColumns: ${columns.length} columns given, the writer has ${options.columns.length}`);
      const n = columns[0]?.length ?? 0;
      if (n === 0) return;
      const types = options.columns.map((c) => c.type);
      if (types.some((t) => t === 'VARCHAR')) throw new Error('appendColumns takes numeric and boolean columns only; use appendRows');
      const appender = await connection.createAppender(table);
      const blockCopy = columns.every((column, c) => column instanceof Float64Array && storage(types[c]!) === 'DOUBLE');
      const chunk = blockCopy ? DuckDBDataChunk.create(columns.map(() => DOUBLE)) : undefined;
      for (let start = 0; start < n; start += VECTOR_ROWS) {
        const end = Math.min(n, start + VECTOR_ROWS);
        if (chunk !== undefined && !columns.some((column) => hasNaN(column, start, end))) {
          // Whole blocks of doubles go into the vectors in one copy each; a block with a missing value is appended value by value.
          chunk.reset();
          columns.forEach((column, c) => {
            duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(chunk.chunk, c), 0, column.buffer as ArrayBuffer, column.byteOffset + start * 8, (end - start) * 8);
          });
          duckdb.data_chunk_set_size(chunk.chunk, end - start);
          appender.appendDataChunk(chunk);
          continue;
        }
        for (let i = start; i < end; i++) {
          for (let c = 0; c < columns.length; c++) {
            const v = columns[c]![i]!;
            if (Number.isNaN(v)) appender.appendNull();
            else if (types[c] === 'INTEGER') appender.appendInteger(v);
            else if (types[c] === 'BOOLEAN') appender.appendBoolean(v !== 0);
            else appender.appendDouble(v);
          }
          appender.endRow();
        }
      }
      await flush(appender, n);
    },
    async appendRows(batch) {
      if (batch.length === 0) return;
      const types = options.columns.map((c) => c.type);
      const appender = await connection.createAppender(table);
      for (const row of batch) {
        for (let c = 0; c < types.length; c++) appendValue(appender, types[c]!, row[c]);
        appender.endRow();
      }
      await flush(appender, batch.length);
    },
    async finish() {
      try {
        if (parts.length === 0) {
          const part = join(partsDir, 'part-empty.parquet');
          await connection.run(`COPY ${table} TO ${quoteLiteral(part)} (FORMAT parquet)`);
          parts.push(part);
        }
        const written = options.columns.map((c) => {
          const col = `p.${quoteIdent(c.name)}`;
          const expr = c.type === 'BIGINT' ? `CAST(${col} AS BIGINT)` : c.type === 'TIMESTAMP' ? `epoch_ms(CAST(${col} AS BIGINT))` : col;
          return `${expr} AS ${quoteIdent(c.name)}`;
        });
        const derived = (options.derived ?? []).map((d) => `${d.sql} AS ${quoteIdent(d.name)}`);
        const constants = (options.constants ?? []).map((k) => `${typeof k.value === 'number' ? String(k.value) : quoteLiteral(k.value)} AS ${quoteIdent(k.name)}`);
        const partList = `read_parquet([${parts.map(quoteLiteral).join(', ')}])`;
        let from = `${partList} p`;
        let sourceSelect: string[] = [];
        if (options.sourceColumns !== undefined) {
          const src = options.sourceColumns;
          const reader = readerSql(src.path, src.format ?? detectFormat(src.path));
          from = `(SELECT ${src.names.map(quoteIdent).join(', ')} FROM ${reader}) s POSITIONAL JOIN ${partList} p`;
          sourceSelect = src.names.map((n) => `s.${quoteIdent(n)}`);
        }
        const select = [...sourceSelect, ...written, ...derived, ...constants].join(', ');
        const tmp = join(partsDir, `output.${format}`);
        const copyOptions = format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT json';
        await connection.run(`COPY (SELECT ${select} FROM ${from}) TO ${quoteLiteral(tmp)} (${copyOptions})`);
        await rename(tmp, outputPath);
        const bytes = (await stat(outputPath)).size;
        return { path: outputPath, format, rows, bytes };
      } finally {
        await cleanup();
      }
    },
    abort: cleanup,
  };
}

/** Rows per DuckDB vector: the block size of appended data chunks. */
const VECTOR_ROWS = 2048;

function hasNaN(values: Float64Array | Int32Array | Uint8Array, start: number, end: number): boolean {
  if (!(values instanceof Float64Array)) return false;
  for (let i = start; i < end; i++) if (Number.isNaN(values[i]!)) return true;
  return false;
}

function appendValue(appender: DuckDBAppender, type: OutputType, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case 'VARCHAR':
      appender.appendVarchar(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
      return;
    case 'BOOLEAN':
      appender.appendBoolean(value === true || value === 1 || value === 'true');
      return;
    case 'INTEGER':
      appender.appendInteger(Number(value));
      return;
    default: {
      const n = typeof value === 'number' ? value : Number(value);
      if (Number.isNaN(n)) appender.appendNull();
      else appender.appendDouble(n);
    }
  }
}

/** Rows in a file, by DuckDB (Parquet: from its metadata). */
export async function countRows(path: string, format: SourceFormat = detectFormat(path)): Promise<number> {
  const connection = await connect();
  try {
    const [row] = await queryRows(connection, `SELECT count(*)::DOUBLE AS n FROM ${readerSql(path, format)}`);
    return Number(row!.n);
  } catch (error) {
    throw explainStreamError(error, path, format);
  } finally {
    connection.closeSync();
  }
}

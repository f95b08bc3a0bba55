// Reading a data file (CSV, TSV, Parquet, JSON lines) through DuckDB into a Frame. DuckDB parses and
// types the file in parallel; columns come out as raw typed-array copies: numbers, booleans and
// datetimes as Float64Array, text as ENUM codes with their levels. Every way a file can be malformed
// ends in a FlywheelError that names the file (and the line, for CSV).

import { stat, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FlywheelError, isFlywheelError } from '../core/errors.js';
import { Frame, type Column } from '../core/frame.js';
import { queryRows, quoteIdent, quoteLiteral, readColumnsInto, withConnection, type ColumnSink } from './duckdb.js';

/** Columns are copied out over this many connections at once, so DuckDB casts on both cores. */
const READ_CONNECTIONS = 2;
import { findMalformedRecord, readCsvHeader } from './csv-lint.js';
import { detectFormat, type SourceFormat } from './source-format.js';

/** How a column was typed when read: the physical form every snapshot stores. */
export type RawType = 'numeric' | 'boolean' | 'datetime' | 'text';

export interface RawColumnInfo {
  name: string;
  rawType: RawType;
  /** The DuckDB type the reader detected (for `describe`). */
  sourceType: string;
  /** For text parsed as datetimes: the strptime format that matched every value. */
  datetimeFormat?: string;
}

export interface ReadOptions {
  format?: SourceFormat;
  /** Also write the canonical columns to this Parquet file (snapshots). */
  parquetCopyTo?: string;
}

export interface LoadedTable {
  frame: Frame;
  columns: RawColumnInfo[];
  format: SourceFormat;
  source: string;
  bytes: number;
}

/** Text datetime formats tried, in order, on text columns whose values look like dates. */
export const TEXT_DATETIME_FORMATS = [
  '%Y-%m-%d',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%dT%H:%M',
  '%Y-%m-%d %H:%M:%S.%f',
  '%Y-%m-%dT%H:%M:%S.%f',
  '%Y/%m/%d',
  '%m/%d/%Y',
  '%d/%m/%Y',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%d.%m.%Y',
  '%d-%m-%Y',
] as const;

const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/** DuckDB's CSV sniffer may pick these; BOOLEAN is left out so that "Yes"/"No" labels keep their text. */
const CSV_TYPE_CANDIDATES = "['BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ', 'VARCHAR']";

let tableCounter = 0;

export async function readTable(path: string, options: ReadOptions = {}): Promise<LoadedTable> {
  const format = options.format ?? detectFormat(path);
  const bytes = await checkFile(path);
  if (format === 'csv' || format === 'tsv') await checkCsvHeader(path, format === 'csv' ? ',' : '\t');

  return withConnection(async (connection) => {
    const id = ++tableCounter;
    const table = `fw_src_${id}`;
    const createdTypes: string[] = [];
    try {
      await loadSource(connection, path, format, table);
      const described = await queryRows(connection, `DESCRIBE ${table}`);
      const [{ n: nRows }] = (await queryRows(connection, `SELECT count(*)::DOUBLE AS n FROM ${table}`)) as [{ n: number }];
      if (described.length === 0 || nRows === 0) {
        throw new FlywheelError('data_invalid', `${path} has a header but no data rows`, {
          hint: 'point --data at a file with at least one row below the header',
        });
      }
      const infos = await classifyColumns(connection, table, described);
      const plan = infos.map((info, i) => planColumn(info, table, id, i));
      for (const step of plan) {
        if (step.enumType === undefined) continue;
        await connection.run(step.setup!);
        createdTypes.push(step.enumType);
      }
      const sinks: ColumnSink[] = plan.map((step) =>
        step.kind === 'f64' ? { kind: 'f64', target: new Float64Array(nRows) } : { kind: 'enum', target: new Int32Array(nRows) },
      );
      await readInParallel(table, plan, sinks);

      if (options.parquetCopyTo !== undefined) {
        const canonical = plan.map((step) => `${step.canonicalExpr} AS ${quoteIdent(step.info.name)}`).join(', ');
        const tmp = `${options.parquetCopyTo}.tmp-${process.pid}-${id}`;
        await connection.run(`COPY (SELECT ${canonical} FROM ${table}) TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
        await rename(tmp, options.parquetCopyTo).catch(async (error: unknown) => {
          await rm(tmp, { force: true });
          throw error;
        });
      }

      const columns: Column[] = infos.map((info, i) => {
        const sink = sinks[i]!;
        if (sink.kind === 'enum') return { name: info.name, type: 'text', codes: sink.target as Int32Array, levels: sink.levels ?? [] };
        return { name: info.name, type: info.rawType as 'numeric' | 'boolean' | 'datetime', values: sink.target as Float64Array };
      });
      return { frame: new Frame(columns), columns: infos, format, source: path, bytes };
    } catch (error) {
      throw await explainReadError(error, path, format);
    } finally {
      await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      for (const type of createdTypes) await connection.run(`DROP TYPE IF EXISTS ${type}`).catch(() => undefined);
    }
  });
}

/** Copy the planned columns into their sinks, splitting the columns over READ_CONNECTIONS streams. */
async function readInParallel(table: string, plan: readonly ColumnPlan[], sinks: readonly ColumnSink[]): Promise<void> {
  const groups = Array.from({ length: Math.min(READ_CONNECTIONS, plan.length) }, (_, g) => plan.map((_, i) => i).filter((i) => i % READ_CONNECTIONS === g));
  await Promise.all(
    groups.map((columns) =>
      withConnection((connection) =>
        readColumnsInto(
          connection,
          `SELECT ${columns.map((i) => plan[i]!.readExpr).join(', ')} FROM ${table}`,
          columns.map((i) => sinks[i]!),
        ),
      ),
    ),
  );
}

/** The file's size; a clear error when it is missing, not a file, or empty. */
export async function checkFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new FlywheelError('file_not_found', `data file ${path} does not exist`, {
      hint: 'check the path (relative paths are read from the current folder, or from flywheel.yaml in a project)',
    });
  }
  if (!info.isFile()) throw new FlywheelError('data_invalid', `${path} is not a file`, { hint: 'point --data at a CSV, TSV, Parquet or JSON lines file' });
  if (info.size === 0) throw new FlywheelError('data_invalid', `${path} is empty`, { hint: 'the file needs a header row and at least one data row' });
  return info.size;
}

async function checkCsvHeader(path: string, delimiter: string): Promise<void> {
  const header = await readCsvHeader(path, delimiter);
  if (header.length === 0 || (header.length === 1 && header[0]!.trim() === '')) {
    throw new FlywheelError('data_invalid', `${path} is empty`, { hint: 'the file needs a header row and at least one data row' });
  }
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name.trim() === '') {
      throw new FlywheelError('data_invalid', `${path}: column ${i + 1} of the header has no name`, {
        hint: 'give every column a name in the first line of the file',
      });
    }
    // DuckDB resolves names case-insensitively, so "Age" and "age" would be the same column.
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new FlywheelError('data_invalid', `${path}: the header names column "${name}" twice (columns ${first + 1} and ${i + 1})`, {
        hint: 'rename one of them so every column name is unique (names are compared without case)',
      });
    }
    seen.set(key, i);
  });
}

/** The DuckDB table function that reads a file as Flywheel does (shared by the reader and the profile). */
export function readerSql(path: string, format: SourceFormat): string {
  const file = quoteLiteral(path);
  let reader: string;
  if (format === 'csv' || format === 'tsv') {
    const delim = format === 'csv' ? "','" : "'\\t'";
    reader = `read_csv(${file}, delim = ${format === 'csv' ? delim : "E'\\t'"}, quote = '"', escape = '"', header = true, skip = 0, strict_mode = true, null_padding = false, auto_type_candidates = ${CSV_TYPE_CANDIDATES})`;
  } else if (format === 'parquet') {
    reader = `read_parquet(${file})`;
  } else {
    // .json may hold one array of records or one record per line; .jsonl / .ndjson are lines.
    reader = `read_json(${file}, format = ${/\.json(\.gz)?$/i.test(path) ? "'auto'" : "'newline_delimited'"})`;
  }
  return reader;
}

async function loadSource(connection: DuckDBConnection, path: string, format: SourceFormat, table: string): Promise<void> {
  await connection.run(`SET TimeZone = 'UTC'`).catch(() => undefined);
  // Not TEMP: the columns are read back over two connections at once (readInParallel), and TEMP tables are per connection.
  await connection.run(`CREATE TABLE ${table} AS SELECT * FROM ${readerSql(path, format)}`);
}

/** DuckDB types read as numbers, and as datetimes (stream.ts classifies its columns by the same rules). */
export const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
export const DATETIME_TYPES = /^(DATE|TIMESTAMP.*|DATETIME)$/;

async function classifyColumns(connection: DuckDBConnection, table: string, described: Record<string, unknown>[]): Promise<RawColumnInfo[]> {
  const infos: RawColumnInfo[] = described.map((row) => {
    const name = String(row.column_name);
    const sourceType = String(row.column_type);
    const rawType: RawType = NUMERIC_TYPES.test(sourceType)
      ? 'numeric'
      : sourceType === 'BOOLEAN'
        ? 'boolean'
        : DATETIME_TYPES.test(sourceType)
          ? 'datetime'
          : 'text';
    return { name, rawType, sourceType };
  });
  // Text columns whose values look like dates are tried against the known formats over every row.
  const textColumns = infos.filter((c) => c.rawType === 'text' && c.sourceType === 'VARCHAR');
  await detectTextDatetimes(connection, table, textColumns);
  return infos;
}

/** Text columns whose first values look like dates and that parse under one known format in every row become datetime columns. */
export async function detectTextDatetimes(connection: DuckDBConnection, reader: string, candidates: RawColumnInfo[]): Promise<void> {
  if (candidates.length === 0) return;
  const sample = await queryRows(
    connection,
    `SELECT ${candidates.map((c, i) => `list(${quoteIdent(c.name)}) FILTER (WHERE ${quoteIdent(c.name)} IS NOT NULL)[1:20] AS s${i}`).join(', ')} FROM (SELECT * FROM ${reader} LIMIT 2000)`,
  );
  for (const [i, column] of candidates.entries()) {
    const values = (sample[0]?.[`s${i}`] as string[] | null) ?? [];
    if (values.length === 0 || !values.every((v) => DATE_LIKE.test(v.trim()))) continue;
    const col = quoteIdent(column.name);
    const checks = TEXT_DATETIME_FORMATS.map(
      (fmt, f) => `count(*) FILTER (WHERE ${col} IS NOT NULL AND try_strptime(trim(${col}), ${quoteLiteral(fmt)}) IS NULL)::DOUBLE AS f${f}`,
    ).join(', ');
    const [failures] = await queryRows(connection, `SELECT ${checks} FROM ${reader}`);
    const match = TEXT_DATETIME_FORMATS.findIndex((_, f) => failures?.[`f${f}`] === 0);
    if (match >= 0) {
      column.rawType = 'datetime';
      column.datetimeFormat = TEXT_DATETIME_FORMATS[match];
    }
  }
}

interface ColumnPlan {
  info: RawColumnInfo;
  kind: 'f64' | 'enum';
  /** Text columns: the ENUM type created for their codes, and the statement creating it. */
  enumType?: string;
  setup?: string;
  canonicalExpr: string;
  readExpr: string;
}

/** A datetime column as a UTC TIMESTAMP: parsed with its detected format when it is text, zones removed. */
export function datetimeSql(info: RawColumnInfo, col: string): string {
  if (info.datetimeFormat !== undefined) return `CAST(strptime(trim(${col}), ${quoteLiteral(info.datetimeFormat)}) AS TIMESTAMP)`;
  return info.sourceType.startsWith('TIMESTAMP WITH') || info.sourceType === 'TIMESTAMPTZ' ? `CAST(timezone('UTC', ${col}) AS TIMESTAMP)` : `CAST(${col} AS TIMESTAMP)`;
}

function planColumn(info: RawColumnInfo, table: string, id: number, index: number): ColumnPlan {
  const col = quoteIdent(info.name);
  switch (info.rawType) {
    case 'numeric':
      return { info, kind: 'f64', canonicalExpr: `CAST(${col} AS DOUBLE)`, readExpr: `CAST(${col} AS DOUBLE)` };
    case 'boolean':
      return { info, kind: 'f64', canonicalExpr: `CAST(${col} AS BOOLEAN)`, readExpr: `CAST(CAST(${col} AS BOOLEAN) AS DOUBLE)` };
    case 'datetime': {
      const canonical = datetimeSql(info, col);
      return { info, kind: 'f64', canonicalExpr: canonical, readExpr: `CAST(epoch_ms(${canonical}) AS DOUBLE)` };
    }
    case 'text': {
      const type = `fw_enum_${id}_${index}`;
      const text = `CAST(${col} AS VARCHAR)`;
      return {
        info,
        kind: 'enum',
        enumType: type,
        setup: `CREATE TYPE ${type} AS ENUM (SELECT DISTINCT ${text} FROM ${table} WHERE ${col} IS NOT NULL ORDER BY 1)`,
        canonicalExpr: text,
        readExpr: `CAST(${text} AS ${type})`,
      };
    }
  }
}

async function explainReadError(error: unknown, path: string, format: SourceFormat): Promise<unknown> {
  if (isFlywheelError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n')[0] ?? text;
  if (format === 'csv' || format === 'tsv') {
    const problem = await findMalformedRecord(path, format === 'csv' ? ',' : '\t').catch(() => undefined);
    if (problem !== undefined) {
      return new FlywheelError('data_invalid', `${path} line ${problem.line} ${problem.message}`, {
        hint: 'fix that line (a missing or extra delimiter, or an unbalanced quote) and run again',
        details: { file: path, line: problem.line },
      });
    }
    if (/sniff|CSV|Could not convert|Conversion Error/i.test(text)) {
      const lineMatch = /line[:\s]+(\d+)/i.exec(text);
      return new FlywheelError('data_invalid', `${basename(path)} could not be read as ${format.toUpperCase()}: ${firstLine}`, {
        hint: 'check the delimiter, quoting and encoding (UTF-8) of the file',
        details: { file: path, ...(lineMatch ? { line: Number(lineMatch[1]) } : {}) },
        cause: error,
      });
    }
  }
  if (/Invalid Input Error|IO Error|Parquet|JSON|Malformed/i.test(text)) {
    return new FlywheelError('data_invalid', `${path} could not be read as ${format === 'jsonl' ? 'JSON lines' : format}: ${firstLine}`, {
      hint: format === 'jsonl' ? 'each line must be one JSON object' : 'check that the file is complete and of the format its name says',
      cause: error,
    });
  }
  return error;
}

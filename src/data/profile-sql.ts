// The SQL behind the data profile (audit stage). A snapshot or data file is loaded once into a table of
// the process-wide DuckDB; column aggregates then come from two SELECTs per batch of columns, level counts
// from one UNION ALL of GROUP BYs, duplicate rows from row hashes, and value columns are copied into typed
// arrays for the order statistics and correlations computed above this layer.

import type { DuckDBConnection } from '@duckdb/node-api';
import { FlywheelError, isFlywheelError } from '../core/errors.js';
import type { ColumnType } from '../core/frame.js';
import { didYouMean } from '../core/suggest.js';
import { queryRows, quoteIdent, quoteLiteral, readColumnsInto, withConnection, type ColumnSink } from './duckdb.js';
import { checkFile, readerSql, TEXT_DATETIME_FORMATS } from './read.js';
import { detectFormat, type SourceFormat } from './source-format.js';

/** How the profile holds a column: as numbers (numbers, booleans as 0/1, datetimes as epoch ms) or as text. */
export type ProfileStorage = 'number' | 'text';

export interface ProfileColumnRequest {
  name: string;
  /** The schema's type: it decides how text is read (dates, true/false) and whether numbers are levels. */
  type: ColumnType;
}

export interface ProfileTargetRequest {
  name: string;
  /** The positive class, compared with the label's text as `data/target.ts` does. */
  positive: string;
}

export interface TargetSummary {
  name: string;
  positive: string;
  negative: string;
  positiveCount: number;
  negativeCount: number;
}

/** Moment and count aggregates of one column (two SELECTs compute them for a batch of columns). */
export interface ColumnAggregates {
  /** Non-missing values. */
  count: number;
  /** Number storage only; min, max, mean and std are over the finite values (±inf are counted apart). */
  numbers?: {
    min: number | null;
    max: number | null;
    finiteCount: number;
    mean: number | null;
    /** Sample standard deviation (ddof = 1), DuckDB's stddev_samp. */
    std: number | null;
    zeros: number;
    infinities: number;
    /** Pearson r between the finite values and the 0/1 target (point-biserial); null when undefined. */
    targetCorrelation: number | null;
  };
}

export interface LevelCount {
  /** Text for text storage; the number for number storage. */
  level: string | number;
  count: number;
  /** Rows of this level in the positive class (0 without a target). */
  positives: number;
}

export interface LevelCounts {
  /** Distinct non-missing levels. */
  distinct: number;
  /** Levels by count, most frequent first (ties by level, ascending): all of them, or the top K. */
  levels: LevelCount[];
  complete: boolean;
  missing: { count: number; positives: number };
  /** Text storage only: non-missing values that parse as a number (TRY_CAST of the trimmed text to DOUBLE). */
  numericCount?: number;
}

export interface LevelRequest {
  name: string;
  /** Return every level (for contingency tables), not only the top K. */
  allLevels: boolean;
}

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const DATETIME_TYPES = /^(DATE|TIMESTAMP.*|DATETIME)$/;
/** Columns per aggregate SELECT: wide tables are split so no statement carries thousands of expressions. */
const COLUMNS_PER_BATCH = 100;
/** Batches run at once, each on its own connection (small tables scan on one thread per query). */
const CONCURRENT_BATCHES = 2;

interface ColumnPlan {
  name: string;
  type: ColumnType;
  sourceType: string;
  storage: ProfileStorage;
  /** SQL: a DOUBLE for number storage (readColumnsInto copies raw 8-byte doubles), a VARCHAR for text storage. */
  expr: string;
}

let tableCounter = 0;

/**
 * One loaded source and the SQL over it. Every query runs on its own connection, so callers may run
 * several at once (DuckDB shares its threads between them). `close` drops the table.
 */
export class ProfileSource {
  readonly path: string;
  readonly rows: number;
  readonly target: TargetSummary | undefined;
  private readonly table: string;
  private readonly plans: ReadonlyMap<string, ColumnPlan>;
  private readonly allColumns: readonly string[];
  /** SQL: true for rows of the positive class; 'false' without a target. */
  private readonly positivePredicate: string;

  private constructor(fields: {
    path: string;
    rows: number;
    table: string;
    plans: Map<string, ColumnPlan>;
    allColumns: string[];
    target: TargetSummary | undefined;
    positivePredicate: string;
  }) {
    this.path = fields.path;
    this.rows = fields.rows;
    this.table = fields.table;
    this.plans = fields.plans;
    this.allColumns = fields.allColumns;
    this.target = fields.target;
    this.positivePredicate = fields.positivePredicate;
  }

  /**
   * Load `path` (CSV, TSV, Parquet, JSON lines; gzip allowed) into a table, plan how each requested
   * column is read, and check the target: present, no missing labels, exactly two classes, the
   * positive class among them.
   */
  static async open(path: string, columns: readonly ProfileColumnRequest[], target?: ProfileTargetRequest): Promise<ProfileSource> {
    const format = detectFormat(path);
    await checkFile(path);
    const table = `fw_profile_${++tableCounter}`;
    try {
      return await withConnection(async (connection) => {
        await loadSource(connection, path, format, table);
        const described = await queryRows(connection, `DESCRIBE ${table}`);
        const sourceTypes = new Map(described.map((row) => [String(row.column_name), String(row.column_type)]));
        const [{ n: rows }] = (await queryRows(connection, `SELECT count(*)::DOUBLE AS n FROM ${table}`)) as [{ n: number }];
        if (rows === 0) {
          throw new FlywheelError('data_invalid', `${path} has a header but no data rows`, { hint: 'point --data at a file with at least one row below the header' });
        }
        const known = [...sourceTypes.keys()];
        const requested = target === undefined || columns.some((c) => c.name === target.name) ? columns : [...columns, { name: target.name, type: 'categorical' as const }];
        for (const column of requested) {
          if (!sourceTypes.has(column.name)) {
            throw new FlywheelError('column_not_found', `column "${column.name}" of the schema is not in ${path}`, {
              hint: didYouMean(column.name, known) ?? `the file's columns are: ${known.join(', ')}`,
              details: { column: column.name },
            });
          }
        }
        const formats = await textDatetimeFormats(connection, table, requested, sourceTypes);
        const plans = new Map(requested.map((c) => [c.name, planColumn(c, sourceTypes.get(c.name)!, formats.get(c.name))]));
        const checked = target === undefined ? undefined : await checkTarget(connection, table, target, sourceTypes.get(target.name)!, rows);
        return new ProfileSource({
          path,
          rows,
          table,
          plans,
          allColumns: known,
          target: checked?.summary,
          positivePredicate: checked?.predicate ?? 'false',
        });
      });
    } catch (error) {
      await dropTable(table);
      throw explainLoadError(error, path, format);
    }
  }

  storageOf(name: string): ProfileStorage {
    return this.plan(name).storage;
  }

  /** Count, and for number storage min, max, mean, std, zeros, infinities and the target correlation, per column. */
  async columnAggregates(names: readonly string[]): Promise<Map<string, ColumnAggregates>> {
    const batches = chunk(names, COLUMNS_PER_BATCH);
    const results = await mapConcurrently(batches, CONCURRENT_BATCHES, (batch) => this.aggregateBatch(batch));
    return new Map(results.flat());
  }

  /**
   * Level counts of each column (with their positives), by one UNION ALL of GROUP BYs per batch of
   * columns. Columns asking for all levels get them all; the others their `topK` most frequent. Text
   * columns also get how many values parse as numbers, tried once per distinct level.
   */
  async levelCounts(requests: readonly LevelRequest[], topK: number): Promise<Map<string, LevelCounts>> {
    const batches = chunk(requests, COLUMNS_PER_BATCH);
    const results = await mapConcurrently(batches, CONCURRENT_BATCHES, (batch) => this.levelBatch(batch, topK));
    return new Map(results.flat());
  }

  /**
   * The values of number-stored columns as Float64Arrays (NaN = missing), in row order, and the target
   * as 0/1 bytes when there is one. Read in batches of columns; each batch scans the table in the
   * same order, the order rows were inserted (DuckDB's preserve_insertion_order, on by default).
   */
  async readNumbers(names: readonly string[]): Promise<{ columns: Float64Array[]; y: Uint8Array | undefined }> {
    const columns = names.map(() => new Float64Array(this.rows));
    const plans = names.map((name) => {
      const plan = this.plan(name);
      if (plan.storage !== 'number') throw new Error(`column ${name} is held as text; only number-stored columns can be read as numbers`);
      return plan;
    });
    let y: Uint8Array | undefined;
    const batches = chunk(plans, COLUMNS_PER_BATCH);
    if (batches.length === 0 && this.target !== undefined) batches.push([]);
    await withConnection(async (connection) => {
      for (const [b, batch] of batches.entries()) {
        const start = b * COLUMNS_PER_BATCH;
        const exprs = batch.map((p) => p.expr);
        const sinks: ColumnSink[] = batch.map((_, i) => ({ kind: 'f64', target: columns[start + i]! }));
        // The target rides along with the first batch.
        const yValues = b === 0 && this.target !== undefined ? new Float64Array(this.rows) : undefined;
        if (yValues !== undefined) {
          exprs.push(`CAST((${this.positivePredicate}) AS DOUBLE)`);
          sinks.push({ kind: 'f64', target: yValues });
        }
        const read = await readColumnsInto(connection, `SELECT ${exprs.join(', ')} FROM ${this.table}`, sinks);
        if (read !== this.rows) throw new Error(`read ${read} rows of ${this.table}, expected ${this.rows}`);
        if (yValues !== undefined) y = Uint8Array.from(yValues);
      }
    });
    return { columns, y };
  }

  /**
   * Rows equal to an earlier row in every column (pandas' `duplicated()`, missing equal to missing).
   * Rows are hashed first; only rows whose hash repeats are compared in full, so the count is exact.
   */
  async duplicateRows(): Promise<number> {
    const hash = rowHash(this.allColumns);
    return withConnection(async (connection) => {
      const [repeated] = await queryRows(
        connection,
        `SELECT count(*)::DOUBLE AS hashes FROM (SELECT ${hash} AS h FROM ${this.table}) GROUP BY h HAVING count(*) > 1 LIMIT 1`,
      );
      if (repeated === undefined) return 0;
      const [exact] = (await queryRows(
        connection,
        `WITH repeated AS (SELECT h FROM (SELECT ${hash} AS h FROM ${this.table}) GROUP BY h HAVING count(*) > 1),
              candidates AS (SELECT * FROM ${this.table} WHERE ${hash} IN (SELECT h FROM repeated))
         SELECT ((SELECT count(*) FROM candidates) - (SELECT count(*) FROM (SELECT DISTINCT * FROM candidates)))::DOUBLE AS duplicates`,
      )) as [{ duplicates: number }];
      return exact.duplicates;
    });
  }

  async close(): Promise<void> {
    await dropTable(this.table);
  }

  private plan(name: string): ColumnPlan {
    const plan = this.plans.get(name);
    if (plan === undefined) throw new Error(`column ${name} was not requested when the profile source was opened`);
    return plan;
  }

  /**
   * Two SELECTs over the batch: counts, min, max, mean and zeros first; then the sample std and the
   * target correlation, and for the columns whose min or max is infinite, the infinities counted and
   * every moment again over the finite values (DuckDB's stddev_samp fails on ±inf).
   */
  private async aggregateBatch(names: readonly string[]): Promise<[string, ColumnAggregates][]> {
    const hasTarget = this.target !== undefined;
    const y = `CAST((${this.positivePredicate}) AS DOUBLE)`;
    const first: string[] = [];
    names.forEach((name, i) => {
      const { expr, storage } = this.plan(name);
      first.push(`count(${expr})::DOUBLE AS c${i}`);
      if (storage !== 'number') return;
      first.push(`min(${expr}) AS min${i}`, `max(${expr}) AS max${i}`, `avg(${expr}) AS mean${i}`, `sum(CASE WHEN ${expr} = 0 THEN 1 ELSE 0 END)::DOUBLE AS z${i}`);
    });
    const row = await withConnection(async (connection) => {
      const [counts] = await queryRows(connection, `SELECT ${first.join(', ')} FROM ${this.table}`);
      if (counts === undefined) throw new Error('the aggregate query returned no row');
      const second = names.flatMap((name, i) => {
        const { expr, storage } = this.plan(name);
        if (storage !== 'number') return [];
        // A column holds ±inf exactly when its min or max is infinite.
        if (!isInfinite(counts[`min${i}`]) && !isInfinite(counts[`max${i}`])) {
          return [`0::DOUBLE AS inf${i}`, `stddev_samp(${expr}) AS std${i}`, ...(hasTarget ? [`corr(${expr}, ${y}) AS r${i}`] : [])];
        }
        const finite = `FILTER (WHERE isfinite(${expr}))`;
        return [
          `(count(*) FILTER (WHERE isinf(${expr})))::DOUBLE AS inf${i}`,
          `min(${expr}) ${finite} AS min${i}`,
          `max(${expr}) ${finite} AS max${i}`,
          `avg(${expr}) ${finite} AS mean${i}`,
          `stddev_samp(${expr}) ${finite} AS std${i}`,
          ...(hasTarget ? [`corr(${expr}, ${y}) ${finite} AS r${i}`] : []),
        ];
      });
      if (second.length === 0) return counts;
      const [spread] = await queryRows(connection, `SELECT ${second.join(', ')} FROM ${this.table}`);
      return { ...counts, ...spread };
    });
    return names.map((name, i) => {
      const count = row[`c${i}`] as number;
      if (this.plan(name).storage === 'text') return [name, { count }];
      const infinities = row[`inf${i}`] as number;
      return [
        name,
        {
          count,
          numbers: {
            min: numberOrNull(row[`min${i}`]),
            max: numberOrNull(row[`max${i}`]),
            finiteCount: count - infinities,
            mean: numberOrNull(row[`mean${i}`]),
            std: numberOrNull(row[`std${i}`]),
            zeros: row[`z${i}`] as number,
            infinities,
            targetCorrelation: hasTarget ? numberOrNull(row[`r${i}`]) : null,
          },
        },
      ];
    });
  }

  private async levelBatch(requests: readonly LevelRequest[], topK: number): Promise<[string, LevelCounts][]> {
    const positive = this.target === undefined ? '0' : `count(*) FILTER (WHERE ${this.positivePredicate})`;
    const branches = requests.map((request, i) => {
      const { expr, storage } = this.plan(request.name);
      const text = storage === 'text' ? expr : 'CAST(NULL AS VARCHAR)';
      const number = storage === 'number' ? expr : 'CAST(NULL AS DOUBLE)';
      return `SELECT ${i} AS col, ${text} AS t, ${number} AS v, count(*)::DOUBLE AS n, (${positive})::DOUBLE AS pos FROM ${this.table} GROUP BY ALL`;
    });
    const full = requests.flatMap((r, i) => (r.allLevels ? [i] : []));
    const keep = `rank <= ${topK} OR missing${full.length > 0 ? ` OR col IN (${full.join(', ')})` : ''}`;
    const rows = await withConnection((connection) =>
      queryRows(
        connection,
        `WITH counts AS (${branches.join('\nUNION ALL\n')}),
              ranked AS (
                SELECT *, (t IS NULL AND v IS NULL) AS missing,
                       row_number() OVER (PARTITION BY col ORDER BY (t IS NULL AND v IS NULL), n DESC, t, v) AS rank,
                       (count(t) OVER (PARTITION BY col) + count(v) OVER (PARTITION BY col))::DOUBLE AS distinct_levels,
                       sum(n) FILTER (WHERE TRY_CAST(trim(t) AS DOUBLE) IS NOT NULL) OVER (PARTITION BY col) AS numeric_count
                FROM counts)
         SELECT col, t, v, n, pos, missing, distinct_levels, numeric_count FROM ranked WHERE ${keep} ORDER BY col, rank`,
      ),
    );
    const out: LevelCounts[] = requests.map((r) => ({ distinct: 0, levels: [], complete: r.allLevels, missing: { count: 0, positives: 0 } }));
    for (const row of rows) {
      const counts = out[row.col as number]!;
      counts.distinct = row.distinct_levels as number;
      if (this.plan(requests[row.col as number]!.name).storage === 'text') counts.numericCount = (row.numeric_count as number | null) ?? 0;
      if (row.missing === true) counts.missing = { count: row.n as number, positives: row.pos as number };
      else counts.levels.push({ level: row.t === null ? (row.v as number) : String(row.t), count: row.n as number, positives: row.pos as number });
    }
    for (const counts of out) if (!counts.complete) counts.complete = counts.levels.length === counts.distinct;
    return requests.map((r, i) => [r.name, out[i]!]);
  }
}

async function loadSource(connection: DuckDBConnection, path: string, format: SourceFormat, table: string): Promise<void> {
  await connection.run(`CREATE TABLE ${table} AS SELECT * FROM ${readerSql(path, format)}`);
}

function explainLoadError(error: unknown, path: string, format: SourceFormat): unknown {
  if (isFlywheelError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/Invalid Input Error|IO Error|Parquet|JSON|Malformed|sniff|CSV|Conversion Error/i.test(text)) {
    return new FlywheelError('data_invalid', `${path} could not be read as ${format === 'jsonl' ? 'JSON lines' : format.toUpperCase()}: ${text.split('\n')[0] ?? text}`, {
      hint: 'check that the file is complete and of the format its name says (`flywheel data describe` points at the line of a malformed CSV)',
      cause: error,
    });
  }
  return error;
}

async function dropTable(table: string): Promise<void> {
  await withConnection((connection) => connection.run(`DROP TABLE IF EXISTS ${table}`)).catch(() => undefined);
}

/**
 * For VARCHAR columns the schema types datetime: the first of read.ts's formats that parses every
 * value, found as read.ts finds it, so a column reads the same dates here as in a Frame.
 */
async function textDatetimeFormats(
  connection: DuckDBConnection,
  table: string,
  columns: readonly ProfileColumnRequest[],
  sourceTypes: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const column of columns) {
    if (column.type !== 'datetime' || sourceTypes.get(column.name) !== 'VARCHAR') continue;
    const col = quoteIdent(column.name);
    const checks = TEXT_DATETIME_FORMATS.map(
      (fmt, f) => `count(*) FILTER (WHERE ${col} IS NOT NULL AND try_strptime(trim(${col}), ${quoteLiteral(fmt)}) IS NULL)::DOUBLE AS f${f}`,
    );
    const [failures] = await queryRows(connection, `SELECT ${checks.join(', ')} FROM ${table}`);
    const match = TEXT_DATETIME_FORMATS.findIndex((_, f) => failures?.[`f${f}`] === 0);
    if (match < 0) {
      throw new FlywheelError('data_invalid', `column "${column.name}" is typed datetime, but its text does not parse with any known date format`, {
        hint: 'use ISO dates (2024-03-01 or 2024-03-01 12:00:00) or one of the formats in docs/schema-inference.md, or type the column categorical',
      });
    }
    out.set(column.name, TEXT_DATETIME_FORMATS[match]!);
  }
  return out;
}

/** How one column is read: numbers for numeric, boolean and datetime columns and number-stored levels; text otherwise. */
function planColumn(request: ProfileColumnRequest, sourceType: string, datetimeFormat: string | undefined): ColumnPlan {
  const col = quoteIdent(request.name);
  const base = { name: request.name, type: request.type, sourceType };
  const numeric = NUMERIC_TYPES.test(sourceType);
  const isDatetime = DATETIME_TYPES.test(sourceType);
  const asNumber = (expr: string): ColumnPlan => ({ ...base, storage: 'number', expr });
  const asText = (): ColumnPlan => ({ ...base, storage: 'text', expr: sourceType === 'VARCHAR' ? col : `CAST(${col} AS VARCHAR)` });

  if (numeric) return asNumber(`CAST(${col} AS DOUBLE)`);
  if (sourceType === 'BOOLEAN') return asNumber(`CAST(${col} AS DOUBLE)`);
  if (isDatetime) {
    if (request.type === 'categorical' || request.type === 'text' || request.type === 'id') return asText();
    const timestamp = sourceType === 'TIMESTAMPTZ' || sourceType.startsWith('TIMESTAMP WITH') ? `timezone('UTC', ${col})` : `CAST(${col} AS TIMESTAMP)`;
    return asNumber(`CAST(epoch_ms(${timestamp}) AS DOUBLE)`);
  }
  switch (request.type) {
    case 'datetime':
      return asNumber(`CAST(epoch_ms(CAST(strptime(trim(${col}), ${quoteLiteral(datetimeFormat ?? TEXT_DATETIME_FORMATS[0])}) AS TIMESTAMP)) AS DOUBLE)`);
    case 'boolean':
      // The text data/infer.ts maps to true/false; anything else is missing here.
      return asNumber(`CAST((CASE WHEN lower(CAST(${col} AS VARCHAR)) IN ('true', 't', '1', 'yes') THEN 1 WHEN lower(CAST(${col} AS VARCHAR)) IN ('false', 'f', '0', 'no') THEN 0 END) AS DOUBLE)`);
    case 'numeric':
      return asNumber(`TRY_CAST(trim(CAST(${col} AS VARCHAR)) AS DOUBLE)`);
    default:
      return asText();
  }
}

/**
 * The target's two labels as data/target.ts reads them (numbers as JavaScript prints them, booleans as
 * true/false, text as is), and the SQL predicate selecting the positive class.
 */
async function checkTarget(
  connection: DuckDBConnection,
  table: string,
  target: ProfileTargetRequest,
  sourceType: string,
  rows: number,
): Promise<{ summary: TargetSummary; predicate: string }> {
  const col = quoteIdent(target.name);
  const numeric = NUMERIC_TYPES.test(sourceType);
  const key = numeric ? `CAST(${col} AS DOUBLE)` : sourceType === 'BOOLEAN' ? col : `CAST(${col} AS VARCHAR)`;
  const groups = await queryRows(connection, `SELECT ${key} AS label, count(*)::DOUBLE AS n FROM ${table} GROUP BY 1 ORDER BY 1 NULLS FIRST LIMIT 52`);
  const missing = groups.find((g) => g.label === null);
  const labels = groups.filter((g) => g.label !== null).map((g) => ({ text: labelText(g.label), raw: g.label, count: g.n as number }));
  if (labels.length > 2) {
    const shown = labels.slice(0, 5).map((l) => JSON.stringify(l.text)).join(', ');
    throw new FlywheelError('target_invalid', `target "${target.name}" has ${labels.length > 50 ? 'more than 50' : labels.length} distinct values (${shown}${labels.length > 5 ? ', …' : ''}); Flywheel does binary classification first`, {
      hint: 'choose a target with exactly two classes, or derive one (for example churned = days_active < 30) and point --target at it',
    });
  }
  if (missing !== undefined) {
    throw new FlywheelError('target_invalid', `target "${target.name}" is missing in ${missing.n as number} of ${rows} rows`, {
      hint: 'drop the unlabelled rows or fill in their labels before training (unlabelled rows cannot be learned from or evaluated)',
      details: { missing: missing.n },
    });
  }
  if (labels.length < 2) {
    throw new FlywheelError('target_invalid', `target "${target.name}" has one class only (${JSON.stringify(labels[0]?.text ?? '')}); a binary classifier needs two`, {
      hint: 'check that the file holds both outcomes, or choose another target column',
    });
  }
  const positive = labels.find((l) => l.text === target.positive);
  if (positive === undefined) {
    throw new FlywheelError('target_invalid', `positive class "${target.positive}" is not a value of target "${target.name}" (its values are ${labels.map((l) => JSON.stringify(l.text)).join(' and ')})`, {
      hint: "set positive to one of them; it is compared with the label's text",
    });
  }
  const negative = labels.find((l) => l !== positive)!;
  const literal = numeric ? `CAST(${quoteLiteral(String(positive.raw))} AS DOUBLE)` : sourceType === 'BOOLEAN' ? String(positive.raw) : quoteLiteral(positive.text);
  return {
    summary: { name: target.name, positive: positive.text, negative: negative.text, positiveCount: positive.count, negativeCount: negative.count },
    predicate: `coalesce(${key} = ${literal}, false)`,
  };
}

function labelText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A hash of the whole row; nested hashes keep each call to a few hundred arguments on wide tables. */
function rowHash(columns: readonly string[]): string {
  const parts = chunk(columns, 200).map((names) => `hash(${names.map(quoteIdent).join(', ')})`);
  return parts.length === 1 ? parts[0]! : `hash(${parts.join(', ')})`;
}

function isInfinite(value: unknown): boolean {
  return value === Infinity || value === -Infinity;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, body: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await body(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

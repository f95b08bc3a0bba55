// The columnar Frame every layer above data/ works on. Numeric, boolean and datetime columns are
// Float64Array (NaN = missing; datetimes as epoch milliseconds, booleans as 0/1); categorical, text
// and id columns are Int32Array codes (-1 = missing) into a list of levels.

import { FlywheelError } from './errors.js';
import { didYouMean } from './suggest.js';

/** Logical column types, as in flywheel.yaml. */
export const COLUMN_TYPES = ['numeric', 'categorical', 'boolean', 'datetime', 'text', 'id'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface NumericColumn {
  readonly name: string;
  readonly type: 'numeric' | 'boolean' | 'datetime';
  readonly values: Float64Array;
}

export interface CodedColumn {
  readonly name: string;
  readonly type: 'categorical' | 'text' | 'id';
  /** Index into `levels`; -1 marks a missing value. */
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

export type Column = NumericColumn | CodedColumn;

export function isCoded(column: Column): column is CodedColumn {
  return column.type === 'categorical' || column.type === 'text' || column.type === 'id';
}

export function isNumericStorage(column: Column): column is NumericColumn {
  return !isCoded(column);
}

export class Frame {
  readonly nRows: number;
  readonly columns: readonly Column[];
  private readonly byName: ReadonlyMap<string, Column>;

  constructor(columns: readonly Column[]) {
    const nRows = columns.length === 0 ? 0 : columnLength(columns[0]!);
    const byName = new Map<string, Column>();
    for (const column of columns) {
      if (columnLength(column) !== nRows) {
        throw new Error(`column ${column.name} has ${columnLength(column)} rows, expected ${nRows}`);
      }
      if (byName.has(column.name)) throw new Error(`duplicate column ${column.name}`);
      byName.set(column.name, column);
    }
    this.nRows = nRows;
    this.columns = columns;
    this.byName = byName;
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The named column; a clear error naming the closest columns when it does not exist. */
  column(name: string, what = 'column'): Column {
    const column = this.byName.get(name);
    if (column === undefined) {
      const suggestion = didYouMean(name, this.names);
      throw new FlywheelError('column_not_found', `${what} "${name}" is not in the data`, {
        hint: suggestion ?? `the columns are: ${this.names.join(', ')}`,
        details: { column: name },
      });
    }
    return column;
  }

  select(names: readonly string[]): Frame {
    return new Frame(names.map((n) => this.column(n)));
  }

  drop(names: readonly string[]): Frame {
    const dropped = new Set(names);
    return new Frame(this.columns.filter((c) => !dropped.has(c.name)));
  }

  withColumn(column: Column): Frame {
    const others = this.columns.filter((c) => c.name !== column.name);
    const index = this.columns.findIndex((c) => c.name === column.name);
    const columns = [...others];
    columns.splice(index < 0 ? columns.length : index, 0, column);
    return new Frame(columns);
  }

  /** A new Frame holding the given rows, in the given order. Levels are kept as they are. */
  take(rows: ArrayLike<number>): Frame {
    return new Frame(this.columns.map((c) => takeRows(c, rows)));
  }

  /** Text of one cell (levels for coded columns, ISO dates for datetimes); undefined when missing. */
  cellText(column: Column, row: number): string | undefined {
    if (isCoded(column)) {
      const code = column.codes[row]!;
      return code < 0 ? undefined : column.levels[code];
    }
    const value = column.values[row]!;
    if (Number.isNaN(value)) return undefined;
    if (column.type === 'datetime') return new Date(value).toISOString();
    if (column.type === 'boolean') return value === 1 ? 'true' : 'false';
    return String(value);
  }
}

export function columnLength(column: Column): number {
  return isCoded(column) ? column.codes.length : column.values.length;
}

export function missingCount(column: Column): number {
  let missing = 0;
  if (isCoded(column)) {
    const codes = column.codes;
    for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) missing++;
  } else {
    const values = column.values;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) missing++;
  }
  return missing;
}

function takeRows(column: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  if (isCoded(column)) {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = column.codes[rows[i]!]!;
    return { name: column.name, type: column.type, codes, levels: column.levels };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = column.values[rows[i]!]!;
  return { name: column.name, type: column.type, values };
}

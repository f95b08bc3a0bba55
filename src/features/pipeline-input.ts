// The raw input of a pipeline — a Frame, or the plain JSON records the model server receives — turned
// into the typed columns it was fitted on. Both paths end in the same working set, which the same
// fitted steps then transform: that is the parity guarantee. A Frame column stored differently from
// its fitted type (numbers read as text, say) is converted by the same value rules as a record field.

import { FlywheelError } from '../core/errors.js';
import { isCoded, type Column, type ColumnType, type Frame, type NumericColumn } from '../core/frame.js';
import { asCoded } from './levels.js';
import { expectedFor, parseLevelValue, parseStoredNumber, showValue } from './value-parsing.js';
import { WorkingSet } from './working-set.js';

/** A raw column a fitted pipeline reads, with the type it was fitted on. */
export interface PipelineInputColumn {
  name: string;
  type: ColumnType;
}

/** Types a pipeline input may have (text and id columns are never features). */
export type InputType = 'numeric' | 'boolean' | 'datetime' | 'categorical';

export function isInputType(type: ColumnType): type is InputType {
  return type === 'numeric' || type === 'boolean' || type === 'datetime' || type === 'categorical';
}

export function inputFromFrame(frame: Frame, inputs: readonly PipelineInputColumn[]): WorkingSet {
  return new WorkingSet(
    frame.nRows,
    inputs.map((input) => coerceColumn(frame.column(input.name, 'the pipeline input column'), input)),
  );
}

/** The column held as the type it was fitted on; no copy when it already is. */
export function coerceColumn(column: Column, input: PipelineInputColumn): Column {
  const type = input.type;
  if (type === 'categorical') {
    const coded = asCoded(column);
    return coded.type === 'categorical' ? coded : { name: coded.name, type: 'categorical', codes: coded.codes, levels: coded.levels };
  }
  if (type !== 'numeric' && type !== 'boolean' && type !== 'datetime') {
    throw new Error(`pipeline input column "${input.name}" has type ${type}, which is never a feature`);
  }
  if (!isCoded(column)) {
    if (type === 'boolean' && column.type !== 'boolean') {
      const values = column.values;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isNaN(v) && v !== 0 && v !== 1) throw invalidCell(input, v, i);
      }
    }
    return column.type === type ? column : { name: column.name, type, values: column.values };
  }
  // Text levels: parse each level once, then map the codes.
  const valueOfCode = new Float64Array(column.levels.length);
  column.levels.forEach((level, code) => {
    const value = parseStoredNumber(type, level);
    if (value === undefined) {
      // A Frame may list levels no row uses; only a value some row holds is an error.
      const row = column.codes.indexOf(code);
      if (row >= 0) throw invalidCell(input, level, row);
    }
    valueOfCode[code] = value ?? NaN;
  });
  const values = new Float64Array(column.codes.length);
  for (let i = 0; i < values.length; i++) {
    const code = column.codes[i]!;
    values[i] = code < 0 ? NaN : valueOfCode[code]!;
  }
  return { name: column.name, type, values };
}

function invalidCell(input: PipelineInputColumn, value: unknown, row: number): FlywheelError {
  const where = row >= 0 ? ` (row ${row})` : '';
  return new FlywheelError('data_invalid', `column "${input.name}" expects ${expectedFor(input.type)}, found ${showValue(value)}${where}`, {
    hint: `the pipeline was fitted with "${input.name}" as a ${input.type} column; clean the value or fix the column's type`,
    details: { column: input.name, ...(row >= 0 ? { row } : {}) },
  });
}

/** Records keyed by raw column name; absent keys, null and undefined are missing values. */
export function inputFromRecords(records: readonly unknown[], inputs: readonly PipelineInputColumn[]): WorkingSet {
  const n = records.length;
  records.forEach((record, r) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new FlywheelError('data_invalid', `record ${r} is ${record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record}, not an object of column values`, {
        hint: 'send each record as a JSON object keyed by column name, e.g. {"tenure": 12, "contract": "One year"}',
        details: { record: r },
      });
    }
  });
  const rows = records as readonly Record<string, unknown>[];
  // Own keys only: a column named "constructor" must not read Object.prototype.
  const field = (r: number, name: string): unknown => (Object.hasOwn(rows[r]!, name) ? rows[r]![name] : undefined);
  const columns = inputs.map((input): Column => {
    const name = input.name;
    if (input.type === 'categorical') {
      const codes = new Int32Array(n);
      const levels: string[] = [];
      const codeOf = new Map<string, number>();
      for (let r = 0; r < n; r++) {
        const value = field(r, name);
        const text = parseLevelValue(value);
        if (text === undefined) throw invalidField(input, value, r);
        if (text === null) {
          codes[r] = -1;
          continue;
        }
        let code = codeOf.get(text);
        if (code === undefined) {
          code = levels.length;
          codeOf.set(text, code);
          levels.push(text);
        }
        codes[r] = code;
      }
      return { name, type: 'categorical', codes, levels };
    }
    if (!isInputType(input.type)) throw new Error(`pipeline input column "${name}" has type ${input.type}, which is never a feature`);
    const type = input.type;
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const value = field(r, name);
      const parsed = parseStoredNumber(type, value);
      if (parsed === undefined) throw invalidField(input, value, r);
      values[r] = parsed;
    }
    const column: NumericColumn = { name, type, values };
    return column;
  });
  return new WorkingSet(n, columns);
}

function invalidField(input: PipelineInputColumn, value: unknown, record: number): FlywheelError {
  return new FlywheelError('data_invalid', `record ${record}: column "${input.name}" expects ${expectedFor(input.type)}, found ${showValue(value)}`, {
    hint: `send ${expectedFor(input.type)} for "${input.name}", or null when it is unknown`,
    details: { record, column: input.name },
  });
}

// Train / valid / test splits: stratified random, temporal (with an optional gap), group (no entity on
// two sides) and user-supplied split files. Every method is deterministic from the seed, and a split's
// hash covers the snapshot, the method, its parameters, the seed and the row assignment.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FlywheelError } from '../core/errors.js';
import { canonicalJson } from '../core/hash.js';
import { Rng } from '../core/rng.js';
import { durationMs, type SplitMethod } from '../core/config.js';
import { isCoded, type Column, type Frame } from '../core/frame.js';
import { readTable } from './read.js';

export const TRAIN = 0;
export const VALID = 1;
export const TEST = 2;
/** Rows left out of every side: those inside a temporal split's gap. */
export const EXCLUDED = 3;
export const SIDE_NAMES = ['train', 'valid', 'test', 'excluded'] as const;

export interface SplitSpec {
  method: SplitMethod;
  valid: number;
  test: number;
  seed: number;
  /** temporal: a duration (`7d`) of rows left out before each later side starts. */
  gap?: string | undefined;
  /** file: the split CSV (columns row, split). */
  file?: string | undefined;
}

export interface SplitInputs {
  /** stratified: the 0/1 labels. */
  y?: Uint8Array;
  /** temporal: the time column. */
  time?: Column;
  /** group: the entity column. */
  entity?: Column;
}

export interface Split {
  hash: string;
  snapshotHash: string;
  method: SplitMethod;
  params: Record<string, unknown>;
  seed: number;
  /** One byte per row: TRAIN, VALID, TEST or EXCLUDED. */
  assignment: Uint8Array;
  counts: { train: number; valid: number; test: number; excluded: number };
}

/** The default method: temporal with a time column, group with an entity column, else stratified. */
export function defaultSplitMethod(inputs: { hasTime: boolean; hasEntity: boolean }): SplitMethod {
  return inputs.hasTime ? 'temporal' : inputs.hasEntity ? 'group' : 'stratified';
}

export async function makeSplit(snapshotHash: string, nRows: number, spec: SplitSpec, inputs: SplitInputs): Promise<Split> {
  const rng = new Rng(spec.seed);
  let assignment: Uint8Array;
  const params: Record<string, unknown> = { valid: spec.valid, test: spec.test };
  switch (spec.method) {
    case 'stratified':
      assignment = stratifiedSplit(nRows, requireInput(inputs.y, 'stratified', 'the labels'), spec.valid, spec.test, rng);
      break;
    case 'temporal': {
      const time = requireInput(inputs.time, 'temporal', 'a time column (declare one with --time or role: time)');
      params.time = time.name;
      if (spec.gap !== undefined) params.gap = spec.gap;
      assignment = temporalSplit(time, spec.valid, spec.test, spec.gap === undefined ? 0 : durationMs(spec.gap));
      break;
    }
    case 'group': {
      const entity = requireInput(inputs.entity, 'group', 'an entity column (declare one with --entity or role: entity)');
      params.entity = entity.name;
      assignment = groupSplit(entity, spec.valid, spec.test, rng);
      break;
    }
    case 'file': {
      if (spec.file === undefined) throw new FlywheelError('config_invalid', 'split method "file" needs split.file', { hint: 'set split.file to a CSV with columns row and split' });
      const read = await readSplitFile(spec.file, nRows);
      params.file_sha256 = read.fileHash;
      assignment = read.assignment;
      if (!assignment.includes(VALID) && spec.valid > 0) {
        const carve = defaultSplitMethod({ hasTime: inputs.time !== undefined, hasEntity: inputs.entity !== undefined });
        params.valid_carved_by = carve;
        carveValidation(assignment, carve, spec.valid, inputs, rng);
      }
      delete params.test;
      break;
    }
  }
  const counts = { train: 0, valid: 0, test: 0, excluded: 0 };
  for (const side of assignment) counts[SIDE_NAMES[side]!]++;
  for (const side of ['train', 'test'] as const) {
    if (counts[side] === 0) {
      throw new FlywheelError('data_invalid', `the ${spec.method} split leaves no rows in ${side} (${nRows} rows in all)`, {
        hint: 'use more data, or change split.valid / split.test (and split.gap) in flywheel.yaml',
      });
    }
  }
  return { hash: splitHash(snapshotHash, spec.method, params, spec.seed, assignment), snapshotHash, method: spec.method, params, seed: spec.seed, assignment, counts };
}

export function splitHash(snapshotHash: string, method: SplitMethod, params: Record<string, unknown>, seed: number, assignment: Uint8Array): string {
  return createHash('sha256')
    .update(canonicalJson({ snapshot: snapshotHash, method, params, seed }))
    .update('\n')
    .update(assignment)
    .digest('hex');
}

/** Rows of one side, ascending. */
export function rowsOf(assignment: Uint8Array, side: number): Uint32Array {
  let n = 0;
  for (const s of assignment) if (s === side) n++;
  const rows = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] === side) rows[k++] = i;
  return rows;
}

function requireInput<T>(value: T | undefined, method: string, what: string): T {
  if (value === undefined) {
    throw new FlywheelError('config_invalid', `the ${method} split needs ${what}`, { hint: 'set split.method in flywheel.yaml to a method your data supports' });
  }
  return value;
}

/** Per class, shuffle its rows and deal the first share to test, the next to valid, the rest to train. */
export function stratifiedSplit(n: number, y: Uint8Array, valid: number, test: number, rng: Rng, candidates?: Uint32Array): Uint8Array {
  const assignment = new Uint8Array(n);
  const rows = candidates ?? Uint32Array.from({ length: n }, (_, i) => i);
  for (const label of [0, 1]) {
    const members = rows.filter((r) => y[r] === label);
    rng.shuffle(members);
    const nTest = Math.round(members.length * test);
    const nValid = Math.round(members.length * valid);
    for (let k = 0; k < members.length; k++) assignment[members[k]!] = k < nTest ? TEST : k < nTest + nValid ? VALID : TRAIN;
  }
  return assignment;
}

/** Oldest rows to train, then valid, newest to test; ties keep file order; a gap drops rows before each later side. */
export function temporalSplit(time: Column, valid: number, test: number, gapMs: number): Uint8Array {
  if (isCoded(time)) throw new FlywheelError('data_invalid', `time column "${time.name}" is not numeric or datetime`, { hint: 'declare a datetime column as the time column' });
  if (gapMs > 0 && time.type !== 'datetime') {
    throw new FlywheelError('config_invalid', `split.gap is a duration, but the time column "${time.name}" holds numbers, not dates`, {
      hint: 'remove split.gap, or use a datetime column as the time column',
    });
  }
  const values = time.values;
  const n = values.length;
  let missing = 0;
  for (const v of values) if (Number.isNaN(v)) missing++;
  if (missing > 0) {
    throw new FlywheelError('data_invalid', `time column "${time.name}" is missing in ${missing} of ${n} rows; a temporal split needs a time for every row`, {
      hint: 'fill in or drop those rows, or use another split method',
    });
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const nTest = Math.round(n * test);
  const nValid = Math.round(n * valid);
  const assignment = new Uint8Array(n);
  const validStart = n - nTest - nValid;
  const testStart = n - nTest;
  for (let k = 0; k < n; k++) assignment[order[k]!] = k < validStart ? TRAIN : k < testStart ? VALID : TEST;
  if (gapMs > 0) {
    const boundaries = [nValid > 0 ? validStart : -1, testStart].filter((b) => b >= 0 && b < n);
    for (const start of boundaries) {
      const startTime = values[order[start]!]!;
      for (let k = start - 1; k >= 0 && startTime - values[order[k]!]! < gapMs; k--) assignment[order[k]!] = EXCLUDED;
    }
  }
  return assignment;
}

/** Shuffle the entities (missing entity: each such row its own group) and deal them to test, valid, train. */
export function groupSplit(entity: Column, valid: number, test: number, rng: Rng): Uint8Array {
  const n = isCoded(entity) ? entity.codes.length : entity.values.length;
  const groupOf = new Int32Array(n);
  let groups = 0;
  if (isCoded(entity)) {
    const remap = new Int32Array(entity.levels.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const code = entity.codes[i]!;
      if (code < 0) groupOf[i] = groups++;
      else {
        if (remap[code] === -1) remap[code] = groups++;
        groupOf[i] = remap[code]!;
      }
    }
  } else {
    const index = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = entity.values[i]!;
      if (Number.isNaN(v)) groupOf[i] = groups++;
      else {
        let g = index.get(v);
        if (g === undefined) index.set(v, (g = groups++));
        groupOf[i] = g;
      }
    }
  }
  const order = rng.shuffle(Uint32Array.from({ length: groups }, (_, i) => i));
  const nTest = Math.round(groups * test);
  const nValid = Math.round(groups * valid);
  const sideOfGroup = new Uint8Array(groups);
  for (let k = 0; k < groups; k++) sideOfGroup[order[k]!] = k < nTest ? TEST : k < nTest + nValid ? VALID : TRAIN;
  const assignment = new Uint8Array(n);
  for (let i = 0; i < n; i++) assignment[i] = sideOfGroup[groupOf[i]!]!;
  return assignment;
}

/** Move a `valid` share of all rows out of train, by the default method over the train rows only. */
function carveValidation(assignment: Uint8Array, method: SplitMethod, valid: number, inputs: SplitInputs, rng: Rng): void {
  const train = rowsOf(assignment, TRAIN);
  const share = Math.min(0.9, (valid * assignment.length) / Math.max(1, train.length));
  let sub: Uint8Array;
  if (method === 'temporal' && inputs.time !== undefined) sub = temporalSplit(pick(inputs.time, train), 0, share, 0);
  else if (method === 'group' && inputs.entity !== undefined) sub = groupSplit(pick(inputs.entity, train), 0, share, rng);
  else {
    const y = inputs.y ?? new Uint8Array(assignment.length);
    sub = stratifiedSplit(assignment.length, y, 0, share, rng, train);
    for (const r of train) if (sub[r] === TEST) assignment[r] = VALID;
    return;
  }
  for (let k = 0; k < train.length; k++) if (sub[k] === TEST) assignment[train[k]!] = VALID;
}

function pick(column: Column, rows: Uint32Array): Column {
  if (isCoded(column)) return { name: column.name, type: column.type, levels: column.levels, codes: Int32Array.from(rows, (r) => column.codes[r]!) };
  return { name: column.name, type: column.type, values: Float64Array.from(rows, (r) => column.values[r]!) };
}

/** A split file: columns `row` (0-based data row) and `split` (train / valid / test), covering every row once. */
export async function readSplitFile(path: string, nRows: number): Promise<{ assignment: Uint8Array; fileHash: string }> {
  const table = await readTable(path);
  const frame: Frame = table.frame;
  for (const name of ['row', 'split']) {
    if (!frame.has(name)) {
      throw new FlywheelError('data_invalid', `split file ${path} has no "${name}" column (its columns: ${frame.names.join(', ')})`, {
        hint: 'a split file has columns row (0-based data row in file order) and split (train, valid or test)',
      });
    }
  }
  const rowColumn = frame.column('row');
  const splitColumn = frame.column('split');
  if (isCoded(rowColumn) || !isCoded(splitColumn)) {
    throw new FlywheelError('data_invalid', `split file ${path}: "row" must hold integers and "split" the words train, valid or test`, {
      hint: 'write the file as row,split with one line per data row, e.g. 0,train',
    });
  }
  const sideOfLevel = splitColumn.levels.map((level) => {
    const side = SIDE_NAMES.indexOf(level.trim().toLowerCase() as (typeof SIDE_NAMES)[number]);
    if (side < 0 || side === EXCLUDED) {
      throw new FlywheelError('data_invalid', `split file ${path} has the split value "${level}"`, { hint: 'each split value must be train, valid or test' });
    }
    return side;
  });
  const assignment = new Uint8Array(nRows).fill(255);
  for (let i = 0; i < frame.nRows; i++) {
    const row = rowColumn.values[i]!;
    const line = i + 2;
    if (!Number.isInteger(row) || row < 0 || row >= nRows) {
      throw new FlywheelError('data_invalid', `split file ${path} line ${line}: row ${row} is outside the data (rows 0 to ${nRows - 1})`, {
        hint: 'rows are 0-based positions in the data file, in the order it is read',
      });
    }
    const code = splitColumn.codes[i]!;
    if (code < 0) throw new FlywheelError('data_invalid', `split file ${path} line ${line}: the split value is empty`, { hint: 'each split value must be train, valid or test' });
    if (assignment[row] !== 255) throw new FlywheelError('data_invalid', `split file ${path} line ${line}: row ${row} appears twice`, { hint: 'list each data row once' });
    assignment[row] = sideOfLevel[code]!;
  }
  const uncovered = assignment.indexOf(255);
  if (uncovered >= 0) {
    let count = 0;
    for (const s of assignment) if (s === 255) count++;
    throw new FlywheelError('data_invalid', `split file ${path} does not cover ${count} of the ${nRows} data rows (the first is row ${uncovered})`, {
      hint: 'a split file must give every data row a side; was it made for another version of the data?',
    });
  }
  const fileHash = createHash('sha256').update(await readFile(path)).digest('hex');
  return { assignment, fileHash };
}

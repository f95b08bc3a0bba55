// The design matrices the reference tests share with scripts/reference/{logistic,mlp}.py: numeric
// features of breast_cancer (its stored split) or pima_diabetes (first 75% of rows as train), imputed
// with the train median and standardised with the train mean and population std (a zero std → 1).

import { isCoded, isNumericStorage, type Frame } from '../src/core/frame.js';
import { readTable } from '../src/data/read.js';
import { makeMatrix, type Matrix } from '../src/models/matrix.js';
import { dataset } from './fixtures.js';

export interface ReferenceDataSpec {
  name: 'breast_cancer' | 'pima_diabetes';
  file: string;
  target: string;
  positive: string;
}

export interface ReferenceDesign {
  features: string[];
  train: Matrix;
  yTrain: Uint8Array;
  test: Matrix;
  yTest: Uint8Array;
}

function numeric(frame: Frame, name: string): Float64Array {
  const column = frame.column(name);
  if (!isNumericStorage(column)) throw new Error(`${name} is not numeric`);
  return column.values;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

async function splitRows(name: ReferenceDataSpec['name'], nRows: number): Promise<{ train: number[]; test: number[] }> {
  if (name === 'pima_diabetes') {
    const nTrain = Math.floor(0.75 * nRows);
    return { train: range(0, nTrain), test: range(nTrain, nRows) };
  }
  const { frame } = await readTable(dataset('breast_cancer.split.csv'));
  const row = numeric(frame, 'row');
  const split = frame.column('split');
  if (!isCoded(split)) throw new Error('split column is not text');
  const pairs = [...row].map((r, k) => ({ row: r, side: split.levels[split.codes[k]!] })).sort((a, b) => a.row - b.row);
  return { train: pairs.filter((p) => p.side === 'train').map((p) => p.row), test: pairs.filter((p) => p.side === 'test').map((p) => p.row) };
}

export async function referenceDesign(spec: ReferenceDataSpec): Promise<ReferenceDesign> {
  const { frame } = await readTable(dataset(spec.file));
  const rows = await splitRows(spec.name, frame.nRows);
  const features = frame.names.filter((c) => c !== spec.target);
  const target = frame.column(spec.target);
  const label = (i: number): number => ((isCoded(target) ? target.levels[target.codes[i]!]! : String(target.values[i])) === spec.positive ? 1 : 0);
  const train = makeMatrix(rows.train.length, features);
  const test = makeMatrix(rows.test.length, features);
  features.forEach((feature, j) => {
    const values = numeric(frame, feature);
    const trainValues = Float64Array.from(rows.train, (i) => values[i]!);
    const present = trainValues.filter((v) => !Number.isNaN(v)).sort();
    const mid = present.length >> 1;
    const median = present.length % 2 === 1 ? present[mid]! : (present[mid - 1]! + present[mid]!) / 2;
    const fill = (v: number): number => (Number.isNaN(v) ? median : v);
    let mean = 0;
    for (const v of trainValues) mean += fill(v);
    mean /= trainValues.length;
    let variance = 0;
    for (const v of trainValues) variance += (fill(v) - mean) ** 2;
    const std = Math.sqrt(variance / trainValues.length) || 1;
    rows.train.forEach((i, k) => (train.data[j * train.nRows + k] = (fill(values[i]!) - mean) / std));
    rows.test.forEach((i, k) => (test.data[j * test.nRows + k] = (fill(values[i]!) - mean) / std));
  });
  return { features, train, yTrain: Uint8Array.from(rows.train, label), test, yTest: Uint8Array.from(rows.test, label) };
}

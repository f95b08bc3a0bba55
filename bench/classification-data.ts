// The make_classification data the model benchmarks share (bench/make-classification.py writes it):
// generated once per size, read back as a column-major matrix of f0…f27 and the 0/1 label.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isNumericStorage } from '../src/core/frame.js';
import { readTable } from '../src/data/read.js';
import { makeMatrix, type Matrix } from '../src/models/matrix.js';
import { BENCH_DIR, PYTHON, runProcess, type BenchArgs } from './harness.js';

export async function ensureClassificationCsv(options: BenchArgs): Promise<void> {
  if (existsSync(options.csvPath)) return;
  console.error(`generating ${options.csvPath} (${options.rows} rows)…`);
  mkdirSync(path.dirname(options.csvPath), { recursive: true });
  const out = await runProcess(PYTHON, [path.join(BENCH_DIR, 'make-classification.py'), options.csvPath, '--rows', String(options.rows)], { echo: true, timeoutS: options.timeoutS });
  if (out.code !== 0) throw new Error(`make-classification.py exited with ${out.code}`);
}

/** Features as a column-major matrix (raw, not standardised: the reference tool gets the same values) and the label. */
export async function loadClassificationDesign(csvPath: string): Promise<{ X: Matrix; y: Uint8Array }> {
  const { frame } = await readTable(csvPath, { format: 'csv' });
  const features = frame.names.filter((c) => c !== 'label');
  const X = makeMatrix(frame.nRows, features);
  features.forEach((name, j) => {
    const column = frame.column(name);
    if (!isNumericStorage(column)) throw new Error(`${name} is not numeric`);
    X.data.set(column.values, j * frame.nRows);
  });
  const label = frame.column('label');
  if (!isNumericStorage(label)) throw new Error('label is not numeric');
  return { X, y: Uint8Array.from(label.values) };
}

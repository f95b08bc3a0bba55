// `describe`: what a dataset holds — schema with types, roles and missing values, row count, target
// balance and the snapshot hash — as one plain JSON-ready object (snake_case keys).

import { relative } from 'node:path';
import type { Dataset } from './dataset.js';

export interface ColumnDescription {
  name: string;
  type: string;
  role: string;
  source_type: string;
  missing: number;
  missing_pct: number;
  distinct: number;
  reason: string;
}

export interface TargetDescription {
  name: string;
  positive: string;
  negative: string;
  positive_source: 'config' | 'flag' | 'minority';
  positive_count: number;
  negative_count: number;
  positive_rate: number;
}

export interface DataDescription {
  source: string;
  format: string;
  bytes: number;
  rows: number;
  snapshot: string;
  columns: ColumnDescription[];
  target: TargetDescription | null;
  time: string | null;
  entity: string | null;
  warnings: string[];
}

/** Below this positive rate, accuracy mostly measures the majority class. */
export const IMBALANCE_RATE = 0.2;

export function describeDataset(dataset: Dataset, cwd: string = process.cwd()): DataDescription {
  const rows = dataset.frame.nRows;
  const t = dataset.target;
  const warnings: string[] = [];
  const target: TargetDescription | null =
    t === undefined
      ? null
      : {
          name: t.name,
          positive: t.positive,
          negative: t.negative,
          positive_source: t.positiveSource,
          positive_count: t.positiveCount,
          negative_count: t.negativeCount,
          positive_rate: t.positiveCount / rows,
        };
  if (target !== null && Math.min(target.positive_rate, 1 - target.positive_rate) < IMBALANCE_RATE) {
    const majority = Math.max(target.positive_rate, 1 - target.positive_rate);
    warnings.push(`classes are imbalanced: always predicting the majority class scores ${(100 * majority).toFixed(1)}% accuracy; judge models by ROC-AUC, average precision or cost instead`);
  }
  for (const c of dataset.schema.columns) {
    if (c.role === 'feature' && c.distinct <= 1) warnings.push(`column "${c.name}" has a single value: it cannot help a model`);
  }
  const source = relative(cwd, dataset.source) || dataset.source;
  return {
    source: source.startsWith('..') && source.split('/').filter((p) => p === '..').length > 2 ? dataset.source : source,
    format: dataset.table.format,
    bytes: dataset.table.bytes,
    rows,
    snapshot: dataset.snapshotHash,
    columns: dataset.schema.columns.map((c) => ({
      name: c.name,
      type: c.type,
      role: c.role,
      source_type: c.sourceType,
      missing: c.missing,
      missing_pct: rows === 0 ? 0 : (100 * c.missing) / rows,
      distinct: c.distinct,
      reason: c.reason,
    })),
    target,
    time: dataset.time ?? null,
    entity: dataset.entity ?? null,
    warnings,
  };
}

// Which reader a data file needs, from its name: CSV, TSV, Parquet or JSON lines (gzip allowed for the
// text formats).

import { FlywheelError } from '../core/errors.js';

export const SOURCE_FORMATS = ['csv', 'tsv', 'parquet', 'jsonl'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export function detectFormat(path: string): SourceFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  throw new FlywheelError('data_invalid', `cannot tell the format of ${path} from its name`, {
    hint: 'use a file ending in .csv, .tsv, .parquet, .jsonl or .json (text formats may end in .gz)',
  });
}

export function isGzip(path: string): boolean {
  return /\.gz$/i.test(path);
}

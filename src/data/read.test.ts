import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { hashFrame } from '../core/hash.js';
import { isCoded } from '../core/frame.js';
import { scratchDir, TELCO } from '../../test/fixtures.js';
import { readTable } from './read.js';
import { snapshotFile } from './snapshot.js';

async function readError(path: string): Promise<FlywheelError> {
  try {
    await readTable(path);
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be rejected`);
}

function file(name: string, text: string | Buffer): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, text);
  return path;
}

describe('reading data files', () => {
  it('reads the Telco CSV into typed columns, keeping label text and missing values', async () => {
    const { frame, columns, format } = await readTable(TELCO);
    expect(format).toBe('csv');
    expect(frame.nRows).toBe(7043);
    expect(frame.columns).toHaveLength(20);
    const churn = frame.column('churn');
    expect(isCoded(churn) && [...churn.levels]).toEqual(['No', 'Yes']);
    const total = frame.column('total_charges');
    expect(total.type).toBe('numeric');
    expect(!isCoded(total) && total.values.filter(Number.isNaN).length).toBe(11);
    expect(columns.find((c) => c.name === 'tenure')?.sourceType).toBe('BIGINT');
    expect(frame.cellText(frame.column('monthly_charges'), 0)).toBe('29.85');
  });

  it('gives the same hash for the same content read from CSV, TSV, gzip, JSON lines and its Parquet snapshot', async () => {
    const csv = 'id,score,label,day\n1,0.5,yes,2024-01-02\n2,,no,2024-01-03\n3,1.25,yes,\n';
    const fromCsv = hashFrame((await readTable(file('a.csv', csv))).frame);
    const tsv = csv.replaceAll(',', '\t');
    expect(hashFrame((await readTable(file('a.tsv', tsv))).frame)).toBe(fromCsv);
    expect(hashFrame((await readTable(file('a.csv.gz', gzipSync(csv)))).frame)).toBe(fromCsv);
    const jsonl = [
      { id: 1, score: 0.5, label: 'yes', day: '2024-01-02' },
      { id: 2, score: null, label: 'no', day: '2024-01-03' },
      { id: 3, score: 1.25, label: 'yes', day: null },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    expect(hashFrame((await readTable(file('a.jsonl', jsonl))).frame)).toBe(fromCsv);
    const artifacts = scratchDir();
    const snapshot = await snapshotFile(file('b.csv', csv), artifacts);
    expect(snapshot.hash).toBe(fromCsv);
    expect(hashFrame((await readTable(snapshot.absolutePath)).frame)).toBe(fromCsv);
  });

  it('snapshots the same data once, under the same hash, and a one-cell change under another', async () => {
    const artifacts = scratchDir();
    const text = readFileSync(TELCO, 'utf8');
    const first = await snapshotFile(TELCO, artifacts);
    const again = await snapshotFile(TELCO, artifacts);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.hash).toBe(first.hash);
    const changed = await snapshotFile(file('t.csv', text.replace('29.85,29.85', '29.85,29.86')), artifacts);
    expect(changed.hash).not.toBe(first.hash);
  });

  it('reads ISO and day-first text dates as datetimes', async () => {
    const { frame, columns } = await readTable(file('d.csv', 'a,b\n2024-03-01 10:00,13/02/2024\n2024-03-02 11:30,14/02/2024\n'));
    expect(columns.map((c) => c.rawType)).toEqual(['datetime', 'datetime']);
    expect(frame.cellText(frame.column('a'), 1)).toBe('2024-03-02T11:30:00.000Z');
    expect(frame.cellText(frame.column('b'), 0)).toBe('2024-02-13T00:00:00.000Z');
  });

  it('says a missing file does not exist', async () => {
    const error = await readError('/nonexistent/churn.csv');
    expect(error.code).toBe('file_not_found');
    expect(error.message).toBe('data file /nonexistent/churn.csv does not exist');
  });

  it('says an empty file is empty and a header-only file has no rows', async () => {
    expect((await readError(file('e.csv', ''))).message).toMatch(/e\.csv is empty$/);
    expect((await readError(file('h.csv', 'a,b,c\n'))).message).toMatch(/h\.csv has a header but no data rows$/);
  });

  it('points at the line of a ragged row', async () => {
    const short = await readError(file('r.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n'));
    expect(short.message).toMatch(/r\.csv line 3 has 2 fields, the header has 3$/);
    const long = await readError(file('s.csv', 'a,b,c\n1,2,3\n4,5,6,7\n'));
    expect(long.message).toMatch(/s\.csv line 3 has 4 fields, the header has 3$/);
    expect(long.details).toMatchObject({ line: 3 });
  });

  it('points at an unclosed quote', async () => {
    const error = await readError(file('q.csv', 'a,b\n1,"never closed\n2,3\n'));
    expect(error.message).toMatch(/q\.csv line 2 opens a quoted field that is never closed$/);
  });

  it('rejects a duplicate column name, also when only the case differs', async () => {
    expect((await readError(file('d1.csv', 'a,b,a\n1,2,3\n'))).message).toMatch(/the header names column "a" twice \(columns 1 and 3\)$/);
    expect((await readError(file('d2.csv', 'Age,age\n1,2\n'))).message).toMatch(/the header names column "age" twice/);
  });

  it('rejects a file whose format it cannot tell', async () => {
    const error = await readError(file('data.xlsx', 'x'));
    expect(error.message).toContain('cannot tell the format');
    expect(error.hint).toContain('.csv, .tsv, .parquet, .jsonl or .json');
  });

  it('reports malformed JSON lines clearly', async () => {
    const error = await readError(file('bad.jsonl', '{"a": 1}\n{"a": \n'));
    expect(error.code).toBe('data_invalid');
    expect(error.message).toContain('could not be read as JSON lines');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCoded } from '../core/frame.js';
import { dataset, scratchDir, TELCO } from '../../test/fixtures.js';
import { applySchema, inferSchema } from './infer.js';
import { readTable } from './read.js';

async function schemaOf(csv: string, roles = {}) {
  const path = join(scratchDir(), 'x.csv');
  writeFileSync(path, csv);
  const table = await readTable(path);
  const schema = inferSchema(table.frame, table.columns, roles);
  return { table, schema, types: Object.fromEntries(schema.columns.map((c) => [c.name, c.type])) };
}

function rows(n: number, row: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => row(i)).join('\n');
}

describe('schema inference', () => {
  it('types the Telco columns: 0/1 as boolean, text as categorical, charges as numeric', async () => {
    const table = await readTable(TELCO);
    const schema = inferSchema(table.frame, table.columns, { target: 'churn' });
    const byName = Object.fromEntries(schema.columns.map((c) => [c.name, c]));
    expect(byName.churn).toMatchObject({ type: 'categorical', role: 'target' });
    expect(byName.senior_citizen).toMatchObject({ type: 'boolean', role: 'feature' });
    expect(byName.contract).toMatchObject({ type: 'categorical', distinct: 3 });
    expect(byName.tenure).toMatchObject({ type: 'numeric' });
    // 93% unique values, but measurements, not an id.
    expect(byName.total_charges).toMatchObject({ type: 'numeric', missing: 11 });
  });

  it('recognises id-like columns: unique strings, row counters, unique integers named like ids', async () => {
    const { types, schema } = await schemaOf(`customer,row_no,account_id,amount,flag\n${rows(40, (i) => `C${1000 + i},${i},${90000 + 7 * i},${(i * 1.5) % 7},${i % 2}`)}\n`);
    expect(types).toEqual({ customer: 'id', row_no: 'id', account_id: 'id', amount: 'numeric', flag: 'boolean' });
    expect(schema.columns.find((c) => c.name === 'customer')?.role).toBe('ignore');
  });

  it('types true/false text as boolean but keeps Yes/No labels as categorical text', async () => {
    const { types } = await schemaOf('a,b\ntrue,Yes\nfalse,No\nTRUE,Yes\n');
    expect(types).toEqual({ a: 'boolean', b: 'categorical' });
  });

  it('types few integer codes with gaps as categorical, and small counts as numeric', async () => {
    const { types } = await schemaOf(`area,calls\n${rows(60, (i) => `${[408, 415, 510][i % 3]},${i % 8}`)}\n`);
    expect(types).toEqual({ area: 'categorical', calls: 'numeric' });
  });

  it('recognises the Chicago date column as a datetime and its time role', async () => {
    const table = await readTable(dataset('chicago_ridership.csv'));
    const schema = inferSchema(table.frame, table.columns, { time: 'date' });
    expect(schema.columns.find((c) => c.name === 'date')).toMatchObject({ type: 'datetime', role: 'time', sourceType: 'DATE' });
  });

  it('accepts a day counter as the time column, although alone it would look like a row counter', async () => {
    const { schema } = await schemaOf(`day,y\n${rows(30, (i) => `${i + 1},${i % 2}`)}\n`, { time: 'day' });
    expect(schema.columns.find((c) => c.name === 'day')).toMatchObject({ type: 'numeric', role: 'time' });
  });

  it('rejects a time column that holds no times, with a hint', async () => {
    await expect(schemaOf('a,b\nx,1\ny,2\n', { time: 'a' })).rejects.toThrow('time column "a" holds categorical values, not dates or times');
  });

  it('suggests the closest column for a role given to a missing column', async () => {
    await expect(schemaOf('churn,b\nx,1\ny,2\n', { target: 'Churn' })).rejects.toMatchObject({ code: 'column_not_found', hint: 'did you mean "churn"?' });
  });

  it('applies overrides from flywheel.yaml and converts storage without changing values', async () => {
    const { table } = await schemaOf('code,score,flag\n1,0.5,yes\n2,0.25,no\n3,,yes\n');
    const schema = inferSchema(table.frame, table.columns, { overrides: { code: { type: 'categorical' }, flag: { type: 'boolean', role: 'ignore' } } });
    const frame = applySchema(table.frame, schema);
    const code = frame.column('code');
    expect(isCoded(code) && [...code.levels]).toEqual(['1', '2', '3']);
    const flag = frame.column('flag');
    expect(!isCoded(flag) && [...flag.values]).toEqual([1, 0, 1]);
    expect(schema.columns.find((c) => c.name === 'flag')?.role).toBe('ignore');
  });

  it('refuses an override that does not fit the values', async () => {
    const { table } = await schemaOf('a\nx\ny\n');
    const schema = inferSchema(table.frame, table.columns, { overrides: { a: { type: 'numeric' } } });
    expect(() => applySchema(table.frame, schema)).toThrow('column "a" has the value "x", which is not a number, so it cannot be typed numeric');
  });
});

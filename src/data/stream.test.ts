import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCoded, type Column, type Frame } from '../core/frame.js';
import { scratchDir, TELCO } from '../../test/fixtures.js';
import { readTable } from './read.js';
import { describeSource, openChunkWriter, openTableStream, outputFormatOf } from './stream.js';

/** The column's cells as text (levels, or numbers), whatever its storage. */
function cells(frame: Frame, column: Column): (string | undefined)[] {
  return Array.from({ length: frame.nRows }, (_, i) => frame.cellText(column, i));
}

async function streamAll(path: string, options: Parameters<typeof openTableStream>[1]) {
  const stream = await openTableStream(path, options);
  const chunks: { offset: number; frame: Frame }[] = [];
  for await (const chunk of stream.chunks()) chunks.push(chunk);
  return { stream, chunks };
}

const MIXED = [
  'id,amount,flag,joined,plan,note',
  'a1,1.5,true,2024-01-02,basic,x',
  'a2,,false,2024-02-03,,y',
  'a3,3,true,,pro,',
  'a4,-2.25,,2024-03-04,basic,z',
  'a5,7,false,2024-04-05,pro,x',
].join('\n');

describe('chunked streaming reads', () => {
  it('reads the Telco file in chunks whose cells are those of readTable, row for row', async () => {
    const whole = (await readTable(TELCO)).frame;
    const { stream, chunks } = await streamAll(TELCO, { chunkRows: 1000 });
    expect(stream.rows).toBe(7043);
    expect(chunks.map((c) => c.offset)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    expect(chunks.at(-1)!.frame.nRows).toBe(43);
    for (const name of ['contract', 'tenure', 'total_charges', 'payment_method']) {
      const streamed = chunks.flatMap((c) => cells(c.frame, c.frame.column(name)));
      expect(streamed).toEqual(cells(whole, whole.column(name)));
    }
  });

  it('splits DuckDB chunks that straddle a chunk boundary and keeps missing values missing', async () => {
    const dir = scratchDir();
    const path = join(dir, 'mixed.csv');
    writeFileSync(path, MIXED);
    const whole = (await readTable(path)).frame;
    const { chunks } = await streamAll(path, { chunkRows: 2, decodeText: ['id'] });
    expect(chunks.map((c) => c.frame.nRows)).toEqual([2, 2, 1]);
    for (const name of whole.names) {
      const streamed = chunks.flatMap((c) => cells(c.frame, c.frame.column(name)));
      expect(streamed, name).toEqual(cells(whole, whole.column(name)));
    }
    // Text dates become datetimes (epoch ms) as readTable makes them; decoded text keeps per-chunk levels.
    expect(chunks[0]!.frame.column('joined').type).toBe('datetime');
    const id = chunks[1]!.frame.column('id');
    expect(isCoded(id) && id.levels).toEqual(['a3', 'a4']);
  });

  it('names missing columns with the closest names the file has', async () => {
    await expect(openTableStream(TELCO, { columns: ['tenure', 'contrakt'] })).rejects.toThrow(/lacks the column asked for: "contrakt" \(did you mean "contract"/);
  });

  it('rejects a chunk size that is not a positive whole number', async () => {
    await expect(openTableStream(TELCO, { chunkRows: 0 })).rejects.toThrow(/not a positive whole number/);
  });

  it('describes a file without reading its rows', async () => {
    const described = await describeSource(TELCO);
    expect(described.columns.find((c) => c.name === 'tenure')).toMatchObject({ rawType: 'numeric' });
    expect(described.columns.find((c) => c.name === 'contract')).toMatchObject({ rawType: 'text' });
  });
});

describe('chunked writes', () => {
  it('writes appended chunks after the source columns, joined by position, in each format', async () => {
    const dir = scratchDir();
    const source = join(dir, 'mixed.csv');
    writeFileSync(source, MIXED);
    for (const file of ['out.parquet', 'out.csv', 'out.jsonl']) {
      const output = join(dir, file);
      const writer = await openChunkWriter(output, {
        columns: [{ name: 'score', type: 'DOUBLE' }, { name: 'decision', type: 'INTEGER' }],
        sourceColumns: { path: source, names: ['id'] },
        constants: [{ name: 'model_version', value: 3 }],
      });
      await writer.appendColumns([Float64Array.of(0.1, 0.2), Int32Array.of(0, 1)]);
      await writer.appendColumns([Float64Array.of(0.3, NaN, 0.5), Int32Array.of(1, 0, 1)]);
      const summary = await writer.finish();
      expect(summary).toMatchObject({ rows: 5, format: outputFormatOf(file) });
      const back = (await readTable(output)).frame;
      expect(back.names).toEqual(['id', 'score', 'decision', 'model_version']);
      expect(cells(back, back.column('id'))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      expect(cells(back, back.column('score'))).toEqual(['0.1', '0.2', '0.3', undefined, '0.5']);
      expect(cells(back, back.column('model_version'))).toEqual(['3', '3', '3', '3', '3']);
    }
    // Parts are written next to the output and removed once it is complete.
    expect(readdirSync(dir).sort()).toEqual(['mixed.csv', 'out.csv', 'out.jsonl', 'out.parquet']);
  });

  it('writes rows of mixed values, and an aborted writer leaves nothing behind', async () => {
    const dir = scratchDir();
    const output = join(dir, 'log.parquet');
    const writer = await openChunkWriter(output, {
      columns: [{ name: 'at', type: 'TIMESTAMP' }, { name: 'plan', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }, { name: 'ok', type: 'BOOLEAN' }],
    });
    await writer.appendRows([[Date.UTC(2024, 0, 2), 'basic', 12, true], [Date.UTC(2024, 0, 3), null, undefined, false]]);
    await writer.finish();
    const back = (await readTable(output)).frame;
    expect(cells(back, back.column('at'))).toEqual(['2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z']);
    expect(cells(back, back.column('plan'))).toEqual(['basic', undefined]);
    expect(cells(back, back.column('n'))).toEqual(['12', undefined]);

    const aborted = join(dir, 'aborted.csv');
    const second = await openChunkWriter(aborted, { columns: [{ name: 'x', type: 'DOUBLE' }] });
    await second.appendColumns([Float64Array.of(1, 2)]);
    await second.abort();
    expect(existsSync(aborted)).toBe(false);
    expect(readdirSync(dir)).toEqual(['log.parquet']);
  });

  it('copies whole blocks of doubles, falls back to single values for a block with a missing one, and adds derived columns', async () => {
    const output = join(scratchDir(), 'blocks.parquet');
    const n = 5000;
    const x = Float64Array.from({ length: n }, (_, i) => i / 7);
    x[3000] = NaN;
    const writer = await openChunkWriter(output, { columns: [{ name: 'x', type: 'DOUBLE' }], derived: [{ name: 'big', sql: 'CAST(p."x" >= 500 AS INTEGER)' }] });
    await writer.appendColumns([x]);
    await writer.finish();
    const back = (await readTable(output)).frame;
    const values = back.column('x');
    expect(isCoded(values)).toBe(false);
    const got = (values as { values: Float64Array }).values;
    expect(Number.isNaN(got[3000]!)).toBe(true);
    got[3000] = x[3000] = 0;
    expect(Array.from(got)).toEqual(Array.from(x));
    expect(cells(back, back.column('big')).filter((v) => v === '1')).toHaveLength(n - 3500);
  });

  it('refuses an output it cannot write before doing any work', async () => {
    await expect(openChunkWriter('/nonexistent-folder/out.csv', { columns: [{ name: 'x', type: 'DOUBLE' }] })).rejects.toThrow(/output folder \/nonexistent-folder does not exist/);
    await expect(openChunkWriter(join(scratchDir(), 'out.xlsx'), { columns: [{ name: 'x', type: 'DOUBLE' }] })).rejects.toThrow(/cannot tell the output format/);
  });
});

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNumericStorage, type Frame } from '../core/frame.js';
import { readTable } from '../data/read.js';
import { registeredModelName } from '../registry/model-name.js';
import { versionForRun } from '../registry/aliases.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import { scratchDir, TELCO } from '../../test/fixtures.js';
import { scoreFrame } from './fit-rung.js';
import { initProject } from './init.js';
import { predictFile } from './predict.js';
import { loadProject, type Project } from './project.js';
import { runPackage, requireRun } from './run-data.js';
import { trainProject } from './train.js';
import type { LoadedPackage } from '../tracking/model-package.js';

let dir: string;
let project: Project;
let store: Store;
let loaded: LoadedPackage;
let wholeScores: Float64Array;

function numbers(frame: Frame, name: string): Float64Array {
  const column = frame.column(name);
  if (!isNumericStorage(column)) throw new Error(`${name} is not numeric`);
  return column.values;
}

beforeAll(async () => {
  dir = scratchDir();
  await initProject({ dir, data: TELCO, target: 'churn', positive: 'Yes' });
  project = loadProject(dir);
  store = await openStore(project.config.store, { projectRoot: dir });
  const ladder = await trainProject(project, store, { models: ['gbt'], params: { gbt: { n_estimators: 20 } } });
  const gbt = ladder.runs.find((r) => r.model === 'gbt')!;
  loaded = await runPackage(store, await requireRun(store, gbt.run_id));
  const name = registeredModelName(project.config);
  const { version } = await versionForRun(store.registry, name, gbt.run_id, loaded.json, Date.now());
  await store.registry.setAlias({ name, alias: 'champion', version: version.version, actor: 'test', reason: 'test', atMs: Date.now() });
  // The reference: the whole file read at once and scored in one call.
  wholeScores = scoreFrame(loaded, (await readTable(TELCO)).frame);
}, 120_000);

afterAll(async () => {
  await store.close();
});

describe('predictFile', () => {
  it('scores in chunks exactly as scoring the whole file at once, in CSV, Parquet and JSON lines output', async () => {
    for (const [chunkRows, file] of [[1000, 'a.parquet'], [2047, 'b.csv'], [100_000, 'c.jsonl']] as const) {
      const output = join(dir, file);
      const result = await predictFile(project, store, { modelVersion: 'champion', input: TELCO, output, chunkRows });
      expect(result).toMatchObject({ rows: 7043, model_version: 1, alias: 'champion', id_column: 'row' });
      const back = (await readTable(output)).frame;
      expect(back.names).toEqual(['row', 'score', 'decision', 'model_version']);
      expect(Array.from(numbers(back, 'score'))).toEqual(Array.from(wholeScores));
      expect(Array.from(numbers(back, 'row'))).toEqual(Array.from({ length: 7043 }, (_, i) => i));
      const threshold = loaded.json.threshold.value;
      expect(Array.from(numbers(back, 'decision'))).toEqual(Array.from(wholeScores, (s) => (s >= threshold ? 1 : 0)));
      expect(result.positives).toBe(wholeScores.filter((s) => s >= threshold).length);
    }
  });

  it('reads Parquet input and keeps the id column in row order', async () => {
    const parquet = join(dir, 'telco.parquet');
    await readTable(TELCO, { parquetCopyTo: parquet });
    const output = join(dir, 'ids.csv');
    const result = await predictFile(project, store, { modelVersion: '1', input: parquet, output, idColumn: 'payment_method', chunkRows: 500 });
    expect(result.id_column).toBe('payment_method');
    const back = (await readTable(output)).frame;
    const input = (await readTable(TELCO)).frame;
    expect(back.names).toEqual(['payment_method', 'score', 'decision', 'model_version']);
    const ids = Array.from({ length: back.nRows }, (_, i) => back.cellText(back.column('payment_method'), i));
    expect(ids).toEqual(Array.from({ length: input.nRows }, (_, i) => input.cellText(input.column('payment_method'), i)));
    expect(Array.from(numbers(back, 'score'))).toEqual(Array.from(wholeScores));
  });

  it('keeps the entity column of the project by default when the file has it', async () => {
    const withEntity: Project = { ...project, config: { ...project.config, columns: { ...project.config.columns, contract: { role: 'entity' } } } };
    const output = join(dir, 'entity.parquet');
    const result = await predictFile(withEntity, store, { modelVersion: 'champion', input: TELCO, output });
    expect(result.id_column).toBe('contract');
    expect((await readTable(output)).frame.names).toEqual(['contract', 'score', 'decision', 'model_version']);
  });

  it('stops between chunks when aborted and leaves no output or part files behind', async () => {
    const folder = join(dir, 'aborted');
    mkdirSync(folder);
    const interrupt = new AbortController();
    const output = join(folder, 'scores.parquet');
    const run = predictFile(project, store, { modelVersion: 'champion', input: TELCO, output, chunkRows: 1000, signal: interrupt.signal, onProgress: ({ done }) => done >= 2000 && interrupt.abort() });
    await expect(run).rejects.toThrow(/scoring was interrupted after 2000 of 7043 rows/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('names the input columns the model reads that the file lacks, with the closest names', async () => {
    const lines = readFileSync(TELCO, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('tenure', 'tenure_months').replace('contract', 'contracts');
    const input = join(dir, 'renamed.csv');
    writeFileSync(input, lines.join('\n'));
    await expect(predictFile(project, store, { modelVersion: 'champion', input, output: join(dir, 'x.csv') })).rejects.toThrow(
      /renamed.csv lacks 2 columns the model reads: "tenure" \(did you mean "tenure_months"\), "contract" \(did you mean "contracts"\)/,
    );
  });

  it('lists the versions and aliases when the version does not exist', async () => {
    const error = await predictFile(project, store, { modelVersion: '9', input: TELCO, output: join(dir, 'x.csv') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', message: 'churn has no version 9', hint: 'known: 1, champion (= 1)' });
    await expect(predictFile(project, store, { modelVersion: 'shadow', input: TELCO, output: join(dir, 'x.csv') })).rejects.toThrow('churn: no version is shadow');
  });

  it('refuses an output folder it cannot write to, before scoring', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const asRoot = process.getuid?.() === 0;
    const output = join(asRoot ? join(dir, 'missing-folder') : locked, 'scores.csv');
    await expect(predictFile(project, store, { modelVersion: 'champion', input: TELCO, output })).rejects.toMatchObject({ code: 'usage' });
    expect(existsSync(output)).toBe(false);
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { scratchDir, TELCO, TELCO_SPLIT } from '../../test/fixtures.js';
import { snapshotProject, splitDataset } from './dataset.js';
import { initProject } from './init.js';
import { findProjectRoot, loadProject } from './project.js';

describe('flywheel init', () => {
  it('writes the data path relative to flywheel.yaml and the inferred schema with comments', async () => {
    const dir = join(scratchDir(), 'churn');
    await initProject({ dir, data: TELCO, target: 'churn', positive: 'Yes' });
    const text = readFileSync(join(dir, 'flywheel.yaml'), 'utf8');
    expect(text).toMatch(/^data: "\.\.\/.*examples\/telco_churn\.csv"$/m);
    expect(text).toMatch(/^ {2}total_charges: +\{ type: numeric, role: feature \} {2}# numbers; 11 missing$/m);
    expect(text).toContain('positive: "Yes"');
    expect(loadProject(dir).config.columns.churn).toEqual({ type: 'categorical', role: 'target' });
  });

  it('refuses to overwrite an existing flywheel.yaml', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'flywheel.yaml'), 'version: 1\n');
    await expect(initProject({ dir, data: TELCO, target: 'churn' })).rejects.toMatchObject({ code: 'already_exists' });
    expect(readFileSync(join(dir, 'flywheel.yaml'), 'utf8')).toBe('version: 1\n');
  });

  it('writes nothing when the target does not exist, and suggests the closest column', async () => {
    const dir = join(scratchDir(), 'p');
    await expect(initProject({ dir, data: TELCO, target: 'Churn_' })).rejects.toMatchObject({
      code: 'column_not_found',
      message: 'target column "Churn_" is not in the data',
      hint: 'did you mean "churn"?',
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('records the time and entity roles, which choose the default split method', async () => {
    const dir = scratchDir();
    const rows = ['signup,customer,label', ...Array.from({ length: 50 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')},c${i % 10},${i % 3 === 0 ? 'yes' : 'no'}`)];
    writeFileSync(join(dir, 'events.csv'), `${rows.join('\n')}\n`);
    await initProject({ dir, data: join(dir, 'events.csv'), target: 'label', time: 'signup', entity: 'customer' });
    const config = loadProject(dir).config;
    expect(config.columns.signup).toEqual({ type: 'datetime', role: 'time' });
    expect(config.columns.customer).toEqual({ type: 'categorical', role: 'entity' });
    expect(readFileSync(join(dir, 'flywheel.yaml'), 'utf8')).toContain('split: { method: temporal');
  });
});

describe('a project', () => {
  it('is found by searching upward from a subfolder', async () => {
    const dir = scratchDir();
    await initProject({ dir, data: TELCO, target: 'churn' });
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    expect(findProjectRoot(join(dir, 'a', 'b'))).toBe(dir);
  });

  it('says where it looked when there is no flywheel.yaml', () => {
    const dir = scratchDir();
    expect(() => findProjectRoot(dir, '.')).toThrow(`no flywheel.yaml in ${dir}`);
  });

  it('refuses an artifacts folder outside the project', async () => {
    const dir = scratchDir();
    await initProject({ dir, data: TELCO, target: 'churn' });
    const path = join(dir, 'flywheel.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('artifacts: .flywheel/', 'artifacts: ../elsewhere'));
    expect(() => loadProject(dir)).toThrow('artifacts: "../elsewhere" points outside the project folder');
  });

  it('snapshots and splits reproducibly and records both in the store', async () => {
    const dir = scratchDir();
    await initProject({ dir, data: TELCO, target: 'churn' });
    const project = loadProject(dir);
    const store = await openStore(project.config.store, { projectRoot: dir });
    try {
      const first = await snapshotProject(project, store);
      const second = await snapshotProject(project, store);
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      const a = await splitDataset(project, store, first.dataset);
      const b = await splitDataset(project, store, second.dataset);
      expect(a.created).toBe(true);
      expect(b.created).toBe(false);
      expect(b.split.hash).toBe(a.split.hash);
      const stored = await store.datasets.getSplit(a.split.hash);
      expect(stored?.assignment).toEqual(a.split.assignment);
      expect(stored?.counts).toEqual({ train: 4225, valid: 1409, test: 1409 });
      expect((await store.datasets.getSnapshot(first.dataset.snapshotHash))?.rows).toBe(7043);
    } finally {
      await store.close();
    }
  });

  it('splits by a split file given in flywheel.yaml', async () => {
    const dir = scratchDir();
    await initProject({ dir, data: TELCO, target: 'churn' });
    const path = join(dir, 'flywheel.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^split: .*$/m, `split: { method: file, file: ${JSON.stringify(TELCO_SPLIT)} }`));
    const project = loadProject(dir);
    const store = await openStore(project.config.store, { projectRoot: dir });
    try {
      const snap = await snapshotProject(project, store);
      const { split } = await splitDataset(project, store, snap.dataset);
      expect(split.method).toBe('file');
      expect(split.counts.test).toBe(1761);
    } finally {
      await store.close();
    }
  });
});

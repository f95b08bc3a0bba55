import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../core/config.js';
import { openStore } from '../store/open-store.js';
import { loadModelPackage, scoreRecords } from '../tracking/model-package.js';
import { scratchDir, TELCO } from '../../test/fixtures.js';
import { initProject } from './init.js';
import { learningCurve } from './learning-curve.js';
import { loadProject } from './project.js';
import { recordsOf } from './records.js';
import { readDataset } from './dataset.js';
import { trainProject } from './train.js';

async function telcoProject() {
  const dir = scratchDir();
  await initProject({ dir, data: TELCO, target: 'churn' });
  const project = loadProject(dir);
  const fast = { ...project, config: { ...project.config, ladder: { ...project.config.ladder, bootstrap: 200 } } };
  const store = await openStore(project.config.store, { projectRoot: dir });
  return { project: fast, store };
}

describe('the ladder on the Telco data', () => {
  it('records every rung as a run with metrics, a verdict and a verifiable model package', async () => {
    const { project, store } = await telcoProject();
    try {
      const result = await trainProject(project, store, { upTo: 'logistic' });
      expect(result.runs.map((r) => r.model)).toEqual(['dummy', 'rules', 'logistic']);
      const [dummy, rules, logistic] = result.runs;
      expect(dummy!.verdict).toBe('baseline');
      expect(dummy!.metrics.valid!.roc_auc!.value).toBe(0.5);
      expect(rules!.gain?.vs).toBe('dummy');
      expect(rules!.verdict).toBe('climb');
      expect(logistic!.metrics.valid!.roc_auc!.value).toBeGreaterThan(0.82);
      expect(logistic!.metrics.valid!.roc_auc!.ci![0]).toBeLessThan(logistic!.metrics.valid!.roc_auc!.value);
      expect(result.verdict.recommended).toBe('logistic');

      const stored = await store.runs.getRun(logistic!.run_id);
      expect(stored).toMatchObject({ status: 'finished', kind: 'logistic', snapshotHash: result.snapshot, splitHash: result.split });
      expect(stored!.metrics).toEqual(logistic!.metrics);
      expect(stored!.info).toMatchObject({ verdict: 'climb', n_features: logistic!.n_features });

      // The package scores raw records exactly as the ladder scored the frame.
      const artifact = await store.runs.getArtifact(logistic!.run_id, 'model_package');
      const loaded = loadModelPackage(artifact!.content);
      expect(loaded.json.target).toEqual({ name: 'churn', positive: 'Yes', negative: 'No' });
      const dataset = await readDataset(project.dataPath, {}, project.config);
      const rows = Uint32Array.from([0, 1, 2, 3, 4]);
      const fromRecords = scoreRecords(loaded, recordsOf(dataset.frame, rows));
      const fromFrame = loaded.model.predictProba(loaded.pipeline.transform(dataset.frame.take(rows)));
      expect(fromRecords).toEqual(fromFrame);
    } finally {
      await store.close();
    }
  });

  it('gives byte-identical model packages for the same seed and data (apart from run ids and times)', async () => {
    const a = await telcoProject();
    const b = await telcoProject();
    try {
      const ra = await trainProject(a.project, a.store, { models: ['logistic'] });
      const rb = await trainProject(b.project, b.store, { models: ['logistic'] });
      const pa = (await a.store.runs.getArtifact(ra.runs[0]!.run_id, 'model_package'))!.content as Record<string, unknown>;
      const pb = (await b.store.runs.getArtifact(rb.runs[0]!.run_id, 'model_package'))!.content as Record<string, unknown>;
      expect(JSON.stringify(pb.model)).toBe(JSON.stringify(pa.model));
      expect(JSON.stringify(pb.pipeline)).toBe(JSON.stringify(pa.pipeline));
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });

  it('rejects an out-of-range parameter before fitting anything', async () => {
    const { project, store } = await telcoProject();
    try {
      await expect(trainProject(project, store, { models: ['logistic'], params: { logistic: { C: '-1' } } })).rejects.toThrow('parameter C of the logistic model must be');
      expect(await store.runs.listRuns()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('draws a learning curve with nested subsamples and says whether it has flattened', async () => {
    const { project, store } = await telcoProject();
    try {
      const curve = await learningCurve(project, store, { kind: 'logistic', fractions: [0.1, 0.5, 1] });
      expect(curve.points.map((p) => p.fraction)).toEqual([0.1, 0.5, 1]);
      expect(curve.points[0]!.train_rows).toBeLessThan(curve.points[2]!.train_rows);
      expect(typeof curve.flattened).toBe('boolean');
      expect(curve.text).toMatch(/^(flat|still rising)/);
    } finally {
      await store.close();
    }
  });

  it("scores the problem card's baseline rule as the rules rung and takes the card's metric and minimum improvement", async () => {
    const { project, store } = await telcoProject();
    const problem = parseProjectConfig(
      `version: 1\ndata: x.csv\ntarget: churn\nproblem:\n  ml_metric: average_precision\n  min_improvement: 0.02\n  baseline: tenure < 6 and contract == "Month-to-month"\n`,
    ).problem;
    const withCard = { ...project, config: { ...project.config, problem } };
    try {
      const result = await trainProject(withCard, store, { upTo: 'logistic' });
      expect(result.metric).toBe('average_precision');
      expect(result.min_improvement).toBe(0.02);
      const artifact = await store.runs.getArtifact(result.runs[1]!.run_id, 'model_package');
      const model = (artifact!.content as { model: { rule: { feature: string; threshold: number } } }).model;
      expect(model.rule).toMatchObject({ feature: 'baseline_rule', threshold: 0.5 });
    } finally {
      await store.close();
    }
  });

  it('refuses to train on blocking leakage findings unless the risk is accepted, and records the reason', async () => {
    const dir = scratchDir();
    const text = readFileSync(TELCO, 'utf8').split('\n');
    // A planted leak: a copy of the label under another name.
    const planted = [`${text[0]},churn_copy`, ...text.slice(1).filter((l) => l !== '').map((l) => `${l},${l.startsWith('Yes') ? 'Y' : 'N'}`)].join('\n');
    writeFileSync(join(dir, 'leaky.csv'), `${planted}\n`);
    await initProject({ dir: join(dir, 'p'), data: join(dir, 'leaky.csv'), target: 'churn' });
    const project = loadProject(join(dir, 'p'));
    const store = await openStore(project.config.store, { projectRoot: project.root });
    try {
      await expect(trainProject(project, store, { models: ['dummy'] })).rejects.toMatchObject({ code: 'check_failed', message: expect.stringContaining('churn_copy') as unknown });
      expect(await store.runs.listRuns()).toEqual([]);
      const result = await trainProject(project, store, { models: ['dummy'], acceptRisk: 'a test of the refusal' });
      const run = await store.runs.getRun(result.runs[0]!.run_id);
      expect(run!.tags.accepted_risk).toBe('a test of the refusal');
    } finally {
      await store.close();
    }
  });
});


// `demo`: the whole workflow that exists so far, on the bundled Telco churn data, in a fresh folder:
// init, describe, snapshot, split, the baseline ladder. Non-interactive; each stage reports through `onStep`.

import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../store/open-store.js';
import { snapshotProject, splitDataset } from './dataset.js';
import { describeDataset, type DataDescription } from './describe.js';
import { initProject, type InitResult } from './init.js';
import { loadProject } from './project.js';
import { trainProject, type LadderResult } from './train.js';

/** The bundled demo data: IBM Telco customer churn (7,043 customers, 20 columns). */
export const DEMO_DATA = fileURLToPath(new URL('../../examples/telco_churn.csv', import.meta.url));

export interface DemoOptions {
  /** The folder to create; default: the first free of flywheel-demo, flywheel-demo-2, … in `cwd`. */
  dir?: string | undefined;
  cwd?: string;
  onStep?: (step: string, detail: string) => void;
}

export interface DemoResult {
  project: string;
  init: InitResult;
  describe: DataDescription;
  snapshot: { hash: string; path: string; created: boolean };
  split: { hash: string; method: string; counts: Record<string, number>; positive_rate: Record<string, number> };
  ladder: LadderResult;
  next: string[];
}

export function freshDemoDir(cwd: string): string {
  for (let i = 1; ; i++) {
    const dir = resolve(cwd, i === 1 ? 'flywheel-demo' : `flywheel-demo-${i}`);
    if (!existsSync(dir) || readdirSync(dir).length === 0) return dir;
  }
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const cwd = options.cwd ?? process.cwd();
  const step = options.onStep ?? (() => undefined);
  const dir = options.dir === undefined ? freshDemoDir(cwd) : resolve(cwd, options.dir);
  await mkdir(join(dir, 'data'), { recursive: true });
  const data = join(dir, 'data', 'telco_churn.csv');
  await copyFile(DEMO_DATA, data);
  step('data', `copied the Telco churn data (7,043 customers) to ${data}`);

  const init = await initProject({ dir, data, target: 'churn', positive: 'Yes', cwd });
  step('init', `wrote ${init.config} and created the store ${init.store}`);

  const project = loadProject(dir);
  const store = await openStore(project.config.store, { projectRoot: project.root });
  try {
    const snap = await snapshotProject(project, store);
    const describe = describeDataset(snap.dataset, dir);
    step('describe', `${describe.rows} rows, ${describe.columns.length} columns; target churn: ${describe.target!.positive_count} "Yes" (${(100 * describe.target!.positive_rate).toFixed(1)}%)`);
    step('snapshot', `${snap.created ? 'wrote' : 'found'} ${snap.relativePath}`);
    const { split } = await splitDataset(project, store, snap.dataset);
    const y = snap.dataset.target!.y;
    const positives = [0, 0, 0, 0];
    split.assignment.forEach((side, row) => (positives[side]! += y[row]!));
    const sides = ['train', 'valid', 'test'] as const;
    const positiveRate = Object.fromEntries(sides.map((s, i) => [s, split.counts[s] === 0 ? 0 : positives[i]! / split.counts[s]]));
    step('split', `${split.method}: ${sides.map((s) => `${s} ${split.counts[s]}`).join(', ')} (split ${split.hash.slice(0, 12)})`);
    const ladder = await trainProject(project, store, {
      onEvent: (event) => {
        if (event.type === 'rung-end') step('train', `${event.kind}: valid roc_auc ${event.run.metrics.valid?.roc_auc?.value.toFixed(4)} (${event.run.verdict})`);
      },
    });
    return {
      project: dir,
      init,
      describe,
      snapshot: { hash: snap.dataset.snapshotHash, path: snap.relativePath, created: snap.created },
      split: { hash: split.hash, method: split.method, counts: split.counts, positive_rate: positiveRate },
      ladder,
      next: [`cd ${dir}`, 'npx flywheel data describe', 'npx flywheel train --model logistic --param C=0.3', 'npx flywheel learning-curve'],
    };
  } finally {
    await store.close();
  }
}

// `demo`: the whole workflow that exists so far, on the bundled Telco churn data, in a fresh folder:
// init (with a problem card), describe, snapshot, split, frame, audit, the baseline ladder, the
// evaluation of the recommended rung on the frozen test split, and its promotion through the gate.
// Non-interactive; each stage reports through `onStep`.

import { existsSync, readdirSync } from 'node:fs';
import { appendFile, copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotProject, splitDataset, splitReport, type SplitReport } from './dataset.js';
import { describeDataset, type DataDescription } from './describe.js';
import { initProject, type InitResult } from './init.js';
import { loadProject, openProjectStore } from './project.js';
import { trainProject, type LadderResult } from './train.js';
import { frameProject, type FrameResult } from './frame.js';
import { auditProject, type AuditResult } from './audit.js';
import { evaluateAndReport } from './evaluate-report.js';
import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { promoteRun, type PromoteResult } from './registry.js';

/** The bundled demo data: IBM Telco customer churn (7,043 customers, 20 columns). */
export const DEMO_DATA = fileURLToPath(new URL('../../examples/telco_churn.csv', import.meta.url));

/** The demo's problem card: what a team would write for churn retention (docs/problem-card.md). */
export const DEMO_PROBLEM_CARD = `
# The problem card (docs/problem-card.md); \`flywheel frame\` checks it.
problem:
  objective: keep customers who would leave by offering them a retention discount
  business_metric: monthly recurring revenue retained, net of discounts given
  ml_metric: roc_auc
  disagreement: >-
    ROC-AUC can rise by ranking low-value customers better while the few high-value leavers are still
    missed, so retained revenue does not move; and a better ranking is wasted if the offer does not
    change the decision of the customers it reaches.
  baseline: tenure < 6 and contract == "Month-to-month"
  min_improvement: 0.01
  costs: { false_positive: 20, false_negative: 400 }
  prediction_time: at request
  labels: { source: programmatic, expected_noise: 0.02 }
  label_delay: 30d
  deployment: { mode: online, latency_budget_ms: 50 }
`;

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
  split: SplitReport;
  frame: FrameResult;
  audit: AuditResult;
  ladder: LadderResult;
  evaluation: EvaluationResult & { report: string | null };
  promotion: PromoteResult;
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

  const init = await initProject({ dir, data, target: 'churn', positive: 'Yes', cwd, isolated: true });
  await appendFile(init.config, DEMO_PROBLEM_CARD);
  step('init', `wrote ${init.config} (with a filled-in problem card) and created the store ${init.store}`);

  const project = { ...loadProject(dir), isolated: true };
  const store = await openProjectStore(project);
  try {
    const snap = await snapshotProject(project, store);
    const describe = describeDataset(snap.dataset, dir);
    step('describe', `${describe.rows} rows, ${describe.columns.length} columns; target churn: ${describe.target!.positive_count} "Yes" (${(100 * describe.target!.positive_rate).toFixed(1)}%)`);
    step('snapshot', `${snap.created ? 'wrote' : 'found'} ${snap.relativePath}`);
    const split = splitReport(await splitDataset(project, store, snap.dataset), snap.dataset.target?.y);
    const sides = ['train', 'valid', 'test'] as const;
    step('split', `${split.method}: ${sides.map((s) => `${s} ${split.counts[s]}`).join(', ')} (split ${split.split.slice(0, 12)})`);
    const frame = await frameProject(project, snap.dataset);
    step('frame', frame.ok ? 'the problem card is complete' : `${frame.open_questions.length} open questions on the problem card`);
    const audit = await auditProject(project, store);
    step('audit', `${audit.counts.blocking} blocking, ${audit.counts.warning} warning, ${audit.counts.info} info findings; report ${audit.report}`);
    const ladder = await trainProject(project, store, {
      onEvent: (event) => {
        if (event.type === 'rung-end') step('train', `${event.kind}: valid roc_auc ${event.run.metrics.valid?.roc_auc?.value.toFixed(4)} (${event.run.verdict})`);
      },
    });
    const best = ladder.verdict.run_id;
    const evaluation = await evaluateAndReport(project, store, best);
    step('evaluate', `${ladder.verdict.recommended} on the frozen test split: roc_auc ${evaluation.metrics.test?.roc_auc?.value.toFixed(4)}; report ${evaluation.report}`);
    const promotion = await promoteRun(project, store, best, { to: 'champion', evaluation });
    step('promote', promotion.promoted ? `${promotion.model} v${promotion.version} (${ladder.verdict.recommended}) is the champion: the gate passed` : `the gate kept ${ladder.verdict.recommended} out: ${promotion.gate?.conditions.filter((c) => !c.passed).map((c) => c.name).join(', ')}`);
    return {
      project: dir,
      init,
      describe,
      snapshot: { hash: snap.dataset.snapshotHash, path: snap.relativePath, created: snap.created },
      split,
      frame,
      audit,
      ladder,
      evaluation,
      promotion,
      next: [`npx flywheel ui --project ${dir}`, `cd ${dir}`, 'npx flywheel runs --sort valid.roc_auc', `npx flywheel evaluate ${best.slice(0, 8)}`, 'npx flywheel models history', 'npx flywheel train --model logistic --param C=0.3', 'npx flywheel learning-curve'],
    };
  } finally {
    await store.close();
  }
}

// A project for the dashboard's tests, made with the workflow itself on the bundled Telco data: the
// demo's problem card, an audit, a three-rung ladder (dummy, rules, logistic), the logistic rung
// evaluated and promoted to champion, a tag and a note holding markup (to prove it is escaped).

import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import { auditProject } from '../workflow/audit.js';
import { DEMO_DATA, DEMO_PROBLEM_CARD } from '../workflow/demo.js';
import { evaluateAndReport } from '../workflow/evaluate-report.js';
import { initProject } from '../workflow/init.js';
import { loadProject, type Project } from '../workflow/project.js';
import { promoteRun } from '../workflow/registry.js';
import { noteRun, tagRun } from '../workflow/runs.js';
import { trainProject } from '../workflow/train.js';

/** Markup in a note: pages must show it as text. */
export const HOSTILE_NOTE = '<script>alert("note")</script> kept the <b>tenure</b> feature';

export interface DashboardFixture {
  dir: string;
  project: Project;
  store: Store;
  runs: { dummy: string; rules: string; logistic: string };
}

export async function makeDashboardFixture(): Promise<DashboardFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-ui-'));
  await initProject({ dir, data: DEMO_DATA, target: 'churn', positive: 'Yes' });
  appendFileSync(join(dir, 'flywheel.yaml'), DEMO_PROBLEM_CARD);
  const loaded = loadProject(dir);
  // Fewer bootstrap replicates than the default 1000 keep the fixture fast; intervals stay meaningful.
  const project: Project = { ...loaded, config: { ...loaded.config, ladder: { ...loaded.config.ladder, bootstrap: 200 } } };
  const store = await openStore(project.config.store, { projectRoot: dir });
  await auditProject(project, store);
  const ladder = await trainProject(project, store, { models: ['dummy', 'rules', 'logistic'] });
  const [dummy, rules, logistic] = ladder.runs.map((r) => r.run_id) as [string, string, string];
  const evaluation = await evaluateAndReport(project, store, logistic, { replicates: 100 });
  const promoted = await promoteRun(project, store, logistic, { to: 'champion', evaluation });
  if (!promoted.promoted) await promoteRun(project, store, logistic, { to: 'champion', evaluation, force: 'accepted for the dashboard tests' });
  await tagRun(store, logistic, { reviewed: 'yes' });
  await noteRun(store, logistic, HOSTILE_NOTE);
  return { dir, project, store, runs: { dummy, rules, logistic } };
}

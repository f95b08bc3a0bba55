// `audit`: the data profile (DuckDB SQL over the snapshot) and the leakage audit (each check reports
// what it found or what it needed), plus the problem card's checks when there is a card; written as a
// self-contained HTML report under the artifacts folder. Blocking findings make `train` refuse to run
// unless the user accepts the risk, with a reason that is recorded on the runs.

import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { profileDataset } from '../audit/profile.js';
import type { Profile } from '../audit/profile-types.js';
import type { Finding, Skipped } from '../audit/leakage/index.js';
import { leakageAudit } from './leakage.js';
import { renderAuditReport, type AuditReportInput } from '../reports/index.js';
import type { Store } from '../store/types.js';
import { snapshotProject, splitDataset } from './dataset.js';
import { frameProject, type FrameResult } from './frame.js';
import type { Project } from './project.js';

export interface AuditOptions {
  /** Runs whose pipeline provenance to show (pipeline leakage). */
  runIds?: readonly string[] | undefined;
  /** Write the HTML report (default true). */
  html?: boolean | undefined;
  onStep?: ((step: string) => void) | undefined;
}

export interface AuditResult {
  project: string;
  source: string;
  snapshot: string;
  split: string;
  profile: Profile;
  findings: Finding[];
  skipped: Skipped[];
  problem: FrameResult | null;
  counts: { blocking: number; warning: number; info: number };
  /** The HTML report's path, when written. */
  report: string | null;
}

export async function auditProject(project: Project, store: Store, options: AuditOptions = {}): Promise<AuditResult> {
  const step = options.onStep ?? (() => undefined);
  const snap = await snapshotProject(project, store);
  const dataset = snap.dataset;
  const { split } = await splitDataset(project, store, dataset);
  step('profile');
  const profile = await profileDataset({
    path: join(project.artifactsDir, snap.relativePath),
    schema: dataset.schema,
    ...(dataset.target === undefined ? {} : { target: { name: dataset.target.name, positive: dataset.target.positive } }),
  });
  step('leakage checks');
  const leakage = await leakageAudit(project, store, dataset, split, options.runIds);
  const problem = project.config.problem === undefined ? null : await frameProject(project, dataset);
  const counts = { blocking: 0, warning: 0, info: 0 };
  for (const f of leakage.findings) counts[f.severity]++;
  let report: string | null = null;
  if (options.html !== false) {
    step('report');
    const input: AuditReportInput = {
      title: basename(project.root),
      generated_at: new Date().toISOString(),
      source: project.config.data,
      snapshot: dataset.snapshotHash,
      target: dataset.target === undefined ? null : { name: dataset.target.name, positive: dataset.target.positive, negative: dataset.target.negative },
      profile,
      findings: leakage.findings,
      skipped: leakage.skipped,
      problem: problem === null ? null : { open_questions: problem.open_questions, data_needs: problem.data_needs },
    };
    const html = await renderAuditReport(input);
    const folder = join(project.artifactsDir, 'reports');
    await mkdir(folder, { recursive: true });
    report = join(folder, `audit-${dataset.snapshotHash.slice(0, 12)}.html`);
    await writeFile(report, html);
  }
  return {
    project: project.root,
    source: project.config.data,
    snapshot: dataset.snapshotHash,
    split: split.hash,
    profile,
    findings: leakage.findings,
    skipped: leakage.skipped,
    problem,
    counts,
    report,
  };
}

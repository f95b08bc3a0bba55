// An evaluation kept: the result stored with the run (artifact `evaluation`, replaced by each new
// evaluation) and rendered as a self-contained HTML report under the artifacts folder.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex, canonicalJson } from '../core/hash.js';
import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { renderEvaluationReport } from '../reports/index.js';
import type { Store } from '../store/types.js';
import { evaluateRun, type EvaluateOptions } from './evaluate.js';
import type { Project } from './project.js';

export interface EvaluateAndReportOptions extends EvaluateOptions {
  /** Write the HTML report (default true). */
  report?: boolean | undefined;
}

export async function evaluateAndReport(project: Project, store: Store, runId: string, options: EvaluateAndReportOptions = {}): Promise<EvaluationResult & { report: string | null }> {
  const result = await evaluateRun(project, store, runId, options);
  await store.runs.putArtifact(result.run_id, { name: 'evaluation', sha256: sha256Hex(canonicalJson(result)), content: result, createdAtMs: Date.now() });
  let report: string | null = null;
  if (options.report !== false) {
    options.onStep?.('report');
    const folder = join(project.artifactsDir, 'reports');
    await mkdir(folder, { recursive: true });
    report = join(folder, `evaluation-${result.run_id.slice(0, 8)}.html`);
    await writeFile(report, await renderEvaluationReport(result));
  }
  return { ...result, report };
}

// Benchmark: the prediction-log tools on a log of N requests scored by a live and a shadow model (2N
// records with latency) and N outcomes, half by request id and half by unit id: log writing,
// `importFeedback`, `exportLog` (with outcomes, to Parquet), `shadowReport` and a `queryLog` page with
// outcomes; one run each, with the process's peak RSS. Writes bench/out/predict-log.json.
// Usage: npx tsx bench/predict-log.ts [--requests N] (default 500,000)

import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path, { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { initProject } from '../src/workflow/init.js';
import { loadProject } from '../src/workflow/project.js';
import { openStore } from '../src/store/open-store.js';
import { DEMO_PROBLEM_CARD } from '../src/workflow/demo.js';
import { importFeedback } from '../src/workflow/feedback.js';
import { exportLog, queryLog } from '../src/workflow/prediction-log.js';
import { shadowReport } from '../src/workflow/shadow-report.js';
import { OUT_DIR, REPO_DIR, machineInfo } from './harness.js';
mkdirSync(OUT_DIR, { recursive: true });
const dir = mkdtempSync(path.join(os.tmpdir(), 'flywheel-bench-log-'));
await initProject({ dir, data: path.join(REPO_DIR, 'examples', 'telco_churn.csv'), target: 'churn', positive: 'Yes' });
appendFileSync(join(dir, 'flywheel.yaml'), DEMO_PROBLEM_CARD);
const project = loadProject(dir);
const store = await openStore(project.config.store, { projectRoot: dir });
const flag = process.argv.indexOf('--requests');
const N = flag >= 0 ? Number(process.argv[flag + 1]) : 500_000;
if (!Number.isInteger(N) || N < 1) throw new Error('--requests expects a positive integer');
const loadAverageBefore = os.loadavg();
const seconds: Record<string, number> = {};
const lap = (name: string, startedMs: number) => {
  seconds[name] = (performance.now() - startedMs) / 1000;
  console.error(`${name}: ${seconds[name]!.toFixed(2)} s`);
};
const T0 = Date.UTC(2026, 8, 1);
const features = { female: 1, senior_citizen: 0, partner: 1, dependents: 0, tenure: 12, phone_service: 1, multiple_lines: 'No', internet_service: 'DSL', online_security: 'No', online_backup: 'Yes', device_protection: 'No', tech_support: 'No', streaming_tv: 'No', streaming_movies: 'No', contract: 'Month-to-month', paperless_billing: 1, payment_method: 'Electronic check', monthly_charges: 29.85, total_charges: 358.2 };
let t = performance.now();
for (let b = 0; b < N; b += 10000) {
  const recs = [];
  for (let i = b; i < Math.min(N, b + 10000); i++) {
    const s = (i * 7919 % 1000) / 1000;
    recs.push({ requestId: `r${i}`, atMs: T0 + i * 1000, unitId: `u${i}`, model: 'churn', modelVersion: 1, variant: 'champion', features, score: s, decision: s >= 0.5 ? 1 : 0, shadow: false, latencyMs: 2 + (i % 5) });
    recs.push({ requestId: `r${i}`, atMs: T0 + i * 1000, unitId: `u${i}`, model: 'churn', modelVersion: 2, variant: 'shadow', features, score: Math.min(1, s * 1.1), decision: s * 1.1 >= 0.5 ? 1 : 0, shadow: true, latencyMs: 3 + (i % 7) });
  }
  await store.predictions.logPredictions(recs);
}
lap('log_predictions', t);
const lines = ['request_id,unit_id,label,at'];
for (let i = 0; i < N; i++) lines.push(i % 2 === 0 ? `r${i},,${i % 3 === 0 ? 'Yes' : 'No'},` : `,u${i},${i % 3 === 0 ? 'Yes' : 'No'},${new Date(T0 + i * 1000 + 86400000).toISOString()}`);
const file = join(dir, 'outcomes.csv'); writeFileSync(file, lines.join('\n'));
t = performance.now();
const fb = await importFeedback(project, store, { file, timeColumn: 'at', nowMs: T0 + 10 * 86400000 });
lap('feedback_import', t);
t = performance.now();
const ex = await exportLog(project, store, { output: join(dir, 'export.parquet'), withOutcomes: true });
lap('export_parquet', t);
t = performance.now();
const sr = await shadowReport(project, store);
lap('shadow_report', t);
t = performance.now();
await queryLog(project, store, { withOutcomes: true, limit: 50 });
lap('log_page_with_outcomes', t);
await store.close();
const report = {
  benchmark: 'predict-log',
  date: new Date().toISOString(),
  machine: { ...machineInfo(), load_average_before: loadAverageBefore, load_average_after: os.loadavg() },
  requests: N,
  records: 2 * N,
  outcomes: N,
  seconds,
  checks: { matched: fb.matched, unmatched: fb.unmatched, exported_rows: ex.rows, labelled: ex.labelled, pairs: sr.shadows[0]?.pairs ?? 0, latency: sr.shadows[0]?.latency ?? null },
  max_rss_mb: process.resourceUsage().maxRSS / 1024,
};
const outFile = path.join(OUT_DIR, 'predict-log.json');
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify({ seconds, max_rss_mb: Math.round(report.max_rss_mb), checks: report.checks }, null, 2));

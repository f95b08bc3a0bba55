// Benchmark: the whole ladder (`flywheel train`) on the bundled Telco example, in a fresh project per
// run, in a fresh process, as a user runs it. Goal (docs/ladder.md): under 30 s.
// Usage: npx tsx bench/train-ladder.ts [--runs 3]; needs a build (npm run build).

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/flywheel.js', import.meta.url));
const DATA = fileURLToPath(new URL('../examples/telco_churn.csv', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

const seconds: number[] = [];
let rungs: { model: string; fit_seconds: number }[] = [];
for (let r = 0; r < runs; r++) {
  const dir = join(mkdtempSync(join(os.tmpdir(), 'flywheel-bench-')), 'p');
  const init = spawnSync(process.execPath, [BIN, 'init', dir, '--data', DATA, '--target', 'churn', '--json'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const t = performance.now();
  const train = spawnSync(process.execPath, [BIN, 'train', '--project', dir, '--json'], { encoding: 'utf8' });
  seconds.push((performance.now() - t) / 1000);
  if (train.status !== 0) throw new Error(train.stderr);
  rungs = (JSON.parse(train.stdout) as { runs: { model: string; fit_seconds: number }[] }).runs;
}
seconds.sort((a, b) => a - b);
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
  runs_s: seconds,
  median_s: seconds[Math.floor(seconds.length / 2)],
  last_run_fit_seconds: Object.fromEntries(rungs.map((r) => [r.model, Number(r.fit_seconds.toFixed(3))])),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

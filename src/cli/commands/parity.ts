// `flywheel parity`: the same rows scored by the batch path and by a live model server must agree to
// 1e-12. With --url it checks a running server; without, it starts one on a free loopback port for
// the check and stops it afterwards.

import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import { startServer } from '../../server/start-server.js';
import { checkParity, type ParityResult } from '../../workflow/parity.js';
import { resolveModelVersion } from '../../workflow/predict.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/types.js';
import { loadProject, openProjectStore } from '../../workflow/project.js';
import { contextOf } from '../context.js';

export function registerParityCommand(program: Command): void {
  program
    .command('parity')
    .description('score a sample of rows through batch scoring and through the model server; exit 1 on any difference above 1e-12')
    .option('--sample <n>', 'rows to check, drawn with the project seed', '200')
    .option('--url <url>', 'a running server to check (default: start one on a free loopback port)')
    .addHelpText(
      'after',
      `
Train/serve skew is the silent failure: a feature computed one way in training and another when
serving. Both paths here use the model package's own pipeline; parity proves it on your data.
Each row is compared with the version that answered it (the champion, or a canary). A mismatch
lists the row, both scores and the features whose values differ between the file path and the
JSON-records path. The server parity starts for itself logs into a throwaway store; a server given
with --url logs parity's requests like any others, with request ids starting "parity-".

Examples:
  flywheel parity
  flywheel parity --sample 2000
  flywheel parity --url http://127.0.0.1:8080`,
    )
    .action(async (flags: { sample: string; url?: string }, command: Command) => {
      const ctx = contextOf(command);
      const sample = Number(flags.sample);
      if (!Number.isInteger(sample) || sample < 1) throw new FlywheelError('usage', `--sample ${flags.sample} is not a positive number of rows`, { hint: 'write e.g. --sample 500' });
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openProjectStore(project);
      let server: Awaited<ReturnType<typeof startServer>> | undefined;
      let scratchLog: Store | undefined;
      try {
        let url = flags.url;
        if (url === undefined) {
          await resolveModelVersion(project, store, 'champion'); // no champion: say so before starting anything
          // The server reads this project's registry but logs into a throwaway store: parity rows are not traffic.
          scratchLog = await openStore('sqlite::memory:', { projectRoot: project.root, ignoreEnvironment: true });
          const serving: Store = { datasets: store.datasets, runs: store.runs, registry: store.registry, predictions: scratchLog.predictions, url: store.url, close: async () => undefined };
          server = await startServer({ project, host: '127.0.0.1', port: 0, store: serving });
          url = server.url;
          ctx.progress(`started a model server at ${url} for the check`);
        }
        const result = await checkParity(project, store, { url, sample });
        if (!result.ok) ctx.setExitCode(1);
        ctx.emit(result, renderParity);
      } finally {
        await server?.close();
        await scratchLog?.close();
        await store.close();
      }
    });
}

function renderParity(r: ParityResult): string {
  const versions = r.versions.map((v) => `v${v.version}${r.versions.length > 1 ? ` (${v.rows} rows)` : ''}`).join(', ');
  const head = `${r.ok ? 'parity' : 'PARITY FAILED'}: ${r.rows} rows of ${r.model} ${versions} scored by batch and by ${r.url}; largest difference ${r.max_abs_difference.toExponential(2)} (tolerance ${r.tolerance})`;
  const lines = r.mismatches.slice(0, 20).map((m) => {
    const features = m.features.length === 0 ? 'no feature differs between the two input paths' : m.features.map((f) => `${f.name}: ${f.batch} (file) vs ${f.records} (records)`).join('; ');
    return `  row ${m.row} (v${m.model_version ?? '?'}): batch ${m.batch}, server ${m.server ?? `error (${m.server_error ?? 'none'})`} — ${features}`;
  });
  return [head, ...lines, ...(r.mismatches.length > 20 ? [`  … and ${r.mismatches.length - 20} more`] : [])].join('\n');
}

// `flywheel ui`: the dashboard over the project's runs, evaluations and registry, served until stopped
// (Ctrl+C). Bound to 127.0.0.1 by default; it is read-only and has no authentication.

import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import { DEFAULT_HOST, DEFAULT_PORT, startDashboard } from '../../ui/serve.js';
import { loadProject } from '../../workflow/project.js';
import { contextOf } from '../context.js';

interface UiFlags {
  port: string;
  host: string;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('serve the dashboard (overview, runs, run detail, compare, registry) until stopped')
    .option('--port <n>', 'the port (0: any free port)', String(DEFAULT_PORT))
    .option('--host <host>', 'the address to listen on; anything but loopback exposes the project to the network', DEFAULT_HOST)
    .addHelpText('after', '\nExamples:\n  flywheel ui                       http://127.0.0.1:4000/\n  flywheel ui --port 0              any free port\n  flywheel ui --project churn/      another project\nDocs: docs/dashboard.md')
    .action(async (flags: UiFlags, command: Command) => {
      const ctx = contextOf(command);
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port.trim())) throw new FlywheelError('usage', `--port ${flags.port} is not a port number`, { hint: 'write e.g. --port 4000' });
      const project = loadProject(ctx.cwd, ctx.options.project);
      const dashboard = await startDashboard({ project, host: flags.host, port });
      ctx.emit({ url: dashboard.url, project: project.root, host: dashboard.host, port: dashboard.port }, (r) => `dashboard for ${r.project} on ${r.url} (read-only; stop with Ctrl+C)`);
      if (dashboard.exposed) process.stderr.write(`warning: listening on ${dashboard.host}: the dashboard has no authentication, so anyone who can reach this address can read the project's runs and models\n`);
      await untilStopped();
      await dashboard.close();
    });
}

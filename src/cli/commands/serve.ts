// `flywheel serve`: the model server over the project's registry and store, until SIGINT/SIGTERM.

import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import { closeOnSignal, startServer } from '../../server/start-server.js';
import { loadProject } from '../../workflow/project.js';
import { contextOf } from '../context.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the champion over HTTP (canary, shadow, prediction log, feedback, metrics) until stopped')
    .option('--port <port>', 'TCP port (default: serving.port, 8080; 0 picks a free one)')
    .option('--host <host>', 'address to bind (default: serving.host, 127.0.0.1; 0.0.0.0 for every interface)')
    .addHelpText(
      'after',
      `
Routes: POST /v1/predict, POST /invocations (MLflow scoring protocol), POST /v1/feedback,
GET /healthz, /readyz, /metrics (Prometheus), /v1/models; POST /v1/admin/promote and
/v1/admin/rollback with Authorization: Bearer <token>, the token read from the environment
variable serving.admin_token_env names (default FLYWHEEL_ADMIN_TOKEN; unset, the admin routes are off).
Promotions and rollbacks made elsewhere are picked up within serving.poll_interval (default 2s).
Every prediction is committed to the prediction log before it is answered.
SIGINT/SIGTERM: stop accepting, finish requests in flight, commit the log, exit 0.

Examples:
  flywheel serve
  flywheel serve --port 9000
  FLYWHEEL_ADMIN_TOKEN=$(openssl rand -hex 16) flywheel serve --host 0.0.0.0
  curl -s localhost:8080/v1/predict -H 'content-type: application/json' \\
       -d '{"record": {"tenure": 3, "contract": "Month-to-month", …}, "unit_id": "customer-42"}'
Docs: docs/http-api.md, docs/serving.md`,
    )
    .action(async (flags: { port?: string; host?: string }, command: Command) => {
      const ctx = contextOf(command);
      const port = flags.port === undefined ? undefined : Number(flags.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        throw new FlywheelError('usage', `--port ${flags.port} is not a TCP port (0–65535)`, { hint: 'write e.g. --port 8080' });
      }
      const project = loadProject(ctx.cwd, ctx.options.project);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const server = await startServer({ project, host: flags.host, port, log });
      if (ctx.options.json === true) process.stdout.write(`${JSON.stringify({ url: server.url, model: server.runtime.model })}\n`);
      await closeOnSignal(server, log);
    });
}

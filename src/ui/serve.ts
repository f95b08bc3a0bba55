// Starting the dashboard on a socket: open the project's store, build the app, listen on the host and
// port asked for (127.0.0.1 by default: the dashboard has no authentication), and close both on stop.

import { FlywheelError } from '../core/errors.js';
import { openStore } from '../store/open-store.js';
import type { Project } from '../workflow/project.js';
import { buildDashboard } from './app.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface StartDashboardOptions {
  project: Project;
  host?: string | undefined;
  /** 0 picks a free port. */
  port?: number | undefined;
}

export interface RunningDashboard {
  url: string;
  host: string;
  port: number;
  /** True when the host is not a loopback address: anyone who reaches it can read the project. */
  exposed: boolean;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase());
}

export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new FlywheelError('usage', `--port ${port} is not a port number (0 to 65535)`, { hint: 'write e.g. --port 4000, or --port 0 for any free port' });
  const store = await openStore(options.project.config.store, { projectRoot: options.project.root });
  const loopback = isLoopback(host);
  // Bound to loopback, only loopback names are accepted in the Host header, so a web page elsewhere
  // cannot reach the dashboard through a DNS name it rebinds to 127.0.0.1.
  const app = buildDashboard({ project: options.project, store, closeStore: true, allowedHosts: loopback ? ['127.0.0.1', 'localhost', '[::1]'] : undefined });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new FlywheelError('usage', `port ${port} on ${host} is already in use`, { hint: `pick another with --port ${port + 1}, or --port 0 for any free port` });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new FlywheelError('usage', `cannot listen on host ${host}: it is not an address of this machine`, { hint: 'use --host 127.0.0.1 (the default)' });
    if (code === 'EACCES') throw new FlywheelError('usage', `not allowed to listen on port ${port}`, { hint: 'use a port above 1023, e.g. --port 4000' });
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actualPort}/`, host, port: actualPort, exposed: !loopback, close: () => app.close() };
}

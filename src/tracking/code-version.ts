// What code produced a run: the project's git commit (when the project is in a git repository),
// Flywheel's package version and the Node.js version.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface CodeVersion {
  gitCommit?: string;
  packageVersion: string;
  nodeVersion: string;
}

export function codeVersion(projectRoot: string): CodeVersion {
  const version: CodeVersion = { packageVersion, nodeVersion: process.version };
  try {
    const commit = execFileSync('git', ['-C', projectRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    if (/^[0-9a-f]{40}$/.test(commit)) version.gitCommit = commit;
  } catch {
    // Not a git repository, or git is not installed: the run records no commit.
  }
  return version;
}

export function flywheelVersion(): string {
  return packageVersion;
}

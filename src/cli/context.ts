// What every command gets: the global options (--project, --json, --debug) and one way to emit results,
// human text or JSON, so no command prints on its own terms.

import type { Command } from 'commander';

export interface GlobalOptions {
  project?: string;
  json?: boolean;
  debug?: boolean;
}

export interface CommandContext {
  cwd: string;
  options: GlobalOptions;
  /** Print a result: `render(result)` for people, the result itself as JSON with --json. */
  emit<T>(result: T, render: (result: T) => string): void;
  /** A progress line on stderr (never with --json, so stdout stays machine-readable). */
  progress(message: string): void;
  /** Exit with this code after the result is printed: 1 when a check did not pass (gate, blocking finding). */
  setExitCode(code: number): void;
}

let pendingExitCode = 0;

/** The exit code a command asked for (0 unless a check failed); read once by main. */
export function takeExitCode(): number {
  const code = pendingExitCode;
  pendingExitCode = 0;
  return code;
}

export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  return {
    cwd: process.cwd(),
    options,
    emit(result, render) {
      process.stdout.write(options.json === true ? `${JSON.stringify(result, null, 2)}\n` : `${render(result)}\n`);
    },
    progress(message) {
      if (options.json !== true) process.stderr.write(`${message}\n`);
    },
    setExitCode(code) {
      pendingExitCode = Math.max(pendingExitCode, code);
    },
  };
}

// The `flywheel` command: parses arguments, calls workflow/, renders results. User mistakes print
// `error:` and `hint:` lines and exit 2 (1 for a check that did not pass); anything else is a bug:
// exit 70 with the stack. --debug shows the stack for every error.

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isFlywheelError, ERROR_CODES } from '../core/errors.js';
import { registerDataCommands } from './commands/data.js';
import { takeExitCode } from './context.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerInitCommand } from './commands/init.js';
import { registerTrainCommand } from './commands/train.js';
import { registerFrameCommand } from './commands/frame.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerLearningCurveCommand } from './commands/learning-curve.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerRegistryCommands } from './commands/registry.js';
import { registerCompareCommands } from './commands/compare.js';
import { registerParityCommand } from './commands/parity.js';
import { registerServeCommand } from './commands/serve.js';
import { registerPredictCommand } from './commands/predict.js';
import { registerLogCommands } from './commands/log.js';
import { registerUiCommand } from './commands/ui.js';
import { registerStoreCommands } from './commands/store.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('flywheel')
    .description('End-to-end machine learning for tabular data: frame, audit, features, baseline ladder, tracking, evaluation, serving, monitoring.')
    .version(packageJson.version, '-V, --version')
    .option('--project <dir>', 'the project folder (default: the nearest folder upward holding flywheel.yaml)')
    .option('--json', 'print results as JSON on stdout (errors as {"error": …})')
    .option('--debug', 'show stack traces for every error')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });

  registerInitCommand(program);
  registerDataCommands(program);
  registerFrameCommand(program);
  registerAuditCommand(program);
  registerTrainCommand(program);
  registerLearningCurveCommand(program);
  registerRunsCommand(program);
  registerEvaluateCommand(program);
  registerCompareCommands(program);
  registerRegistryCommands(program);
  registerServeCommand(program);
  registerParityCommand(program);
  registerDemoCommand(program);
  registerPredictCommand(program);
  registerLogCommands(program);
  registerUiCommand(program);
  registerStoreCommands(program);

  program.addHelpText(
    'after',
    `
Start here:
  flywheel demo                                   the workflow on bundled data, in a fresh folder
  flywheel init --data FILE --target COL          start a project on your data
  flywheel frame                                  the problem card's open questions
  flywheel audit                                  data profile + leakage audit (HTML report)
  flywheel train                                  the baseline ladder, each rung a tracked run
  flywheel data describe                          schema, target balance, snapshot hash

Exit codes: 0 done, 1 a check did not pass, 2 bad input or config (the message says what to fix),
70 internal error (please report it with the stack trace).
Docs: docs/cli.md, docs/configuration.md`,
  );
  for (const command of allCommands(program)) command.exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const wantsJson = argv.includes('--json');
  const debug = argv.includes('--debug');
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync([...argv]);
    return takeExitCode();
  } catch (error) {
    return reportError(error, { json: wantsJson, debug });
  }
}

function reportError(error: unknown, options: { json: boolean; debug: boolean }): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    const message = error.message.replace(/^error:\s*/i, '').replace(/\n+\(Did you mean (.*)\?\)/, ' (did you mean $1?)');
    return printError({ code: 'usage', message, hint: 'run `flywheel --help`, or `flywheel <command> --help` for a command' }, ERROR_CODES.usage.exit, options);
  }
  if (isFlywheelError(error)) {
    if (options.debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return printError(error.toJSON(), error.exitCode, options);
  }
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`error: internal error: ${err.message}\n${err.stack ?? ''}\n`);
  process.stderr.write('This is a bug in Flywheel. Please report it with the command you ran and the trace above.\n');
  if (options.json) process.stdout.write(`${JSON.stringify({ error: { code: 'internal', message: err.message } }, null, 2)}\n`);
  return ERROR_CODES.internal.exit;
}

function printError(error: { code: string; message: string; hint?: string; details?: Record<string, unknown> }, exit: number, options: { json: boolean }): number {
  const [first, ...rest] = error.message.split('\n');
  process.stderr.write(`error: ${first}\n${rest.map((line) => `       ${line}\n`).join('')}`);
  if (error.hint !== undefined) process.stderr.write(`hint: ${error.hint}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  return exit;
}

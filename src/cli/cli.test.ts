// The command as users run it: the built bin/flywheel.js in a child process (npm test builds first).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataset, scratchDir, TELCO } from '../../test/fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/flywheel.js', import.meta.url));

function flywheel(args: string[], cwd = scratchDir()) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the flywheel command', () => {
  it('teaches with --help and lists the verbs', () => {
    const { code, stdout } = flywheel(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Start here:');
    for (const verb of ['init', 'data', 'demo']) expect(stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
    const init = flywheel(['init', '--help']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('--target <col>');
    expect(init.stdout).toContain('Examples:');
  });

  it('answers an unknown command with error and hint lines and exit 2', () => {
    const { code, stderr } = flywheel(['inti']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: unknown command 'inti' \(did you mean init\?\)$/m);
    expect(stderr).toMatch(/^hint: /m);
    expect(stderr).not.toContain('    at ');
  });

  it('reports a missing target column with the closest names, no stack trace, and writes nothing', () => {
    const cwd = scratchDir();
    const { code, stderr } = flywheel(['init', 'p', '--data', TELCO, '--target', 'churned'], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe('error: target column "churned" is not in the data\nhint: did you mean "churn"?\n');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('shows a stack trace for a user error only with --debug', () => {
    const { code, stderr } = flywheel(['init', 'p', '--data', TELCO, '--target', 'churned', '--debug']);
    expect(code).toBe(2);
    expect(stderr).toContain('    at ');
  });

  it('prints errors as JSON on stdout with --json', () => {
    const { code, stdout } = flywheel(['data', 'describe', '--data', 'missing.csv', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: { code: 'file_not_found', message: 'data file missing.csv does not exist', hint: expect.any(String) as unknown },
    });
  });

  it('says binary classification first for a numeric target, and recognises a date column', () => {
    const refused = flywheel(['init', '--data', dataset('chicago_ridership.csv'), '--target', 'ridership']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: target "ridership" has more than 50 distinct values .*binary classification first$/m);
    const described = flywheel(['data', 'describe', '--data', dataset('chicago_ridership.csv'), '--time', 'date', '--json']);
    expect(described.code).toBe(0);
    const json = JSON.parse(described.stdout) as { columns: { name: string; type: string; role: string }[] };
    expect(json.columns.find((c) => c.name === 'date')).toMatchObject({ type: 'datetime', role: 'time' });
  });

  it('inits a project, then describes and splits it from a subfolder, always printing the positive class', () => {
    const cwd = scratchDir();
    const init = flywheel(['init', 'churn', '--data', TELCO, '--target', 'churn'], cwd);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('positive "Yes" (the minority class)');
    const describe = flywheel(['data', 'describe', '--project', join(cwd, 'churn'), '--json']);
    expect(describe.code).toBe(0);
    const json = JSON.parse(describe.stdout) as { rows: number; target: { positive: string; positive_rate: number }; snapshot: string };
    expect(json.rows).toBe(7043);
    expect(json.target.positive).toBe('Yes');
    expect(json.target.positive_rate).toBeCloseTo(1869 / 7043, 12);
    const human = flywheel(['data', 'describe'], join(cwd, 'churn'));
    expect(human.stdout).toContain('target    churn: positive "Yes"');
    const split = flywheel(['data', 'split', '--json'], join(cwd, 'churn'));
    expect(split.code).toBe(0);
    expect(JSON.parse(split.stdout)).toMatchObject({ method: 'stratified', snapshot: json.snapshot, counts: { train: 4225, valid: 1409, test: 1409 } });
  });

  it('points at the line of a mistyped config key and suggests the right one', () => {
    const cwd = scratchDir();
    expect(flywheel(['init', '--data', TELCO, '--target', 'churn'], cwd).code).toBe(0);
    const path = join(cwd, 'flywheel.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('seed: 42', 'sede: 42'));
    const lineNo = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.startsWith('sede:')) + 1;
    const { code, stderr } = flywheel(['data', 'describe'], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${path} line ${lineNo}: unknown key "sede"\nhint: did you mean "seed"?\n`);
  });

  it('refuses a store path that escapes the project folder, and leaves the store as it was', () => {
    const cwd = scratchDir();
    expect(flywheel(['init', '--data', TELCO, '--target', 'churn'], cwd).code).toBe(0);
    const path = join(cwd, 'flywheel.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('store: sqlite:.flywheel/flywheel.db', 'store: sqlite:../outside.db'));
    const { code, stderr } = flywheel(['data', 'split'], cwd);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: .*outside.*$/m);
    expect(existsSync(join(cwd, '..', 'outside.db'))).toBe(false);
  });

  it('runs the demo in a fresh folder it names, and again in the next one', { timeout: 300_000 }, async () => {
    const cwd = scratchDir();
    const first = flywheel(['demo'], cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`demo project ready in ${join(cwd, 'flywheel-demo')}`);
    expect(first.stderr).toMatch(/^split +stratified: train 4225, valid 1409, test 1409/m);
    expect(first.stdout).toMatch(/^churn v1 is now champion/m);
    expect(first.stdout).toContain(`see it in the dashboard: npx flywheel ui --project ${join(cwd, 'flywheel-demo')}`);
    expect(first.stdout).toMatch(/evaluation of run [0-9a-f]{8} \(logistic\) — test set viewed 1 time$/m);

    // The demo folder is an ordinary project: the registry, the gate and the run commands work in it.
    const demo = join(cwd, 'flywheel-demo');
    const models = JSON.parse(flywheel(['models', '--json'], demo).stdout) as { model: string; aliases: Record<string, number> };
    expect(models).toMatchObject({ model: 'churn', aliases: { champion: 1 } });
    const runs = JSON.parse(flywheel(['runs', '--model', 'dummy', '--json'], demo).stdout) as { runs: { run_id: string }[] };
    const gated = flywheel(['promote', runs.runs[0]!.run_id.slice(0, 8), '--to', 'champion'], demo);
    expect(gated.code).toBe(1);
    expect(gated.stdout).toMatch(/^ {2}FAIL {2}beats_baseline: /m);
    expect(gated.stdout).toContain('nothing changed');
    const unknown = flywheel(['evaluate', 'abcdef12'], demo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: no run abcdef12 in this project's store\nhint: recent runs: /m);
    const reproduced = flywheel(['reproduce', runs.runs[0]!.run_id, '--json'], demo);
    expect(reproduced.code).toBe(0);
    expect((JSON.parse(reproduced.stdout) as { identical: boolean }).identical).toBe(true);
    // Batch scoring on two threads (the built package's worker) gives the one-thread scores, bit for bit.
    const one = JSON.parse(flywheel(['predict', '--input', join(demo, 'data', 'telco_churn.csv'), '--output', join(demo, 'one.csv'), '--threads', '1', '--json'], demo).stdout) as { threads: number; rows: number };
    const two = JSON.parse(flywheel(['predict', '--input', join(demo, 'data', 'telco_churn.csv'), '--output', join(demo, 'two.csv'), '--threads', '2', '--chunk-rows', '1000', '--json'], demo).stdout) as { threads: number; rows: number };
    expect([one.threads, one.rows, two.rows]).toEqual([1, 7043, 7043]);
    if ((await import('node:os')).availableParallelism() >= 2) expect(two.threads).toBe(2);
    expect(readFileSync(join(demo, 'two.csv'), 'utf8')).toBe(readFileSync(join(demo, 'one.csv'), 'utf8'));
    const history = flywheel(['models', 'history'], demo);
    expect(history.stdout).toMatch(/champion +- +v1 +\S+ +promotion gate passed/);
    const second = flywheel(['demo', '--json'], cwd);
    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout) as { project: string; snapshot: { created: boolean } };
    expect(json.project).toBe(join(cwd, 'flywheel-demo-2'));
    expect(existsSync(join(cwd, 'flywheel-demo-2', '.flywheel', 'flywheel.db'))).toBe(true);
  });

  it('trains the ladder with --json in the documented contract, and refuses unknown kinds listing the known ones', () => {
    const cwd = scratchDir();
    expect(flywheel(['init', '--data', TELCO, '--target', 'churn'], cwd).code).toBe(0);
    const { code, stdout } = flywheel(['train', '--up-to', 'logistic', '--json'], cwd);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { runs: { run_id: string; model: string; metrics: Record<string, Record<string, { value: number; ci: number[] }>>; fit_seconds: number }[]; verdict: { recommended: string } };
    expect(json.runs.map((r) => r.model)).toEqual(['dummy', 'rules', 'logistic']);
    for (const run of json.runs) {
      expect(Object.keys(run.metrics).sort()).toEqual(['train', 'valid']);
      for (const metric of ['roc_auc', 'average_precision', 'log_loss', 'brier']) expect(run.metrics.valid![metric]!.ci).toHaveLength(2);
      expect(run.fit_seconds).toBeGreaterThan(0);
    }
    expect(json.verdict.recommended).toBe('logistic');
    const listed = JSON.parse(flywheel(['runs', '--json'], cwd).stdout) as { runs: { run_id: string; model: string }[] };
    expect(listed.runs.map((r) => r.model)).toEqual(['logistic', 'rules', 'dummy']);
    const shown = flywheel(['runs', 'show', listed.runs[0]!.run_id.slice(0, 8), '--json'], cwd);
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { artifacts: { name: string }[] }).artifacts.map((a) => a.name)).toEqual(['model_package']);
    const unknown = flywheel(['train', '--model', 'xgboost'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown model kind "xgboost"\nhint: the known kinds are: dummy, rules, logistic, tree, gbt, mlp/);
  });

  it('frame lists the open questions of an unfilled card and exits 1', () => {
    const cwd = scratchDir();
    expect(flywheel(['init', '--data', TELCO, '--target', 'churn'], cwd).code).toBe(0);
    const { code, stdout } = flywheel(['frame', '--json'], cwd);
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { ok: boolean; open_questions: { key: string }[]; data_needs: { estimate_rows: number } };
    expect(json.ok).toBe(false);
    expect(json.open_questions.map((q) => q.key)).toContain('disagreement');
    expect(json.data_needs.estimate_rows).toBeGreaterThan(0);
  });

  it('audit writes the JSON contract and a self-contained HTML report with its sections, and exits 1 on a planted leak', () => {
    const cwd = scratchDir();
    expect(flywheel(['init', '--data', TELCO, '--target', 'churn'], cwd).code).toBe(0);
    const clean = flywheel(['audit', '--json'], cwd);
    expect(clean.code).toBe(0);
    const json = JSON.parse(clean.stdout) as {
      profile: { rows: number; columns: { name: string; missing_pct: number }[] };
      findings: { check: string; severity: string }[];
      skipped: { check: string; needs: string }[];
      report: string;
    };
    expect(json.profile.rows).toBe(7043);
    expect(json.profile.columns.find((c) => c.name === 'total_charges')?.missing_pct).toBeCloseTo((100 * 11) / 7043, 9);
    expect(json.findings.some((f) => f.severity === 'blocking')).toBe(false);
    expect(json.skipped.map((s) => s.check)).toContain('temporal_leakage');
    const html = readFileSync(json.report, 'utf8');
    for (const id of ['summary', 'findings', 'class-balance', 'target-association', 'columns']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);

    const leaky = scratchDir();
    const lines = readFileSync(TELCO, 'utf8').split('\n').filter((l) => l !== '');
    writeFileSync(join(leaky, 'leaky.csv'), [`${lines[0]},status`, ...lines.slice(1).map((l) => `${l},${l.startsWith('Yes') ? 'closed' : 'open'}`)].join('\n'));
    const bare = flywheel(['audit', '--data', join(leaky, 'leaky.csv'), '--target', 'churn', '--no-html'], leaky);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toMatch(/^BLOCKING target_leakage \[status\]/m);
    const refused = flywheel(['train', '--data', join(leaky, 'leaky.csv'), '--target', 'churn', '--model', 'dummy'], leaky);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--accept-risk');
  });
});


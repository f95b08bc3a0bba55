// `flywheel evaluate RUN`: the offline evaluation on the frozen test split (a counted look), printed,
// as JSON with --json, and as a self-contained HTML report.

import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import type { EvaluationResult, ThresholdConsequences } from '../../evaluation/evaluation-result.js';
import type { MetricValue } from '../../evaluation/bootstrap.js';
import { evaluateAndReport } from '../../workflow/evaluate-report.js';
import { trainProject } from '../../workflow/train.js';
import { openProjectStore } from '../../workflow/project.js';
import { contextOf } from '../context.js';
import { int, pct, table, times } from '../render.js';
import { checkKind, resolveProject } from './train.js';

interface EvaluateFlags {
  data?: string;
  target?: string;
  time?: string;
  entity?: string;
  positive?: string;
  splitFile?: string;
  model?: string;
  minSliceSize?: string;
  report?: boolean;
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .argument('[run]', 'a run id or unique prefix (see `flywheel runs`)')
    .description('evaluate a run on the frozen test split: metrics with intervals, threshold, calibration, slices, comparisons (a counted look)')
    .option('--min-slice-size <n>', 'slices with fewer rows are grouped', '30')
    .option('--no-report', 'do not write the HTML report')
    .option('--data <file>', 'fit and evaluate on a bare file (with --target and --model) in a temporary project')
    .option('--target <col>', 'the label column, with --data')
    .option('--model <kind>', 'the model kind to fit, with --data')
    .option('--split-file <file>', 'the split (CSV with columns row and split), with --data')
    .option('--time <col>', 'the time column, with --data')
    .option('--entity <col>', 'the entity column, with --data')
    .option('--positive <label>', 'the positive class, with --data')
    .addHelpText(
      'after',
      `
The test split is frozen: selection happens on validation, and every evaluation on test is counted
and shown ("test set viewed 3 times"). The threshold is chosen on validation for the problem card's
objective — the ml_metric's constraint when it is recall_at_precision(p) or precision_at_recall(r),
else the minimum expected cost from costs:, else the best F1 — and reported with its consequences on test. The report compares the run with the rules baseline and
the current champion on the same test rows (DeLong's test for ROC-AUC, paired bootstrap otherwise).

Examples:
  flywheel evaluate 1a2b3c4d
  flywheel evaluate 1a2b3c4d --json > evaluation.json
  flywheel evaluate --data churn.csv --target churn --model logistic`,
    )
    .action(async (runId: string | undefined, flags: EvaluateFlags, command: Command) => {
      const ctx = contextOf(command);
      const minSliceSize = Number(flags.minSliceSize);
      if (!Number.isInteger(minSliceSize) || minSliceSize < 1) throw new FlywheelError('usage', `--min-slice-size ${flags.minSliceSize} is not a positive integer`, { hint: 'write e.g. --min-slice-size 50' });
      if (flags.data === undefined && runId === undefined) throw new FlywheelError('usage', 'name the run to evaluate', { hint: 'write `flywheel evaluate RUN` (see `flywheel runs`), or --data FILE --target COL --model KIND' });
      if (flags.data !== undefined && flags.model === undefined) throw new FlywheelError('usage', '--data needs --model: the kind to fit and evaluate', { hint: 'add e.g. --model logistic' });
      const project = await resolveProject(ctx, flags);
      const store = await openProjectStore(project);
      try {
        let id = runId;
        if (flags.data !== undefined) {
          const ladder = await trainProject(project, store, { models: [checkKind(flags.model!)] });
          id = ladder.runs[0]!.run_id;
          ctx.progress(`fitted ${flags.model} as run ${id.slice(0, 8)}`);
        }
        const result = await evaluateAndReport(project, store, id!, { minSliceSize, report: flags.report !== false, onStep: (s) => ctx.progress(s) });
        ctx.emit(result, renderEvaluation);
      } finally {
        await store.close();
      }
    });
}

function mv(m: MetricValue | null | undefined): string {
  if (m === undefined || m === null || !Number.isFinite(m.value)) return '-';
  return m.ci === undefined ? m.value.toFixed(4) : `${m.value.toFixed(4)} [${m.ci[0].toFixed(3)}, ${m.ci[1].toFixed(3)}]`;
}

function consequences(c: ThresholdConsequences): string {
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
  const cost = c.cost === null ? '' : `, cost ${c.cost.total.toFixed(0)} (${c.cost.per_row.toFixed(2)}/row)`;
  return `TP ${c.confusion.tp}, FP ${c.confusion.fp}, TN ${c.confusion.tn}, FN ${c.confusion.fn}; precision ${f(c.precision)}, recall ${f(c.recall)}, F1 ${f(c.f1)}; flags ${pct(c.flagged_share)}${cost}`;
}

export function renderEvaluation(r: EvaluationResult & { report?: string | null }): string {
  const names = [...new Set([...Object.keys(r.metrics.valid ?? {}), ...Object.keys(r.metrics.test ?? {})])];
  const weak = r.slices.filter((s) => s.worse);
  const lines = [
    `evaluation of run ${r.run_id.slice(0, 8)} (${r.model}) — test set viewed ${times(r.test_looks)}`,
    '',
    table(
      ['metric', 'valid [95% CI]', 'test [95% CI]'],
      names.map((n) => [n === r.ml_metric?.name ? `${n} (card)` : n, mv(r.metrics.valid?.[n]), mv(r.metrics.test?.[n])]),
    ),
    '',
    `threshold ${r.threshold.value.toFixed(4)}: ${r.threshold.reasoning}${r.threshold.feasible ? '' : ' — NOT FEASIBLE'}`,
    `  valid: ${consequences(r.threshold.valid)}`,
    ...(r.threshold.test === undefined ? [] : [`  test:  ${consequences(r.threshold.test)}`]),
    '',
    `calibration (test): ECE ${r.calibration.ece.toFixed(4)}; Brier ${r.calibration.brier.value.toFixed(4)} = reliability ${r.calibration.brier.reliability.toFixed(4)} − resolution ${r.calibration.brier.resolution.toFixed(4)} + uncertainty ${r.calibration.brier.uncertainty.toFixed(4)}` +
      (r.calibration.calibrator === undefined ? '' : `; ${r.calibration.calibrator.method} calibration took ECE from ${r.calibration.calibrator.ece_before.toFixed(4)} to ${r.calibration.calibrator.ece_after.toFixed(4)}`),
    `slices: ${r.slices.length} over ${new Set(r.slices.map((s) => s.feature)).size} features; ${weak.length === 0 ? 'none significantly worse than the rest' : `${weak.length} significantly worse:`}`,
    ...weak.slice(0, 10).map((s) => `  ${s.feature} = ${s.slice}: roc_auc ${mv(s.roc_auc)} on ${int(s.size)} rows`),
    ...(r.segments.length === 0 ? [] : ['weakest two-feature segments:', ...r.segments.slice(0, 5).map((s) => `  ${s.slice}: roc_auc ${mv(s.roc_auc)} on ${int(s.size)} rows (${s.shortfall.toFixed(3)} below overall${s.worse ? ', significant' : ''})`)]),
    ...r.comparisons.map((c) => {
      const d = c.roc_auc;
      return d === null
        ? `vs ${c.against} (run ${c.run_id.slice(0, 8)}): no DeLong test`
        : `vs ${c.against} (run ${c.run_id.slice(0, 8)}): roc_auc ${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(4)} [${d.ci[0].toFixed(4)}, ${d.ci[1].toFixed(4)}], DeLong p = ${d.p_value.toPrecision(3)}`;
    }),
    ...r.warnings.map((w) => `warning: ${w}`),
    ...(r.report === undefined || r.report === null ? [] : ['', `report: ${r.report}`]),
  ];
  return lines.join('\n');
}

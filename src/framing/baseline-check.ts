// The card's baseline, checked and measured on the data: a rules expression is parsed, type-checked
// against the typed Frame (errors point at the position), refused when it reads the target, and
// scored as a 0/1 predictor; a constant score is scored as the predictor that gives it to every row.

import type { Baseline } from '../core/problem-spec.js';
import type { Frame } from '../core/frame.js';
import type { BinaryTarget } from '../data/target.js';
import { columnReferences, evaluateExpression, expressionError, parseExpression } from '../features/expression/index.js';
import { logLoss, rocAuc } from '../evaluation/metrics.js';

export interface BaselineReport {
  kind: Baseline['kind'] | 'unanswered';
  /** constant: the score every row gets. */
  value?: number;
  /** rules: the expression as written. */
  expression?: string;
  /** rules: rows where the rule fires, and their percentage of all rows. */
  fires_rows?: number;
  fires_pct?: number;
  /** rules, with a target: the share of firing rows that are positive (absent when it never fires). */
  precision?: number;
  /** rules, with a target: the share of positive rows the rule fires on. */
  recall?: number;
  /** With a target: ROC-AUC of the baseline's scores (a rule's 0/1 scores; 0.5 for a constant). */
  roc_auc?: number;
  /** constant, with a target: log loss of the constant probability. */
  log_loss?: number;
}

export interface BaselineCheckOptions {
  target?: BinaryTarget | undefined;
  /** The target column's name (refused in a rule even when no target is given). */
  targetColumn?: string | undefined;
}

export function checkBaseline(baseline: Baseline | undefined, frame: Frame, options: BaselineCheckOptions = {}): BaselineReport {
  if (baseline === undefined) return { kind: 'unanswered' };
  const y = options.target?.y;
  if (y !== undefined && y.length !== frame.nRows) {
    throw new Error(`internal: the target has ${y.length} labels for ${frame.nRows} rows`);
  }
  switch (baseline.kind) {
    case 'none':
      return { kind: 'none' };
    case 'constant': {
      const report: BaselineReport = { kind: 'constant', value: baseline.value };
      if (y === undefined) return report;
      const scores = new Float64Array(frame.nRows).fill(baseline.value);
      return { ...report, roc_auc: rocAuc(scores, y), log_loss: logLoss(scores, y) };
    }
    case 'rules':
      return checkRules(baseline.expression, frame, y, options.targetColumn ?? options.target?.name);
  }
}

function checkRules(expression: string, frame: Frame, y: Uint8Array | undefined, targetColumn: string | undefined): BaselineReport {
  const ast = parseExpression(expression, { context: 'baseline' });
  const leak = targetColumn === undefined ? undefined : columnReferences(ast).find((c) => c.name === targetColumn);
  if (leak !== undefined) {
    throw expressionError(ast.source, ast.context, leak, `the rule reads the target column "${leak.name}"`, {
      hint: 'a baseline rule may use only what is known when the prediction is made; remove the target from it',
    });
  }
  const fired = evaluateExpression(ast, frame);
  const n = frame.nRows;
  let fires = 0;
  let truePositives = 0;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    fires += fired[i]!;
    if (y !== undefined && y[i] === 1) {
      positives++;
      truePositives += fired[i]!;
    }
  }
  const report: BaselineReport = { kind: 'rules', expression, fires_rows: fires, fires_pct: n === 0 ? 0 : (100 * fires) / n };
  if (y === undefined) return report;
  if (fires > 0) report.precision = truePositives / fires;
  if (positives > 0) report.recall = truePositives / positives;
  const auc = rocAuc(Float64Array.from(fired), y);
  if (!Number.isNaN(auc)) report.roc_auc = auc;
  return report;
}

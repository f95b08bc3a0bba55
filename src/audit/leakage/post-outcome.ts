// post_outcome_column (part of target leakage): given the moment each prediction is made, a datetime
// column dated after it on most rows records something that happened later — typically the outcome
// itself (a cancellation date, a last-payment date) — and cannot be known when the model is used.

import { numericColumn, percent, plural, requiredName, rounded } from './check-inputs.js';
import type { Finding, LeakageCheck, LeakageInput } from './types.js';

/** Share of rows dated after the prediction time at which a column is known only after the outcome. */
export const POST_OUTCOME_BLOCKING_SHARE = 0.5;
/** Share at which some rows are dated after the prediction time (late updates, backfills). */
export const POST_OUTCOME_WARNING_SHARE = 0.05;
/** Fewer rows with both dates present than this cannot be judged. */
export const POST_OUTCOME_MIN_ROWS = 20;

const DAY_MS = 86_400_000;

export const postOutcomeColumn: LeakageCheck = {
  name: 'post_outcome_column',
  description: 'a datetime column dated after the prediction time on most rows: known only after the outcome',
  needs: ['prediction_time'],
  run(input: LeakageInput): Finding[] {
    const predictionName = requiredName(input, 'prediction_time');
    const prediction = numericColumn(input, predictionName, 'prediction-time column');
    if (prediction.type !== 'datetime') {
      return [
        {
          check: 'post_outcome_column',
          severity: 'info',
          columns: [predictionName],
          message: `the prediction-time column "${predictionName}" holds ${prediction.type} values, not dates, so datetime columns could not be compared with it`,
          hint: `set its type to datetime in flywheel.yaml (${predictionName}: { type: datetime })`,
          evidence: { status: 'not_datetime', type: prediction.type },
        },
      ];
    }
    const findings: Finding[] = [];
    for (const schemaColumn of input.schema) {
      if (schemaColumn.type !== 'datetime' || schemaColumn.name === predictionName || schemaColumn.role === 'target' || !input.frame.has(schemaColumn.name)) continue;
      const column = numericColumn(input, schemaColumn.name, 'datetime column');
      const found = compare(column.values, prediction.values);
      if (found.compared < POST_OUTCOME_MIN_ROWS) {
        findings.push({
          check: 'post_outcome_column',
          severity: 'info',
          columns: [column.name, predictionName],
          message: `"${column.name}" and "${predictionName}" are both present on ${plural(found.compared, 'row')} only, too few to tell whether "${column.name}" comes after the prediction`,
          hint: 'check by hand when this date is recorded relative to the prediction',
          evidence: { status: 'insufficient_data', rows_compared: found.compared, min_rows: POST_OUTCOME_MIN_ROWS },
        });
        continue;
      }
      const share = found.later / found.compared;
      if (share < POST_OUTCOME_WARNING_SHARE) continue;
      const blocking = share >= POST_OUTCOME_BLOCKING_SHARE;
      const lag = found.medianLaterMs / DAY_MS;
      findings.push({
        check: 'post_outcome_column',
        severity: blocking ? 'blocking' : 'warning',
        columns: [column.name, predictionName],
        message: blocking
          ? `"${column.name}" is later than the prediction time "${predictionName}" on ${percent(share)} of rows (${found.later} of ${found.compared}; median ${lag.toFixed(1)} days later): it is known only after the outcome`
          : `"${column.name}" is later than the prediction time "${predictionName}" on ${percent(share)} of rows (${found.later} of ${found.compared}): on those rows it was recorded or updated after the prediction`,
        hint: blocking
          ? `drop "${column.name}" and every feature derived from it (role: ignore), or replace it with its value as of the prediction time`
          : `use "${column.name}" as of the prediction time (a point-in-time join), or drop it`,
        evidence: {
          rows_compared: found.compared,
          rows_later: found.later,
          share_later: rounded(share),
          median_days_later: rounded(lag, 2),
        },
      });
    }
    return findings;
  },
};

function compare(values: Float64Array, prediction: Float64Array): { compared: number; later: number; medianLaterMs: number } {
  let compared = 0;
  const lags: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const p = prediction[i]!;
    if (Number.isNaN(v) || Number.isNaN(p)) continue;
    compared++;
    if (v > p) lags.push(v - p);
  }
  lags.sort((a, b) => a - b);
  const medianLaterMs = lags.length === 0 ? 0 : lags.length % 2 === 1 ? lags[(lags.length - 1) / 2]! : (lags[lags.length / 2 - 1]! + lags[lags.length / 2]!) / 2;
  return { compared, later: lags.length, medianLaterMs };
}

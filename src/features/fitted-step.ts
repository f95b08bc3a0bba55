// A fitted step: the JSON state one step learned on train (plain data, validated by zod when a
// pipeline is loaded), and the one function that applies any of them to a working set.

import { z } from 'zod';
import { applyBucketize, bucketizeStateSchema } from './bucketize.js';
import { applyClip, clipStateSchema } from './clip.js';
import { applyCross, crossStateSchema } from './cross.js';
import { applyDateParts, datePartsStateSchema } from './date-parts.js';
import { applyImpute, imputeStateSchema } from './impute.js';
import { applyLog1p, log1pStateSchema } from './log1p.js';
import { applyOneHot, oneHotStateSchema } from './one-hot.js';
import { applyOrdinal, ordinalStateSchema } from './ordinal.js';
import { applyRatio, ratioStateSchema } from './ratio.js';
import { applyExpression, expressionStateSchema } from './expression-step.js';
import { applyScale, scaleStateSchema } from './scale.js';
import { applyTargetEncoding, targetEncodingStateSchema } from './target-encoding.js';
import type { WorkingSet } from './working-set.js';

export const fittedStepSchema = z.discriminatedUnion('step', [
  imputeStateSchema,
  scaleStateSchema,
  oneHotStateSchema,
  ordinalStateSchema,
  targetEncodingStateSchema,
  log1pStateSchema,
  clipStateSchema,
  ratioStateSchema,
  datePartsStateSchema,
  bucketizeStateSchema,
  crossStateSchema,
  expressionStateSchema,
]);
export type FittedStep = z.output<typeof fittedStepSchema>;

export function applyStep(state: FittedStep, work: WorkingSet): void {
  switch (state.step) {
    case 'impute':
      return applyImpute(state, work);
    case 'scale':
      return applyScale(state, work);
    case 'one_hot':
      return applyOneHot(state, work);
    case 'ordinal':
      return applyOrdinal(state, work);
    case 'target_encoding':
      return applyTargetEncoding(state, work);
    case 'log1p':
      return applyLog1p(state, work);
    case 'clip':
      return applyClip(state, work);
    case 'ratio':
      return applyRatio(state, work);
    case 'date_parts':
      return applyDateParts(state, work);
    case 'bucketize':
      return applyBucketize(state, work);
    case 'cross':
      return applyCross(state, work);
    case 'expression':
      return applyExpression(state, work);
  }
}

/** The columns a fitted step reads (raw or made by an earlier step), in the order it names them. */
export function columnsReadBy(state: FittedStep): string[] {
  switch (state.step) {
    case 'ratio':
      return [state.numerator, state.denominator];
    case 'cross':
    case 'expression':
      return [...state.columns];
    default:
      return state.columns.map((entry) => entry.column);
  }
}

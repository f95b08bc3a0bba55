// The `gbt` model kind: histogram gradient-boosted trees for binary classification (XGBoost `hist` /
// LightGBM style, XGBoost parameter names). It reads the 'native' encoding: numbers with NaN for missing
// values, categoricals as integer codes listed in FitOptions.categorical. n_jobs = 2 shares the big
// passes with a helper thread (helper-thread.ts) and gives the same model as n_jobs = 1.

import type { ModelKind } from '../estimator.js';
import { fitGbt } from './booster.js';
import { GbtModel } from './gbt-model.js';
import { gbtParams } from './gbt-params.js';

export { fitGbt } from './booster.js';
export { GbtModel, GBT_FORMAT_VERSION } from './gbt-model.js';
export { gbtParams, type GbtParams } from './gbt-params.js';
export type { ImportanceType } from './feature-importance.js';

export const gbtKind: ModelKind<typeof gbtParams, GbtModel> = {
  kind: 'gbt',
  summary: 'gradient-boosted trees (histogram, as XGBoost hist / LightGBM) with native missing values and categoricals',
  params: gbtParams,
  encoding: 'native',
  fit: fitGbt,
  fromJSON: (json) => GbtModel.fromJSON(json),
};

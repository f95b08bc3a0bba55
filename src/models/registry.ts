// The model kinds Flywheel knows, in ladder order, and the one way to look one up by name: an unknown
// kind is an error that lists the known ones (never a silent null).

import { LADDER_KINDS, type LadderKind } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { dummyKind } from './dummy/dummy.js';
import { gbtKind } from './gbt/gbt.js';
import type { Model, ModelJson, ModelKind } from './estimator.js';
import type { ParamTable } from './params.js';
import { logisticKind } from './logistic/logistic.js';
import { mlpKind } from './mlp/mlp.js';
import { rulesKind } from './rules/rules.js';
import { treeKind } from './tree/tree.js';

// Kinds are registered with their own param table types; the registry only needs the shared contract.
const KINDS: Partial<Record<LadderKind, ModelKind<ParamTable, Model>>> = {
  dummy: dummyKind as unknown as ModelKind<ParamTable, Model>,
  rules: rulesKind as unknown as ModelKind<ParamTable, Model>,
  logistic: logisticKind as unknown as ModelKind<ParamTable, Model>,
  tree: treeKind as unknown as ModelKind<ParamTable, Model>,
  gbt: gbtKind as unknown as ModelKind<ParamTable, Model>,
  mlp: mlpKind as unknown as ModelKind<ParamTable, Model>,
};

/** The kinds available in this build, in ladder order. */
export function availableKinds(): LadderKind[] {
  return LADDER_KINDS.filter((k) => KINDS[k] !== undefined);
}

export function modelKind(name: string): ModelKind<ParamTable, Model> {
  const kind = KINDS[name as LadderKind];
  if (kind === undefined) {
    const known = availableKinds();
    const planned = (LADDER_KINDS as readonly string[]).includes(name);
    throw new FlywheelError('usage', planned ? `the ${name} model is not available in this version of Flywheel` : `unknown model kind "${name}"`, {
      hint: `${planned ? '' : `${didYouMean(name, known) ?? ''} `}the known kinds are: ${known.join(', ')}`.trim(),
    });
  }
  return kind;
}

/** Rebuild a fitted model from its JSON (kind read from the JSON). */
export function modelFromJSON(json: ModelJson): Model {
  return modelKind(String(json.kind)).fromJSON(json);
}

// The leakage checks, in report order. Each is a pure function plus its metadata (name, description,
// the inputs it needs); adding a check means writing its file and listing it here.

import { conflictingLabels } from './conflicting-labels.js';
import { duplicateLeakage } from './duplicate-leakage.js';
import { entityCandidates } from './entity-candidates.js';
import { groupLeakage } from './group-leakage.js';
import { idLike } from './id-like.js';
import { pipelineLeakage } from './pipeline-leakage.js';
import { postOutcomeColumn } from './post-outcome.js';
import { targetLeakage } from './target-leakage.js';
import { temporalLeakage } from './temporal-leakage.js';
import type { LeakageCheck } from './types.js';

export const LEAKAGE_CHECKS: readonly LeakageCheck[] = Object.freeze([
  targetLeakage,
  postOutcomeColumn,
  idLike,
  temporalLeakage,
  groupLeakage,
  entityCandidates,
  duplicateLeakage,
  conflictingLabels,
  pipelineLeakage,
]);

// entity_candidates: the entity column itself. Without one, columns that look like entity keys —
// categorical or id columns whose values repeat (each value on a few rows) — are suggested, since rows
// of one customer split across train and test leak. With one whose values are all unique, it cannot
// define groups, and a group split on it is a random split.

import { isCoded } from '../../core/frame.js';
import { looksLikeIdName } from '../../data/infer.js';
import { plural, rounded } from './check-inputs.js';
import { groupsOf, medianGroupSize } from './groups.js';
import type { Finding, LeakageCheck, LeakageInput } from './types.js';

/** A suggested entity has between these shares of distinct values among present rows… */
export const ENTITY_MIN_DISTINCT_SHARE = 0.05;
export const ENTITY_MAX_DISTINCT_SHARE = 0.9;
/** …and a median of at least this many rows per value. */
export const ENTITY_MIN_MEDIAN_GROUP = 2;

export const entityCandidates: LeakageCheck = {
  name: 'entity_candidates',
  description: 'without an entity column, columns that look like one; with one, whether it can define groups',
  needs: [],
  run(input: LeakageInput): Finding[] {
    return input.entity === undefined ? suggest(input) : checkEntity(input, input.entity);
  },
};

function checkEntity(input: LeakageInput, entityName: string): Finding[] {
  const groups = groupsOf(input.frame.column(entityName, 'entity column'));
  if (groups.present === 0 || groups.sizes.length < groups.present) return [];
  return [
    {
      check: 'entity_candidates',
      severity: 'warning',
      columns: [entityName],
      message: `the entity column "${entityName}" has a different value on every row (${groups.present} rows): it cannot define groups, so a group split on it is a random split`,
      hint: 'set role: entity on the column that identifies who a row is about (a customer id repeated across their rows), or remove the entity role',
      evidence: { issue: 'all_unique', rows: groups.present, distinct: groups.sizes.length },
    },
  ];
}

function suggest(input: LeakageInput): Finding[] {
  const candidates: Record<string, unknown>[] = [];
  for (const schemaColumn of input.schema) {
    if (schemaColumn.role === 'target' || schemaColumn.role === 'time' || !input.frame.has(schemaColumn.name)) continue;
    const column = input.frame.column(schemaColumn.name);
    const keyLike = isCoded(column) ? column.type !== 'text' : column.type === 'numeric' && looksLikeIdName(column.name) && isIntegral(column.values);
    if (!keyLike) continue;
    const groups = groupsOf(column);
    if (groups.present === 0) continue;
    const share = groups.sizes.length / groups.present;
    const median = medianGroupSize(groups.sizes);
    if (share < ENTITY_MIN_DISTINCT_SHARE || share > ENTITY_MAX_DISTINCT_SHARE || median < ENTITY_MIN_MEDIAN_GROUP) continue;
    candidates.push({ column: column.name, distinct: groups.sizes.length, distinct_share: rounded(share), median_rows_per_value: median });
  }
  if (candidates.length === 0) return [];
  const names = candidates.map((c) => c.column as string);
  return [
    {
      check: 'entity_candidates',
      severity: 'info',
      columns: names,
      message: `no entity column is declared, and ${plural(names.length, 'column')} look${names.length === 1 ? 's' : ''} like one (values repeating over a few rows each): ${names.map((n) => `"${n}"`).join(', ')}`,
      hint: `if rows sharing a ${names.length === 1 ? 'value' : 'value of one of these'} are about the same customer, patient or account, declare it (--entity ${names[0]}, or role: entity) so the split keeps each on one side`,
      evidence: { issue: 'suggested_entities', candidates },
    },
  ];
}

function isIntegral(values: Float64Array): boolean {
  for (const v of values) if (!Number.isNaN(v) && !Number.isInteger(v)) return false;
  return true;
}

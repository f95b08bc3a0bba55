// Which live variant serves a unit: the canary takes P% of units, the champion the rest. A unit's
// bucket is a hash of a per-experiment salt and its id, so the split is deterministic and sticky (the
// same unit always lands on the same side while the salt is unchanged) and independent across
// experiments. A request without a unit id gets a random draw, logged as such.

import { createHash } from 'node:crypto';

/** Buckets per unit hash: a canary share has a resolution of 0.01 percentage points. */
export const BUCKETS = 10_000;

/** The unit's bucket in [0, BUCKETS): the first 48 bits of sha256(salt + "\n" + unitId), reduced. */
export function unitBucket(salt: string, unitId: string): number {
  const digest = createHash('sha256').update(salt).update('\n').update(unitId).digest();
  return digest.readUIntBE(0, 6) % BUCKETS;
}

export type LiveVariantName = 'champion' | 'canary';

export interface TrafficAssignment {
  variant: LiveVariantName;
  /** The probability with which this variant is chosen for such a unit (or request). */
  propensity: number;
  assignment: 'unit' | 'random';
}

/**
 * Assigns a unit (or, without a unit id, a draw `random` in [0, 1)) to the champion or the canary.
 * With no canary (or a share of 0) everything goes to the champion with propensity 1.
 */
export function assignVariant(canaryPercent: number | undefined, salt: string, unitId: string | undefined, random: () => number): TrafficAssignment {
  const assignment = unitId === undefined ? 'random' : 'unit';
  const share = canaryPercent === undefined ? 0 : Math.min(100, Math.max(0, canaryPercent));
  if (share === 0) return { variant: 'champion', propensity: 1, assignment };
  const canaryBuckets = Math.round((share / 100) * BUCKETS);
  const bucket = unitId === undefined ? Math.floor(random() * BUCKETS) : unitBucket(salt, unitId);
  const toCanary = bucket < canaryBuckets;
  const canaryShare = canaryBuckets / BUCKETS;
  return toCanary ? { variant: 'canary', propensity: canaryShare, assignment } : { variant: 'champion', propensity: 1 - canaryShare, assignment };
}

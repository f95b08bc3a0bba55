// Bootstrap replicates of the part and rest AUCs of one partition. Each replicate resamples rows
// within every (part, class) stratum, so a part's own resample is a stratified bootstrap of its rows
// and is independent of the rest's, which is a stratified bootstrap of the other rows.

import { Rng } from '../core/rng.js';
import { PartAucScratch, partAucs, type PartAucs, type RankedRows } from './slice-auc.js';

export interface PartitionReplicates {
  /** Replicate r of part k at [r · nParts + k]. */
  auc: Float64Array;
  restAuc: Float64Array;
  replicates: number;
}

/** `replicates` stratified resamples (keys in position order); NaN where a side has one class. */
export function bootstrapPartition(ranked: RankedRows, keys: Int32Array, nParts: number, replicates: number, seed: number): PartitionReplicates {
  const nStrata = 2 * nParts;
  const offsets = new Uint32Array(nStrata + 1);
  for (let p = 0; p < keys.length; p++) offsets[2 * keys[p]! + ranked.y[p]! + 1]!++;
  for (let s = 0; s < nStrata; s++) offsets[s + 1]! += offsets[s]!;
  const members = new Uint32Array(keys.length);
  const fill = offsets.slice(0, nStrata);
  for (let p = 0; p < keys.length; p++) members[fill[2 * keys[p]! + ranked.y[p]!]!++] = p;

  const rng = new Rng(seed);
  const weights = new Float64Array(keys.length);
  const scratch = new PartAucScratch(nParts);
  const auc = new Float64Array(replicates * nParts);
  const restAuc = new Float64Array(replicates * nParts);
  let pass: PartAucs | undefined;
  for (let r = 0; r < replicates; r++) {
    weights.fill(0);
    for (let s = 0; s < nStrata; s++) {
      const start = offsets[s]!;
      const size = offsets[s + 1]! - start;
      for (let j = 0; j < size; j++) weights[members[start + rng.nextInt(size)]!]!++;
    }
    pass = partAucs(ranked, keys, scratch, weights, pass);
    auc.set(pass.auc, r * nParts);
    restAuc.set(pass.restAuc, r * nParts);
  }
  return { auc, restAuc, replicates };
}

/** The replicate values of one part. */
export function partSamples(samples: Float64Array, nParts: number, part: number): number[] {
  const out: number[] = [];
  for (let i = part; i < samples.length; i += nParts) out.push(samples[i]!);
  return out;
}

/** A 32-bit seed for one feature (or feature pair): results for a feature do not depend on the others analysed. */
export function featureSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// Bootstrap replicates of the part and rest AUCs of partitions of the rows. Each replicate resamples
// rows within every (part, class) stratum, so a part's resample is a stratified bootstrap of its own
// rows, independent of the rest's (a stratified bootstrap of the other rows). One block of random
// numbers per replicate serves every partition: draws cost n per replicate, not n per feature.

import { Rng } from '../core/rng.js';
import { PartAucScratch, partAucs, type PartAucs, type RankedRows } from './slice-auc.js';

/** A partition to bootstrap: part keys in position order. */
export interface KeyedPartition {
  keys: Int32Array;
  nParts: number;
}

export interface PartitionReplicates {
  /** Replicate r of part k at [r · nParts + k]; NaN where a side has one class. */
  auc: Float64Array;
  restAuc: Float64Array;
  nParts: number;
}

/** 2^-32: multiplying by a power of two is exact, so floor(u · size · 2^-32) is the multiply-shift index. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * `replicates` stratified resamples of each partition. Replicates of different partitions share
 * random numbers (they are dependent across partitions, each one exact on its own), so a partition's
 * result does not depend on which other partitions are analysed with it.
 */
export function bootstrapPartitions(ranked: RankedRows, partitions: readonly KeyedPartition[], replicates: number, seed: number): PartitionReplicates[] {
  const n = ranked.order.length;
  const strata = partitions.map((p) => strataOf(ranked, p));
  const outputs = partitions.map((p) => ({ auc: new Float64Array(replicates * p.nParts), restAuc: new Float64Array(replicates * p.nParts), nParts: p.nParts }));
  const scratches = partitions.map((p) => new PartAucScratch(p.nParts));
  const passes: (PartAucs | undefined)[] = partitions.map(() => undefined);
  const rng = new Rng(seed);
  const uniform = new Uint32Array(n);
  const weights = new Float64Array(n);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) uniform[i] = rng.nextUint32();
    partitions.forEach((partition, f) => {
      const { offsets, members } = strata[f]!;
      weights.fill(0);
      for (let s = 0; s + 1 < offsets.length; s++) {
        const start = offsets[s]!;
        const size = offsets[s + 1]! - start;
        // Multiply-shift maps a 32-bit draw to [0, size); its bias (< size / 2^32) is negligible.
        for (let j = 0; j < size; j++) {
          const p = members[start + ((uniform[start + j]! * size * TWO_POW_MINUS_32) | 0)]!;
          weights[p] = weights[p]! + 1;
        }
      }
      const pass = partAucs(ranked, partition.keys, scratches[f]!, weights, passes[f]);
      passes[f] = pass;
      outputs[f]!.auc.set(pass.auc, r * partition.nParts);
      outputs[f]!.restAuc.set(pass.restAuc, r * partition.nParts);
    });
  }
  return outputs;
}

/** Positions grouped by stratum (part, class): stratum s holds members[offsets[s] … offsets[s + 1] − 1]. */
function strataOf(ranked: RankedRows, partition: KeyedPartition): { offsets: Uint32Array; members: Uint32Array } {
  const { keys, nParts } = partition;
  const nStrata = 2 * nParts;
  const offsets = new Uint32Array(nStrata + 1);
  for (let p = 0; p < keys.length; p++) offsets[2 * keys[p]! + ranked.y[p]! + 1]!++;
  for (let s = 0; s < nStrata; s++) offsets[s + 1]! += offsets[s]!;
  const members = new Uint32Array(keys.length);
  const fill = offsets.slice(0, nStrata);
  for (let p = 0; p < keys.length; p++) members[fill[2 * keys[p]! + ranked.y[p]!]!++] = p;
  return { offsets, members };
}

/** The replicate values of one part. */
export function partSamples(replicates: PartitionReplicates, which: 'auc' | 'restAuc', part: number): number[] {
  const samples = replicates[which];
  const out: number[] = [];
  for (let i = part; i < samples.length; i += replicates.nParts) out.push(samples[i]!);
  return out;
}

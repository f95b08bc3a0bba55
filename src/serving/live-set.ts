// The live set: the model versions serving right now (champion, canary with its share, shadow), each
// loaded once from its verified package. A live set is immutable: a registry change builds a new
// one and swaps the reference, so a request keeps the set it started with until it ends.

import { FlywheelError } from '../core/errors.js';
import type { PipelineInputColumn } from '../features/pipeline-input.js';
import { liveAliases, type LiveAlias } from '../registry/aliases.js';
import type { RegistryStore } from '../store/types.js';
import { loadModelPackage, scoreRecords, type ModelPackageJson } from '../tracking/model-package.js';

export type ServingAlias = 'champion' | 'canary' | 'shadow';

/** The aliases a server loads; challenger is evaluated offline only. */
export const SERVING_ALIASES: readonly ServingAlias[] = ['champion', 'canary', 'shadow'];

/** One loaded model version. */
export interface LiveModel {
  model: string;
  version: number;
  sha256: string;
  kind: string;
  runId: string;
  threshold: number;
  target: { name: string; positive: string; negative: string };
  inputColumns: readonly PipelineInputColumn[];
  loadedAtMs: number;
  /** Probabilities of the positive class for records already checked against `inputColumns`. */
  score(records: readonly Record<string, unknown>[]): Float64Array;
}

export interface LiveVariant {
  alias: ServingAlias;
  /** Canary only: its share of units, in percent. */
  trafficPercent?: number;
  loaded: LiveModel;
}

export interface LiveSet {
  model: string;
  champion?: LiveVariant;
  canary?: LiveVariant;
  shadow?: LiveVariant;
  /** The salt of the canary's unit hash. */
  trafficSalt: string;
  builtAtMs: number;
}

export function liveModelFromPackage(model: string, version: number, pkg: unknown, nowMs: number): LiveModel {
  const loaded = loadModelPackage(pkg);
  const json: ModelPackageJson = loaded.json;
  return {
    model,
    version,
    sha256: json.sha256,
    kind: json.kind,
    runId: json.run_id,
    threshold: json.threshold.value,
    target: json.target,
    inputColumns: loaded.pipeline.inputColumns,
    loadedAtMs: nowMs,
    score: (records) => scoreRecords(loaded, records),
  };
}

/** The canary's hash salt: configured, else one per model and canary version (each canary is its own experiment). */
export function trafficSaltFor(model: string, canaryVersion: number | undefined, configured: string | undefined): string {
  return configured ?? `${model}/canary/v${canaryVersion ?? 0}`;
}

/** What identifies a live set's content: two sets with the same key serve identically. */
export function liveKey(aliases: Partial<Record<string, LiveAlias>>): string {
  return SERVING_ALIASES.map((alias) => {
    const a = aliases[alias];
    return a === undefined ? `${alias}:-` : `${alias}:${a.version}:${a.trafficPercent ?? ''}`;
  }).join(' ');
}

export function keyOfSet(set: LiveSet): string {
  return liveKey(Object.fromEntries(SERVING_ALIASES.flatMap((alias) => (set[alias] === undefined ? [] : [[alias, { version: set[alias].loaded.version, trafficPercent: set[alias].trafficPercent }]]))));
}

export interface BuildLiveSetOptions {
  registry: RegistryStore;
  model: string;
  trafficSalt: string | undefined;
  /** Versions already loaded (by version number), reused without reading their packages again. */
  loaded: ReadonlyMap<number, LiveModel>;
  nowMs: number;
}

/** Reads the aliases and loads the versions not loaded yet. A package that fails to load fails the build. */
export async function buildLiveSet(options: BuildLiveSetOptions): Promise<LiveSet> {
  const { registry, model, nowMs } = options;
  const aliases = await liveAliases(registry, model);
  const set: LiveSet = { model, trafficSalt: trafficSaltFor(model, aliases.canary?.version, options.trafficSalt), builtAtMs: nowMs };
  for (const alias of SERVING_ALIASES) {
    const live = aliases[alias];
    if (live === undefined) continue;
    let loaded = options.loaded.get(live.version);
    if (loaded === undefined) {
      const record = await registry.getVersion(model, live.version);
      if (record === undefined) {
        throw new FlywheelError('not_found', `${alias} of ${model} points to version ${live.version}, which is not in the registry`, { hint: '`flywheel models` lists the versions' });
      }
      loaded = liveModelFromPackage(model, live.version, record.package, nowMs);
    }
    set[alias] = { alias, loaded, ...(alias === 'canary' && live.trafficPercent !== undefined ? { trafficPercent: live.trafficPercent } : {}) };
  }
  return set;
}

/** Every loaded version of a set, by version number (for the next build to reuse). */
export function modelsOf(set: LiveSet | undefined): Map<number, LiveModel> {
  const out = new Map<number, LiveModel>();
  if (set === undefined) return out;
  for (const alias of SERVING_ALIASES) {
    const variant = set[alias];
    if (variant !== undefined) out.set(variant.loaded.version, variant.loaded);
  }
  return out;
}

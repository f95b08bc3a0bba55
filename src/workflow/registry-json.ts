// The registry's documents as the JSON API answers them: snake_case keys and ISO times, the same
// shapes as `flywheel models --json` and `flywheel models history --json`, so scripts can read either.

import type { AliasEvent } from '../store/types.js';
import type { ModelHistory, ModelsListing } from './registry.js';

export interface ModelVersionJson {
  version: number;
  aliases: string[];
  kind: string | null;
  run_id: string | null;
  sha256: string;
  registered_at: string;
  description: string | null;
  test_roc_auc: number | null;
  traffic_percent: number | null;
}

export interface ModelsJson {
  model: string;
  aliases: Record<string, number>;
  versions: ModelVersionJson[];
}

export interface AliasEventJson {
  model: string;
  alias: string;
  version: number | null;
  previous_version: number | null;
  actor: string;
  reason: string;
  at: string;
  /** What the change recorded beyond who and why: the gate result of a promotion to champion, a canary's traffic share. */
  details?: unknown;
}

export interface ModelHistoryJson {
  model: string;
  events: AliasEventJson[];
  at?: { time: string; aliases: Record<string, number> };
}

export function modelsJson(listing: ModelsListing): ModelsJson {
  return {
    model: listing.model,
    aliases: listing.aliases,
    versions: listing.versions.map((v) => ({
      version: v.version,
      aliases: v.aliases,
      kind: v.kind,
      run_id: v.runId ?? null,
      sha256: v.sha256,
      registered_at: new Date(v.createdAtMs).toISOString(),
      description: v.description ?? null,
      test_roc_auc: v.test_roc_auc,
      traffic_percent: v.traffic_percent,
    })),
  };
}

export function aliasEventJson(e: AliasEvent): AliasEventJson {
  return { model: e.name, alias: e.alias, version: e.version, previous_version: e.previousVersion, actor: e.actor, reason: e.reason, at: new Date(e.atMs).toISOString(), ...(e.gate === undefined ? {} : { details: e.gate }) };
}

export function modelHistoryJson(history: ModelHistory): ModelHistoryJson {
  return { model: history.model, events: history.events.map(aliasEventJson), ...(history.at === undefined ? {} : { at: history.at }) };
}

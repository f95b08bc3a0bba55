// Model version, alias event and model summary rows as both backends store them, and the mapping
// from rows to the records the registry interface returns. The SQL around them is each backend's own.

import { fromJsonText } from './json-text.js';
import type { AliasEvent, ModelSummary, ModelVersionRecord, ModelVersionSummary } from './types.js';

export interface VersionSummaryRow {
  name: string;
  version: number;
  run_id: string | null;
  sha256: string;
  description: string | null;
  created_at_ms: number;
}

export interface VersionRow extends VersionSummaryRow {
  package_json: string;
}

export interface AliasEventRow {
  name: string;
  alias: string;
  version: number | null;
  previous_version: number | null;
  actor: string;
  reason: string;
  at_ms: number;
  gate_json: string | null;
}

export interface ModelRow {
  name: string;
  latest_version: number;
  version_count: number;
  first_created_at_ms: number;
  last_created_at_ms: number;
}

export const VERSION_SUMMARY_COLUMNS = 'name, version, run_id, sha256, description, created_at_ms';

export function versionSummaryFromRow(row: VersionSummaryRow): ModelVersionSummary {
  const summary: ModelVersionSummary = {
    name: row.name,
    version: row.version,
    sha256: row.sha256,
    createdAtMs: row.created_at_ms,
  };
  if (row.run_id !== null) summary.runId = row.run_id;
  if (row.description !== null) summary.description = row.description;
  return summary;
}

export function versionFromRow(row: VersionRow): ModelVersionRecord {
  return {
    ...versionSummaryFromRow(row),
    package: fromJsonText<unknown>(row.package_json, `model ${row.name} version ${row.version}: package`),
  };
}

/** An alias history event as the stores write it: the gate already checked and turned into JSON text. */
export type AliasEventInput = Omit<AliasEvent, 'gate'> & { gateJson: string | null };

export function aliasEventToRow(event: AliasEventInput): AliasEventRow {
  return {
    name: event.name,
    alias: event.alias,
    version: event.version,
    previous_version: event.previousVersion,
    actor: event.actor,
    reason: event.reason,
    at_ms: event.atMs,
    gate_json: event.gateJson,
  };
}

export function eventFromRow(row: AliasEventRow): AliasEvent {
  const event: AliasEvent = {
    name: row.name,
    alias: row.alias,
    version: row.version,
    previousVersion: row.previous_version,
    actor: row.actor,
    reason: row.reason,
    atMs: row.at_ms,
  };
  if (row.gate_json !== null) event.gate = fromJsonText<unknown>(row.gate_json, `model ${row.name} alias ${row.alias}: gate`);
  return event;
}

/** Each model's summary, with its aliases (rows of model_aliases) gathered by model name. */
export function modelSummariesFromRows(
  models: readonly ModelRow[],
  aliases: readonly { name: string; alias: string; version: number }[],
): ModelSummary[] {
  const aliasesByName = new Map<string, Record<string, number>>();
  for (const { name, alias, version } of aliases) {
    let byAlias = aliasesByName.get(name);
    if (byAlias === undefined) aliasesByName.set(name, (byAlias = {}));
    byAlias[alias] = version;
  }
  return models.map((row) => ({
    name: row.name,
    latestVersion: row.latest_version,
    versionCount: row.version_count,
    createdAtMs: row.first_created_at_ms,
    updatedAtMs: row.last_created_at_ms,
    aliases: aliasesByName.get(row.name) ?? {},
  }));
}

// Registry operations over the store: a run's model package registered once as a version, aliases
// moved with an event that says who, when, from, to and why, rollback to the version an alias pointed
// to before its last change, and the aliases as they stood at any moment of the history.

import { FlywheelError } from '../core/errors.js';
import { closestNames } from '../core/suggest.js';
import type { AliasEvent, ModelVersionRecord, RegistryStore } from '../store/types.js';
import type { ModelPackageJson } from '../tracking/model-package.js';

/** The aliases a version can hold; serving reads them (champion serves, canary and shadow alongside). */
export const ALIASES = ['champion', 'challenger', 'shadow', 'canary'] as const;
export type Alias = (typeof ALIASES)[number];

export function checkAlias(alias: string): Alias {
  if ((ALIASES as readonly string[]).includes(alias)) return alias as Alias;
  const closest = closestNames(alias, ALIASES, 1)[0];
  throw new FlywheelError('usage', `unknown alias "${alias}"${closest === undefined ? '' : ` (did you mean "${closest}"?)`}; the aliases are ${ALIASES.join(', ')}`, { hint: `write e.g. --to ${closest ?? 'champion'}` });
}

/** The version holding this run's package, registering it first when the run was never registered. */
export async function versionForRun(registry: RegistryStore, name: string, runId: string, pkg: ModelPackageJson, atMs: number): Promise<{ version: ModelVersionRecord | Omit<ModelVersionRecord, 'package'>; created: boolean }> {
  const existing = (await registry.listVersions(name)).find((v) => v.runId === runId && v.sha256 === pkg.sha256);
  if (existing !== undefined) return { version: existing, created: false };
  const version = await registry.registerVersion({ name, runId, sha256: pkg.sha256, package: pkg, createdAtMs: atMs, description: `${pkg.kind} from run ${runId.slice(0, 8)}` });
  return { version, created: true };
}

export interface RollbackInput {
  name: string;
  alias: Alias;
  /** An explicit version to return to; default: the version before the alias's last change. */
  toVersion?: number | undefined;
  actor: string;
  reason: string;
  atMs: number;
}

/** Point the alias back (or to `toVersion`); an alias that had no previous version is removed. */
export async function rollbackAlias(registry: RegistryStore, input: RollbackInput): Promise<AliasEvent> {
  const current = await registry.getAlias(input.name, input.alias);
  if (current === undefined) {
    throw new FlywheelError('not_found', `model ${input.name} has no ${input.alias}; nothing to roll back`, { hint: '`flywheel models` lists the aliases that are set' });
  }
  let target = input.toVersion;
  if (target === undefined) {
    const events = (await registry.aliasHistory(input.name)).filter((e) => e.alias === input.alias);
    const last = events[events.length - 1];
    target = last?.previousVersion ?? undefined;
  }
  if (target === undefined) {
    return registry.removeAlias({ name: input.name, alias: input.alias, actor: input.actor, reason: input.reason, atMs: input.atMs });
  }
  if (target === current) throw new FlywheelError('usage', `${input.alias} of ${input.name} is already version ${current}`, { hint: 'name another version with --to-version N' });
  return registry.setAlias({ name: input.name, alias: input.alias, version: target, actor: input.actor, reason: input.reason, atMs: input.atMs });
}

/** Alias → version as it stood at `atMs` (events at exactly `atMs` included), replayed from the history. */
export function aliasesAt(events: readonly AliasEvent[], atMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const event of events) {
    if (event.atMs > atMs) break;
    if (event.version === null) delete out[event.alias];
    else out[event.alias] = event.version;
  }
  return out;
}

/** One alias as serving reads it: the version, and for a canary its share of units in percent. */
export interface LiveAlias {
  version: number;
  /** Canary only: the percentage of units routed to it (recorded with the promotion). */
  trafficPercent?: number;
}

/**
 * The aliases currently set for a model, each with the details recorded by its last change: a
 * canary's traffic share is stored with the promotion event (`flywheel promote --to canary --traffic P`).
 */
export async function liveAliases(registry: RegistryStore, name: string): Promise<Partial<Record<Alias, LiveAlias>>> {
  const current = await registry.aliases(name);
  const events = await registry.aliasHistory(name);
  const out: Partial<Record<Alias, LiveAlias>> = {};
  for (const alias of ALIASES) {
    const version = current[alias];
    if (version === undefined) continue;
    const last = events.filter((e) => e.alias === alias && e.version === version).at(-1);
    const traffic = (last?.gate as { traffic_percent?: unknown } | undefined)?.traffic_percent;
    out[alias] = typeof traffic === 'number' ? { version, trafficPercent: traffic } : { version };
  }
  return out;
}

// The registry stage: `promote RUN --to ALIAS` (champion only through the gate, confirmed on the frozen
// test set), `rollback`, `models` and `models history`. Every alias change is an event in the store.

import { FlywheelError } from '../core/errors.js';
import { HIGHER_IS_BETTER } from '../evaluation/metrics.js';
import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { aliasesAt, checkAlias, liveAliases, rollbackAlias, versionForRun, type Alias } from '../registry/aliases.js';
import { evaluateGate, type GateResult } from '../registry/gate.js';
import { registeredModelName } from '../registry/model-name.js';
import type { AliasEvent, ModelVersionSummary, RunRecord, Store } from '../store/types.js';
import { actorName } from '../tracking/actor.js';
import { evaluateRun, type EvaluateOptions } from './evaluate.js';
import type { Project } from './project.js';
import { asSplit, requireRun, runDataset, runPackage } from './run-data.js';
import { leakageAudit } from './leakage.js';
import { ladderCriteria } from './train.js';

export interface PromoteOptions {
  to: string;
  /** Share of traffic for a canary, 0–100 (recorded with the event). */
  traffic?: number | undefined;
  /** Override a failed gate; the reason is recorded. */
  force?: string | undefined;
  reason?: string | undefined;
  /** Who is recorded with the change (default: FLYWHEEL_ACTOR or the OS user). */
  actor?: string | undefined;
  evaluate?: Omit<EvaluateOptions, 'purpose'> | undefined;
  /**
   * An evaluation of this run made just before (its look already counted), for the gate to read
   * instead of evaluating again; ignored unless it is of this run and was compared with the current champion.
   */
  evaluation?: EvaluationResult | undefined;
}

export interface PromoteResult {
  model: string;
  version: number;
  alias: Alias;
  previous_version: number | null;
  /** Whether the alias was moved (false when the gate failed and nothing changed). */
  promoted: boolean;
  registered: boolean;
  gate: GateResult | null;
  evaluation: Pick<EvaluationResult, 'metrics' | 'comparisons' | 'test_looks' | 'calibration'> | null;
  event: AliasEvent | null;
}

function checkTraffic(alias: Alias, traffic: number | undefined): void {
  if (traffic === undefined) {
    if (alias === 'canary') throw new FlywheelError('usage', 'a canary needs its share of traffic', { hint: 'add --traffic PERCENT, e.g. --traffic 5' });
    return;
  }
  if (alias !== 'canary') throw new FlywheelError('usage', `--traffic applies to a canary only (found --to ${alias})`, { hint: 'drop --traffic, or promote --to canary' });
  if (!Number.isFinite(traffic) || traffic <= 0 || traffic >= 100) {
    throw new FlywheelError('usage', `--traffic ${traffic} is not a percentage between 0 and 100 (exclusive)`, { hint: 'write e.g. --traffic 5 for 5% of units' });
  }
}

export async function promoteRun(project: Project, store: Store, runId: string, options: PromoteOptions): Promise<PromoteResult> {
  const alias = checkAlias(options.to);
  checkTraffic(alias, options.traffic);
  if (options.force !== undefined && options.force.trim() === '') throw new FlywheelError('usage', '--force needs a reason', { hint: 'write --force "<why the gate is overridden>"' });
  const run = await requireRun(store, runId);
  const pkg = await runPackage(store, run);
  const name = registeredModelName(project.config);
  const current = await store.registry.getAlias(name, alias);
  const existing = (await store.registry.listVersions(name)).find((v) => v.runId === run.id && v.sha256 === pkg.json.sha256);
  const trafficChange = alias === 'canary' && existing !== undefined && current === existing.version && (await liveAliases(store.registry, name)).canary?.trafficPercent !== options.traffic;
  if (existing !== undefined && current === existing.version && !trafficChange) {
    throw new FlywheelError('usage', `run ${run.id.slice(0, 8)} is already ${alias} of ${name} (version ${current})`, { hint: '`flywheel models` shows the aliases' });
  }

  let gate: GateResult | null = null;
  let evaluation: EvaluationResult | null = null;
  if (alias === 'champion') {
    const championRun = current === undefined ? undefined : (await store.registry.getVersion(name, current))?.runId;
    const reusable = options.evaluation !== undefined && options.evaluation.run_id === run.id && (championRun === undefined || options.evaluation.comparisons.some((c) => c.against === 'champion' && c.run_id === championRun));
    evaluation = reusable ? options.evaluation! : await evaluateRun(project, store, run.id, { ...options.evaluate, purpose: 'promotion gate' });
    const { metric, minImprovement } = ladderCriteria(project.config);
    const hasChampion = evaluation.comparisons.some((c) => c.against === 'champion');
    const accepted = run.info?.accepted_risk as { reason?: string; findings?: { check: string; columns?: string[] }[] } | undefined;
    const blocking = await blockingFindings(project, store, run, pkg.json.target, accepted?.findings ?? []);
    gate = evaluateGate({
      evaluation,
      against: hasChampion ? 'champion' : evaluation.comparisons.some((c) => c.against === 'baseline') ? 'baseline' : undefined,
      metric,
      higherIsBetter: HIGHER_IS_BETTER[metric],
      minImprovement,
      maxSliceDrop: project.config.registry.gate.max_slice_drop,
      maxEce: project.config.registry.gate.max_ece,
      blockingFindings: blocking,
      acceptedRisk: accepted?.reason,
    });
    if (!gate.passed && options.force !== undefined) gate.forced = { reason: options.force.trim() };
  }
  const summary = evaluation === null ? null : { metrics: evaluation.metrics, comparisons: evaluation.comparisons, test_looks: evaluation.test_looks, calibration: evaluation.calibration };
  if (gate !== null && !gate.passed && gate.forced === undefined) {
    return { model: name, version: existing?.version ?? 0, alias, previous_version: current ?? null, promoted: false, registered: false, gate, evaluation: summary, event: null };
  }
  const atMs = Date.now();
  const { version, created } = await versionForRun(store.registry, name, run.id, pkg.json, atMs);
  const forcedReason = gate?.forced?.reason;
  const reason = forcedReason ?? options.reason?.trim() ?? (gate === null ? `promoted to ${alias}` : 'promotion gate passed');
  const event = await store.registry.setAlias({
    name,
    alias,
    version: version.version,
    actor: options.actor ?? actorName(),
    reason: forcedReason !== undefined ? `forced: ${reason}` : reason,
    atMs,
    ...(gate === null && options.traffic === undefined ? {} : { gate: { ...(gate ?? {}), ...(options.traffic === undefined ? {} : { traffic_percent: options.traffic }) } }),
  });
  return { model: name, version: version.version, alias, previous_version: current ?? null, promoted: true, registered: created, gate, evaluation: summary, event };
}

/** The leakage audit's blocking findings on the run's own snapshot and split, marked when training accepted them. */
async function blockingFindings(
  project: Project,
  store: Store,
  run: RunRecord,
  target: { name: string; positive: string },
  accepted: readonly { check: string; columns?: string[] }[],
): Promise<{ check: string; message: string; accepted: boolean }[]> {
  const { dataset, split } = await runDataset(project, store, run, target);
  const audit = await leakageAudit(project, store, dataset, asSplit(split), [run.id]);
  const key = (check: string, columns: readonly string[] = []) => `${check}:${[...columns].sort().join(',')}`;
  const acceptedKeys = new Set(accepted.map((f) => key(f.check, f.columns)));
  return audit.findings.filter((f) => f.severity === 'blocking').map((f) => ({ check: f.check, message: f.message, accepted: acceptedKeys.has(key(f.check, f.columns)) }));
}

export async function rollback(
  project: Project,
  store: Store,
  options: { alias?: string | undefined; toVersion?: number | undefined; reason?: string | undefined; actor?: string | undefined },
): Promise<AliasEvent> {
  const alias = checkAlias(options.alias ?? 'champion');
  const name = registeredModelName(project.config);
  return rollbackAlias(store.registry, { name, alias, toVersion: options.toVersion, actor: options.actor ?? actorName(), reason: options.reason?.trim() || 'rollback', atMs: Date.now() });
}

export interface ModelsListing {
  model: string;
  aliases: Record<string, number>;
  versions: (ModelVersionSummary & { aliases: string[]; kind: string | null; test_roc_auc: number | null; traffic_percent: number | null })[];
}

export async function listModelVersions(project: Project, store: Store): Promise<ModelsListing> {
  const name = registeredModelName(project.config);
  const aliases = await store.registry.aliases(name);
  const versions = await store.registry.listVersions(name);
  const live = await liveAliases(store.registry, name);
  const out: ModelsListing['versions'] = [];
  for (const v of versions) {
    const run = v.runId === undefined ? undefined : await store.runs.getRun(v.runId);
    // The latest evaluation's test ROC-AUC, else one recorded by train --evaluate-test.
    const evaluation = v.runId === undefined ? undefined : ((await store.runs.getArtifact(v.runId, 'evaluation'))?.content as { metrics?: { test?: Record<string, { value?: number }> } } | undefined);
    const test = evaluation?.metrics?.test ?? (run?.metrics.test as Record<string, { value?: number }> | undefined);
    out.push({
      ...v,
      aliases: Object.entries(aliases)
        .filter(([, n]) => n === v.version)
        .map(([a]) => a),
      kind: run?.kind ?? null,
      test_roc_auc: test?.roc_auc?.value ?? null,
      traffic_percent: live.canary?.version === v.version ? (live.canary.trafficPercent ?? null) : null,
    });
  }
  return { model: name, aliases, versions: out };
}

export interface ModelHistory {
  model: string;
  events: AliasEvent[];
  /** With `at`: the aliases as they stood then. */
  at?: { time: string; aliases: Record<string, number> };
}

export async function modelHistory(project: Project, store: Store, atMs?: number): Promise<ModelHistory> {
  const name = registeredModelName(project.config);
  const events = await store.registry.aliasHistory(name);
  return { model: name, events, ...(atMs === undefined ? {} : { at: { time: new Date(atMs).toISOString(), aliases: aliasesAt(events, atMs) } }) };
}

// The documents the dashboard's JSON API answers and its pages render: compositions of workflow/ and
// store reads, nothing computed here that a stage does not already compute. Every read is read-only:
// no evaluation is run and no test look is counted (compare reads validation rows only).

import { LADDER_KINDS } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import type { MetricValue } from '../evaluation/bootstrap.js';
import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { costThreshold, openQuestions, type CostThreshold, type OpenQuestion } from '../framing/index.js';
import { redactStoreUrl } from '../store/open-store.js';
import type { ListRunsOptions, RunRecord, Store } from '../store/types.js';
import { compareRuns, type CompareResult } from '../workflow/compare.js';
import type { Project } from '../workflow/project.js';
import { listModelVersions, modelHistory, type ModelHistory, type ModelsListing } from '../workflow/registry.js';
import { parseRunFilters, type RunFilterText } from '../workflow/run-filters.js';
import { listRuns, showRun, type RunSummary } from '../workflow/runs.js';
import { evaluationReportUrl, latestAudit, type AuditSummary } from './audit-summary.js';

/** What every read needs: the project (paths, config) and its open store. */
export interface DashboardSource {
  project: Project;
  store: Store;
}

export interface ProblemAnswer {
  key: string;
  answer: string;
}

export interface LadderRung {
  model: string;
  run_id: string;
  status: string;
  created_at: string;
  valid_roc_auc: MetricValue | null;
  /** Gain over the incumbent rung on the ladder metric (validation), with its interval. */
  gain: { vs: string; value: number; ci?: [number, number] } | null;
  verdict: string | null;
  evaluated: boolean;
}

export interface ChampionSummary {
  model: string;
  version: number;
  run_id: string | null;
  kind: string | null;
  since: string | null;
  /** Test metrics of the champion's stored evaluation, when it was evaluated. */
  test_roc_auc: MetricValue | null;
}

export interface ProjectOverview {
  project: { name: string; root: string; data: string; target: string; positive: string | null; store: string };
  problem_card: { present: boolean; answers: ProblemAnswer[]; open_questions: OpenQuestion[]; closed: boolean; cost_threshold: CostThreshold | null };
  audit: AuditSummary | null;
  ladder: LadderRung[];
  champion: ChampionSummary | null;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** A problem-card answer as text: parsed values (a metric, a rule baseline, costs) written back in the card's words. */
export function answerText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const record = value as Record<string, unknown>;
  if (typeof record.name === 'string' && Object.keys(record).every((k) => k === 'name' || k === 'param')) {
    return record.param === undefined ? record.name : `${record.name}(${String(record.param)})`;
  }
  if (typeof record.expression === 'string') return record.expression;
  if (typeof record.kind === 'string' && Object.keys(record).length === 1) return record.kind;
  return Object.entries(record)
    .map(([k, v]) => `${k}: ${answerText(v)}`)
    .join(', ');
}

async function storedEvaluation(store: Store, runId: string): Promise<EvaluationResult | null> {
  const artifact = await store.runs.getArtifact(runId, 'evaluation');
  return artifact === undefined ? null : (artifact.content as EvaluationResult);
}

function validRocAuc(run: RunRecord): MetricValue | null {
  const value = (run.metrics.valid as Record<string, MetricValue> | undefined)?.roc_auc;
  return value === undefined ? null : value;
}

/** The newest ladder run of each kind, in ladder order. */
async function ladderRungs(store: Store): Promise<LadderRung[]> {
  const runs = await store.runs.listRuns({ tags: { ladder: 'true' }, limit: 500 });
  const newest = new Map<string, RunRecord>();
  for (const run of runs) if (!newest.has(run.kind)) newest.set(run.kind, run);
  const order = (kind: string) => {
    const i = (LADDER_KINDS as readonly string[]).indexOf(kind);
    return i === -1 ? LADDER_KINDS.length : i;
  };
  const rungs: LadderRung[] = [];
  for (const run of [...newest.values()].sort((a, b) => order(a.kind) - order(b.kind))) {
    rungs.push({
      model: run.kind,
      run_id: run.id,
      status: run.status,
      created_at: new Date(run.createdAtMs).toISOString(),
      valid_roc_auc: validRocAuc(run),
      gain: (run.info?.gain as LadderRung['gain'] | undefined) ?? null,
      verdict: typeof run.info?.verdict === 'string' ? run.info.verdict : null,
      evaluated: (await store.runs.getArtifact(run.id, 'evaluation')) !== undefined,
    });
  }
  return rungs;
}

async function championSummary(source: DashboardSource): Promise<ChampionSummary | null> {
  const listing = await listModelVersions(source.project, source.store);
  const version = listing.aliases.champion;
  if (version === undefined) return null;
  const record = listing.versions.find((v) => v.version === version);
  const history = await source.store.registry.aliasHistory(listing.model);
  const since = [...history].reverse().find((e) => e.alias === 'champion' && e.version === version);
  const runId = record?.runId ?? null;
  const evaluation = runId === null ? null : await storedEvaluation(source.store, runId);
  return {
    model: listing.model,
    version,
    run_id: runId,
    kind: record?.kind ?? null,
    since: since === undefined ? null : new Date(since.atMs).toISOString(),
    test_roc_auc: evaluation?.metrics.test?.roc_auc ?? null,
  };
}

export async function projectOverview(source: DashboardSource): Promise<ProjectOverview> {
  const { project, store } = source;
  const card = project.config.problem;
  const answers = Object.entries(card ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => ({ key, answer: answerText(value) }));
  const open = openQuestions(card);
  return {
    project: {
      name: baseName(project.root),
      root: project.root,
      data: project.config.data,
      target: project.config.target,
      positive: project.config.positive ?? null,
      store: redactStoreUrl(project.config.store),
    },
    problem_card: { present: card !== undefined, answers, open_questions: open, closed: open.length === 0, cost_threshold: costThreshold(card?.costs) ?? null },
    audit: await latestAudit(project.artifactsDir, store),
    ladder: await ladderRungs(store),
    champion: await championSummary(source),
  };
}

/** The query string of `/runs` and `/api/runs`: the filter language of `flywheel runs`. */
export interface RunsQuery {
  model?: string | string[];
  status?: string | string[];
  tag?: string | string[];
  metric?: string | string[];
  since?: string | string[];
  until?: string | string[];
  sort?: string | string[];
  asc?: string | string[];
  limit?: string | string[];
}

/** A parameter's text (the last one when repeated), or undefined when absent or blank. */
function nonEmpty(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[value.length - 1] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** The query as `flywheel runs` flags; empty fields (a blank form input) are no filter. */
export function runFilterText(query: RunsQuery): RunFilterText {
  const tags = (Array.isArray(query.tag) ? query.tag : query.tag === undefined ? [] : [query.tag]).map((t) => t.trim()).filter((t) => t !== '');
  const limit = nonEmpty(query.limit);
  return {
    kind: nonEmpty(query.model),
    status: nonEmpty(query.status),
    tags,
    metric: nonEmpty(query.metric),
    since: nonEmpty(query.since),
    until: nonEmpty(query.until),
    sort: nonEmpty(query.sort),
    ascending: ['true', 'on', '1'].includes(nonEmpty(query.asc) ?? ''),
    limit: limit === undefined ? 100 : Number(limit),
  };
}

/** The filters applied, as JSON (snake_case, times as ISO dates). */
export interface RunFiltersJson {
  kind?: string;
  status?: string;
  tags?: Record<string, string>;
  metric?: { split: string; name: string; min?: number; max?: number };
  created_since?: string;
  created_until?: string;
  sort?: { by: 'created' } | { by: 'metric'; split: string; name: string; ascending: boolean };
  limit?: number;
}

export interface RunsListing {
  filters: RunFiltersJson;
  runs: RunSummary[];
}

function filtersJson(options: ListRunsOptions): RunFiltersJson {
  const sort = options.sort;
  return {
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    ...(options.metric === undefined ? {} : { metric: options.metric }),
    ...(options.createdSinceMs === undefined ? {} : { created_since: new Date(options.createdSinceMs).toISOString() }),
    ...(options.createdUntilMs === undefined ? {} : { created_until: new Date(options.createdUntilMs).toISOString() }),
    ...(sort === undefined ? {} : { sort: sort.by === 'created' ? sort : { by: 'metric', split: sort.split, name: sort.name, ascending: sort.ascending === true } }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  };
}

export async function runsListing(source: DashboardSource, query: RunsQuery): Promise<RunsListing> {
  const text = runFilterText(query);
  const limit = text.limit!;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new FlywheelError('usage', `limit ${nonEmpty(query.limit) ?? ''} is not a whole number from 1 to 10000`, { hint: 'write e.g. limit=50' });
  }
  const filters = parseRunFilters(text);
  return { filters: filtersJson(filters), runs: await listRuns(source.store, filters) };
}

export interface RunView {
  run_id: string;
  name: string | null;
  model: string;
  status: string;
  created_at: string;
  finished_at: string | null;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  tags: Record<string, string>;
  info: Record<string, unknown>;
  lineage: {
    snapshot: string;
    split: string;
    split_method: string | null;
    split_counts: { train: number; valid: number; test: number } | null;
    seed: number;
    git_commit: string | null;
    package_version: string;
    node_version: string;
    parent_id: string | null;
  };
  artifacts: { name: string; sha256: string; bytes: number }[];
  notes: { text: string; author: string; at: string }[];
  /** Looks at this run's frozen test split so far (every run on the split shares the count). */
  test_looks: number;
  /** The stored evaluation (`flywheel evaluate`), or null when the run was not evaluated. */
  evaluation: EvaluationResult | null;
  evaluation_report: string | null;
  /** Registered versions made from this run, with their aliases. */
  model_versions: { model: string; version: number; aliases: string[] }[];
}

export async function runView(source: DashboardSource, idOrPrefix: string): Promise<RunView> {
  const { project, store } = source;
  const detail = await showRun(store, idOrPrefix);
  const run = detail.run;
  const split = await store.datasets.getSplit(run.splitHash);
  const listing = await listModelVersions(project, store);
  return {
    run_id: run.id,
    name: run.name ?? null,
    model: run.kind,
    status: run.status,
    created_at: new Date(run.createdAtMs).toISOString(),
    finished_at: run.finishedAtMs === undefined ? null : new Date(run.finishedAtMs).toISOString(),
    params: run.params,
    metrics: run.metrics,
    tags: run.tags,
    info: run.info ?? {},
    lineage: {
      snapshot: run.snapshotHash,
      split: run.splitHash,
      split_method: split?.method ?? null,
      split_counts: split?.counts ?? null,
      seed: run.seed,
      git_commit: run.code.gitCommit ?? null,
      package_version: run.code.packageVersion,
      node_version: run.code.nodeVersion,
      parent_id: run.parentId ?? null,
    },
    artifacts: detail.artifacts,
    notes: detail.notes.map((n) => ({ text: n.text, author: n.author, at: new Date(n.atMs).toISOString() })),
    test_looks: detail.test_looks,
    evaluation: await storedEvaluation(store, run.id),
    evaluation_report: evaluationReportUrl(project.artifactsDir, run.id),
    model_versions: listing.versions.filter((v) => v.runId === run.id).map((v) => ({ model: listing.model, version: v.version, aliases: v.aliases })),
  };
}

/** `ids=a,b` or `ids=a&ids=b`: run ids or unique prefixes, in order. */
export function compareIds(ids: string | string[] | undefined): string[] {
  const list = Array.isArray(ids) ? ids : ids === undefined ? [] : [ids];
  return list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** Params and metrics side by side and the statistical comparison on validation rows (never test: no look is counted). */
export async function compareView(source: DashboardSource, ids: readonly string[]): Promise<CompareResult> {
  return compareRuns(source.project, source.store, ids);
}

export async function modelsView(source: DashboardSource): Promise<ModelsListing> {
  return listModelVersions(source.project, source.store);
}

export async function historyView(source: DashboardSource): Promise<ModelHistory> {
  return modelHistory(source.project, source.store);
}

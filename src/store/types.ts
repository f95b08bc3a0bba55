// The persistence contract: one small interface per capability (datasets, runs, registry,
// predictions) and the records they hold. Every method is async because backends that talk to a
// server (PostgreSQL) implement the same interfaces; the SQLite backend simply resolves at once.

/** Source formats a snapshot can be read from. */
export type SnapshotFormat = 'csv' | 'tsv' | 'parquet' | 'jsonl';

/** An immutable copy of a dataset, named by the SHA-256 of its canonical content. */
export interface SnapshotRecord {
  hash: string;
  /** The Parquet file, relative to the artifacts folder. */
  path: string;
  /** The file the data was read from (informational: the same content read elsewhere has the same hash). */
  source: string;
  format: SnapshotFormat;
  rows: number;
  columns: { name: string; type: string }[];
  bytes: number;
  createdAtMs: number;
}

export type SplitMethod = 'stratified' | 'temporal' | 'group' | 'file';

/** Byte values of `SplitRecord.assignment`. */
export const SPLIT_TRAIN = 0;
export const SPLIT_VALID = 1;
export const SPLIT_TEST = 2;
/** Rows on no side: those inside a temporal split's gap. */
export const SPLIT_EXCLUDED = 3;

/** A train / valid / test assignment of one snapshot's rows. */
export interface SplitRecord {
  hash: string;
  snapshotHash: string;
  method: SplitMethod;
  params: Record<string, unknown>;
  seed: number;
  counts: { train: number; valid: number; test: number };
  /** One byte per snapshot row, in row order: 0 train, 1 valid, 2 test, 3 excluded (in a temporal gap). */
  assignment: Uint8Array;
  createdAtMs: number;
}

/** A split without its assignment bytes (one byte per row adds up), as listings return it. */
export type SplitSummary = Omit<SplitRecord, 'assignment'>;

export interface PutResult {
  /** False when a record with the same hash was already stored; the stored one is left unchanged. */
  created: boolean;
}

/**
 * Snapshots and splits. Both are content-addressed, so putting the same hash twice is a no-op.
 * Lookups by hash also accept a unique prefix of at least `MIN_PREFIX_LENGTH` characters.
 */
export interface DatasetStore {
  putSnapshot(record: SnapshotRecord): Promise<PutResult>;
  /** Undefined when nothing matches; FlywheelError 'conflict' when a prefix matches several. */
  getSnapshot(hashOrPrefix: string): Promise<SnapshotRecord | undefined>;
  /** Newest first. */
  listSnapshots(): Promise<SnapshotRecord[]>;
  /** The split's snapshot must be stored already ('not_found' otherwise). */
  putSplit(record: SplitRecord): Promise<PutResult>;
  getSplit(hashOrPrefix: string): Promise<SplitRecord | undefined>;
  /** Newest first; all splits, or those of one snapshot. */
  listSplits(snapshotHash?: string): Promise<SplitSummary[]>;
}

export type RunStatus = 'running' | 'finished' | 'failed';

/** One tracked fit. */
export interface RunRecord {
  id: string;
  name?: string;
  /** The model kind, e.g. `logistic`. */
  kind: string;
  status: RunStatus;
  createdAtMs: number;
  finishedAtMs?: number;
  snapshotHash: string;
  splitHash: string;
  seed: number;
  params: Record<string, unknown>;
  /** `{ split: { metric: { value, ci? } } }`, the shape of metrics in JSON output. */
  metrics: Record<string, unknown>;
  tags: Record<string, string>;
  code: { gitCommit?: string; packageVersion: string; nodeVersion: string };
  parentId?: string;
  /** Facts about the fit that are not metrics: timings, model size, pipeline provenance, accepted risks. */
  info?: Record<string, unknown>;
}

/** A JSON document stored with a run (its model package, reports), content-addressed by SHA-256. */
export interface RunArtifact {
  name: string;
  sha256: string;
  content: unknown;
  createdAtMs: number;
}

export type RunArtifactSummary = Omit<RunArtifact, 'content'> & { bytes: number };

export interface FinishRunUpdate {
  status: Exclude<RunStatus, 'running'>;
  finishedAtMs: number;
  /** Replaces the run's metrics; omitted, the metrics stored so far are kept. */
  metrics?: Record<string, unknown>;
  /** Merged into the run's info (keys given replace those stored). */
  info?: Record<string, unknown>;
}

export interface ListRunsOptions {
  kind?: string;
  status?: RunStatus;
  /** Only runs carrying every one of these tags with exactly these values. */
  tags?: Record<string, string>;
  /** Only runs created in this window (`createdSinceMs` inclusive, `createdUntilMs` exclusive). */
  createdSinceMs?: number;
  createdUntilMs?: number;
  /**
   * Only runs with a value for metric `name` on `split` (e.g. valid / roc_auc), optionally bounded
   * (`min` and `max` inclusive). A metric's value is its `value` field, or the metric itself when it is
   * a bare number.
   */
  metric?: { split: string; name: string; min?: number; max?: number };
  /**
   * Order: newest first by default; `metric` sorts by the value of `name` on `split`
   * (runs without a value last), descending unless `ascending`.
   */
  sort?: { by: 'created' } | { by: 'metric'; split: string; name: string; ascending?: boolean };
  /** At most this many runs (a positive integer). */
  limit?: number;
}

/** A note on a run, append-only (who, when, what). */
export interface RunNote {
  runId: string;
  text: string;
  author: string;
  atMs: number;
}

/** One look at a frozen test split: who looked, through which run, for what (evaluate, gate, train). */
export interface TestLook {
  splitHash: string;
  runId: string;
  purpose: string;
  actor: string;
  atMs: number;
}

/** Tracked runs. Writes take the exact run id; `getRun` also accepts a unique prefix. */
export interface RunStore {
  /** Its snapshot and split (and parent, if any) must be stored; the split must belong to the snapshot. */
  createRun(record: RunRecord): Promise<void>;
  /**
   * Creates several runs in one transaction, all or none (imports, sweeps). Each is checked as by
   * `createRun`; a parent may be an earlier run of the same batch. Errors name the run's position.
   */
  createRuns(records: readonly RunRecord[]): Promise<void>;
  /** Only a running run can be finished ('conflict' otherwise). Returns the updated run. */
  finishRun(id: string, update: FinishRunUpdate): Promise<RunRecord>;
  getRun(idOrPrefix: string): Promise<RunRecord | undefined>;
  /**
   * Newest first unless `options.sort` says otherwise; every filter combined ('usage' for a bad limit,
   * bound or window).
   */
  listRuns(options?: ListRunsOptions): Promise<RunRecord[]>;
  /** Adds or overwrites the given tags; tags not named are kept. */
  setTags(id: string, tags: Record<string, string>): Promise<void>;
  /** Stores (or replaces) a named JSON artifact of a run, e.g. its model package. */
  putArtifact(runId: string, artifact: RunArtifact): Promise<void>;
  getArtifact(runId: string, name: string): Promise<RunArtifact | undefined>;
  listArtifacts(runId: string): Promise<RunArtifactSummary[]>;
  /** The run must exist ('not_found' otherwise); the text must not be empty ('data_invalid'). */
  addNote(note: RunNote): Promise<void>;
  /** Oldest first (in the order they were added); empty for a run without notes. */
  listNotes(runId: string): Promise<RunNote[]>;
  /**
   * Records a look at a test split and returns how many looks that split has had, this one included,
   * atomically (two processes looking at once get 1 and 2, never 1 and 1). The run and the split must
   * be stored ('not_found' otherwise); purpose and actor must not be empty ('data_invalid').
   */
  recordTestLook(look: TestLook): Promise<number>;
  /** How many looks a test split has had (0 when none). */
  countTestLooks(splitHash: string): Promise<number>;
  /** In the order they were recorded. */
  listTestLooks(splitHash: string): Promise<TestLook[]>;
}

/** One registered version of a named model. */
export interface ModelVersionRecord {
  name: string;
  /** 1, 2, 3… per name, assigned by the store. */
  version: number;
  runId?: string;
  sha256: string;
  /** The JSON model package. */
  package: unknown;
  createdAtMs: number;
  description?: string;
}

/** A version without its package (packages can be megabytes), as listings return it. */
export type ModelVersionSummary = Omit<ModelVersionRecord, 'package'>;

export interface RegisterVersionInput {
  name: string;
  runId?: string;
  sha256: string;
  package: unknown;
  description?: string;
  createdAtMs: number;
}

export interface ModelSummary {
  name: string;
  latestVersion: number;
  versionCount: number;
  /** When version 1 was registered. */
  createdAtMs: number;
  /** When the latest version was registered. */
  updatedAtMs: number;
  aliases: Record<string, number>;
}

/** One change of an alias; the history is append-only. */
export interface AliasEvent {
  name: string;
  alias: string;
  /** The version the alias points to after the change; null when the alias was removed. */
  version: number | null;
  previousVersion: number | null;
  actor: string;
  reason: string;
  atMs: number;
  /** The promotion gate's verdict, when a gate was run. */
  gate?: unknown;
}

export interface SetAliasInput {
  name: string;
  alias: string;
  version: number;
  actor: string;
  reason: string;
  atMs: number;
  gate?: unknown;
}

export type RemoveAliasInput = Omit<SetAliasInput, 'version'>;

/** Model versions and aliases (champion, challenger, shadow, canary…). */
export interface RegistryStore {
  /** Assigns version = previous maximum for the name + 1, atomically. */
  registerVersion(input: RegisterVersionInput): Promise<ModelVersionRecord>;
  getVersion(name: string, version: number): Promise<ModelVersionRecord | undefined>;
  /** Oldest first. */
  listVersions(name: string): Promise<ModelVersionSummary[]>;
  /** By name. */
  listModels(): Promise<ModelSummary[]>;
  /** The version must exist ('not_found' otherwise); the change is recorded in the alias history. */
  setAlias(input: SetAliasInput): Promise<AliasEvent>;
  /** The alias must be set ('not_found' otherwise); the removal is recorded in the alias history. */
  removeAlias(input: RemoveAliasInput): Promise<AliasEvent>;
  getAlias(name: string, alias: string): Promise<number | undefined>;
  /** Alias → version, for one model. */
  aliases(name: string): Promise<Record<string, number>>;
  /** Oldest first. */
  aliasHistory(name: string): Promise<AliasEvent[]>;
}

/** One served prediction. A request scored by a live and a shadow variant logs one record per variant. */
export interface PredictionRecord {
  requestId: string;
  atMs: number;
  unitId?: string;
  model: string;
  modelVersion: number;
  variant: string;
  /** The raw input features, as received. */
  features: Record<string, unknown>;
  score: number;
  /** 0 or 1. */
  decision: number;
  /** The probability with which this variant was chosen for the request, in (0, 1]. */
  propensity?: number;
  /**
   * How the variant was chosen: 'unit' by hashing the unit id (sticky per unit), 'random' by a draw
   * for a request without a unit id. Absent for shadow records and records logged by other tools.
   */
  assignment?: PredictionAssignment;
  /** Time from the request's arrival to this record's score, in milliseconds (the log commit excluded). */
  latencyMs?: number;
  shadow: boolean;
}

export type PredictionAssignment = 'unit' | 'random';

/** A label received after the prediction, joined by request id or by unit id. */
export interface OutcomeRecord {
  requestId?: string;
  unitId?: string;
  atMs: number;
  label: string;
  value?: number;
}

/** A time window: `sinceMs` inclusive, `untilMs` exclusive; either may be omitted. */
export interface TimeWindow {
  sinceMs?: number;
  untilMs?: number;
}

export interface PredictionFilter extends TimeWindow {
  model?: string;
}

export interface ReadPredictionsOptions extends PredictionFilter {
  limit?: number;
  /** Newest first (by time, then by the order they were logged) instead of oldest first. */
  newestFirst?: boolean;
  /**
   * Continue after this request's record (pass the last record you received), in the order read. When the
   * request has several records (live and shadow), pass `afterVariant` too, or the call fails with 'conflict'.
   */
  afterRequestId?: string;
  afterVariant?: string;
}

/** Which of the asked request ids and unit ids have at least one logged prediction. */
export interface LoggedKeys {
  requestIds: string[];
  unitIds: string[];
}

/**
 * What a commit of the log survives. 'normal': a killed process (the commit has reached the
 * operating system); 'fsync': also a machine crash or power cut (the commit has reached the disk).
 */
export type LogDurability = 'normal' | 'fsync';

/** The prediction log and the outcomes received later. Each batch is written whole or not at all. */
export interface PredictionStore {
  /**
   * Applies to every later write of this store connection (the model server sets it once at start).
   * A connection starts at 'fsync'.
   */
  setDurability(durability: LogDurability): Promise<void>;
  /**
   * Moves the backend's housekeeping off the writer's thread where it has any, for a long-running
   * writer such as the model server (SQLite: WAL checkpoints run on a background thread with a
   * connection of their own instead of inside a commit every thousand pages). Resolves to a function
   * that stops it. Optional: a backend without such work (PostgreSQL) leaves it out.
   */
  startBackgroundMaintenance?(): Promise<() => Promise<void>>;
  logPredictions(records: readonly PredictionRecord[]): Promise<void>;
  logOutcomes(records: readonly OutcomeRecord[]): Promise<void>;
  countPredictions(filter?: PredictionFilter): Promise<number>;
  /** In time order (ties in the order they were logged). */
  readPredictions(options?: ReadPredictionsOptions): Promise<PredictionRecord[]>;
  /** In time order. */
  readOutcomes(window?: TimeWindow): Promise<OutcomeRecord[]>;
  /** The subset of `requestIds` and of `unitIds` that have a logged prediction (each id once, any order). */
  findLogged(keys: { requestIds?: readonly string[]; unitIds?: readonly string[] }): Promise<LoggedKeys>;
}

/** A whole store: every capability over one database. */
export interface Store {
  readonly datasets: DatasetStore;
  readonly runs: RunStore;
  readonly registry: RegistryStore;
  readonly predictions: PredictionStore;
  /** The URL the store was opened with. */
  readonly url: string;
  /** Idempotent. */
  close(): Promise<void>;
}

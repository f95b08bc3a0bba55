// The store schema as an ordered list of versioned migrations, shared by every backend.
// SQL is written once for SQLite and PostgreSQL; the few types that differ (byte strings,
// auto-numbered keys) come from a per-dialect table, so a migration is never written twice by hand.

export type Dialect = 'sqlite' | 'postgres';

/** SQL for a migration whose text differs between dialects. */
export interface DialectSql {
  sqlite: string;
  postgres: string;
}

export interface Migration {
  /** 1, 2, 3… without gaps; a migration is never edited once released, only followed by another. */
  version: number;
  name: string;
  sql: string | DialectSql;
}

/** Records which migrations a database has applied; created before any migration runs. */
export const SCHEMA_MIGRATIONS_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at_ms BIGINT NOT NULL
)`;

interface DialectTypes {
  /** A byte string. */
  bytes: string;
  /** An auto-numbered, ever-increasing row key, used to keep insertion order in append-only logs. */
  serialKey: string;
}

const DIALECT_TYPES: Record<Dialect, DialectTypes> = {
  sqlite: { bytes: 'BLOB', serialKey: 'INTEGER PRIMARY KEY' },
  postgres: { bytes: 'BYTEA', serialKey: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' },
};

/**
 * Fills run_metrics (migration 5) from the metrics_json of the runs stored before it. JSON functions
 * differ between dialects; both keep exactly what the run store writes for a new run (see
 * `metricRows` in run-rows.ts): entries of a split object whose value is a number, or an
 * object with a numeric `value`. Anything else (arrays, strings, null) is not a filterable metric.
 */
const BACKFILL_RUN_METRICS: DialectSql = {
  sqlite: `INSERT INTO run_metrics (run_id, split, name, value)
SELECT runs.id, s.key, m.key,
       CASE WHEN m.type IN ('integer', 'real') THEN m.value ELSE json_extract(m.value, '$.value') END
FROM runs, json_each(CASE WHEN json_type(runs.metrics_json) = 'object' THEN runs.metrics_json ELSE '{}' END) AS s,
     json_each(CASE WHEN s.type = 'object' THEN s.value ELSE '{}' END) AS m
WHERE m.type IN ('integer', 'real')
   OR (m.type = 'object' AND json_type(m.value, '$.value') IN ('integer', 'real'));`,
  postgres: `INSERT INTO run_metrics (run_id, split, name, value)
SELECT runs.id, s.key, m.key,
       CASE WHEN jsonb_typeof(m.value) = 'number' THEN (m.value #>> '{}')::double precision
            ELSE (m.value ->> 'value')::double precision END
FROM runs
CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(runs.metrics_json::jsonb) = 'object' THEN runs.metrics_json::jsonb ELSE '{}'::jsonb END) AS s
CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(s.value) = 'object' THEN s.value ELSE '{}'::jsonb END) AS m
WHERE jsonb_typeof(m.value) = 'number'
   OR (jsonb_typeof(m.value) = 'object' AND jsonb_typeof(m.value -> 'value') = 'number');`,
};

function perDialect(build: (types: DialectTypes, dialect: Dialect) => string): DialectSql {
  return { sqlite: build(DIALECT_TYPES.sqlite, 'sqlite'), postgres: build(DIALECT_TYPES.postgres, 'postgres') };
}

// Notes that hold for every table below:
// - TEXT primary keys are also NOT NULL: SQLite otherwise accepts NULL keys (a legacy quirk).
// - Times are milliseconds since the epoch in BIGINT columns named *_ms.
// - JSON values are TEXT columns named *_json, written and parsed by the store.
// - Names and ids must not be empty; CHECKs say so where an empty string would be accepted silently.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'datasets',
    sql: perDialect(
      (t) => `
CREATE TABLE snapshots (
  hash TEXT NOT NULL PRIMARY KEY CHECK (hash <> ''),
  path TEXT NOT NULL,
  source TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('csv', 'tsv', 'parquet', 'jsonl')),
  row_count BIGINT NOT NULL CHECK (row_count >= 0),
  columns_json TEXT NOT NULL,
  size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX snapshots_by_created ON snapshots (created_at_ms);

CREATE TABLE splits (
  hash TEXT NOT NULL PRIMARY KEY CHECK (hash <> ''),
  snapshot_hash TEXT NOT NULL REFERENCES snapshots (hash),
  method TEXT NOT NULL CHECK (method IN ('stratified', 'temporal', 'group', 'file')),
  params_json TEXT NOT NULL,
  seed BIGINT NOT NULL,
  train_count BIGINT NOT NULL CHECK (train_count >= 0),
  valid_count BIGINT NOT NULL CHECK (valid_count >= 0),
  test_count BIGINT NOT NULL CHECK (test_count >= 0),
  assignment ${t.bytes} NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX splits_by_snapshot ON splits (snapshot_hash, created_at_ms);
`,
    ),
  },
  {
    version: 2,
    name: 'runs',
    sql: `
CREATE TABLE runs (
  id TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
  name TEXT,
  kind TEXT NOT NULL CHECK (kind <> ''),
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
  created_at_ms BIGINT NOT NULL,
  finished_at_ms BIGINT,
  snapshot_hash TEXT NOT NULL REFERENCES snapshots (hash),
  split_hash TEXT NOT NULL REFERENCES splits (hash),
  seed BIGINT NOT NULL,
  params_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL,
  git_commit TEXT,
  package_version TEXT NOT NULL,
  node_version TEXT NOT NULL,
  parent_id TEXT REFERENCES runs (id),
  info_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_by_created ON runs (created_at_ms);

CREATE TABLE run_artifacts (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (name <> ''),
  sha256 TEXT NOT NULL,
  content_json TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (run_id, name)
);

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key TEXT NOT NULL CHECK (key <> ''),
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
`,
  },
  {
    version: 3,
    name: 'registry',
    sql: perDialect(
      (t) => `
CREATE TABLE model_versions (
  name TEXT NOT NULL CHECK (name <> ''),
  version INTEGER NOT NULL CHECK (version >= 1),
  run_id TEXT REFERENCES runs (id),
  sha256 TEXT NOT NULL,
  package_json TEXT NOT NULL,
  description TEXT,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (name, version)
);

CREATE TABLE model_aliases (
  name TEXT NOT NULL,
  alias TEXT NOT NULL CHECK (alias <> ''),
  version INTEGER NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
);

CREATE TABLE alias_events (
  seq ${t.serialKey},
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER,
  previous_version INTEGER,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  gate_json TEXT
);
CREATE INDEX alias_events_by_name ON alias_events (name, seq);
`,
    ),
  },
  {
    version: 4,
    name: 'predictions',
    sql: perDialect(
      (t) => `
CREATE TABLE predictions (
  seq ${t.serialKey},
  request_id TEXT NOT NULL CHECK (request_id <> ''),
  at_ms BIGINT NOT NULL,
  unit_id TEXT,
  model TEXT NOT NULL,
  model_version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  features_json TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  decision INTEGER NOT NULL CHECK (decision IN (0, 1)),
  propensity DOUBLE PRECISION CHECK (propensity IS NULL OR (propensity > 0 AND propensity <= 1)),
  shadow INTEGER NOT NULL CHECK (shadow IN (0, 1)),
  UNIQUE (request_id, variant)
);
CREATE INDEX predictions_by_time ON predictions (at_ms, seq);
CREATE INDEX predictions_by_model_time ON predictions (model, at_ms, seq);
CREATE INDEX predictions_by_unit ON predictions (unit_id, at_ms);

CREATE TABLE outcomes (
  seq ${t.serialKey},
  request_id TEXT,
  unit_id TEXT,
  at_ms BIGINT NOT NULL,
  label TEXT NOT NULL,
  value DOUBLE PRECISION,
  CHECK (request_id IS NOT NULL OR unit_id IS NOT NULL)
);
CREATE INDEX outcomes_by_time ON outcomes (at_ms, seq);
CREATE INDEX outcomes_by_request ON outcomes (request_id);
CREATE INDEX outcomes_by_unit ON outcomes (unit_id, at_ms);
`,
    ),
  },
  {
    version: 5,
    name: 'run notes, test looks, run metrics',
    sql: perDialect(
      (t, dialect) => `
CREATE TABLE run_notes (
  seq ${t.serialKey},
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (text <> ''),
  author TEXT NOT NULL CHECK (author <> ''),
  at_ms BIGINT NOT NULL
);
CREATE INDEX run_notes_by_run ON run_notes (run_id, seq);

CREATE TABLE test_looks (
  seq ${t.serialKey},
  split_hash TEXT NOT NULL REFERENCES splits (hash),
  run_id TEXT NOT NULL REFERENCES runs (id),
  purpose TEXT NOT NULL CHECK (purpose <> ''),
  actor TEXT NOT NULL CHECK (actor <> ''),
  at_ms BIGINT NOT NULL
);
CREATE INDEX test_looks_by_split ON test_looks (split_hash, seq);

CREATE TABLE run_metrics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  split TEXT NOT NULL,
  name TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (run_id, split, name)
);
CREATE INDEX run_metrics_by_value ON run_metrics (split, name, value);

-- Listings order by (created_at_ms, id): with id in the index they read runs in order, no sort.
DROP INDEX runs_by_created;
CREATE INDEX runs_by_created_id ON runs (created_at_ms, id);
CREATE INDEX runs_by_kind_created ON runs (kind, created_at_ms, id);
CREATE INDEX run_tags_by_key_value ON run_tags (key, value);

${BACKFILL_RUN_METRICS[dialect]}
`,
    ),
  },
  {
    version: 6,
    name: 'prediction latency and assignment',
    sql: `
-- Both NULL for rows logged before this migration and for shadow records (assignment).
ALTER TABLE predictions ADD COLUMN latency_ms DOUBLE PRECISION CHECK (latency_ms IS NULL OR latency_ms >= 0);
ALTER TABLE predictions ADD COLUMN assignment TEXT CHECK (assignment IS NULL OR assignment IN ('unit', 'random'));
`,
  },
];

/** The SQL of one migration for one dialect. */
export function migrationSql(migration: Migration, dialect: Dialect): string {
  return typeof migration.sql === 'string' ? migration.sql : migration.sql[dialect];
}

/** The schema version a fully migrated store has. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length === 0 ? 0 : MIGRATIONS[MIGRATIONS.length - 1]!.version;

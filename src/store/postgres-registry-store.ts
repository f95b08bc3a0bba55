// Model versions, aliases and the alias history in PostgreSQL. Every change to a model (a new
// version, an alias moved or removed) takes a transaction-scoped advisory lock on the model's name
// first, so two processes registering or promoting the same model at once run one after the other:
// versions are numbered without gaps or duplicates, and each history event's previous version is
// the version the alias really had. Different models never wait for each other.

import { FlywheelError } from '../core/errors.js';
import { toJsonText } from './json-text.js';
import { lockKey, type PostgresDatabase, type Queryable } from './postgres-database.js';
import {
  VERSION_SUMMARY_COLUMNS,
  aliasEventToRow,
  eventFromRow,
  modelSummariesFromRows,
  versionFromRow,
  versionSummaryFromRow,
  type AliasEventInput,
  type AliasEventRow,
  type ModelRow,
  type VersionRow,
  type VersionSummaryRow,
} from './registry-rows.js';
import type {
  AliasEvent,
  ModelSummary,
  ModelVersionRecord,
  ModelVersionSummary,
  RegisterVersionInput,
  RegistryStore,
  RemoveAliasInput,
  SetAliasInput,
} from './types.js';

export class PostgresRegistryStore implements RegistryStore {
  constructor(private readonly db: PostgresDatabase) {}

  async registerVersion(input: RegisterVersionInput): Promise<ModelVersionRecord> {
    const where = `model ${input.name}`;
    const packageJson = toJsonText(input.package, `${where}: package`);
    return this.db.transaction(
      () => where,
      async (client) => {
        await lockKey(client, 'model', String(input.name));
        if (input.runId !== undefined) {
          const run = await client.query('SELECT 1 FROM runs WHERE id = $1 FOR SHARE', [input.runId]);
          if (run.rowCount === 0) {
            throw new FlywheelError('not_found', `${where}: its run ${input.runId} is not in the store`, {
              hint: 'register a model from a run tracked in this store, or leave runId out',
            });
          }
        }
        const { rows } = await client.query<VersionRow>(
          `INSERT INTO model_versions (${VERSION_SUMMARY_COLUMNS}, package_json)
           SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM model_versions WHERE name = $1
           RETURNING ${VERSION_SUMMARY_COLUMNS}, package_json`,
          [input.name, input.runId ?? null, input.sha256, input.description ?? null, input.createdAtMs, packageJson],
        );
        return versionFromRow(rows[0]!);
      },
    );
  }

  async getVersion(name: string, version: number): Promise<ModelVersionRecord | undefined> {
    const { rows } = await this.db.query<VersionRow>(
      `model ${name} version ${version}`,
      `SELECT ${VERSION_SUMMARY_COLUMNS}, package_json FROM model_versions WHERE name = $1 AND version = $2`,
      [name, version],
    );
    return rows[0] === undefined ? undefined : versionFromRow(rows[0]);
  }

  async listVersions(name: string): Promise<ModelVersionSummary[]> {
    const { rows } = await this.db.query<VersionSummaryRow>(
      `model ${name}: versions`,
      `SELECT ${VERSION_SUMMARY_COLUMNS} FROM model_versions WHERE name = $1 ORDER BY version`,
      [name],
    );
    return rows.map(versionSummaryFromRow);
  }

  async listModels(): Promise<ModelSummary[]> {
    // One snapshot for both reads, so a model and its aliases agree.
    return this.db.transaction(
      () => 'models',
      async (client) => {
        const aliases = await client.query<{ name: string; alias: string; version: number }>(
          'SELECT name, alias, version FROM model_aliases ORDER BY name COLLATE "C", alias COLLATE "C"',
        );
        const models = await client.query<ModelRow>(
          `SELECT name, MAX(version) AS latest_version, COUNT(*) AS version_count,
                  MIN(created_at_ms) AS first_created_at_ms, MAX(created_at_ms) AS last_created_at_ms
           FROM model_versions GROUP BY name ORDER BY name COLLATE "C"`,
        );
        return modelSummariesFromRows(models.rows, aliases.rows);
      },
      { setup: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY' },
    );
  }

  async setAlias(input: SetAliasInput): Promise<AliasEvent> {
    const where = `model ${input.name} alias ${input.alias}`;
    const gateJson = input.gate === undefined ? null : toJsonText(input.gate, `${where}: gate`);
    return this.db.transaction(
      () => where,
      async (client) => {
        await lockKey(client, 'model', String(input.name));
        const exists = await client.query('SELECT 1 FROM model_versions WHERE name = $1 AND version = $2', [input.name, input.version]);
        if (exists.rowCount === 0) {
          const versions = (await client.query<{ version: number }>('SELECT version FROM model_versions WHERE name = $1 ORDER BY version', [input.name])).rows.map(
            (r) => r.version,
          );
          throw new FlywheelError('not_found', `model ${input.name} has no version ${input.version}`, {
            hint: versions.length === 0 ? `no versions of ${input.name} are registered; register one first` : `registered versions: ${versions.join(', ')}`,
          });
        }
        const previous = await this.currentAlias(client, input.name, input.alias);
        await client.query(
          `INSERT INTO model_aliases (name, alias, version, updated_at_ms) VALUES ($1, $2, $3, $4)
           ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version, updated_at_ms = excluded.updated_at_ms`,
          [input.name, input.alias, input.version, input.atMs],
        );
        return this.recordEvent(client, { ...input, version: input.version, previousVersion: previous ?? null, gateJson });
      },
    );
  }

  async removeAlias(input: RemoveAliasInput): Promise<AliasEvent> {
    const where = `model ${input.name} alias ${input.alias}`;
    const gateJson = input.gate === undefined ? null : toJsonText(input.gate, `${where}: gate`);
    return this.db.transaction(
      () => where,
      async (client) => {
        await lockKey(client, 'model', String(input.name));
        const previous = await this.currentAlias(client, input.name, input.alias);
        if (previous === undefined) {
          const set = (await client.query<{ alias: string }>('SELECT alias FROM model_aliases WHERE name = $1 ORDER BY alias COLLATE "C"', [input.name])).rows.map(
            (r) => r.alias,
          );
          throw new FlywheelError('not_found', `model ${input.name} has no alias "${input.alias}"`, {
            hint: set.length === 0 ? `${input.name} has no aliases` : `its aliases: ${set.join(', ')}`,
          });
        }
        await client.query('DELETE FROM model_aliases WHERE name = $1 AND alias = $2', [input.name, input.alias]);
        return this.recordEvent(client, { ...input, version: null, previousVersion: previous, gateJson });
      },
    );
  }

  async getAlias(name: string, alias: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ version: number }>(`model ${name} alias ${alias}`, 'SELECT version FROM model_aliases WHERE name = $1 AND alias = $2', [
      name,
      alias,
    ]);
    return rows[0]?.version;
  }

  async aliases(name: string): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ alias: string; version: number }>(
      `model ${name}: aliases`,
      'SELECT alias, version FROM model_aliases WHERE name = $1 ORDER BY alias COLLATE "C"',
      [name],
    );
    const map: Record<string, number> = {};
    for (const { alias, version } of rows) map[alias] = version;
    return map;
  }

  async aliasHistory(name: string): Promise<AliasEvent[]> {
    const { rows } = await this.db.query<AliasEventRow>(
      `model ${name}: alias history`,
      'SELECT name, alias, version, previous_version, actor, reason, at_ms, gate_json FROM alias_events WHERE name = $1 ORDER BY seq',
      [name],
    );
    return rows.map(eventFromRow);
  }

  private async currentAlias(client: Queryable, name: string, alias: string): Promise<number | undefined> {
    const { rows } = await client.query<{ version: number }>('SELECT version FROM model_aliases WHERE name = $1 AND alias = $2', [name, alias]);
    return rows[0]?.version;
  }

  /** Appends one history event, inside the transaction that changed the alias (and holds the model's lock). */
  private async recordEvent(client: Queryable, event: AliasEventInput): Promise<AliasEvent> {
    const row = aliasEventToRow(event);
    await client.query(
      'INSERT INTO alias_events (name, alias, version, previous_version, actor, reason, at_ms, gate_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [row.name, row.alias, row.version, row.previous_version, row.actor, row.reason, row.at_ms, row.gate_json],
    );
    return eventFromRow(row);
  }
}

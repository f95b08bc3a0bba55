// Model versions, aliases and the alias history in SQLite. Version numbers are assigned inside the
// write transaction (previous maximum + 1), and every alias change writes the alias and its history
// event together, so the history always explains the current aliases.

import type Database from 'better-sqlite3';
import { FlywheelError } from '../core/errors.js';
import { toJsonText } from './json-text.js';
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
import { translateSqliteError } from './sqlite-errors.js';
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

export class SqliteRegistryStore implements RegistryStore {
  private readonly selectNextVersion;
  private readonly insertVersion;
  private readonly selectVersion;
  private readonly selectVersionExists;
  private readonly selectVersions;
  private readonly selectModels;
  private readonly selectAllAliases;
  private readonly selectRunExists;
  private readonly selectAlias;
  private readonly upsertAlias;
  private readonly deleteAlias;
  private readonly selectAliases;
  private readonly insertEvent;
  private readonly selectEvents;

  constructor(private readonly db: Database.Database) {
    this.selectNextVersion = db
      .prepare<[string], number>('SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?')
      .pluck();
    this.insertVersion = db.prepare<VersionRow>(
      `INSERT INTO model_versions (${VERSION_SUMMARY_COLUMNS}, package_json)
       VALUES (@name, @version, @run_id, @sha256, @description, @created_at_ms, @package_json)`,
    );
    this.selectVersion = db.prepare<[string, number], VersionRow>(
      `SELECT ${VERSION_SUMMARY_COLUMNS}, package_json FROM model_versions WHERE name = ? AND version = ?`,
    );
    this.selectVersionExists = db
      .prepare<[string, number], number>('SELECT version FROM model_versions WHERE name = ? AND version = ?')
      .pluck();
    this.selectVersions = db.prepare<[string], VersionSummaryRow>(
      `SELECT ${VERSION_SUMMARY_COLUMNS} FROM model_versions WHERE name = ? ORDER BY version`,
    );
    this.selectModels = db.prepare<[], ModelRow>(
      `SELECT name, MAX(version) AS latest_version, COUNT(*) AS version_count,
              MIN(created_at_ms) AS first_created_at_ms, MAX(created_at_ms) AS last_created_at_ms
       FROM model_versions GROUP BY name ORDER BY name`,
    );
    this.selectAllAliases = db.prepare<[], { name: string; alias: string; version: number }>(
      'SELECT name, alias, version FROM model_aliases ORDER BY name, alias',
    );
    this.selectRunExists = db.prepare<[string], string>('SELECT id FROM runs WHERE id = ?').pluck();
    this.selectAlias = db
      .prepare<[string, string], number>('SELECT version FROM model_aliases WHERE name = ? AND alias = ?')
      .pluck();
    this.upsertAlias = db.prepare<[string, string, number, number]>(
      `INSERT INTO model_aliases (name, alias, version, updated_at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version, updated_at_ms = excluded.updated_at_ms`,
    );
    this.deleteAlias = db.prepare<[string, string]>('DELETE FROM model_aliases WHERE name = ? AND alias = ?');
    this.selectAliases = db.prepare<[string], { alias: string; version: number }>(
      'SELECT alias, version FROM model_aliases WHERE name = ? ORDER BY alias',
    );
    this.insertEvent = db.prepare<AliasEventRow>(
      `INSERT INTO alias_events (name, alias, version, previous_version, actor, reason, at_ms, gate_json)
       VALUES (@name, @alias, @version, @previous_version, @actor, @reason, @at_ms, @gate_json)`,
    );
    this.selectEvents = db.prepare<[string], AliasEventRow>(
      `SELECT name, alias, version, previous_version, actor, reason, at_ms, gate_json
       FROM alias_events WHERE name = ? ORDER BY seq`,
    );
  }

  async registerVersion(input: RegisterVersionInput): Promise<ModelVersionRecord> {
    const where = `model ${input.name}`;
    const packageJson = toJsonText(input.package, `${where}: package`);
    // IMMEDIATE takes the write lock before reading MAX(version): two processes registering the
    // same name at once queue up instead of both computing the same next version.
    const register = this.db.transaction((): ModelVersionRecord => {
      if (input.runId !== undefined && this.selectRunExists.get(input.runId) === undefined) {
        throw new FlywheelError('not_found', `${where}: its run ${input.runId} is not in the store`, {
          hint: 'register a model from a run tracked in this store, or leave runId out',
        });
      }
      const version = this.selectNextVersion.get(input.name)!;
      this.insertVersion.run({
        name: input.name,
        version,
        run_id: input.runId ?? null,
        sha256: input.sha256,
        description: input.description ?? null,
        created_at_ms: input.createdAtMs,
        package_json: packageJson,
      });
      return versionFromRow(this.selectVersion.get(input.name, version)!);
    });
    try {
      return register.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async getVersion(name: string, version: number): Promise<ModelVersionRecord | undefined> {
    const row = this.selectVersion.get(name, version);
    return row === undefined ? undefined : versionFromRow(row);
  }

  async listVersions(name: string): Promise<ModelVersionSummary[]> {
    return this.selectVersions.all(name).map(versionSummaryFromRow);
  }

  async listModels(): Promise<ModelSummary[]> {
    const aliases = this.selectAllAliases.all();
    return modelSummariesFromRows(this.selectModels.all(), aliases);
  }

  async setAlias(input: SetAliasInput): Promise<AliasEvent> {
    const where = `model ${input.name} alias ${input.alias}`;
    const gateJson = input.gate === undefined ? null : toJsonText(input.gate, `${where}: gate`);
    const set = this.db.transaction((): AliasEvent => {
      if (this.selectVersionExists.get(input.name, input.version) === undefined) {
        const versions = this.selectVersions.all(input.name).map((v) => v.version);
        throw new FlywheelError('not_found', `model ${input.name} has no version ${input.version}`, {
          hint:
            versions.length === 0
              ? `no versions of ${input.name} are registered; register one first`
              : `registered versions: ${versions.join(', ')}`,
        });
      }
      const previous = this.selectAlias.get(input.name, input.alias) ?? null;
      this.upsertAlias.run(input.name, input.alias, input.version, input.atMs);
      return this.recordEvent({ ...input, version: input.version, previousVersion: previous, gateJson });
    });
    try {
      return set.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async removeAlias(input: RemoveAliasInput): Promise<AliasEvent> {
    const where = `model ${input.name} alias ${input.alias}`;
    const gateJson = input.gate === undefined ? null : toJsonText(input.gate, `${where}: gate`);
    const remove = this.db.transaction((): AliasEvent => {
      const previous = this.selectAlias.get(input.name, input.alias);
      if (previous === undefined) {
        const set = Object.keys(this.aliasMap(input.name));
        throw new FlywheelError('not_found', `model ${input.name} has no alias "${input.alias}"`, {
          hint: set.length === 0 ? `${input.name} has no aliases` : `its aliases: ${set.join(', ')}`,
        });
      }
      this.deleteAlias.run(input.name, input.alias);
      return this.recordEvent({ ...input, version: null, previousVersion: previous, gateJson });
    });
    try {
      return remove.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async getAlias(name: string, alias: string): Promise<number | undefined> {
    return this.selectAlias.get(name, alias);
  }

  async aliases(name: string): Promise<Record<string, number>> {
    return this.aliasMap(name);
  }

  async aliasHistory(name: string): Promise<AliasEvent[]> {
    return this.selectEvents.all(name).map(eventFromRow);
  }

  private aliasMap(name: string): Record<string, number> {
    const map: Record<string, number> = {};
    for (const { alias, version } of this.selectAliases.all(name)) map[alias] = version;
    return map;
  }

  /** Appends one history event; called inside the transaction that changed the alias. */
  private recordEvent(event: AliasEventInput): AliasEvent {
    const row = aliasEventToRow(event);
    this.insertEvent.run(row);
    return eventFromRow(row);
  }
}

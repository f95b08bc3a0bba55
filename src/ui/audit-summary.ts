// The latest audit, as the dashboard shows it: the newest audit report under the artifacts folder
// (`reports/audit-<snapshot12>.html`, written by `flywheel audit`) with the headline tiles of its
// Summary section read back. The audit's JSON is not stored, so the report file is the record.

import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/types.js';

/** Report files the dashboard serves: audit reports by snapshot prefix, evaluation reports by run prefix. */
export const REPORT_FILE = /^(?:audit-[0-9a-f]{12}|evaluation-[0-9a-f]{8})\.html$/;
const AUDIT_FILE = /^audit-([0-9a-f]{12})\.html$/;

export interface AuditTile {
  label: string;
  value: string;
}

export interface AuditSummary {
  /** The report's URL on the dashboard. */
  report: string;
  /** When the report was written (the file's modification time). */
  written_at: string;
  /** The first 12 characters of the audited snapshot's hash. */
  snapshot: string;
  /** The snapshot as stored, when it is. */
  data: { source: string; rows: number; columns: number; created_at: string } | null;
  /** Finding counts by severity, read from the report's Summary; null where the report does not say. */
  findings: { blocking: number | null; warning: number | null; info: number | null };
  /** The Summary's tiles in page order (rows, columns, duplicates, positive rate, findings…). */
  tiles: AuditTile[];
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
}

const SUMMARY_SECTION = /<section id="summary">([\s\S]*?)<\/section>/;
const TILE = /<div class="tile[^"]*"><div class="value">([\s\S]*?)<\/div><div class="label">([\s\S]*?)<\/div><\/div>/g;

/** The Summary tiles of an audit report's HTML (reports/audit-report.ts writes them); empty when none are found. */
export function auditTiles(html: string): AuditTile[] {
  const section = SUMMARY_SECTION.exec(html)?.[1] ?? '';
  return [...section.matchAll(TILE)].map((m) => ({ value: unescapeHtml(m[1]!), label: unescapeHtml(m[2]!) }));
}

function findingCount(tiles: readonly AuditTile[], severity: string): number | null {
  const tile = tiles.find((t) => t.label === `${severity} findings`);
  const n = tile === undefined ? NaN : Number(tile.value.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** The newest audit report of the project with its summary, or null when `flywheel audit` has not been run. */
export async function latestAudit(artifactsDir: string, store: Store): Promise<AuditSummary | null> {
  const folder = join(artifactsDir, 'reports');
  if (!existsSync(folder)) return null;
  const candidates: { file: string; snapshot: string; mtimeMs: number }[] = [];
  for (const file of await readdir(folder)) {
    const match = AUDIT_FILE.exec(file);
    if (match === null) continue;
    candidates.push({ file, snapshot: match[1]!, mtimeMs: (await stat(join(folder, file))).mtimeMs });
  }
  const latest = candidates.sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (latest === undefined) return null;
  const tiles = auditTiles(await readFile(join(folder, latest.file), 'utf8'));
  const snapshot = await store.datasets.getSnapshot(latest.snapshot).catch(() => undefined);
  return {
    report: `/reports/${latest.file}`,
    written_at: new Date(latest.mtimeMs).toISOString(),
    snapshot: latest.snapshot,
    data: snapshot === undefined ? null : { source: snapshot.source, rows: snapshot.rows, columns: snapshot.columns.length, created_at: new Date(snapshot.createdAtMs).toISOString() },
    findings: { blocking: findingCount(tiles, 'blocking'), warning: findingCount(tiles, 'warning'), info: findingCount(tiles, 'info') },
    tiles,
  };
}

/** The URL of a run's evaluation report when its file exists (`flywheel evaluate` writes it). */
export function evaluationReportUrl(artifactsDir: string, runId: string): string | null {
  const file = `evaluation-${runId.slice(0, 8)}.html`;
  return existsSync(join(artifactsDir, 'reports', file)) ? `/reports/${file}` : null;
}

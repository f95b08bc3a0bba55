// `flywheel audit`: the data profile and the leakage audit, as a terminal summary, JSON and an HTML report.

import type { Command } from 'commander';
import { auditProject, type AuditResult } from '../../workflow/audit.js';
import { loadProject, type Project, openProjectStore } from '../../workflow/project.js';
import { temporaryProject, withSplitFile } from '../../workflow/temporary-project.js';
import { contextOf } from '../context.js';
import { int, pct } from '../render.js';

interface AuditFlags {
  data?: string;
  target?: string;
  time?: string;
  entity?: string;
  positive?: string;
  splitFile?: string;
  run?: string[];
  html?: boolean;
}

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('profile the data and audit it for leakage (target, id-like, temporal, group, duplicate, pipeline); exit 1 on blocking findings')
    .option('--data <file>', 'audit a bare file (with --target) in a temporary project')
    .option('--target <col>', 'the label column, with --data')
    .option('--time <col>', 'the time column, with --data')
    .option('--entity <col>', 'the entity column, with --data')
    .option('--positive <label>', 'the positive class, with --data')
    .option('--split-file <file>', 'audit this split (CSV with columns row and split)')
    .option('--run <id>', "show which rows a run's fitted pipeline steps saw (pipeline leakage); repeatable", (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-html', 'do not write the HTML report')
    .addHelpText(
      'after',
      `
Findings are blocking, warning or info, most severe first, each with the evidence and what to do;
checks that lack an input (a time or entity column, a split) say what they need instead of passing.
The HTML report (charts, no network needed) is written under the artifacts folder.
\`flywheel train\` refuses to run on blocking findings unless given --accept-risk "<reason>".
Details: docs/leakage.md, docs/profile.md.`,
    )
    .action(async (flags: AuditFlags, command: Command) => {
      const ctx = contextOf(command);
      let project: Project;
      if (flags.data !== undefined) {
        project = await temporaryProject({ ...flags, data: flags.data, cwd: ctx.cwd });
        ctx.progress(`temporary project in ${project.root}`);
      } else project = withSplitFile(loadProject(ctx.cwd, ctx.options.project), flags.splitFile, ctx.cwd);
      const store = await openProjectStore(project);
      try {
        const result = await auditProject(project, store, { runIds: flags.run, html: flags.html, onStep: (s) => ctx.progress(`audit: ${s}`) });
        ctx.emit(result, renderAudit);
        if (result.counts.blocking > 0) ctx.setExitCode(1);
      } finally {
        await store.close();
      }
    });
}

const MARK = { blocking: 'BLOCKING', warning: 'warning ', info: 'info    ' } as const;

export function renderAudit(r: AuditResult): string {
  const p = r.profile;
  const lines = [
    `${r.source}: ${int(p.rows)} rows × ${p.columns_count} columns, ${int(p.duplicate_rows)} duplicate rows (${p.duplicate_pct.toFixed(1)}%)`,
  ];
  if (p.class_balance !== null) {
    const b = p.class_balance;
    lines.push(`target: ${JSON.stringify(b.positive)} ${int(b.positive_count)} (${pct(b.positive_rate)}) vs ${JSON.stringify(b.negative)} ${int(b.negative_count)}${b.warning === undefined ? '' : ` — ${b.warning}`}`);
  }
  const ranked = p.columns
    .flatMap((c) => (c.role === 'feature' && typeof c.target_association?.roc_auc === 'number' ? [{ name: c.name, auc: c.target_association.roc_auc }] : []))
    .sort((a, b) => b.auc - a.auc)
    .slice(0, 5);
  if (ranked.length > 0) lines.push(`strongest single features (ROC-AUC): ${ranked.map((c) => `${c.name} ${c.auc.toFixed(3)}`).join(', ')}`);
  lines.push('', `findings: ${r.counts.blocking} blocking, ${r.counts.warning} warning, ${r.counts.info} info`);
  for (const f of r.findings) {
    lines.push(`${MARK[f.severity]} ${f.check}${f.columns.length > 0 ? ` [${f.columns.join(', ')}]` : ''}: ${f.message}`);
    lines.push(`         → ${f.hint}`);
  }
  if (r.skipped.length > 0) lines.push('', `skipped: ${r.skipped.map((s) => `${s.check} (needs ${s.needs})`).join('; ')}`);
  if (r.problem !== null && r.problem.open_questions.length > 0) lines.push('', `problem card: ${r.problem.open_questions.length} open questions (flywheel frame)`);
  if (r.report !== null) lines.push('', `report: ${r.report}`);
  return lines.join('\n');
}

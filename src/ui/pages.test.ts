import { describe, expect, it } from 'vitest';
import { evaluationReportFixture, HOSTILE_FEATURE } from '../reports/evaluation-report-fixture.js';
import type { CompareResult } from '../workflow/compare.js';
import type { ModelHistory, ModelsListing } from '../workflow/registry.js';
import { answerText, compareIds, runFilterText, type ProjectOverview, type RunView } from './dashboard-data.js';
import { comparePage } from './pages/compare-page.js';
import { overviewPage } from './pages/overview-page.js';
import { registryPage } from './pages/registry-page.js';
import { runPage } from './pages/run-page.js';
import { renderRunCharts } from './run-charts.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

function failedRun(): RunView {
  return {
    run_id: '0f1e2d3c-0000-4000-8000-000000000000',
    name: null,
    model: 'gbt',
    status: 'failed',
    created_at: '2026-11-26T10:00:00.000Z',
    finished_at: '2026-11-26T10:00:05.000Z',
    params: { n_estimators: 300, note: HOSTILE },
    metrics: {},
    tags: { [HOSTILE]: 'x' },
    info: { error: `out of memory ${HOSTILE}` },
    lineage: { snapshot: 'a'.repeat(64), split: 'b'.repeat(64), split_method: null, split_counts: null, seed: 7, git_commit: 'c0ffee', package_version: '0.1.0', node_version: 'v20.20.2', parent_id: null },
    artifacts: [],
    notes: [{ text: HOSTILE, author: 'ana', at: '2026-11-26T10:01:00.000Z' }],
    test_looks: 0,
    evaluation: null,
    evaluation_report: null,
    model_versions: [],
  };
}

describe('dashboard pages', () => {
  it('shows a failed run without metrics or evaluation, with every value escaped', () => {
    const html = runPage(failedRun(), null, 'churn');
    expect(html).toContain('No metrics recorded.');
    expect(html).toContain('Not evaluated: `flywheel evaluate 0f1e2d3c`');
    expect(html).toContain('out of memory');
    expect(html).toContain('c0ffee');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows an evaluated run with its four charts, threshold and comparisons', async () => {
    const evaluation = evaluationReportFixture();
    const view: RunView = { ...failedRun(), status: 'finished', evaluation, evaluation_report: '/reports/evaluation-0f1e2d3c.html', metrics: { valid: evaluation.metrics.valid } };
    const html = runPage(view, await renderRunCharts(evaluation), 'churn');
    expect(html.match(/<svg/g)?.length).toBe(4);
    expect(html).toContain('test (frozen)');
    expect(html).toContain('Threshold and consequences');
    expect(html).toContain('vs baseline');
    expect(html).toContain('href="/reports/evaluation-0f1e2d3c.html"');
    expect(html).not.toContain(HOSTILE_FEATURE);
  });

  it('says why runs on different splits are not compared statistically', () => {
    const result: CompareResult = {
      runs: [
        { run_id: 'a'.repeat(36), model: 'logistic', split: 's1', created_at: '2026-11-26T10:00:00.000Z' },
        { run_id: 'b'.repeat(36), model: 'gbt', split: 's2', created_at: '2026-11-26T11:00:00.000Z' },
      ],
      params: [{ name: 'C', values: [1, null], differs: true }],
      metrics: [
        { name: 'valid.roc_auc', values: [0.83, 0.84], differs: true },
        { name: 'valid.log_loss', values: [0.43, 0.43], differs: false },
      ],
      statistics: null,
      statistics_refused: 'the runs were fitted on 2 different splits',
    };
    const html = comparePage(result, 'churn');
    expect(html).toContain('No statistical comparison: the runs were fitted on 2 different splits.');
    expect(html).toContain('<tr class="differs"><th>valid.roc_auc</th><td class="num">0.8300</td><td class="num best">0.8400</td></tr>');
    // Equal values are neither highlighted nor crowned.
    expect(html).toContain('<tr><th>valid.log_loss</th><td class="num">0.4300</td><td class="num">0.4300</td></tr>');
  });

  it('shows forced promotions, canaries and removed aliases in the registry history', () => {
    const listing: ModelsListing = {
      model: 'churn',
      aliases: { champion: 2, canary: 3 },
      versions: [1, 2, 3].map((version) => ({ name: 'churn', version, sha256: `${version}`.repeat(64), createdAtMs: 1_795_700_000_000 + version, runId: `${version}`.repeat(36), aliases: version === 2 ? ['champion'] : version === 3 ? ['canary'] : [], kind: 'logistic', test_roc_auc: version === 2 ? 0.84 : null, traffic_percent: version === 3 ? 5 : null })),
    };
    const gate = { passed: false, forced: { reason: `approved ${HOSTILE}` }, conditions: [{ name: 'calibrated', passed: false, required: 'ECE at most 0.05', measured: 'ECE 0.08' }] };
    const history: ModelHistory = {
      model: 'churn',
      events: [
        { name: 'churn', alias: 'champion', version: 2, previousVersion: 1, actor: 'ana', reason: 'forced: approved', atMs: 1_795_700_000_100, gate },
        { name: 'churn', alias: 'canary', version: 3, previousVersion: null, actor: 'bo', reason: 'promoted to canary', atMs: 1_795_700_000_200, gate: { traffic_percent: 5 } },
        { name: 'churn', alias: 'shadow', version: null, previousVersion: 1, actor: 'bo', reason: 'rollback', atMs: 1_795_700_000_300 },
      ],
    };
    const html = registryPage(listing, history, 'churn');
    expect(html).toContain('gate failed');
    expect(html).toContain('forced');
    expect(html).toContain('ECE 0.08');
    expect(html).toContain('5% of traffic');
    expect(html).toContain('removed');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('canary (5%)');
    expect(html).toContain('0.8400');
    // Newest first.
    expect(html.indexOf('rollback')).toBeLessThan(html.indexOf('promoted to canary'));
    expect(html.indexOf('promoted to canary')).toBeLessThan(html.indexOf('forced: approved'));
  });

  it('lists the open questions of an unfilled problem card', () => {
    const overview: ProjectOverview = {
      project: { name: 'churn', root: '/p', data: 'data.csv', target: 'churn', positive: null, store: 'sqlite:x' },
      problem_card: { present: false, answers: [], open_questions: [{ key: 'ml_metric', question: 'Which ML metric will judge the model?' }], closed: false, cost_threshold: null },
      audit: null,
      ladder: [],
      champion: null,
    };
    const html = overviewPage(overview);
    expect(html).toContain('1 open');
    expect(html).toContain('Which ML metric will judge the model?');
    expect(html).toContain('No audit report yet');
    expect(html).toContain('No champion yet');
  });
});

describe('dashboard query and answer reading', () => {
  it('writes parsed problem-card answers back in the card’s words', () => {
    expect(answerText({ name: 'recall_at_precision', param: 0.9 })).toBe('recall_at_precision(0.9)');
    expect(answerText({ kind: 'rules', expression: 'tenure < 6' })).toBe('tenure < 6');
    expect(answerText({ kind: 'none' })).toBe('none');
    expect(answerText({ false_positive: 20, false_negative: 400 })).toBe('false_positive: 20, false_negative: 400');
    expect(answerText(0.01)).toBe('0.01');
  });

  it('reads compare ids from a list or repeated parameters', () => {
    expect(compareIds('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(compareIds(['a', 'b,c'])).toEqual(['a', 'b', 'c']);
    expect(compareIds(undefined)).toEqual([]);
  });

  it('treats blank form fields as no filter', () => {
    expect(runFilterText({ model: '', tag: ['', ' team=growth '], metric: ' ', asc: 'on' })).toMatchObject({ kind: undefined, tags: ['team=growth'], metric: undefined, ascending: true, limit: 100 });
  });
});

import { describe, expect, it } from 'vitest';
import { pipelineLeakage } from './pipeline-leakage.js';
import { leakageInput, numeric } from './test-frames.js';

const frame = [numeric('x', [1, 2, 3])];
const provenance = (rows: number, stepRows: number[], side = 'train') => ({
  fitted_rows: { side, split: 'abc', rows, rows_sha256: 'f00' },
  steps: stepRows.map((n, i) => ({ step: i === 0 ? 'impute' : 'scale', columns: [`c${i}`], fitted_on_rows: n })),
});

describe('pipeline_leakage', () => {
  it('states that preprocessing is fitted on train only by construction, with no runs given', () => {
    const findings = pipelineLeakage.run(leakageInput(frame));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'info', evidence: { issue: 'fitted_on_train_by_construction', runs: [] } });
    expect(findings[0]!.message).toContain('fitted on the training rows only');
  });

  it('reports per run which rows each step saw', () => {
    const [info] = pipelineLeakage.run(leakageInput(frame, { runs: [{ run_id: 'r1', pipeline_provenance: provenance(600, [600, 600]) }] }));
    expect(info!.evidence.runs).toEqual([
      {
        run_id: 'r1',
        status: 'ok',
        side: 'train',
        split: 'abc',
        train_rows: 600,
        rows_sha256: 'f00',
        steps: [
          { step: 'impute', columns: ['c0'], fitted_on_rows: 600 },
          { step: 'scale', columns: ['c1'], fitted_on_rows: 600 },
        ],
      },
    ]);
  });

  it('blocks a run whose step was fitted on more rows than the train side', () => {
    const findings = pipelineLeakage.run(leakageInput(frame, { runs: [{ run_id: 'r2', pipeline_provenance: provenance(600, [600, 1000]) }] }));
    expect(findings[0]).toMatchObject({ severity: 'blocking', columns: ['c1'], evidence: expect.objectContaining({ run_id: 'r2', train_rows: 600 }) as unknown });
    expect(findings[0]!.message).toContain('scale on 1000 rows');
  });

  it('blocks a run fitted on another side than train', () => {
    const [found] = pipelineLeakage.run(leakageInput(frame, { runs: [{ run_id: 'r3', pipeline_provenance: provenance(600, [600], 'all') }] }));
    expect(found).toMatchObject({ severity: 'blocking', evidence: expect.objectContaining({ side: 'all' }) as unknown });
  });

  it('names runs without provenance instead of passing them silently', () => {
    const [info] = pipelineLeakage.run(leakageInput(frame, { runs: [{ run_id: 'old' }, { run_id: 'bad', pipeline_provenance: { fitted_rows: 'x' } }] }));
    expect(info!.message).toContain('2 runs recorded no provenance');
    expect(info!.evidence.runs).toEqual([
      { run_id: 'old', status: 'no_provenance' },
      { run_id: 'bad', status: 'no_provenance' },
    ]);
  });
});

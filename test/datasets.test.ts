// `flywheel init` and `data describe` on every binary-target dataset we ship, with the target its
// README names; and the clear refusals on a numeric target.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../src/workflow/dataset.js';
import { describeDataset } from '../src/workflow/describe.js';
import { initProject } from '../src/workflow/init.js';
import { loadProject } from '../src/workflow/project.js';
import { BINARY_DATASETS, dataset, scratchDir } from './fixtures.js';

describe('init and describe on every binary dataset', () => {
  for (const d of BINARY_DATASETS) {
    it(`${d.file}: init writes a loadable project and describe reports ${d.rows} rows with positive "${d.positive}"`, async () => {
      const dir = join(scratchDir(), 'project');
      const result = await initProject({ dir, data: d.path, target: d.target });
      expect(result.description.rows).toBe(d.rows);
      expect(result.description.columns).toHaveLength(d.columns);
      // The default positive class is the minority class (for breast_cancer that is 0 = malignant).
      expect(result.description.target).toMatchObject({ name: d.target, positive: d.positive, positive_source: 'minority' });
      expect(existsSync(join(dir, '.flywheel', 'flywheel.db'))).toBe(true);

      const project = loadProject(dir);
      expect(project.config.target).toBe(d.target);
      const again = describeDataset(await readDataset(project.dataPath, {}, project.config), dir);
      expect(again.snapshot).toBe(result.description.snapshot);
      expect(again.target?.positive).toBe(d.positive);
      expect(again.columns.map((c) => [c.name, c.type])).toEqual(result.description.columns.map((c) => [c.name, c.type]));
      expect(JSON.parse(JSON.stringify(again))).toEqual(again);
    });
  }
});

describe('a numeric target', () => {
  it('init on chicago_ridership says binary classification first and writes nothing', async () => {
    const parent = scratchDir();
    const dir = join(parent, 'ridership');
    await expect(initProject({ dir, data: dataset('chicago_ridership.csv'), target: 'ridership' })).rejects.toMatchObject({
      code: 'target_invalid',
      message: expect.stringContaining('Flywheel does binary classification first') as unknown,
    });
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('describe on chicago_ridership with --time date recognises date as a datetime', async () => {
    const description = describeDataset(await readDataset(dataset('chicago_ridership.csv'), { time: 'date' }));
    expect(description.columns.find((c) => c.name === 'date')).toMatchObject({ type: 'datetime', role: 'time' });
    expect(description.time).toBe('date');
    expect(description.target).toBeNull();
  });
});

// `frame`: check the problem card against the data — open questions, the baseline rule measured on the
// rows, the data-needs estimate beside the rows available, the threshold the costs imply.

import { checkProblemCard, type FrameReport } from '../framing/index.js';
import { readDataset, type Dataset } from './dataset.js';
import type { Project } from './project.js';

export interface FrameResult extends FrameReport {
  project: string;
  rows: number;
  /** Rows the train split will hold (the data-needs estimate is compared with these). */
  train_rows: number;
}

/** Candidate features: columns with role feature whose type a model can read. */
export function featureCount(dataset: Dataset): number {
  return dataset.schema.columns.filter((c) => c.role === 'feature' && c.type !== 'text' && c.type !== 'id').length;
}

export async function frameProject(project: Project, dataset?: Dataset): Promise<FrameResult> {
  const data = dataset ?? (await readDataset(project.dataPath, {}, project.config));
  const split = project.config.split;
  const trainRows = Math.round(data.frame.nRows * (1 - split.valid - split.test));
  const report = checkProblemCard({
    card: project.config.problem,
    frame: data.frame,
    schema: data.schema.columns,
    target: data.target,
    featureCount: featureCount(data),
    trainRows,
  });
  return { project: project.root, rows: data.frame.nRows, train_rows: trainRows, ...report };
}

// Stage 1, framing: the problem card checked against the data. Lists the unanswered questions,
// measures the baseline, estimates the rows the problem needs and compares them with the rows
// available, and derives the cost-optimal threshold from the costs. The card is closed (ok) when no
// question is open.

import { FlywheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import { AT_REQUEST, type ProblemCard } from '../core/problem-spec.js';
import { didYouMean } from '../core/suggest.js';
import type { SchemaColumn } from '../data/infer.js';
import type { BinaryTarget } from '../data/target.js';
import { checkBaseline, type BaselineReport } from './baseline-check.js';
import { costThreshold, type CostThreshold } from './cost-threshold.js';
import { estimateDataNeeds, type DataNeeds } from './data-needs.js';
import { openQuestions, type OpenQuestion } from './open-questions.js';

export interface CheckProblemCardInput {
  /** The validated `problem:` section; undefined when flywheel.yaml has none. */
  card: ProblemCard | undefined;
  /** The typed Frame (schema applied), every row. */
  frame: Frame;
  schema: SchemaColumn[];
  target?: BinaryTarget | undefined;
  /** Candidate features the model will read (task complexity for the data-needs estimate). */
  featureCount: number;
  /** Rows of the training split, when known; otherwise every row counts as available. */
  trainRows?: number | undefined;
}

/** The `flywheel frame` result (JSON keys snake_case, as all output). */
export interface FrameReport {
  /** No open question: the card is closed. */
  ok: boolean;
  open_questions: OpenQuestion[];
  baseline: BaselineReport;
  data_needs: DataNeeds;
  /** The threshold the costs imply for calibrated scores; absent until both costs are answered. */
  cost_threshold?: CostThreshold;
}

export function checkProblemCard(input: CheckProblemCardInput): FrameReport {
  const { card, frame, target } = input;
  checkPredictionTime(card?.prediction_time, frame);
  const targetColumn = target?.name ?? input.schema.find((c) => c.role === 'target')?.name;
  const open = openQuestions(card);
  const baseline = checkBaseline(card?.baseline, frame, { target, targetColumn });
  const dataNeeds = estimateDataNeeds({
    featureCount: input.featureCount,
    classCounts: target,
    availableRows: input.trainRows ?? frame.nRows,
    availableIsTraining: input.trainRows !== undefined,
    mlMetric: card?.ml_metric,
    targetPerformance: card?.target_performance,
    labelNoise: card?.labels?.expected_noise,
  });
  const threshold = costThreshold(card?.costs);
  return {
    ok: open.length === 0,
    open_questions: open,
    baseline,
    data_needs: dataNeeds,
    ...(threshold === undefined ? {} : { cost_threshold: threshold }),
  };
}

/** prediction_time names a column of dates or numeric times, or is "at request". */
function checkPredictionTime(answer: string | undefined, frame: Frame): void {
  if (answer === undefined || answer === AT_REQUEST) return;
  if (!frame.has(answer)) {
    const suggestion = didYouMean(answer, frame.names);
    throw new FlywheelError('config_invalid', `problem.prediction_time: column "${answer}" is not in the data`, {
      hint: `${suggestion === undefined ? '' : `${suggestion} `}name the column holding the moment each prediction is made, or write "${AT_REQUEST}"`,
      details: { key: 'problem.prediction_time', column: answer },
    });
  }
  const type = frame.column(answer).type;
  if (type !== 'datetime' && type !== 'numeric') {
    throw new FlywheelError('config_invalid', `problem.prediction_time: column "${answer}" holds ${type} values, not times`, {
      hint: `name a column of dates or timestamps (or numeric times), or write "${AT_REQUEST}"; a column's type can be set under columns: in flywheel.yaml`,
      details: { key: 'problem.prediction_time', column: answer },
    });
  }
}

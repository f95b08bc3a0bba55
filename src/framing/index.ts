// Stage 1, framing: the problem card's checks (open questions, the baseline measured on the data,
// the data-needs estimate, the cost-optimal threshold). docs/problem-card.md documents them.

export { checkProblemCard, type CheckProblemCardInput, type FrameReport } from './check-problem-card.js';
export { openQuestions, QUESTIONS, type OpenQuestion, type QuestionKey } from './open-questions.js';
export { checkBaseline, type BaselineReport, type BaselineCheckOptions } from './baseline-check.js';
export { estimateDataNeeds, DATA_NEEDS_RULE, type DataNeeds, type DataNeedsOptions } from './data-needs.js';
export { costThreshold, type CostThreshold } from './cost-threshold.js';

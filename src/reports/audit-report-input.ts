// The input of the audit report: the JSON that `flywheel audit --json` prints. It is declared here,
// not imported from audit/, because the report reads the JSON contract (it may come from a file written
// by another version); every optional field may be absent and the report says so instead of failing.

export type Severity = 'blocking' | 'warning' | 'info';

export interface AuditTarget {
  name: string;
  positive: string;
  negative: string;
}

export interface ClassBalance {
  positive: string;
  negative: string;
  positive_count: number;
  negative_count: number;
  /** 0–1. */
  positive_rate: number;
  /** 0–1: accuracy of always predicting the majority class. */
  accuracy_of_majority: number;
  warning?: string;
}

export interface TargetAssociation {
  /** Single-feature ROC-AUC; null when the scored rows hold one class only. */
  roc_auc: number | null;
  point_biserial?: number;
  cramers_v?: number;
  mutual_information?: number;
}

export type QuantileName = 'p01' | 'p05' | 'p25' | 'p50' | 'p75' | 'p95' | 'p99';

export interface ColumnProfile {
  name: string;
  type: string;
  role: string;
  count: number;
  missing: number;
  /** 0–100. */
  missing_pct: number;
  distinct: number;
  /** Numbers; ISO text for datetime columns. */
  min?: number | string;
  max?: number | string;
  mean?: number;
  std?: number;
  /** Keyed by the quantile's name as the profile gives it (`p25`, `p50`, …), in display order. */
  quantiles?: Partial<Record<QuantileName, number>>;
  skew?: number;
  zeros?: number;
  infinities?: number;
  /** `edges` has one more element than `counts`. */
  histogram?: { edges: number[]; counts: number[] };
  /** Most frequent values; `pct` is 0–100. */
  top?: { value: string | number; count: number; pct: number }[];
  constant: boolean;
  near_constant: boolean;
  high_cardinality: boolean;
  mixed_types?: { numeric_share: number };
  target_association?: TargetAssociation;
}

export interface CorrelationPair {
  a: string;
  b: string;
  r: number;
}

export interface DataProfile {
  rows: number;
  columns_count: number;
  duplicate_rows: number;
  /** 0–100. */
  duplicate_pct: number;
  class_balance: ClassBalance | null;
  columns: ColumnProfile[];
  correlations: { method: string; threshold: number; pairs: CorrelationPair[]; limited_to?: string };
}

export interface AuditFinding {
  check: string;
  severity: Severity;
  columns: string[];
  message: string;
  hint: string;
  evidence: Record<string, unknown>;
}

export interface SkippedCheck {
  check: string;
  /** What the check needs that this audit did not have (a target, a time column, …). */
  needs: string;
}

export interface ProblemSummary {
  open_questions: { key: string; question: string }[];
  /** estimate_rows is null when no estimate can be made (no target, or labels that carry no information). */
  data_needs?: { estimate_rows: number | null; available_rows: number; short: boolean; reasoning: string[] };
}

export interface AuditReportInput {
  /** Usually the project folder's name. */
  title: string;
  /** ISO 8601 time. */
  generated_at: string;
  /** The data file. */
  source: string;
  /** The snapshot hash. */
  snapshot: string;
  target: AuditTarget | null;
  profile: DataProfile;
  findings: AuditFinding[];
  skipped: SkippedCheck[];
  problem?: ProblemSummary | null;
}

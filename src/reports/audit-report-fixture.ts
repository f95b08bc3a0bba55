// Hand-written audit JSON for tests and docs: a Telco churn-like table with a leaky column, an id
// column, a mixed-type numeric column, correlated columns and a column whose name is HTML. Also a
// generator of wide synthetic inputs for the timing test.

import type { AuditReportInput, ColumnProfile } from './audit-report-input.js';

export const HOSTILE_COLUMN = '<script>alert("x")</script>';

function numeric(name: string, stats: Partial<ColumnProfile> & { histogram: { edges: number[]; counts: number[] } }): ColumnProfile {
  return {
    name,
    type: 'numeric',
    role: 'feature',
    count: 7043,
    missing: 0,
    missing_pct: 0,
    distinct: 100,
    constant: false,
    near_constant: false,
    high_cardinality: false,
    ...stats,
  };
}

function categorical(name: string, top: { value: string; count: number }[], stats: Partial<ColumnProfile> = {}): ColumnProfile {
  const count = stats.count ?? 7043;
  return {
    name,
    type: 'categorical',
    role: 'feature',
    count,
    missing: 0,
    missing_pct: 0,
    distinct: top.length,
    top: top.map((t) => ({ ...t, pct: (100 * t.count) / count })),
    constant: false,
    near_constant: false,
    high_cardinality: false,
    ...stats,
  };
}

export function telcoAuditInput(): AuditReportInput {
  return {
    title: 'telco-churn',
    generated_at: '2026-11-27T10:15:00.000Z',
    source: 'data/telco.csv',
    snapshot: '9f2c4e1a7b3d5f60812e4c9a0b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
    target: { name: 'Churn', positive: 'Yes', negative: 'No' },
    profile: {
      rows: 7043,
      columns_count: 10,
      duplicate_rows: 22,
      duplicate_pct: 0.31,
      class_balance: {
        positive: 'Yes',
        negative: 'No',
        positive_count: 1869,
        negative_count: 5174,
        positive_rate: 0.2654,
        accuracy_of_majority: 0.7346,
      },
      columns: [
        {
          name: 'customerID',
          type: 'id',
          role: 'entity',
          count: 7043,
          missing: 0,
          missing_pct: 0,
          distinct: 7043,
          top: [{ value: '7590-VHVEG', count: 1, pct: 0.014 }],
          constant: false,
          near_constant: false,
          high_cardinality: true,
        },
        categorical('gender', [{ value: 'Male', count: 3555 }, { value: 'Female', count: 3488 }], {
          target_association: { roc_auc: 0.504, cramers_v: 0.008, mutual_information: 0.00004 },
        }),
        numeric('tenure', {
          distinct: 73,
          min: 0,
          max: 72,
          mean: 32.37,
          std: 24.56,
          quantiles: { p25: 9, p50: 29, p75: 55 },
          skew: 0.24,
          zeros: 11,
          histogram: { edges: [0, 7.2, 14.4, 21.6, 28.8, 36, 43.2, 50.4, 57.6, 64.8, 72], counts: [1378, 639, 530, 450, 408, 434, 440, 468, 546, 1750] },
          target_association: { roc_auc: 0.7364, point_biserial: -0.352, mutual_information: 0.074 },
        }),
        categorical('Contract', [{ value: 'Month-to-month', count: 3875 }, { value: 'Two year', count: 1695 }, { value: 'One year', count: 1473 }], {
          target_association: { roc_auc: 0.7557, cramers_v: 0.41, mutual_information: 0.098 },
        }),
        numeric('MonthlyCharges', {
          distinct: 1585,
          min: 18.25,
          max: 118.75,
          mean: 64.7616,
          std: 30.09,
          quantiles: { p25: 35.5, p50: 70.35, p75: 89.85 },
          skew: -0.22,
          histogram: { edges: [18.25, 28.3, 38.35, 48.4, 58.45, 68.5, 78.55, 88.6, 98.65, 108.7, 118.75], counts: [1606, 212, 448, 529, 464, 894, 1010, 860, 698, 322] },
          target_association: { roc_auc: 0.6335, point_biserial: 0.193 },
        }),
        numeric('TotalCharges', {
          count: 7032,
          missing: 11,
          missing_pct: 0.156,
          distinct: 6530,
          min: 18.8,
          max: 8684.8,
          mean: 2283.3,
          std: 2266.77,
          quantiles: { p25: 401.45, p50: 1397.475, p75: 3794.74 },
          skew: 0.96,
          mixed_types: { numeric_share: 0.9984 },
          histogram: { edges: [18.8, 885.4, 1752, 2618.6, 3485.2, 4351.8, 5218.4, 6085, 6951.6, 7818.2, 8684.8], counts: [2907, 1013, 697, 552, 487, 423, 413, 289, 186, 65] },
          target_association: { roc_auc: 0.7129, point_biserial: -0.199 },
        }),
        categorical('churn_reason', [{ value: '', count: 5174 }, { value: 'Competitor made better offer', count: 311 }, { value: 'Moved', count: 188 }, { value: 'Price too high & "unfair"', count: 173 }], {
          missing: 5174,
          missing_pct: 73.46,
          distinct: 21,
          target_association: { roc_auc: 0.998, cramers_v: 0.99, mutual_information: 0.57 },
        }),
        categorical(HOSTILE_COLUMN, [{ value: '<b>bold</b>', count: 4000 }, { value: 'a & b', count: 3043 }], {
          target_association: { roc_auc: 0.51, cramers_v: 0.01 },
        }),
        {
          ...categorical('Country', [{ value: 'United States', count: 7043 }]),
          constant: true,
          near_constant: true,
        },
        { ...categorical('Churn', [{ value: 'No', count: 5174 }, { value: 'Yes', count: 1869 }]), role: 'target' },
      ],
      correlations: {
        method: 'pearson',
        threshold: 0.8,
        pairs: [
          { a: 'tenure', b: 'TotalCharges', r: 0.826 },
          { a: 'MonthlyCharges', b: 'TotalCharges', r: 0.651 },
          { a: HOSTILE_COLUMN, b: 'gender', r: -0.95 },
        ],
        limited_to: 'numeric and encoded categorical features',
      },
    },
    findings: [
      {
        check: 'mixed_types',
        severity: 'info',
        columns: ['TotalCharges'],
        message: 'TotalCharges is numeric in 99.8% of rows; 11 values are blank.',
        hint: 'declare TotalCharges as numeric in flywheel.yaml so blanks become missing values',
        evidence: { numeric_share: 0.9984, examples: [' ', ' '] },
      },
      {
        check: 'id_like_column',
        severity: 'warning',
        columns: ['customerID'],
        message: 'customerID has a distinct value in every row; as a feature it can only memorise.',
        hint: 'set `customerID: { role: entity }` under columns in flywheel.yaml',
        evidence: { distinct: 7043, rows: 7043 },
      },
      {
        check: 'target_leakage',
        severity: 'blocking',
        columns: ['churn_reason'],
        message: 'churn_reason alone predicts Churn with ROC-AUC 0.998: it is probably recorded after the outcome.',
        hint: 'drop churn_reason or set its role to ignore, unless it is known at prediction time',
        evidence: {
          roc_auc: 0.998,
          missing_when_negative: 1,
          by_value: [
            { value: '', rows: 5174, positive_rate: 0 },
            { value: 'Moved', rows: 188, positive_rate: 1 },
          ],
        },
      },
      {
        check: 'high_correlation',
        severity: 'warning',
        columns: ['tenure', 'TotalCharges'],
        message: 'tenure and TotalCharges are correlated (r = 0.83).',
        hint: 'keep both only if the model copes with collinearity (trees do; logistic coefficients become unstable)',
        evidence: { r: 0.826, method: 'pearson' },
      },
      {
        check: 'suspicious_name',
        severity: 'info',
        columns: [HOSTILE_COLUMN],
        message: `Column ${HOSTILE_COLUMN} has markup in its name.`,
        hint: 'rename it <safely>',
        evidence: { raw: HOSTILE_COLUMN, nested: { deep: { value: '<img src=x onerror=alert(1)>' } } },
      },
      {
        check: 'constant_column',
        severity: 'warning',
        columns: ['Country'],
        message: 'Country has one value in every row.',
        hint: 'drop it: a constant carries no information',
        evidence: { value: 'United States' },
      },
    ],
    skipped: [{ check: 'temporal_leakage', needs: 'a time column (--time COL)' }],
    problem: {
      open_questions: [
        { key: 'decision', question: 'What action is taken for a customer predicted to churn?' },
        { key: 'costs.false_positive', question: 'What does an unneeded retention offer cost?' },
      ],
      data_needs: { estimate_rows: 5000, available_rows: 7043, short: false, reasoning: ['1,869 positives; about 200 positives per useful feature are plenty for a GBT'] },
    },
  };
}

/** A synthetic input with `columns` columns alternating numeric and categorical, for timing. */
export function wideAuditInput(columns: number): AuditReportInput {
  const base = telcoAuditInput();
  const profileColumns: ColumnProfile[] = [];
  for (let i = 0; i < columns; i += 1) {
    const auc = 0.5 + ((i * 37) % 45) / 100;
    if (i % 2 === 0) {
      const counts = Array.from({ length: 20 }, (_, k) => Math.round(1000 * Math.exp(-(((k - 8 - (i % 5)) / 4) ** 2))));
      profileColumns.push(
        numeric(`num_feature_${i}`, {
          min: 0,
          max: 200,
          mean: 90,
          std: 30,
          quantiles: { p25: 70, p50: 90, p75: 110 },
          histogram: { edges: Array.from({ length: 21 }, (_, k) => k * 10), counts },
          target_association: { roc_auc: auc, point_biserial: auc - 0.5 },
        }),
      );
    } else {
      const top = Array.from({ length: 12 }, (_, k) => ({ value: `level ${k} of column ${i}`, count: 2000 - k * 150 }));
      profileColumns.push(categorical(`cat_feature_${i}`, top, { distinct: 40, target_association: { roc_auc: auc, cramers_v: auc - 0.5 } }));
    }
  }
  return {
    ...base,
    title: `wide-${columns}`,
    profile: { ...base.profile, columns_count: columns, columns: profileColumns },
    findings: profileColumns.slice(0, 10).map((c, i) => ({
      check: 'synthetic',
      severity: (['blocking', 'warning', 'info'] as const)[i % 3]!,
      columns: [c.name],
      message: `finding ${i} on ${c.name}`,
      hint: 'none',
      evidence: { index: i },
    })),
  };
}

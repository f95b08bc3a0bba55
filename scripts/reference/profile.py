#!/usr/bin/env python3
"""Reference values for Flywheel's data profile, from pandas, numpy, SciPy and scikit-learn (run with
/usr/bin/python3: Debian's python3-pandas, python3-scipy, python3-sklearn).

Writes test/reference/profile.json for examples/telco_churn.csv and
test/fixtures/datasets/pima_diabetes.csv, read as Flywheel reads them (only empty fields are missing),
so src/audit/profile.test.ts compares without Python. What each number is:

- count, missing, distinct: Series.count(), isna().sum(), nunique();
- min, max, mean, std (ddof=1), quantiles (linear interpolation), skew (bias-corrected): pandas;
- zeros, infinities; histogram: numpy.histogram(finite values, bins=20);
- top: value_counts() counts, most frequent first;
- duplicate rows: DataFrame.duplicated().sum();
- point-biserial: scipy.stats.pointbiserialr on the non-missing rows;
- ROC-AUC: sklearn roc_auc_score, oriented to be >= 0.5: numbers by value on the non-missing rows,
  categorical columns by their level's positive rate (missing as a level, in-sample);
- Cramer's V: scipy chi2_contingency(correction=False) on level x class (missing as a level);
- mutual information: sklearn mutual_info_score (nats) on the same levels;
- correlations: DataFrame.corr() (pairwise-complete Pearson) over the numeric and boolean columns.

Column types mirror Flywheel's inference for these files (0/1 integers are boolean, other numbers
numeric, text categorical); the test checks the inferred schema agrees.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy.stats import chi2_contingency, pointbiserialr
from sklearn.metrics import mutual_info_score, roc_auc_score

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
OUT = os.path.join(ROOT, 'test', 'reference', 'profile.json')
DATASETS = [
    ('examples/telco_churn.csv', 'churn', 'Yes'),
    ('test/fixtures/datasets/pima_diabetes.csv', 'diabetes', 'pos'),
]
QUANTILES = [('p01', 0.01), ('p05', 0.05), ('p25', 0.25), ('p50', 0.5), ('p75', 0.75), ('p95', 0.95), ('p99', 0.99)]
BINS = 20
TOP_K = 10


def column_type(s):
    if pd.api.types.is_numeric_dtype(s):
        values = set(s.dropna().unique().tolist())
        return 'boolean' if values and values <= {0, 1} else 'numeric'
    return 'categorical'


def oriented_auc(y, score):
    auc = roc_auc_score(y, score)
    return (auc, 'higher') if auc >= 0.5 else (1 - auc, 'lower')


def level_measures(levels, y):
    table = pd.crosstab(levels, y)
    chi2, _, _, _ = chi2_contingency(table.values, correction=False)
    n = table.values.sum()
    dof = min(table.shape) - 1
    rate = y.groupby(levels).transform('mean')
    return {
        'cramers_v': float(np.sqrt(chi2 / (n * dof))) if dof > 0 else None,
        'mutual_information': float(mutual_info_score(levels, y)),
        'level_rate_auc': float(roc_auc_score(y, rate)),
    }


def profile_column(s, kind, y):
    present = s.dropna()
    out = {
        'name': s.name,
        'type': kind,
        'count': int(s.count()),
        'missing': int(s.isna().sum()),
        'distinct': int(s.nunique()),
        'top_counts': [int(c) for c in s.value_counts().head(TOP_K).tolist()],
    }
    counts = s.value_counts()
    out['near_constant'] = bool(len(counts) > 0 and counts.iloc[0] / s.count() >= 0.99)
    if kind == 'numeric':
        finite = present[np.isfinite(present.astype(float))].astype(float)
        edges_counts, edges = np.histogram(finite.values, bins=BINS)
        out.update({
            'min': float(finite.min()),
            'max': float(finite.max()),
            'mean': float(finite.mean()),
            'std': float(finite.std(ddof=1)),
            'quantiles': {key: float(finite.quantile(q)) for key, q in QUANTILES},
            'skew': float(finite.skew()),
            'zeros': int((present == 0).sum()),
            'infinities': int(np.isinf(present.astype(float)).sum()),
            'histogram': {'edges': edges.tolist(), 'counts': edges_counts.tolist()},
        })
    if kind == 'boolean':
        out['mean'] = float(present.mean())
    if y is not None:
        assoc = {}
        if kind in ('numeric', 'boolean'):
            mask = s.notna()
            auc, direction = oriented_auc(y[mask], s[mask].astype(float))
            assoc.update({'roc_auc': float(auc), 'direction': direction, 'scored_rows': int(mask.sum())})
            assoc['point_biserial'] = float(pointbiserialr(y[mask], s[mask].astype(float))[0])
        if kind in ('categorical', 'boolean'):
            levels = s.astype(object).where(s.notna(), '(missing)').astype(str)
            measures = level_measures(levels, y)
            assoc['cramers_v'] = measures['cramers_v']
            assoc['mutual_information'] = measures['mutual_information']
            if kind == 'categorical':
                assoc.update({'roc_auc': measures['level_rate_auc'], 'direction': 'level_rate', 'scored_rows': int(len(s))})
        out['target_association'] = assoc
    return out


def profile_dataset(path, target, positive):
    df = pd.read_csv(os.path.join(ROOT, path), keep_default_na=False, na_values=[''])
    y = (df[target].astype(str) == positive).astype(int)
    kinds = {name: ('categorical' if name == target else column_type(df[name])) for name in df.columns}
    columns = [profile_column(df[name], kinds[name], None if name == target else y) for name in df.columns]
    numeric = [name for name in df.columns if name != target and kinds[name] in ('numeric', 'boolean')]
    corr = df[numeric].astype(float).corr()
    pairs = [
        {'a': a, 'b': b, 'r': float(corr.loc[a, b])}
        for i, a in enumerate(numeric)
        for b in numeric[i + 1:]
        if not np.isnan(corr.loc[a, b])
    ]
    positives = int(y.sum())
    return {
        'file': path,
        'target': target,
        'positive': positive,
        'rows': int(len(df)),
        'duplicate_rows': int(df.duplicated().sum()),
        'class_balance': {'positive_count': positives, 'negative_count': int(len(df) - positives), 'positive_rate': positives / len(df)},
        'columns': columns,
        'correlation_columns': numeric,
        'correlations': pairs,
    }


def main():
    result = {
        'pandas_version': pd.__version__,
        'numpy_version': np.__version__,
        'scipy_version': scipy.__version__,
        'sklearn_version': sklearn.__version__,
        'bins': BINS,
        'top_k': TOP_K,
        'datasets': [profile_dataset(*d) for d in DATASETS],
    }
    with open(OUT, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')
    print(f'wrote {OUT} ({len(DATASETS)} datasets, pandas {pd.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__})', file=sys.stderr)


if __name__ == '__main__':
    main()

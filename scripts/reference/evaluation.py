#!/usr/bin/env python3
"""Reference values for Flywheel's offline evaluation statistics (run with /usr/bin/python3).

Writes test/reference/evaluation.json: seeded cases (random scores with ties, imbalanced labels,
rounded scores, logistic regression on load_breast_cancer) holding scikit-learn's threshold metrics,
precision-recall-curve constraints, calibration_curve (quantile bins), Platt scaling
(_sigmoid_calibration on the log-odds) and IsotonicRegression, plus DeLong's test for two correlated
ROC-AUCs written here independently with numpy/scipy (midranks from scipy.stats.rankdata, normal
tails from scipy.stats.norm), so `npm test` compares without Python.
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.optimize import root
from scipy.special import expit
from scipy.stats import norm, rankdata
from sklearn.calibration import _sigmoid_calibration, calibration_curve
from sklearn.datasets import load_breast_cancer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix, f1_score,
                             precision_recall_curve, precision_score, recall_score, roc_auc_score)
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'reference', 'evaluation.json')
COSTS = {'false_positive': 1.0, 'false_negative': 5.0}
LOGIT_EPS = 1e-15


def at_threshold(scores, y, t):
    pred = (scores >= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    # Flywheel returns null where scikit-learn's zero_division applies.
    return {
        'threshold': float(t),
        'confusion': {'tp': int(tp), 'fp': int(fp), 'tn': int(tn), 'fn': int(fn)},
        'accuracy': accuracy_score(y, pred),
        'balanced_accuracy': balanced_accuracy_score(y, pred),
        'precision': None if tp + fp == 0 else precision_score(y, pred, zero_division=0),
        'recall': None if tp + fn == 0 else recall_score(y, pred, zero_division=0),
        'f1': None if 2 * tp + fp + fn == 0 else f1_score(y, pred, zero_division=0),
        'cost_total': float(fp * COSTS['false_positive'] + fn * COSTS['false_negative']),
    }


def precision_at_k(scores, y, k):
    """Top-k precision; rows tied with the k-th score share the remaining places (expected value under random tie order)."""
    n = len(scores)
    # A share is rounded up, with a 1e-9 allowance so that 0.1 of 300 rows is 30 rows despite 0.1 * 300 > 30.
    rows = k if k >= 1 else int(np.ceil(k * n - 1e-9))
    rows = min(rows, n)
    cut = np.sort(scores)[::-1][rows - 1]
    above = scores > cut
    tied = scores == cut
    hits = y[above].sum() + (rows - above.sum()) * y[tied].mean()
    return hits / rows


def delong_components(scores, y):
    """Sun & Xu (2014): AUC and the structural components V10 (per positive) and V01 (per negative)."""
    x = scores[y == 1]
    z = scores[y == 0]
    m, n = len(x), len(z)
    tx = rankdata(x)
    tz = rankdata(z)
    t = rankdata(np.concatenate([x, z]))
    auc = (t[:m].sum() - m * (m + 1) / 2) / (m * n)
    v10 = (t[:m] - tx) / n
    v01 = 1 - (t[m:] - tz) / m
    return auc, v10, v01


def delong(a, b, y):
    auc_a, v10a, v01a = delong_components(a, y)
    auc_b, v10b, v01b = delong_components(b, y)
    m, n = len(v10a), len(v01a)
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    s = s10 / m + s01 / n
    var = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    se = float(np.sqrt(max(var, 0.0)))
    diff = auc_b - auc_a
    z = diff / se
    q = norm.ppf(0.975)
    return {
        'auc_a': auc_a, 'auc_b': auc_b, 'difference': diff, 'se': se, 'z': z,
        'p_value': 2 * norm.sf(abs(z)), 'ci': [diff - q * se, diff + q * se],
        'variance_a': s[0, 0], 'variance_b': s[1, 1],
    }


def calibration(scores, y, n_bins):
    prob_true, prob_pred = calibration_curve(y, scores, n_bins=n_bins, strategy='quantile')
    edges = np.percentile(scores, np.linspace(0, 1, n_bins + 1) * 100)
    ids = np.searchsorted(edges[1:-1], scores)
    counts = np.bincount(ids, minlength=n_bins)
    nonzero = counts > 0
    lower = edges[:-1][nonzero]
    upper = edges[1:][nonzero]
    counts = counts[nonzero]
    w = counts / len(scores)
    base = y.mean()
    return {
        'n_bins': n_bins,
        'prob_true': prob_true.tolist(), 'prob_pred': prob_pred.tolist(),
        'counts': counts.tolist(), 'lower': lower.tolist(), 'upper': upper.tolist(),
        'ece': float(np.sum(w * np.abs(prob_true - prob_pred))),
        'brier': float(np.mean((scores - y) ** 2)),
        'reliability': float(np.sum(w * (prob_pred - prob_true) ** 2)),
        'resolution': float(np.sum(w * (prob_true - base) ** 2)),
        'uncertainty': float(base * (1 - base)),
    }


def platt(scores, y):
    p = np.clip(scores, LOGIT_EPS, 1 - LOGIT_EPS)
    f = np.log(p / (1 - p))
    a, b = _sigmoid_calibration(f, y)
    # The same optimum solved tightly, as the root of the gradient (the objective is convex).
    # scikit-learn's BFGS stops at gtol 1e-5, and its objective loses digits when scores reach 0 or 1
    # (log(1 - q) with q within 1e-11 of 1), so its a, b are off by up to about 1e-5 there.
    prior1 = y.sum()
    prior0 = len(y) - prior1
    t = np.where(y > 0, (prior1 + 1.0) / (prior1 + 2.0), 1.0 / (prior0 + 2.0))

    def grad(ab):
        d = t - expit(-(ab[0] * f + ab[1]))
        return np.array([d @ f, d.sum()])

    def hess(ab):
        q = expit(-(ab[0] * f + ab[1]))
        w = q * (1 - q)
        return np.array([[w @ (f * f), w @ f], [w @ f, w.sum()]])

    solved = root(grad, [a, b], jac=hess, method='hybr', tol=1e-14)
    # hybr may report slow progress once the gradient is at rounding level; the gradient is what counts.
    assert np.abs(grad(solved.x)).max() < 1e-9, solved
    tight = solved.x
    return {'a_sklearn': float(a), 'b_sklearn': float(b), 'a': float(tight[0]), 'b': float(tight[1])}


def isotonic(scores, y):
    model = IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1, increasing=True).fit(scores, y)
    grid = np.concatenate([np.linspace(-0.1, 1.1, 61), scores[:40]])
    return {
        'x': model.X_thresholds_.tolist(), 'y': model.y_thresholds_.tolist(),
        'grid': grid.tolist(), 'predictions': model.predict(grid).tolist(),
    }


def case(name, scores, scores_b, y):
    scores = np.asarray(scores, dtype=float)
    scores_b = np.asarray(scores_b, dtype=float)
    y = np.asarray(y, dtype=int)
    precision, recall, _ = precision_recall_curve(y, scores)
    distinct = np.unique(scores)
    thresholds = sorted({float(np.median(scores)), 0.5, float(distinct[len(distinct) // 3]), float(distinct[0]),
                         float(distinct[-1]), float(distinct[-1]) + 0.01})
    n = len(y)
    candidates = list(distinct) + [np.inf]
    costs = [at_threshold(scores, y, t)['cost_total'] / n for t in candidates]
    f1s = [f1_score(y, (scores >= t).astype(int), zero_division=0) for t in distinct]
    return {
        'name': name,
        'scores': scores.tolist(), 'scores_b': scores_b.tolist(), 'y': y.tolist(),
        'costs': COSTS,
        'at_threshold': [at_threshold(scores, y, t) for t in thresholds],
        'recall_at_precision': [{'p': p, 'value': float(recall[precision >= p].max())} for p in [0.3, 0.5, 0.8, 0.95, 1.0]],
        'precision_at_recall': [{'r': r, 'value': float(precision[recall >= r].max())} for r in [0.1, 0.5, 0.8, 1.0]],
        'precision_at_k': [{'k': k, 'value': precision_at_k(scores, y, k), 'lift': precision_at_k(scores, y, k) / y.mean()}
                           for k in [1, 10, 37, 0.1, 0.25, 0.5]],
        'roc_auc': roc_auc_score(y, scores),
        'best_cost_per_row': float(min(costs)),
        'best_f1': float(max(f1s)),
        'delong': delong(scores, scores_b, y),
        'calibration': [calibration(scores, y, nb) for nb in [5, 10]],
        'platt': platt(scores, y),
        'isotonic': isotonic(scores, y),
    }


def main():
    rng = np.random.default_rng(7)
    cases = []
    for n, rate, decimals in [(300, 0.3, 2), (1000, 0.05, None), (500, 0.4, 1)]:
        y = (rng.random(n) < rate).astype(int)
        y[0], y[1] = 0, 1
        signal = rng.normal(size=n) + 1.2 * y
        a = expit(signal - 1)
        b = expit(0.7 * signal + 0.8 * rng.normal(size=n) - 1)
        if decimals is not None:
            a, b = np.round(a, decimals), np.round(b, decimals)
        cases.append(case(f'n{n}_rate{rate}_round{decimals}', a, b, y))

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)
    full = LogisticRegression(C=0.05, max_iter=1000).fit(scaler.transform(X_train), y_train)
    few = LogisticRegression(C=0.05, max_iter=1000).fit(scaler.transform(X_train)[:, :3], y_train)
    cases.append(case('breast_cancer_logistic', few.predict_proba(scaler.transform(X_test)[:, :3])[:, 1],
                      full.predict_proba(scaler.transform(X_test))[:, 1], y_test))

    # Scores closer than 1e-15 are one point to scikit-learn's isotonic regression; scores at 0 and 1.
    near = np.array([0.0, 1e-20, 2e-16, 5e-16, 0.3, 0.3 + 1e-16, 0.7, 1.0, 1.0])
    isotonic_cases = [{'name': 'near_ties', 'scores': near.tolist(), 'y': [1, 0, 1, 0, 0, 1, 1, 0, 1],
                       'isotonic': isotonic(near, np.array([1, 0, 1, 0, 0, 1, 1, 0, 1]))}]
    json.dump({'sklearn_version': sklearn.__version__, 'scipy_version': scipy.__version__, 'cases': cases,
               'isotonic_cases': isotonic_cases},
              open(OUT, 'w'), indent=1)
    print(f'wrote {OUT} ({len(cases)} cases, scikit-learn {sklearn.__version__}, SciPy {scipy.__version__})', file=sys.stderr)


if __name__ == '__main__':
    main()

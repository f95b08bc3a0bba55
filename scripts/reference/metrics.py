#!/usr/bin/env python3
"""Reference values for Flywheel's binary metrics, from scikit-learn (run with /usr/bin/python3).

Writes test/reference/metrics.json: seeded score vectors (with ties, and with rounding that makes
many ties) and labels, and scikit-learn's roc_auc_score, average_precision_score, log_loss and
brier_score_loss on each, so `npm test` compares without Python.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'reference', 'metrics.json')


def case(name, scores, y):
    scores = np.asarray(scores, dtype=float)
    y = np.asarray(y, dtype=int)
    return {
        'name': name,
        'scores': scores.tolist(),
        'y': y.tolist(),
        'roc_auc': roc_auc_score(y, scores),
        'average_precision': average_precision_score(y, scores),
        'log_loss': log_loss(y, scores, eps=1e-15),
        'brier': brier_score_loss(y, scores),
    }


def main():
    rng = np.random.default_rng(0)
    cases = []
    for n, rate, decimals in [(50, 0.3, None), (500, 0.1, 2), (2000, 0.5, 1), (300, 0.05, None)]:
        y = (rng.random(n) < rate).astype(int)
        y[0], y[1] = 0, 1
        logits = rng.normal(size=n) + 1.2 * y
        p = 1 / (1 + np.exp(-logits))
        if decimals is not None:
            p = np.round(p, decimals)
        cases.append(case(f'n{n}_rate{rate}_round{decimals}', p, y))
    cases.append(case('extreme_probabilities', [0.0, 1.0, 1e-20, 0.5, 1.0, 0.0], [0, 1, 1, 0, 0, 1]))
    json.dump({'sklearn_version': sklearn.__version__, 'cases': cases}, open(OUT, 'w'), indent=1)
    print(f'wrote {OUT} ({len(cases)} cases, scikit-learn {sklearn.__version__})', file=sys.stderr)


if __name__ == '__main__':
    main()

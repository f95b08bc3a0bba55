#!/usr/bin/env python3
"""Reference trees for the `tree` model kind (src/models/tree): scikit-learn's DecisionTreeClassifier
fitted on two bundled datasets, exported node by node (sklearn's depth-first numbering) with the test-set
probabilities, to test/reference/tree.json. src/models/tree/tree-reference.test.ts compares ours with it.

Run from the repository root:  /usr/bin/python3 scripts/reference/tree.py
Needs numpy and scikit-learn (Debian: apt-get install python3-sklearn).

For every internal node the script also records exact ties: other features whose best split reaches
the same impurity decrease (within 1e-12, recomputed here with sklearn's arithmetic on float32 X). sklearn breaks them by a random feature order (random_state), Flywheel by the
lowest feature index, so a tie where sklearn picked a higher index explains a difference in structure.
"""

import csv
import json
import math
import platform
from pathlib import Path

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "test" / "fixtures" / "datasets"
OUT = ROOT / "test" / "reference" / "tree.json"
FEATURE_THRESHOLD = np.float32(1e-7)  # sklearn/tree/_splitter.pyx: a float32, added in float32
RAND_R_MAX = 0x7FFFFFFF  # sklearn/tree/_utils.pxd


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def number(text):
    return math.nan if text == "" else float(text)


def breast_cancer():
    """30 numeric features; target 1 positive; train/test from breast_cancer.split.csv."""
    header, rows = read_csv(DATASETS / "breast_cancer.csv")
    t = header.index("target")
    features = [h for h in header if h != "target"]
    X = np.array([[number(r[j]) for j, h in enumerate(header) if h != "target"] for r in rows])
    y = np.array([1 if r[t] == "1" else 0 for r in rows], dtype=np.int64)
    _, split_rows = read_csv(DATASETS / "breast_cancer.split.csv")
    split = {int(r[0]): r[1] for r in split_rows}
    train = np.array(sorted(i for i, s in split.items() if s == "train"))
    test = np.array(sorted(i for i, s in split.items() if s == "test"))
    return features, X, y, train, test


def pima_diabetes():
    """8 numeric features with missing values; target diabetes = pos; first 75% of rows train;
    missing values imputed by the train median of each column."""
    header, rows = read_csv(DATASETS / "pima_diabetes.csv")
    t = header.index("diabetes")
    features = [h for h in header if h != "diabetes"]
    X = np.array([[number(r[j]) for j, h in enumerate(header) if h != "diabetes"] for r in rows])
    y = np.array([1 if r[t] == "pos" else 0 for r in rows], dtype=np.int64)
    n_train = int(len(rows) * 0.75)
    train = np.arange(n_train)
    test = np.arange(n_train, len(rows))
    for j in range(X.shape[1]):
        column = X[:, j]
        seen = column[train][~np.isnan(column[train])]
        column[np.isnan(column)] = np.median(seen)
    return features, X, y, train, test


def impurity(criterion, c0, c1, w):
    if criterion == "gini":
        return 1.0 - (c0 * c0 + c1 * c1) / (w * w)
    e = 0.0
    for c in (c0, c1):
        if c > 0.0:
            p = c / w
            e -= p * (math.log(p) / math.log(2.0))
    return e


def best_proxy_per_feature(X32, y, w, rows, criterion, min_samples_leaf):
    """sklearn's proxy improvement of the best split of each feature on the node's rows (-inf: none)."""
    yn, wn = y[rows], w[rows]
    class1 = float(np.sum(wn * yn))
    total = float(np.sum(wn))
    class0 = total - class1
    m = len(rows)
    best = np.full(X32.shape[1], -math.inf)
    for f in range(X32.shape[1]):
        order = np.argsort(X32[rows, f], kind="stable")
        v = X32[rows, f][order]
        left1 = np.cumsum((wn * yn)[order])
        left = np.cumsum(wn[order])
        for k in range(m - 1):
            if v[k + 1] <= np.float32(v[k] + FEATURE_THRESHOLD):
                continue
            pos = k + 1
            if pos < min_samples_leaf or m - pos < min_samples_leaf:
                continue
            wl, l1 = left[k], left1[k]
            wr = total - wl
            proxy = -wr * impurity(criterion, class0 - (wl - l1), class1 - l1, wr) - wl * impurity(criterion, wl - l1, l1, wl)
            best[f] = max(best[f], proxy)
    return best


def sample_weights(y, class_weight):
    """Row weights as sklearn derives them from class_weight: 1, or n / (2 * n_c) when balanced."""
    if class_weight is None:
        return np.ones(len(y))
    return (len(y) / (2.0 * np.bincount(y, minlength=2)))[y]


def exact_ties(clf, X32, y, w, criterion, min_samples_leaf):
    tree = clf.tree_
    paths = clf.decision_path(X32).tocsc()
    ties = []
    for node in range(tree.node_count):
        if tree.children_left[node] == -1:
            continue
        rows = paths[:, node].nonzero()[0]
        best = best_proxy_per_feature(X32, y, w, rows, criterion, min_samples_leaf)
        top = best.max()
        tied = [int(f) for f in np.nonzero(best >= top - 1e-12 * max(1.0, abs(top)))[0]]
        if len(tied) > 1:
            ties.append({"node": node, "features": tied, "sklearn_feature": int(tree.feature[node])})
    return ties


CASES = [
    *[("breast_cancer", {"criterion": c, "max_depth": d}) for c in ("gini", "entropy") for d in (1, 3, 6)],
    *[("pima_diabetes", {"criterion": c, "max_depth": d}) for c in ("gini", "entropy") for d in (1, 3, 6)],
    ("breast_cancer", {"criterion": "gini", "max_depth": 6, "min_samples_leaf": 5}),
    ("pima_diabetes", {"criterion": "gini", "max_depth": 3, "class_weight": "balanced"}),
    ("pima_diabetes", {"criterion": "entropy", "max_depth": 4, "class_weight": "balanced"}),
    # sklearn splits pure nodes here (rounding leaves their weighted impurity above machine epsilon);
    # Flywheel makes them leaves: same predictions, fewer nodes (see tree-reference.test.ts).
    ("pima_diabetes", {"criterion": "gini", "max_depth": 6, "class_weight": "balanced"}),
]


def case_name(dataset, params):
    return f"{dataset} " + " ".join(f"{k}={v}" for k, v in params.items())


def main():
    datasets = {"breast_cancer": breast_cancer(), "pima_diabetes": pima_diabetes()}
    cases = []
    for dataset, params in CASES:
        features, X, y, train, test = datasets[dataset]
        clf = DecisionTreeClassifier(random_state=0, **params).fit(X[train], y[train])
        tree = clf.tree_
        counts = tree.value[:, 0, :]
        X32 = X[train].astype(np.float32)
        cases.append({
            "name": case_name(dataset, params),
            "dataset": dataset,
            "params": params,
            "n_features": len(features),
            "n_train": len(train),
            "node_count": int(tree.node_count),
            "feature": tree.feature.tolist(),
            "threshold": tree.threshold.tolist(),
            "children_left": tree.children_left.tolist(),
            "children_right": tree.children_right.tolist(),
            "value": (counts[:, 1] / counts.sum(axis=1)).tolist(),
            "n_node_samples": tree.n_node_samples.tolist(),
            "weighted_n_node_samples": tree.weighted_n_node_samples.tolist(),
            "impurity": tree.impurity.tolist(),
            "feature_importances": clf.feature_importances_.tolist(),
            "test_proba": clf.predict_proba(X[test])[:, 1].tolist(),
            "ties": exact_ties(clf, X32, y[train], sample_weights(y[train], params.get("class_weight")), params["criterion"], params.get("min_samples_leaf", 1)),
        })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    out = {
        "generator": "scripts/reference/tree.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        # The splitter's rand_r seed for random_state=0 (Splitter.init draws it from the RandomState):
        # SklearnFeatureOrder replays sklearn's feature order from it.
        "rand_r_seed": int(np.random.RandomState(0).randint(0, RAND_R_MAX)),
        "datasets": {
            "breast_cancer": "breast_cancer.csv, target `target` (positive 1), 30 numeric features; train/test rows from breast_cancer.split.csv",
            "pima_diabetes": "pima_diabetes.csv, target `diabetes` (positive pos), 8 numeric features; first 75% of rows train; missing values imputed by the train median",
        },
        "cases": cases,
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    for c in cases:
        print(f"{c['name']}: {c['node_count']} nodes, ties at nodes {[t['node'] for t in c['ties']]}")


if __name__ == "__main__":
    main()

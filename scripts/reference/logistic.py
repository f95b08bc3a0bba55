"""Reference values for the logistic model kind: scikit-learn's LogisticRegression at its exact optimum.

Writes test/reference/logistic.json, read by src/models/logistic/logistic-reference.test.ts. The TypeScript
test rebuilds the identical design matrices (same rows, same median imputation, same standardisation),
fits Flywheel's logistic model with each solver and compares coefficients (within 1e-4) and test-set
probabilities (within 1e-6).

The stored coef/intercept/test_proba are the exact optimum of 0.5·||w||² + C·Σ s_i·logloss_i (intercept
not penalised). sklearn's lbfgs cannot give it here: in sklearn 1.2 it leaves scipy's L-BFGS-B at its
default ftol (factr 1e7), which stops on a relative objective decrease of 2.2e-9 even with tol=1e-10,
up to ~1e-4 away from the optimum on breast_cancer. So the optimum comes from LogisticRegression's
newton-cholesky solver at tol=1e-12, checked here by the objective's gradient (below GRAD_LIMIT), and the
lbfgs fit (tol=1e-10, max_iter=10000) is stored beside it with its distance, for the record.

Run from the repository root (needs Debian's python3-sklearn and python3-pandas):
    /usr/bin/python3 scripts/reference/logistic.py
"""

import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATASETS = os.path.join(ROOT, "test", "fixtures", "datasets")
OUT = os.path.join(ROOT, "test", "reference", "logistic.json")

# Each case is one LogisticRegression fit; every argument not named keeps sklearn's default.
CASES = [
    {"C": 1.0, "class_weight": "none", "fit_intercept": True},
    {"C": 0.1, "class_weight": "none", "fit_intercept": True},
    {"C": 1.0, "class_weight": "balanced", "fit_intercept": True},
    {"C": 1.0, "class_weight": "none", "fit_intercept": False},
]
TOL = 1e-10
MAX_ITER = 10000
NEWTON_TOL = 1e-12
# Largest |gradient| of 0.5·||w||² + C·Σ s_i·logloss_i accepted at the stored optimum.
GRAD_LIMIT = 1e-8
N_PROBA = 20


def breast_cancer():
    """Rows from breast_cancer.split.csv (train/test); target 1 is positive."""
    data = pd.read_csv(os.path.join(DATASETS, "breast_cancer.csv"))
    split = pd.read_csv(os.path.join(DATASETS, "breast_cancer.split.csv")).sort_values("row")
    features = [c for c in data.columns if c != "target"]
    X = data[features].to_numpy(dtype=np.float64)
    y = (data["target"].to_numpy() == 1).astype(np.int64)
    train = split.loc[split["split"] == "train", "row"].to_numpy()
    test = split.loc[split["split"] == "test", "row"].to_numpy()
    return features, X[train], y[train], X[test], y[test]


def pima_diabetes():
    """No split file: the first 75% of rows (floor) train, the rest test; `pos` is positive."""
    data = pd.read_csv(os.path.join(DATASETS, "pima_diabetes.csv"))
    features = [c for c in data.columns if c != "diabetes"]
    X = data[features].to_numpy(dtype=np.float64)
    y = (data["diabetes"].to_numpy() == "pos").astype(np.int64)
    n_train = int(np.floor(0.75 * len(data)))
    return features, X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def design(X_train, X_test):
    """Impute with the train median, then standardise by the train mean and population std (zero → 1)."""
    X_train, X_test = X_train.copy(), X_test.copy()
    medians = np.nanmedian(X_train, axis=0)
    for j, m in enumerate(medians):
        X_train[np.isnan(X_train[:, j]), j] = m
        X_test[np.isnan(X_test[:, j]), j] = m
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0, ddof=0)
    std[std == 0] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std


def sample_weights(y, class_weight):
    """sklearn's class_weight='balanced': n / (2·n_c) for a row of class c."""
    if class_weight == "none":
        return np.ones(len(y))
    n, n1 = len(y), int(y.sum())
    return np.where(y == 1, n / (2 * n1), n / (2 * (n - n1)))


def max_gradient(X, y, case, coef, intercept):
    """max |∂/∂θ| of 0.5·||w||² + C·Σ s_i·logloss_i at (coef, intercept)."""
    z = X @ coef + intercept
    p = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
    r = sample_weights(y, case["class_weight"]) * (p - y)
    g = np.abs(coef + case["C"] * (X.T @ r)).max()
    return float(max(g, abs(case["C"] * r.sum())) if case["fit_intercept"] else g)


def fit_case(X_train, y_train, X_test, case):
    def make(solver, tol, max_iter):
        return LogisticRegression(
            solver=solver,
            C=case["C"],
            class_weight=None if case["class_weight"] == "none" else case["class_weight"],
            fit_intercept=case["fit_intercept"],
            tol=tol,
            max_iter=max_iter,
        ).fit(X_train, y_train)

    exact = make("newton-cholesky", NEWTON_TOL, 100)
    lbfgs = make("lbfgs", TOL, MAX_ITER)
    coef = exact.coef_[0]
    intercept = float(exact.intercept_[0]) if case["fit_intercept"] else 0.0
    gradient = max_gradient(X_train, y_train, case, coef, intercept)
    if gradient > GRAD_LIMIT:
        sys.exit(f"newton-cholesky stopped {gradient:.1e} from the optimum for {case}")
    return {
        "params": case,
        "coef": coef.tolist(),
        "intercept": intercept,
        "max_gradient": gradient,
        "test_proba": exact.predict_proba(X_test[:N_PROBA])[:, 1].tolist(),
        "lbfgs": {
            "n_iter": int(lbfgs.n_iter_[0]),
            "max_gradient": max_gradient(X_train, y_train, case, lbfgs.coef_[0], float(lbfgs.intercept_[0]) if case["fit_intercept"] else 0.0),
            "max_coef_diff": float(np.abs(lbfgs.coef_[0] - coef).max()),
        },
    }


def main():
    datasets = []
    for name, file, target, positive, split, load in [
        ("breast_cancer", "breast_cancer.csv", "target", "1", "breast_cancer.split.csv", breast_cancer),
        ("pima_diabetes", "pima_diabetes.csv", "diabetes", "pos", "first 75% of rows train", pima_diabetes),
    ]:
        features, X_train, y_train, X_test, _y_test = load()
        Z_train, Z_test = design(X_train, X_test)
        datasets.append(
            {
                "name": name,
                "file": file,
                "target": target,
                "positive": positive,
                "split": split,
                "features": features,
                "n_train": int(len(y_train)),
                "n_test": int(len(Z_test)),
                "cases": [fit_case(Z_train, y_train, Z_test, case) for case in CASES],
            }
        )
    out = {
        "generated_by": "scripts/reference/logistic.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": sys.version.split()[0],
        "optimum": f"LogisticRegression(solver='newton-cholesky', tol={NEWTON_TOL}), |gradient| <= {GRAD_LIMIT} checked",
        "lbfgs": f"LogisticRegression(solver='lbfgs', tol={TOL}, max_iter={MAX_ITER})",
        "design": "numeric features in file order; missing → train median; (x − train mean) / train population std (zero std → 1)",
        "datasets": datasets,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()

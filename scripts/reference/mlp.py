"""Reference values for the mlp model kind: scikit-learn's MLPClassifier on two all-numeric datasets.

Writes test/reference/mlp.json, read by src/models/mlp/mlp-reference.test.ts. The TypeScript test builds
the identical matrices (same rows, same imputation, same standardisation), fits Flywheel's MLP at the same
settings and compares mean test ROC-AUC. The two implementations draw different random numbers, so
single fits differ by seed noise, not by method: this side averages over seeds 0..49 (cheap here), the
test over fewer seeds of its own.

Three fitting modes per dataset and architecture:
- no_early_stopping: both stop on training loss — the plainest like-for-like comparison;
- early_stopping_log_loss: scikit-learn's own fit with the validation score swapped for log loss, the
  rule Flywheel uses — like for like with early stopping;
- early_stopping_accuracy: scikit-learn's default rule, validation accuracy. On a few dozen held-out
  rows accuracy moves in coarse steps and stops fits after a handful of epochs almost at random
  (single-seed test AUC on pima spans 0.5 to 0.85), so the test only checks that Flywheel does no worse.

Run from the repository root (needs Debian's python3-sklearn; about a minute):
    /usr/bin/python3 scripts/reference/mlp.py
"""

import json
import os
import sys
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.neural_network import MLPClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATASETS = os.path.join(ROOT, "test", "fixtures", "datasets")
OUT = os.path.join(ROOT, "test", "reference", "mlp.json")

SEEDS = list(range(50))
# The settings both sides use; every other MLPClassifier argument keeps its default
# (adam, relu, batch_size='auto' = min(200, n), learning_rate_init=1e-3, tol=1e-4,
# n_iter_no_change=10, validation_fraction=0.1).
SETTINGS = {"alpha": 1e-4, "max_iter": 200}
ARCHITECTURES = [[64], [32, 16]]


class LogLossEarlyStopping(MLPClassifier):
    """MLPClassifier whose early stopping scores the held-out rows by log loss (negated: higher is better)
    instead of accuracy. Everything else is scikit-learn's own fit: the same stratified hold-out, the
    same `score < best + tol` counter, the same restore of the best epoch's weights. This is the rule
    Flywheel's mlp uses, so the two can be compared at equal settings."""

    def _score(self, X, y):
        return -log_loss(y, self.predict_proba(X)[:, 1], labels=self.classes_)


# How each case fits; `compare` says how the TypeScript test reads it.
MODES = {
    # Both sides stop on training loss (no hold-out): the plainest like-for-like comparison.
    "no_early_stopping": {"make": lambda h, s: MLPClassifier(hidden_layer_sizes=h, random_state=s, early_stopping=False, **SETTINGS), "compare": "equal"},
    # Both sides stop on validation log loss (Flywheel's rule, scikit-learn's loop).
    "early_stopping_log_loss": {"make": lambda h, s: LogLossEarlyStopping(hidden_layer_sizes=h, random_state=s, early_stopping=True, **SETTINGS), "compare": "equal"},
    # scikit-learn's own early stopping on validation accuracy (see the module docstring).
    "early_stopping_accuracy": {"make": lambda h, s: MLPClassifier(hidden_layer_sizes=h, random_state=s, early_stopping=True, **SETTINGS), "compare": "not_worse"},
}


def breast_cancer():
    """Rows from breast_cancer.split.csv (train/test); no missing values; target 1 is positive."""
    data = pd.read_csv(os.path.join(DATASETS, "breast_cancer.csv"))
    split = pd.read_csv(os.path.join(DATASETS, "breast_cancer.split.csv")).sort_values("row")
    features = [c for c in data.columns if c != "target"]
    X = data[features].to_numpy(dtype=np.float64)
    y = (data["target"].to_numpy() == 1).astype(np.int64)
    train = split.loc[split["split"] == "train", "row"].to_numpy()
    test = split.loc[split["split"] == "test", "row"].to_numpy()
    return features, X[train], y[train], X[test], y[test]


def pima_diabetes():
    """First 75% of rows train, the rest test; missing values imputed by the train median; `pos` is positive."""
    data = pd.read_csv(os.path.join(DATASETS, "pima_diabetes.csv"))
    features = [c for c in data.columns if c != "diabetes"]
    X = data[features].to_numpy(dtype=np.float64)
    y = (data["diabetes"].to_numpy() == "pos").astype(np.int64)
    n_train = int(np.floor(0.75 * len(data)))
    X_train, X_test = X[:n_train].copy(), X[n_train:].copy()
    medians = np.nanmedian(X_train, axis=0)
    for j, m in enumerate(medians):
        X_train[np.isnan(X_train[:, j]), j] = m
        X_test[np.isnan(X_test[:, j]), j] = m
    return features, X_train, y[:n_train], X_test, y[n_train:]


def standardise(X_train, X_test):
    """Train mean and population standard deviation (ddof=0, as StandardScaler); a constant column gets scale 1."""
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std


def main():
    # max_iter=200 without convergence is expected in some cases; the warning is noise here.
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    cases = []
    for name, load in [("breast_cancer", breast_cancer), ("pima_diabetes", pima_diabetes)]:
        features, X_train, y_train, X_test, y_test = load()
        X_train, X_test = standardise(X_train, X_test)
        for (mode, spec), hidden in [(m, h) for m in MODES.items() for h in ARCHITECTURES]:
            aucs, losses, epochs = [], [], []
            for seed in SEEDS:
                model = spec["make"](tuple(hidden), seed)
                model.fit(X_train, y_train)
                p = model.predict_proba(X_test)[:, 1]
                aucs.append(float(roc_auc_score(y_test, p)))
                losses.append(float(log_loss(y_test, p)))
                epochs.append(int(model.n_iter_))
            case = {
                "name": f"{name} {hidden} {mode}",
                "dataset": name,
                "mode": mode,
                "compare": spec["compare"],
                "hidden_layer_sizes": hidden,
                "n_features": len(features),
                "n_train": int(len(y_train)),
                "n_test": int(len(y_test)),
                "roc_auc": float(np.mean(aucs)),
                "log_loss": float(np.mean(losses)),
                "roc_auc_per_seed": aucs,
                "log_loss_per_seed": losses,
                "n_epochs_per_seed": epochs,
            }
            cases.append(case)
            print(f"{case['name']}: roc_auc {case['roc_auc']:.4f} log_loss {case['log_loss']:.4f} mean epochs {np.mean(epochs):.0f}", file=sys.stderr)
    out = {
        "generated_by": "scripts/reference/mlp.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "estimator": "sklearn.neural_network.MLPClassifier",
        "settings": SETTINGS,
        "seeds": SEEDS,
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()

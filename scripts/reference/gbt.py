#!/usr/bin/env python3
"""Reference scores for the `gbt` model kind (src/models/gbt): XGBoost 1.7 `hist` fitted on three bundled
datasets with their split files, exported as test ROC-AUC and log loss to test/reference/gbt.json.
src/models/gbt/gbt-reference.test.ts fits Flywheel's gbt on the same rows and compares.

Run from the repository root:  /usr/bin/python3 scripts/reference/gbt.py
Needs numpy, pandas, scikit-learn and XGBoost 1.7 (Debian: apt-get install python3-xgboost python3-sklearn).

Settings: XGBClassifier(tree_method='hist', n_estimators=300, max_depth=6, learning_rate=0.1, every other
parameter at its default: max_bin 256, min_child_weight 1, reg_lambda 1, gamma 0, base_score 0.5).
Numeric columns keep their missing values (NaN, XGBoost's default direction). Text columns are given to
XGBoost as pandas `category` dtype with enable_categorical=True (its native partition-based categorical
splits, max_cat_to_onehot 4), which is closest to Flywheel's native codes; Flywheel starts from the
log-odds of the training prior where XGBoost starts from 0.5 — at 300 trees that does not matter.
"""

import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
import xgboost
from sklearn.metrics import log_loss, roc_auc_score

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "test" / "fixtures" / "datasets"
OUT = ROOT / "test" / "reference" / "gbt.json"
PARAMS = {"tree_method": "hist", "n_estimators": 300, "max_depth": 6, "learning_rate": 0.1}

CASES = [
    {"name": "credit_data", "path": DATASETS / "credit_data.csv", "split": DATASETS / "credit_data.split.csv", "target": "Status", "positive": "bad"},
    {"name": "breast_cancer", "path": DATASETS / "breast_cancer.csv", "split": DATASETS / "breast_cancer.split.csv", "target": "target", "positive": "1"},
    {"name": "telco_churn", "path": ROOT / "examples" / "telco_churn.csv", "split": ROOT / "examples" / "telco_churn.split.csv", "target": "churn", "positive": "Yes"},
]


def run(case):
    frame = pd.read_csv(case["path"])
    split = pd.read_csv(case["split"])
    side = np.empty(len(frame), dtype=object)
    side[split["row"].to_numpy()] = split["split"].to_numpy()
    y = (frame[case["target"]].astype(str) == case["positive"]).astype(np.int64).to_numpy()
    X = frame.drop(columns=[case["target"]])
    categorical = [c for c in X.columns if X[c].dtype == object]
    for c in categorical:
        X[c] = X[c].astype("category")
    train = side == "train"
    test = side == "test"
    model = xgboost.XGBClassifier(**PARAMS, enable_categorical=True, nthread=1, random_state=0)
    model.fit(X[train], y[train])
    p = model.predict_proba(X[test])[:, 1]
    return {
        "name": case["name"],
        "n_train": int(train.sum()),
        "n_test": int(test.sum()),
        "categorical": categorical,
        "test_roc_auc": float(roc_auc_score(y[test], p)),
        "test_log_loss": float(log_loss(y[test], p)),
    }


def main():
    out = {
        "xgboost_version": xgboost.__version__,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "params": PARAMS,
        "cases": [run(case) for case in CASES],
    }
    OUT.write_text(json.dumps(out, indent=2) + "\n")
    for c in out["cases"]:
        print(f"{c['name']}: test roc_auc {c['test_roc_auc']:.4f}, log_loss {c['test_log_loss']:.4f} ({c['n_train']} train, {c['n_test']} test)")


if __name__ == "__main__":
    main()

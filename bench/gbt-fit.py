"""XGBoost side of bench/gbt-fit.ts: fit XGBClassifier(tree_method='hist', n_estimators=100, max_depth=6,
learning_rate=0.1) on the benchmark CSV with nthread 1 and 2 and print one JSON line on stdout: median fit
seconds (fit only, after one load), per-run times and the training ROC-AUC; with --train-rows N, fit on
the first N rows and also report the ROC-AUC and log loss on the rest.

    /usr/bin/python3 bench/gbt-fit.py CSV [--runs 3] [--n-estimators 100] [--train-rows N]
(needs Debian's python3-xgboost (1.7), python3-pandas and python3-sklearn)
"""

import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np
import pandas as pd
import xgboost
from sklearn.metrics import log_loss, roc_auc_score


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--n-estimators", type=int, default=100)
    parser.add_argument("--train-rows", type=int, default=None)
    args = parser.parse_args()
    frame = pd.read_csv(args.csv, engine="c")
    y = frame.pop("label").to_numpy(dtype=np.int64)
    X = frame.to_numpy(dtype=np.float32)
    X_test = y_test = None
    if args.train_rows is not None and args.train_rows < X.shape[0]:
        X, X_test = X[: args.train_rows], X[args.train_rows :]
        y, y_test = y[: args.train_rows], y[args.train_rows :]
    out = {"version": xgboost.__version__, "python_version": platform.python_version(), "rows": int(X.shape[0]), "feature_names": list(frame.columns), "threads": {}}
    for nthread in (1, 2):
        times = []
        auc = None
        for run in range(args.runs):
            model = xgboost.XGBClassifier(tree_method="hist", n_estimators=args.n_estimators, max_depth=6, learning_rate=0.1, nthread=nthread)
            started = time.perf_counter()
            model.fit(X, y)
            times.append(time.perf_counter() - started)
            print(f"xgboost nthread={nthread} run {run + 1}/{args.runs}: {times[-1]:.2f} s", file=sys.stderr)
            auc = float(roc_auc_score(y, model.predict_proba(X)[:, 1]))
        result = {"median_s": statistics.median(times), "runs_s": times, "train_roc_auc": auc}
        if X_test is not None:
            p = model.predict_proba(X_test)[:, 1]
            result["test_roc_auc"] = float(roc_auc_score(y_test, p))
            result["test_log_loss"] = float(log_loss(y_test, p))
        out["threads"][str(nthread)] = result
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

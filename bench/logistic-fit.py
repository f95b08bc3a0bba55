"""The scikit-learn side of the logistic regression benchmark: times LogisticRegression(solver='lbfgs',
C=1.0) with default tol and max_iter on the classification CSV, RUNS fits in this process after one
load, and prints one JSON object on stdout (median fit seconds, iterations, coefficients, versions).

Only `fit` is timed, not reading the CSV. X is handed over C-contiguous (row-major), sklearn's fastest
layout for lbfgs, whose matrix-vector products go through BLAS (which may use several threads; the
thread count is reported). The exact optimum (newton-cholesky at tol=1e-12, untimed) is reported too,
so both tools' distance from it can be compared.

    /usr/bin/python3 bench/logistic-fit.py [PATH] [--runs 3]
"""

import argparse
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression


def blas_threads():
    try:
        from threadpoolctl import threadpool_info

        return [{"api": p.get("internal_api"), "threads": p.get("num_threads")} for p in threadpool_info()]
    except ImportError:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=os.path.join("bench", "out", "classification-1m.csv"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-exact", action="store_true", help="skip the untimed exact-optimum fit")
    args = parser.parse_args()
    if not os.path.isfile(args.path):
        print(f"error: {args.path} does not exist; generate it with bench/make-classification.py", file=sys.stderr)
        return 2
    if args.runs < 1:
        print("error: --runs must be at least 1", file=sys.stderr)
        return 2

    frame = pd.read_csv(args.path)
    features = [c for c in frame.columns if c != "label"]
    X = np.ascontiguousarray(frame[features].to_numpy(dtype=np.float64))
    y = frame["label"].to_numpy()

    runs = []
    model = None
    converged = True
    for i in range(args.runs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            started = time.perf_counter()
            model = LogisticRegression(solver="lbfgs", C=1.0).fit(X, y)
            seconds = time.perf_counter() - started
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        runs.append(seconds)
        print(f"sklearn run {i + 1}/{args.runs}: {seconds:.2f} s, {int(model.n_iter_[0])} iterations", file=sys.stderr)

    exact = None
    if not args.no_exact:
        best = LogisticRegression(solver="newton-cholesky", C=1.0, tol=1e-12, max_iter=100).fit(X, y)
        exact = {"coef": best.coef_[0].tolist(), "intercept": float(best.intercept_[0])}

    print(
        json.dumps(
            {
                "tool": "sklearn",
                "version": sklearn.__version__,
                "numpy_version": np.__version__,
                "python_version": ".".join(str(p) for p in sys.version_info[:3]),
                "blas_threads": blas_threads(),
                "median_s": statistics.median(runs),
                "runs_s": runs,
                "n_iter": int(model.n_iter_[0]),
                "converged": converged,
                "rows": int(X.shape[0]),
                "columns": int(X.shape[1]),
                "feature_names": features,
                "coef": model.coef_[0].tolist(),
                "intercept": float(model.intercept_[0]),
                "exact": exact,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Writes the synthetic classification CSV the model benchmarks read (logistic regression, gradient
boosting): scikit-learn's make_classification(n_samples=ROWS, n_features=28, n_informative=14,
random_state=0), every other argument at its default, as columns f0..f27 and label (0/1).

Deterministic: the same row count gives the same bytes. Values are written with 7 significant digits
(both sides of every benchmark read the same file, so the rounding is shared). The file is written
to a temporary name and renamed, so an interrupted run never leaves a partial CSV behind.

    /usr/bin/python3 bench/make-classification.py [PATH] [--rows N]
(default PATH: bench/out/classification-1m.csv; needs Debian's python3-sklearn and python3-pandas)
"""

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification

N_FEATURES = 28
N_INFORMATIVE = 14
RANDOM_STATE = 0
CHUNK_ROWS = 100_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=os.path.join("bench", "out", "classification-1m.csv"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.rows < 2:
        print("error: --rows must be at least 2", file=sys.stderr)
        return 2

    started = time.perf_counter()
    X, y = make_classification(n_samples=args.rows, n_features=N_FEATURES, n_informative=N_INFORMATIVE, random_state=RANDOM_STATE)
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(N_FEATURES)])
    frame["label"] = y.astype(np.int64)

    os.makedirs(os.path.dirname(os.path.abspath(args.path)), exist_ok=True)
    tmp = f"{args.path}.tmp-{os.getpid()}"
    try:
        frame.to_csv(tmp, index=False, float_format="%.7g", chunksize=CHUNK_ROWS)
        os.replace(tmp, args.path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    size_mb = os.path.getsize(args.path) / 2**20
    print(f"wrote {args.path}: {args.rows} rows x {N_FEATURES + 1} columns, {size_mb:.0f} MiB in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

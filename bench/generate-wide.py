"""Writes the wide, gzipped CSV the profile benchmark reads: N rows x 1,500 columns (a yes/no label,
1,380 float columns built on 100 shared factors so some pairs correlate strongly, 60 integer counts, 20
0/1 flags and 39 categoricals with 2 to 500 levels), with empty fields for missing values in every
twentieth float column and every categorical. Deterministic: the same seed and row count give the same
data. Run with /usr/bin/python3 (Debian's python3-pandas)."""

import argparse
import os
import sys

import numpy as np
import pandas as pd

SEED = 20240715
N_FACTORS = 100
N_FLOATS = 1380
N_INTEGERS = 60
N_FLAGS = 20
N_CATEGORICALS = 39
MISSING_SHARE = 0.03


def build(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    factors = rng.normal(0.0, 1.0, (N_FACTORS, n))
    columns: dict[str, np.ndarray] = {}
    for k in range(N_FLOATS):
        # Loadings cycle from weak to strong; columns sharing a factor with strong loadings correlate above 0.9.
        loading = 0.3 + 0.7 * ((k // N_FACTORS) % 10) / 9
        noise = np.sqrt(1.0 - loading**2) if loading < 1 else 0.05
        values = np.round(10.0 * (loading * factors[k % N_FACTORS] + noise * rng.normal(0.0, 1.0, n)) + 5.0 * (k % 7), 4)
        if k % 20 == 0:
            values[rng.random(n) < MISSING_SHARE] = np.nan
        columns[f"f{k:04d}"] = values
    for k in range(N_INTEGERS):
        columns[f"count{k:02d}"] = rng.poisson(0.5 + k / 10, n)
    for k in range(N_FLAGS):
        columns[f"flag{k:02d}"] = (rng.random(n) < 0.05 + 0.045 * k).astype(int)
    for k in range(N_CATEGORICALS):
        n_levels = 2 + int(round(498 * (k / (N_CATEGORICALS - 1)) ** 2))
        weights = 1.0 / np.arange(1, n_levels + 1) ** 0.8
        codes = rng.choice(n_levels, size=n, p=weights / weights.sum())
        values = np.array([f"c{k:02d}_{i}" for i in range(n_levels)], dtype=object)[codes]
        values[rng.random(n) < MISSING_SHARE] = None
        columns[f"cat{k:02d}"] = values

    logit = -1.5 + 0.9 * factors[0] - 0.6 * factors[1] + 0.3 * columns["flag05"]
    positive = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    return pd.DataFrame({"label": np.where(positive, "yes", "no"), **columns})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=os.path.join("bench", "out", "wide-10k.csv.gz"))
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    if args.rows < 1:
        print("error: --rows must be at least 1", file=sys.stderr)
        return 2

    frame = build(args.rows)
    assert frame.shape[1] == 1500, frame.shape
    os.makedirs(os.path.dirname(os.path.abspath(args.path)), exist_ok=True)
    # Write beside the target and rename, so a reader never sees a half-written file.
    partial = f"{args.path}.partial"
    frame.to_csv(partial, index=False, na_rep="", lineterminator="\n", compression="gzip")
    os.replace(partial, args.path)
    size_mb = os.path.getsize(args.path) / 2**20
    print(f"wrote {args.path}: {args.rows} rows x {frame.shape[1]} columns, {size_mb:.1f} MiB gzipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

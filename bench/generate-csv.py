"""Writes the synthetic churn-like CSV the load benchmarks read: N rows x 30 columns (label, 20 floats,
3 integers, 5 categoricals, 1 date), with empty fields for missing values. Deterministic: the same
seed and row count give the same bytes. Run with /usr/bin/python3 (Debian's python3-pandas)."""

import argparse
import os
import sys

import numpy as np
import pandas as pd

SEED = 20240601
# Levels of the categorical columns, and the share of missing values in each.
CATEGORICALS = [
    ("plan", 3, 0.0),
    ("region", 12, 0.01),
    ("channel", 40, 0.02),
    ("device_model", 250, 0.03),
    ("postcode", 1000, 0.02),
]
# Every fourth float column has ~2% of its values missing.
N_FLOATS = 20
MISSING_FLOAT_SHARE = 0.02


def float_column(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """One float column; the distribution cycles so the CSV has a mix of widths and signs."""
    kind = k % 5
    if kind == 0:
        values = rng.normal(0.0, 1.0, n)
    elif kind == 1:
        values = rng.lognormal(3.0, 1.0, n)
    elif kind == 2:
        values = rng.uniform(0.0, 1.0, n)
    elif kind == 3:
        values = rng.exponential(250.0, n)
    else:
        values = rng.normal(1000.0, 300.0, n)
    values = np.round(values, 4 if kind != 4 else 2)
    if k % 4 == 0:
        values[rng.random(n) < MISSING_FLOAT_SHARE] = np.nan
    return values


def categorical_column(rng: np.random.Generator, name: str, n_levels: int, missing: float, n: int) -> np.ndarray:
    """Zipf-like level frequencies, as real categorical data tends to have."""
    weights = 1.0 / np.arange(1, n_levels + 1) ** 0.8
    codes = rng.choice(n_levels, size=n, p=weights / weights.sum())
    width = len(str(n_levels - 1))
    levels = np.array([f"{name}_{i:0{width}d}" for i in range(n_levels)], dtype=object)
    values = levels[codes]
    if missing > 0:
        values[rng.random(n) < missing] = None
    return values


def build(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    columns: dict[str, np.ndarray] = {}
    floats = [float_column(rng, k, n) for k in range(N_FLOATS)]
    columns["tenure_months"] = rng.integers(0, 120, n)
    columns["support_calls"] = rng.poisson(1.5, n)
    columns["customer_age"] = rng.integers(18, 90, n)
    cats = {name: categorical_column(rng, name, levels, missing, n) for name, levels, missing in CATEGORICALS}
    start = np.datetime64("2019-01-01")
    signup = start + rng.integers(0, 6 * 365, n).astype("timedelta64[D]")

    # The label depends on a few columns so the data is not pure noise for later benchmarks.
    f0 = np.nan_to_num(floats[0])
    logit = -1.6 + 0.8 * f0 - 0.02 * columns["tenure_months"] + 0.3 * columns["support_calls"]
    positive = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    out: dict[str, np.ndarray] = {"label": np.where(positive, "yes", "no")}
    for k, values in enumerate(floats):
        out[f"x{k + 1:02d}"] = values
    out.update(columns)
    out.update(cats)
    out["signup_date"] = np.datetime_as_string(signup, unit="D")
    return pd.DataFrame(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=os.path.join("bench", "out", "load-1m.csv"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.rows < 1:
        print("error: --rows must be at least 1", file=sys.stderr)
        return 2

    frame = build(args.rows)
    assert frame.shape[1] == 30, frame.shape
    os.makedirs(os.path.dirname(os.path.abspath(args.path)), exist_ok=True)
    # Write beside the target and rename, so a reader never sees a half-written file.
    partial = f"{args.path}.partial"
    frame.to_csv(partial, index=False, na_rep="", lineterminator="\n")
    os.replace(partial, args.path)
    size_mb = os.path.getsize(args.path) / 2**20
    print(f"wrote {args.path}: {args.rows} rows x {frame.shape[1]} columns, {size_mb:.1f} MiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

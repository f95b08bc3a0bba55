"""The pandas side of the CSV load benchmark: times pandas.read_csv(path) in a fresh interpreter per run
(so each run's peak RSS is its own) and prints one JSON object on stdout with the median time and
peak RSS. Only read_csv is timed; interpreter start-up and `import pandas` are not."""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(path: str) -> dict:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(path)
    seconds = time.perf_counter() - started
    # On Linux ru_maxrss is in KiB.
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_kib / 1024,
        "rows": int(frame.shape[0]),
        "columns": int(frame.shape[1]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=os.path.join("bench", "out", "load-1m.csv"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--once", action="store_true", help="one timed read in this process (used internally)")
    args = parser.parse_args()

    if not os.path.isfile(args.path):
        print(f"error: {args.path} does not exist; generate it with bench/generate-csv.py", file=sys.stderr)
        return 2
    if args.once:
        print(json.dumps(run_once(args.path)))
        return 0
    if args.runs < 1:
        print("error: --runs must be at least 1", file=sys.stderr)
        return 2

    runs = []
    for i in range(args.runs):
        done = subprocess.run(
            [sys.executable, os.path.abspath(__file__), args.path, "--once"],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        run = json.loads(done.stdout)
        runs.append(run)
        print(f"pandas run {i + 1}/{args.runs}: {run['seconds']:.2f} s, {run['peak_rss_mb']:.0f} MB", file=sys.stderr)

    import numpy
    import pandas

    print(
        json.dumps(
            {
                "tool": "pandas",
                "version": pandas.__version__,
                "numpy_version": numpy.__version__,
                "python_version": ".".join(str(p) for p in sys.version_info[:3]),
                "median_s": statistics.median(r["seconds"] for r in runs),
                "runs_s": [r["seconds"] for r in runs],
                "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
                "runs_peak_rss_mb": [r["peak_rss_mb"] for r in runs],
                "rows": runs[0]["rows"],
                "columns": runs[0]["columns"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

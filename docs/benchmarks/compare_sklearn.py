#!/usr/bin/env python3
"""Side-by-side time per CAVI iteration: vistream versus scikit-learn's BayesianGaussianMixture.

Run from the repository root, after ./mvnw -q -DskipTests package, with Debian's python3 and
python3-sklearn:
    /usr/bin/python3 docs/benchmarks/compare_sklearn.py [n] [k]
    /usr/bin/python3 docs/benchmarks/compare_sklearn.py --covariance full [--dimensions 2,8,32] [n] [k]

Spherical (the default): one data set of n points (default 1,000,000) in D = 1 from k
unit-variance clusters 3 apart. Full: for each D, n points (default 200,000) in D dimensions from k
clusters of unit covariance whose centres are 3c on every coordinate (c = 0..k-1), the data of
GaussianWishartCaviBenchmark. Each data set is seeded, written to a temporary file and fitted by
both with the same covariance type, the same K, tol 0 and a fixed number of iterations. Each tool
is timed for 2 iterations and for more, and the difference is divided by the extra iterations,
which cancels start-up, parsing and initialisation: what remains is the cost of an iteration.
vistream runs 200 extra iterations, scikit-learn 10, so that the JVM's warm-up (its compiler
makes the kernels fast during the first seconds) and the jitter of starting a JVM (a few tenths
of a second) stay small against what is measured: with 50, a full-covariance iteration at D = 8
came out at 27 ms where 200 gave 14 to 19 ms (the 50 extra carried the compilation). The machines are shared and noisy, so each pair is measured three
times, interleaved, and the median is reported.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("n", nargs="?", type=int, help="observations (default 1,000,000 spherical, 200,000 full)")
parser.add_argument("k", nargs="?", type=int, default=10, help="components (default 10)")
parser.add_argument("--covariance", choices=["spherical", "full"], default="spherical")
parser.add_argument("--dimensions", default="2,8,32", help="full only: the dimensions D, comma-separated")
args = parser.parse_args()
k = args.k
if args.covariance == "spherical":
    n = args.n or 1_000_000
    dimensions = [1]
else:
    n = args.n or 200_000
    dimensions = [int(d) for d in args.dimensions.split(",")]


VISTREAM_EXTRA = 200


def data_set(d):
    rng = np.random.default_rng(1)
    labels = rng.integers(0, k, n)
    if args.covariance == "spherical":
        return (3.0 * labels + rng.standard_normal(n)).reshape(-1, 1)
    return 3.0 * labels[:, None] + rng.standard_normal((n, d))


def measure(x, tmp):
    d = x.shape[1]
    data = os.path.join(tmp, f"data-{d}.csv")
    np.savetxt(data, x, fmt="%.9g", delimiter=",")

    def vistream(iterations):
        command = ["java", "-jar", "app/target/vistream.jar", "fit", "--model", args.covariance, "--data", data,
                   "--k", str(k), "--max-iter", str(iterations), "--tol", "0"]
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    def sklearn(iterations):
        model = BayesianGaussianMixture(n_components=k, covariance_type=args.covariance, max_iter=iterations,
                                        tol=0.0, n_init=1, init_params="k-means++", random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            start = time.perf_counter()
            model.fit(x)
            return time.perf_counter() - start

    ours, theirs = [], []
    for _ in range(3):
        ours.append((vistream(2 + VISTREAM_EXTRA) - vistream(2)) / VISTREAM_EXTRA)
        theirs.append((sklearn(12) - sklearn(2)) / 10)
    return ours, theirs


with tempfile.TemporaryDirectory() as tmp:
    for d in dimensions:
        ours, theirs = measure(data_set(d), tmp)
        v, s = statistics.median(ours), statistics.median(theirs)
        print(f"n = {n}, K = {k}, D = {d}, {args.covariance}; seconds per iteration, median of 3")
        print(f"vistream      {v:.4f}   (runs: {', '.join(f'{t:.4f}' for t in ours)})")
        print(f"scikit-learn  {s:.4f}   (runs: {', '.join(f'{t:.4f}' for t in theirs)})")
        print(f"ratio         {s / v:.1f}x", flush=True)

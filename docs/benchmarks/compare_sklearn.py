#!/usr/bin/env python3
"""Side-by-side time per CAVI iteration: vistream versus scikit-learn's BayesianGaussianMixture.

Run from the repository root, after ./mvnw -q -DskipTests package, with Debian's python3 and
python3-sklearn:
    /usr/bin/python3 docs/benchmarks/compare_sklearn.py [n] [k]

One data set (n points in D = 1 from k unit-variance clusters 3 apart, seeded) is written to a
temporary file and fitted by both with a spherical covariance, the same K, tol 0 and a fixed
number of iterations. Each tool is timed for 2 iterations and for more, and the difference is
divided by the extra iterations, which cancels start-up, parsing and initialisation: what remains
is the cost of an iteration. vistream runs 50 extra iterations, scikit-learn 10: about two and
four seconds of iterating, so that the jitter of starting a JVM (a few tenths of a second) stays
small against what is measured. The machines are shared and noisy, so each pair is measured three times, interleaved,
and the median is reported.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
rng = np.random.default_rng(1)
x = (3.0 * rng.integers(0, k, n) + rng.standard_normal(n)).reshape(-1, 1)

with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(tmp, "data.csv")
    np.savetxt(data, x, fmt="%.9g")

    def vistream(iterations):
        command = ["java", "-jar", "app/target/vistream.jar", "fit", "--model", "spherical", "--data", data,
                   "--k", str(k), "--max-iter", str(iterations), "--tol", "0"]
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    def sklearn(iterations):
        model = BayesianGaussianMixture(n_components=k, covariance_type="spherical", max_iter=iterations, tol=0.0,
                                        n_init=1, init_params="k-means++", random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            start = time.perf_counter()
            model.fit(x)
            return time.perf_counter() - start

    ours, theirs = [], []
    for _ in range(3):
        ours.append((vistream(52) - vistream(2)) / 50)
        theirs.append((sklearn(12) - sklearn(2)) / 10)

v, s = statistics.median(ours), statistics.median(theirs)
print(f"n = {n}, K = {k}, D = 1, spherical; seconds per iteration, median of 3")
print(f"vistream      {v:.4f}   (runs: {', '.join(f'{t:.4f}' for t in ours)})")
print(f"scikit-learn  {s:.4f}   (runs: {', '.join(f'{t:.4f}' for t in theirs)})")
print(f"ratio         {s / v:.1f}x")

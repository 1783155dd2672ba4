#!/usr/bin/env python3
"""One CAVI iteration of a one-dimensional mixture, side by side, on one thread (issue 17).

Run from the repository root, after ./mvnw -q -DskipTests package, with a Python that has numpy
and scikit-learn (on the reference machine, Debian's /usr/bin/python3):
    /usr/bin/python3 docs/benchmarks/cavi_side_by_side.py [n] [k]

One data set, n points (default 10^6) from k (default 10) unit-variance clusters 3 apart, seeded
and written with 17 digits so that every implementation reads the same doubles, is fitted by
- vistream, scalar path: java -jar app/target/vistream.jar fit --threads 1 (the lecture's model:
  known sigma = 1, sigma0 = 30, uniform weights), started from the means 0.5, 3.5, ... and
  variance 1;
- vistream, vector path: the same through the launcher app/target/vistream, which adds
  --add-modules jdk.incubator.vector;
- the C floor, docs/benchmarks/cavi_floor.c, compiled here with gcc -O3 -march=native (skipped
  when there is no gcc): the same maths as fast as C with glibc's vector exp and log makes it;
- numpy: the same iteration written with n x K arrays;
- scikit-learn's BayesianGaussianMixture, covariance_type='spherical' (it learns the variances
  and weights too, so it does a little more per iteration), k-means++ start.
vistream and scikit-learn are timed for 2 iterations and for more, and the difference divided by
the extra iterations, which cancels start-up, parsing and initialisation (vistream runs 200 extra,
so that a JVM start's jitter on a busy machine, up to a second, stays small; scikit-learn 10). The
C floor and numpy time their iterations in-process (the mean of iterations 3 to 202, and of 5
after one). Each is measured three times, interleaved, in one run of this script,
and the median is reported. Numeric libraries are held to one thread.

The ELBO traces of both vistream paths, the C floor and numpy are the same model from the same
start, so the script also prints how far each is from the scalar path's (relative, worst
iteration).
"""
import json
import os

# One thread for numpy's and scikit-learn's kernels, set before numpy is imported.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.mixture import BayesianGaussianMixture  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
SIGMA0, SIGMA, INIT_VARIANCE = 30.0, 1.0, 1.0
EXTRA = 200  # vistream's extra iterations: 4 to 40 s of iterating, against a JVM start's jitter
SKLEARN_EXTRA = 10
rng = np.random.default_rng(1)
x = 3.0 * rng.integers(0, k, n) + rng.standard_normal(n)
init_means = [3.0 * j + 0.5 for j in range(k)]
means_arg = ",".join(repr(m) for m in init_means)


def vistream(launcher, data, iterations):
    command = launcher + ["fit", "--data", data, "--k", str(k), "--sigma0", str(SIGMA0), "--sigma", str(SIGMA),
                          f"--init-means={means_arg}", "--init-variance", str(INIT_VARIANCE),
                          "--max-iter", str(iterations), "--tol", "0", "--threads", "1"]
    start = time.perf_counter()
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return time.perf_counter() - start, json.loads(out)["elbo"]


def per_iteration(launcher, data):
    short, _ = vistream(launcher, data, 2)
    long, elbo = vistream(launcher, data, 2 + EXTRA)
    return (long - short) / EXTRA, elbo


def c_floor(binary, data):
    out = subprocess.run([binary, data, str(k), str(SIGMA0), str(SIGMA), str(INIT_VARIANCE), str(2 + EXTRA), means_arg],
                         check=True, stdout=subprocess.PIPE).stdout
    result = json.loads(out)
    return statistics.fmean(result["seconds"][2:]), result["elbo"]


def numpy_cavi(iterations):
    """The same iteration as vistream's, with n x K arrays: the numpy way to write it."""
    m = np.array(init_means)
    s2 = np.full(k, INIT_VARIANCE)
    v, v0 = SIGMA * SIGMA, SIGMA0 * SIGMA0
    log_2pi = np.log(2 * np.pi)
    elbo, seconds = [], []
    xc = x[:, None]
    for _ in range(iterations):
        started = time.perf_counter()
        logits = xc * (m / v) - (s2 + m * m) / (2 * v)
        shifted = logits - logits.max(axis=1, keepdims=True)
        terms = np.exp(shifted)
        z = terms.sum(axis=1)
        phi = terms / z[:, None]
        counts = phi.sum(axis=0)
        sums = x @ phi
        squares = (x * x) @ phi
        entropy = np.log(z).sum() - (phi * shifted).sum()
        precision = 1 / v0 + counts / v
        s2 = 1 / precision
        m = sums / v / precision
        second = s2 + m * m
        e = entropy - n * np.log(k)
        e += np.sum(-0.5 * (log_2pi + np.log(v0)) - second / (2 * v0) + 0.5 * (log_2pi + 1 + np.log(s2)))
        e += np.sum(-0.5 * counts * (log_2pi + np.log(v)) - (squares - 2 * m * sums + counts * second) / (2 * v))
        seconds.append(time.perf_counter() - started)
        elbo.append(float(e))
    return statistics.fmean(seconds[1:]), elbo


def sklearn(iterations):
    model = BayesianGaussianMixture(n_components=k, covariance_type="spherical", max_iter=iterations, tol=0.0,
                                    n_init=1, init_params="k-means++", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(x.reshape(-1, 1))
        return time.perf_counter() - start


def worst_relative(reference, trace):
    count = min(len(reference), len(trace))
    return max(abs(a - b) / abs(a) for a, b in zip(reference[:count], trace[:count]))


with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(tmp, "data.txt")
    np.savetxt(data, x, fmt="%.17g")
    floor = None
    gcc = shutil.which("gcc")
    if gcc:
        floor = os.path.join(tmp, "cavi_floor")
        subprocess.run([gcc, "-O3", "-march=native", "-ffast-math", "-fopenmp-simd", "-o", floor,
                        "docs/benchmarks/cavi_floor.c", "-lmvec", "-lm"], check=True)
    rows = {"vistream, scalar path (java -jar)": [], "vistream, vector path (launcher)": [], "C floor": [],
            "numpy": [], "scikit-learn, spherical": []}
    traces = {}
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    for _ in range(3):
        t, traces["vistream, scalar path (java -jar)"] = per_iteration([java, "-jar", "app/target/vistream.jar"], data)
        rows["vistream, scalar path (java -jar)"].append(t)
        t, traces["vistream, vector path (launcher)"] = per_iteration(["app/target/vistream"], data)
        rows["vistream, vector path (launcher)"].append(t)
        if floor:
            t, traces["C floor"] = c_floor(floor, data)
            rows["C floor"].append(t)
        t, traces["numpy"] = numpy_cavi(6)
        rows["numpy"].append(t)
        rows["scikit-learn, spherical"].append((sklearn(2 + SKLEARN_EXTRA) - sklearn(2)) / SKLEARN_EXTRA)

median = {name: statistics.median(times) for name, times in rows.items() if times}
floor_ms = median.get("C floor")
sklearn_s = median["scikit-learn, spherical"]
reference = traces["vistream, scalar path (java -jar)"]
print(f"n = {n:,}, K = {k}, D = 1, one thread; ms per CAVI iteration, median of 3 (runs in brackets)\n")
print("| implementation | ms per iteration | runs | against the C floor | scikit-learn is slower by | ELBO trace against the scalar path |")
print("|---|---|---|---|---|---|")
for name, value in median.items():
    runs = ", ".join(f"{t * 1e3:.1f}" for t in rows[name])
    ratio = f"{value / floor_ms:.2f}x" if floor_ms else "no gcc"
    agreement = f"{worst_relative(reference, traces[name]):.1e}" if name in traces else "(another model)"
    print(f"| {name} | {value * 1e3:.1f} | {runs} | {ratio} | {sklearn_s / value:.1f}x | {agreement} |")

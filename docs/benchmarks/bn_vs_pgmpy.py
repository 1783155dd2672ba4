#!/usr/bin/env python3
"""Exact inference on the bnlearn networks: pgmpy's time per query, and how far its answers are
from vistream's, on the queries NetworkQueryBenchmark drew.

Not part of CI: it needs a Python with pgmpy (and numpy) and the networks as NAME.bif files.

    VISTREAM_NETWORKS=DIR ./mvnw -Pbench verify -DskipTests -Djmh.args="NetworkQueryBenchmark"
    ./mvnw -q package -DskipTests
    python3 docs/benchmarks/bn_vs_pgmpy.py --networks DIR

The JMH run writes app/target/bn-queries/NAME.jsonl (20 queries per network, evidence drawn from
forward samples); this script asks pgmpy the same questions in one warm process (VariableElimination
built once per network, each query timed, median of 3 passes), asks vistream through
`bn query --queries`, and prints one markdown row per network: pgmpy's milliseconds per query
(mean over the queries, as JMH's score is, the median and the slowest) and the largest absolute difference between the two answers.
"""
import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path


def read_bif(path):
    from pgmpy.readwrite import BIFReader
    text = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
    return BIFReader(string=text).get_model()


def pgmpy_answers(model, queries, passes):
    from pgmpy.inference import VariableElimination
    inference = VariableElimination(model)
    times = [[] for _ in queries]
    answers = []
    for p in range(passes):
        for i, q in enumerate(queries):
            start = time.perf_counter()
            factor = inference.query([q["query"]], evidence=q["evidence"] or None, show_progress=False)
            times[i].append(time.perf_counter() - start)
            if p == 0:
                states = factor.state_names[q["query"]]
                answers.append({str(s): float(v) for s, v in zip(states, factor.values)})
    return [statistics.median(t) for t in times], answers


def vistream_answers(jar, network, queries_file):
    out = subprocess.run(["java", "-jar", str(jar), "bn", "query", "--model", str(network), "--queries", str(queries_file)],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line)["distribution"] for line in out.splitlines()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", required=True, type=Path, help="directory of NAME.bif (or .bif.gz) files")
    parser.add_argument("--queries", type=Path, default=Path("app/target/bn-queries"))
    parser.add_argument("--jar", type=Path, default=Path("app/target/vistream.jar"))
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    print("| network | nodes | pgmpy ms/query (mean) | median | slowest | max abs difference from vistream |")
    print("|---|---|---|---|---|---|")
    for queries_file in sorted(args.queries.glob("*.jsonl")):
        name = queries_file.stem
        network = next((p for p in (args.networks / (name + ".bif"), args.networks / (name + ".bif.gz")) if p.exists()),
                       None)
        if network is None:
            print(f"no network file for {name}", file=sys.stderr)
            continue
        queries = [json.loads(line) for line in queries_file.read_text().splitlines() if line.strip()]
        model = read_bif(network)
        times, theirs = pgmpy_answers(model, queries, args.passes)
        ours = vistream_answers(args.jar, network, queries_file)
        diff = max(abs(ours[i][s] - theirs[i][s]) for i in range(len(queries)) for s in theirs[i])
        print(f"| {name} | {len(model.nodes())} | {statistics.mean(times) * 1e3:.3f} "
              f"| {statistics.median(times) * 1e3:.3f} | {max(times) * 1e3:.3f} | {diff:.1e} |", flush=True)


if __name__ == "__main__":
    main()

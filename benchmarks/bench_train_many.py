"""Time batched training (train_many) against S separate train() runs.

The course's net [2, 10, 5, 1] on 300 circles points, full batch, one net per
scheme of initlab.SCHEMES (S = 13), for each hidden activation. Prints the
seconds of both, their ratio, and the cost of one step per net. Each figure
is the median of --repeats runs; the two are timed alternately so drift on a
shared machine hits both.

``--dtype float32`` trains in float32 instead of float64 (the nets' default).

Run: python benchmarks/bench_train_many.py [--steps 3000] [--repeats 3] [--dtype float64|float32]
"""

from __future__ import annotations

import argparse
import statistics
import time

import initlab
from initlab.data import circles
from initlab.nn import mlp
from initlab.training import train, train_many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    args = parser.parse_args()
    X, y = circles(300, noise=0.05, rng=0)
    schemes = list(initlab.SCHEMES)
    S = len(schemes)
    print(
        f"S = {S} nets [2, 10, 5, 1] in {args.dtype}, 300 samples, {args.steps} full-batch steps, "
        f"median of {args.repeats}"
    )
    print(f"{'activation':10s} {'train_many':>11s} {'S x train':>10s} {'ratio':>6s} {'us/step/net':>12s} {'1 net':>8s}")
    for activation in ("relu", "tanh", "sigmoid"):
        many, separate = [], []
        for _ in range(args.repeats):
            nets = [mlp([2, 10, 5, 1], init=s, activation=activation, rng=0, dtype=args.dtype) for s in schemes]
            t = time.perf_counter()
            train_many(nets, X, y, lr=0.3, steps=args.steps, record_every=args.steps // 50)
            many.append(time.perf_counter() - t)
            nets = [mlp([2, 10, 5, 1], init=s, activation=activation, rng=0, dtype=args.dtype) for s in schemes]
            t = time.perf_counter()
            for net in nets:
                train(net, X, y, lr=0.3, steps=args.steps, record_every=args.steps // 50, allow_divergence=True)
            separate.append(time.perf_counter() - t)
        m, s = statistics.median(many), statistics.median(separate)
        print(
            f"{activation:10s} {m:10.2f}s {s:9.2f}s {s / m:5.1f}x {1e6 * m / args.steps / S:11.1f} "
            f"{1e6 * s / args.steps / S:7.1f}"
        )


if __name__ == "__main__":
    main()

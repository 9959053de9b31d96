"""Time the studies the pages call, with the pages' arguments, one by one.

Each study is called as its page calls it (the block id in brackets) and timed
in CPU seconds (`time.process_time`, which a shared machine's other load
disturbs less than the wall clock) and wall seconds; each figure is the median
of --repeats runs. Nothing is cached: every call computes afresh, as a clean
build does.

To compare two versions of the library, run this script alternately under
each (``PYTHONPATH=<old>/src`` and ``PYTHONPATH=<new>/src``), so drift on a
shared machine hits both, and compare the medians.

With ``--float32`` it also times the training studies' engine in float32
against float64 (the same nets, data and steps): the site trains in float64
(except the Side by side grid, float32 by its own default), so this is a
measurement, not a setting the pages use.

Run: python benchmarks/bench_studies.py [--repeats 3] [--only NAME ...] [--float32]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

import initlab
from initlab.nn import mlp
from initlab.studies import (
    compare_training,
    course_experiment,
    depth_sweep,
    explorer_grid,
    he_2015_depth,
    jacobian_spectrum,
    symmetry_study,
    training_setup,
)
from initlab.studies.grid import scheme_trials
from initlab.studies.he2015 import leaky_depth
from initlab.training import train_many


def course_net_run(schemes: list[str]) -> object:
    """The Constant and Small random pages' run: the course's net and data, seed 0."""
    return compare_training(schemes, dataset="circles", hidden=(10, 5), activation="relu", lr=0.01, steps=15_000, rng=0)


def _studies() -> dict[str, Callable[[], object]]:
    schemes = list(initlab.SCHEMES)
    return {
        "cmp-grid scheme_trials": lambda: scheme_trials(
            schemes, ("relu", "tanh", "sigmoid"), lrs=(0.5, 2.0), steps=1000, n_draws=5, threshold=0.2, rng=6
        ),
        "home-headline depth_sweep": lambda: depth_sweep(
            ["zeros", "constant", "small_normal", "large_normal", "lecun_normal", "glorot_normal", "he_normal"],
            "relu",
            depth=30,
            width=256,
            n_samples=500,
        ),
        "*-course course_experiment": course_experiment,
        "beyond-jacobian jacobian_spectrum": lambda: jacobian_spectrum(
            ["lecun_normal", "orthogonal"], depth=32, width=128, draws=30
        ),
        "constant-train compare_training": lambda: course_net_run(["constant", "he_normal"]),
        "small-relu-train compare_training": lambda: course_net_run(["small_normal", "he_normal"]),
        "cmp-sweep-table depth_sweep x3": lambda: [
            depth_sweep(schemes, act, depth=10, width=256, n_samples=200) for act in ("tanh", "relu", "sigmoid")
        ],
        "beyond-explorer explorer_grid": lambda: explorer_grid(
            ["small_normal", "large_normal", "glorot_normal", "he_normal", "orthogonal"],
            ["tanh", "relu", "sigmoid", "selu"],
            depth=20,
            n_samples=300,
        ),
        "constant-symmetry symmetry_study": lambda: symmetry_study(
            ["constant", "small_normal", "he_normal"], layer=2, lr=0.1, steps=3000, n_records=31
        ),
        "he-depth he_2015_depth": lambda: he_2015_depth(depth=30, width=256, n_samples=100),
        "he-prelu leaky_depth": lambda: leaky_depth(slopes=(0.25, 1.0), depth=30, width=256),
        "small-ex-width variance_map x8000": _width_exercise,
    }


def _width_exercise() -> None:
    """The Small random page's width exercise: 40 bisection steps of a 50-layer variance map, at 4 widths."""
    for width in (64, 256, 1024, 4096):
        lo, hi = 0.0, 1.0
        for _ in range(40):
            mid, a2 = (lo + hi) / 2, 1.0
            for _ in range(50):
                a2 = initlab.variance_map("tanh", width * mid**2 * a2)
            lo, hi = (mid, hi) if np.sqrt(a2) < 0.1 else (lo, mid)


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    c, w = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - w


def _float32(repeats: int) -> None:
    """The course's training (3 nets [2, 10, 5, 1], ReLU, 15000 full-batch steps) and the grid's, by dtype."""
    setup = training_setup("circles", 300, 100, noise=0.05, rng=6)
    cases = {
        "course: 3 nets, relu, 15000 steps": (["zeros", "large_normal", "he_normal"], "relu", 15_000, 0.01),
        "grid batch: 13 schemes, sigmoid, 1000 steps": (list(initlab.SCHEMES), "sigmoid", 1000, 0.5),
    }
    print(f"\nfloat32 vs float64 training (CPU s, median of {repeats}, alternating)")
    for name, (schemes, act, steps, lr) in cases.items():
        t = {np.float64: [], np.float32: []}
        for _ in range(repeats):
            for dtype in t:
                nets = [mlp(setup.sizes((10, 5)), s, act, rng=0, dtype=dtype) for s in schemes]
                c = time.process_time()
                train_many(nets, setup.X_train, setup.y_train, lr=lr, steps=steps)
                t[dtype].append(time.process_time() - c)
        f64, f32 = statistics.median(t[np.float64]), statistics.median(t[np.float32])
        print(f"  {name:44s} float64 {f64:6.2f}  float32 {f32:6.2f}  ratio {f64 / f32:4.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="substrings of the study names to run")
    parser.add_argument("--float32", action="store_true", help="also time float32 against float64 training")
    args = parser.parse_args()
    studies = _studies()
    if args.only:
        studies = {k: v for k, v in studies.items() if any(o in k for o in args.only)}
    print(f"initlab from {initlab.__file__}; median of {args.repeats}")
    print(f"{'study (page block)':38s} {'CPU s':>7s} {'wall s':>7s}")
    total = 0.0
    for name, fn in studies.items():
        runs = [_time(fn) for _ in range(args.repeats)]
        cpu, wall = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        total += cpu
        print(f"{name:38s} {cpu:7.2f} {wall:7.2f}", flush=True)
    print(f"{'total':38s} {total:7.2f}")
    if args.float32:
        _float32(args.repeats)


if __name__ == "__main__":
    main()

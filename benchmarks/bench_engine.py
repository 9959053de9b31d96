"""Time the training engine and the experiments against their targets.

1. One gradient-descent step of the net [2, 10, 5, 1] (ReLU, sigmoid) on 300
   points, through :func:`initlab.training.train`, against a plain numpy step
   written the deeplearning.ai course's way (a dict ``W1, b1, ...``,
   column-major ``X`` of shape (2, m), cost computed every step). The two are
   timed alternately, so drift on a shared machine hits both; the ratio is of
   the two medians. Target: ratio <= 1.0.
2. The training of the course experiment: the three nets (zeros, N(0, 10^2),
   He normal) trained together for 15000 steps with
   [`train_many`][initlab.training.train_many], as the study trains them, timed
   directly (no study, so no cache of trained nets). Target <= 3 s.
3. A depth sweep of 4 schemes x 30 layers x 256 units x 1000 samples
   (float32, the default). Target <= 1 s.

Each figure is the median of several runs.

Run: python benchmarks/bench_engine.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from initlab.data import circles
from initlab.nn import mlp
from initlab.studies import depth_sweep
from initlab.training import train, train_many

SIZES = (2, 10, 5, 1)
STEPS = 2000
COURSE_SCHEMES = ("zeros", "large_normal", "he_normal")
COURSE_STEPS = 15_000


def seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --- the reference: the course's own way ----------------------------------------------------
def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(0, x)


def course_step(parameters: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray, learning_rate: float) -> float:
    """forward_propagation, compute_loss, backward_propagation, update_parameters of the notebook."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    z1 = np.dot(W1, X) + b1
    a1 = _relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = _relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = _sigmoid(z3)
    m = X.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    cost = 1.0 / m * np.nansum(logprobs)
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}
    for k in range(len(parameters) // 2):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return cost


def bench_step(repeats: int) -> tuple[float, float]:
    """Median microseconds per step: initlab's train() and the course loop."""
    X, y = circles(300, noise=0.05, rng=1)
    net0 = mlp(SIZES, "he_normal", rng=0)
    params0 = {}
    for l, (W, b) in enumerate(zip(net0.weights, net0.biases), start=1):
        params0[f"W{l}"], params0[f"b{l}"] = W.copy(), b.reshape(-1, 1).copy()
    Xc, Yc = X.T.copy(), y.reshape(1, -1).astype(np.float64)

    def ours() -> None:
        train(net0.copy(), X, y, lr=0.01, steps=STEPS)

    def course() -> None:
        p = dict(params0)
        for _ in range(STEPS):
            course_step(p, Xc, Yc, 0.01)

    ours(), course()  # warm up
    pairs = [(seconds(ours), seconds(course)) for _ in range(repeats)]
    return (statistics.median(a for a, _ in pairs) / STEPS * 1e6, statistics.median(b for _, b in pairs) / STEPS * 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    ours, ref = bench_step(args.repeats)
    ratio = ours / ref
    print(
        f"one step [2,10,5,1] x 300 pts : initlab {ours:7.1f} us  course-style numpy {ref:7.1f} us  "
        f"ratio {ratio:.2f}  ({'ok' if ratio <= 1.0 else 'MISSED'} <= 1.0)"
    )

    X, y = circles(300, noise=0.05, rng=1)

    def course_training() -> None:
        nets = [mlp(SIZES, scheme, rng=0) for scheme in COURSE_SCHEMES]
        train_many(nets, X, y, lr=0.01, steps=COURSE_STEPS, record_every=COURSE_STEPS // 50)

    t = statistics.median(seconds(course_training) for _ in range(max(1, args.repeats // 2)))
    print(
        f"course training 3 x 15000     : {t:7.2f} s   target 3 s  ratio {t / 3:.2f}  "
        f"({'ok' if t <= 3 else 'MISSED'})  [the course-style loop would take {ref * 45_000 / 1e6:.2f} s now]"
    )

    def sweep() -> None:
        depth_sweep(
            ["standard_uniform", "glorot_normal", "he_normal", "lecun_normal"],
            "relu",
            depth=30,
            width=256,
            n_samples=1000,
        )

    sweep()
    t = statistics.median(seconds(sweep) for _ in range(args.repeats))
    print(
        f"depth sweep 4 x 30 x 256 x 1000: {t:7.2f} s   target 1 s  ratio {t / 1:.2f}  ({'ok' if t <= 1 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()

r"""Small synthetic data sets in the plane, seeded.

Each maker returns ``X`` of shape ``(n, 2)`` (float64) and labels ``y`` of
shape ``(n,)`` (int64): 0/1, or $0..k-1$ for [`spirals`][initlab.data.spirals] with ``k``
classes. The points are shuffled, then Gaussian noise of std ``noise`` is
added to each coordinate. Randomness comes only from ``rng`` (a
`numpy.random.Generator` or an int seed).

Examples
--------
>>> X, y = circles(300, noise=0.05, rng=1)
>>> X.shape, y.shape, np.bincount(y).tolist()
((300, 2), (300,), [150, 150])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import as_generator, check_choice, check_int, check_nonnegative, check_positive, check_real

Dataset = tuple[np.ndarray, np.ndarray]


def _finish(X: np.ndarray, y: np.ndarray, noise: float, gen: np.random.Generator) -> Dataset:
    order = gen.permutation(len(y))
    X, y = X[order], y[order]
    if noise > 0:
        X = X + gen.normal(0.0, noise, size=X.shape)
    return X.astype(np.float64, copy=False), y.astype(np.int64, copy=False)


def circles(n: int = 100, *, noise: float = 0.0, factor: float = 0.8, rng: object = 0) -> Dataset:
    r"""Two concentric circles, built like scikit-learn's ``make_circles``.

    $\lfloor n/2 \rfloor$ points on the unit circle (label 0) and the rest on
    a circle of radius ``factor`` (label 1), each set evenly spaced in angle
    $2\pi j / n_c$; then shuffled, then ``noise`` added.

    Examples
    --------
    >>> X, y = circles(4, rng=0)
    >>> np.round(np.hypot(*X.T), 3)[np.argsort(y, kind="stable")].tolist()
    [1.0, 1.0, 0.8, 0.8]
    """
    n = check_int("n", n, minimum=2)
    noise = check_nonnegative("noise", noise)
    factor = check_real("factor", factor)
    if not 0 <= factor < 1:
        raise ValueError(f"factor must be in [0, 1) (inner radius / outer radius), got {factor!r}")
    gen = as_generator(rng)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)], factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _finish(X, y, noise, gen)


def moons(n: int = 100, *, noise: float = 0.0, rng: object = 0) -> Dataset:
    r"""Two interleaving half circles, like scikit-learn's ``make_moons``.

    Upper moon $(\cos t, \sin t)$ (label 0), lower moon
    $(1 - \cos t, \tfrac12 - \sin t)$ (label 1), $t$ evenly spaced in $[0, \pi]$.

    Examples
    --------
    >>> X, y = moons(10, noise=0.1, rng=0)
    >>> X.shape, int(y.sum())
    ((10, 2), 5)
    """
    n = check_int("n", n, minimum=2)
    noise = check_nonnegative("noise", noise)
    gen = as_generator(rng)
    n_out = n // 2
    n_in = n - n_out
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)], np.c_[1 - np.cos(t_in), 0.5 - np.sin(t_in)]])
    y = np.r_[np.zeros(n_out), np.ones(n_in)]
    return _finish(X, y, noise, gen)


def xor(n: int = 100, *, noise: float = 0.25, rng: object = 0) -> Dataset:
    r"""Four Gaussian blobs at $(\pm1, \pm1)$; the label is 1 where the signs differ (XOR).

    No single line separates the classes. Points are split as evenly as
    possible among the four corners; ``noise`` is the blobs' std.

    Examples
    --------
    >>> X, y = xor(8, noise=0.0, rng=0)
    >>> bool(np.all(y == (X[:, 0] * X[:, 1] < 0)))
    True
    """
    n = check_int("n", n, minimum=4)
    noise = check_nonnegative("noise", noise)
    gen = as_generator(rng)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0]])
    which = np.arange(n) % 4
    X = corners[which]
    y = (which >= 2).astype(np.int64)
    return _finish(X, y, noise, gen)


def spirals(n: int = 100, *, classes: int = 2, noise: float = 0.0, turns: float = 1.0, rng: object = 0) -> Dataset:
    r"""``classes`` interleaved spiral arms (like CS231n's spiral data), labels $0..k-1$.

    Arm $j$ holds points at radius $r \in [0.1, 1]$ (evenly spaced) and angle
    $2\pi(\text{turns}\cdot r + j/k)$.

    Examples
    --------
    >>> X, y = spirals(90, classes=3, rng=0)
    >>> np.bincount(y).tolist()
    [30, 30, 30]
    """
    n = check_int("n", n, minimum=2)
    k = check_int("classes", classes, minimum=2)
    noise = check_nonnegative("noise", noise)
    turns = check_positive("turns", turns)
    gen = as_generator(rng)
    sizes = [n // k + (j < n % k) for j in range(k)]
    parts, labels = [], []
    for j, size in enumerate(sizes):
        r = np.linspace(0.1, 1.0, size)
        t = 2 * np.pi * (turns * r + j / k)
        parts.append(np.c_[r * np.cos(t), r * np.sin(t)])
        labels.append(np.full(size, j))
    return _finish(np.vstack(parts), np.concatenate(labels), noise, gen)


DATASETS: dict[str, Callable[..., Dataset]] = {"circles": circles, "moons": moons, "xor": xor, "spirals": spirals}
"""Every data set maker by name, for experiments that take `dataset="..."`."""


def make_dataset(name: str, n: int, *, noise: float = 0.0, rng: object = 0, **kwargs: object) -> Dataset:
    """Call the data set maker named ``name`` (one of [`DATASETS`][initlab.data.DATASETS]).

    Examples
    --------
    >>> make_dataset("moons", 6, rng=0)[0].shape
    (6, 2)
    """
    return DATASETS[check_choice("dataset", name, DATASETS)](n, noise=noise, rng=rng, **kwargs)


def train_test_split(
    X: object, y: object, *, test_size: float | int = 0.25, rng: object = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle and split into ``X_train, X_test, y_train, y_test`` (scikit-learn's order).

    ``test_size`` is a fraction in (0, 1) or a number of test samples in
    ``1..n-1``.

    Examples
    --------
    >>> X, y = circles(100, rng=0)
    >>> [a.shape for a in train_test_split(X, y, test_size=0.2, rng=0)]
    [(80, 2), (20, 2), (80,), (20,)]
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim != 1 or len(X) != len(y):
        raise ValueError(
            f"X and y must have the same number of rows and y must be 1-D, got shapes {X.shape} and {y.shape}"
        )
    n = len(y)
    if isinstance(test_size, (int, np.integer)) and not isinstance(test_size, bool):
        n_test = int(test_size)
        if not 1 <= n_test <= n - 1:
            raise ValueError(f"test_size must be a count in 1..{n - 1} or a fraction in (0, 1), got {test_size!r}")
    else:
        frac = check_real("test_size", test_size)
        if not 0 < frac < 1:
            raise ValueError(f"test_size must be a fraction in (0, 1) or a count in 1..{n - 1}, got {test_size!r}")
        n_test = min(max(1, round(frac * n)), n - 1) if n > 1 else 0
        if n_test < 1:
            raise ValueError(f"X must have at least 2 rows to split, got {n}")
    order = as_generator(rng).permutation(n)
    test, tr = order[:n_test], order[n_test:]
    return X[tr], X[test], y[tr], y[test]

"""Synthetic data sets: shapes, labels, geometry, seeding, splitting and errors."""

from __future__ import annotations

import numpy as np
import pytest

from initlab.data import DATASETS, circles, make_dataset, moons, spirals, train_test_split, xor


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("n", [4, 101, 300])
def test_shapes_dtypes_and_labels(name: str, n: int) -> None:
    X, y = make_dataset(name, n, noise=0.1, rng=0)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_seeding_is_deterministic(name: str) -> None:
    a = make_dataset(name, 50, noise=0.1, rng=3)
    b = make_dataset(name, 50, noise=0.1, rng=np.random.default_rng(3))
    c = make_dataset(name, 50, noise=0.1, rng=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_circles_like_make_circles() -> None:
    X, y = circles(300, noise=0.0, factor=0.5, rng=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)  # outer circle: label 0
    np.testing.assert_allclose(r[y == 1], 0.5)  # inner circle: label 1
    assert np.bincount(y).tolist() == [150, 150]
    angles = np.sort(np.arctan2(X[y == 0, 1], X[y == 0, 0]) % (2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 150)  # evenly spaced
    assert np.bincount(circles(7, rng=0)[1]).tolist() == [3, 4]  # n // 2 outer, the rest inner


def test_circles_noise_has_the_requested_std() -> None:
    X0, y0 = circles(20_000, noise=0.0, rng=1)
    X, y = circles(20_000, noise=0.05, rng=1)
    assert np.array_equal(y, y0)  # same shuffle, then noise
    d = (X - X0).ravel()
    assert abs(d.std() - 0.05) < 5 * 0.05 / np.sqrt(2 * d.size)


def test_moons_xor_spirals_geometry() -> None:
    X, y = moons(200, rng=0)
    assert np.all(X[y == 0, 1] >= -1e-12) and np.all(X[y == 1, 1] <= 0.5 + 1e-12)
    X, y = xor(100, noise=0.0, rng=0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    X, y = spirals(100, classes=4, rng=0)
    assert np.bincount(y).tolist() == [25, 25, 25, 25]
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() >= 0.1 - 1e-12 and r.max() <= 1 + 1e-12


def test_train_test_split() -> None:
    X, y = circles(100, rng=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, rng=0)
    assert Xtr.shape == (75, 2) and Xte.shape == (25, 2) and ytr.shape == (75,) and yte.shape == (25,)
    rows = {tuple(r) for r in Xtr} | {tuple(r) for r in Xte}
    assert len(rows) == 100  # a partition
    assert train_test_split(X, y, test_size=10, rng=0)[1].shape == (10, 2)
    a, b = train_test_split(X, y, rng=5), train_test_split(X, y, rng=5)
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: circles(1), ValueError, "n must be an integer >= 2, got 1"),
        (lambda: circles(10.0), TypeError, "n must be an integer"),
        (lambda: circles(10, noise=-0.1), ValueError, "noise must be a finite number >= 0, got -0.1"),
        (lambda: circles(10, factor=1.0), ValueError, r"factor must be in \[0, 1\)"),
        (lambda: spirals(10, classes=1), ValueError, "classes must be an integer >= 2, got 1"),
        (
            lambda: make_dataset("blobs", 10),
            ValueError,
            "dataset must be one of 'circles', 'moons', 'xor', 'spirals'; got 'blobs'",
        ),
        (lambda: circles(10, rng=-1), TypeError, "rng must be a numpy.random.Generator"),
        (lambda: train_test_split(np.ones((4, 2)), np.ones(3)), ValueError, "same number of rows"),
        (
            lambda: train_test_split(np.ones((4, 2)), np.ones(4), test_size=1.5),
            ValueError,
            r"test_size must be a fraction in \(0, 1\)",
        ),
        (
            lambda: train_test_split(np.ones((4, 2)), np.ones(4), test_size=4),
            ValueError,
            r"test_size must be a count in 1..3",
        ),
    ],
)
def test_errors(call, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        call()

"""The network's faster hidden-activation paths give the bits of the plain functions."""

import numpy as np
import pytest

from initlab.activations import sigmoid
from initlab.nn import _select, _sigmoid, mlp


def _awkward(dtype: type, shape: tuple[int, ...] = (4, 50, 10)) -> np.ndarray:
    """Normal values at four scales, plus NaN, -NaN, +-inf, +-0 and +-the smallest normal number."""
    rng = np.random.default_rng(0)
    z = (rng.standard_normal(shape) * rng.choice([0.1, 3.0, 50.0, 800.0], shape)).astype(dtype)
    tiny = np.finfo(dtype).tiny
    z.reshape(-1)[:8] = [np.nan, -np.nan, -np.inf, np.inf, -0.0, 0.0, tiny, -tiny]
    return z


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_fast_path_gives_the_same_bits(dtype: type) -> None:
    z = _awkward(dtype)
    with np.errstate(all="ignore"):
        expected = sigmoid(z)
        for arg in (z, z[:, ::3], z[..., 0]):  # contiguous, strided, 2-D
            got = _sigmoid(arg)
            assert got.dtype == np.dtype(dtype)
            assert got.tobytes() == sigmoid(arg).tobytes()
    assert z.tobytes() == _awkward(dtype).tobytes()  # the input is left alone
    assert expected.tobytes() == sigmoid(z).tobytes()


def test_sigmoid_fast_path_falls_back_for_other_dtypes() -> None:
    z = np.array([-2, 0, 3])
    assert _sigmoid(z).tobytes() == sigmoid(z).tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_select_copies_bits_like_where(dtype: type) -> None:
    a, b = _awkward(dtype), -_awkward(dtype)[::-1].copy()
    mask = np.random.default_rng(1).random(a.shape) < 0.5
    expected = np.where(mask, a, b)
    assert _select(mask, a.copy(), b).tobytes() == expected.tobytes()


def test_sigmoid_net_forward_uses_the_same_bits() -> None:
    net = mlp([3, 16, 8, 1], init="he_normal", activation="sigmoid", rng=0)
    X = np.random.default_rng(2).standard_normal((40, 3))
    _, trace = net.forward(X, trace=True)
    for z, a in zip(trace.z[:-1], trace.a[1:-1]):
        assert a.tobytes() == sigmoid(z).tobytes()
    assert net.layer_input(X, 3).tobytes() == trace.a[2].tobytes()

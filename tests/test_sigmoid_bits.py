"""The sigmoid's in-place path gives the bits of the plain `numpy.where` formula."""

import numpy as np
import pytest

from initlab.activations import sigmoid
from initlab.nn import mlp


def _plain(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _awkward(dtype: type, shape: tuple[int, ...] = (4, 50, 10)) -> np.ndarray:
    """Normal values at four scales, plus NaN, -NaN, +-inf, +-0 and +-the smallest normal number."""
    rng = np.random.default_rng(0)
    z = (rng.standard_normal(shape) * rng.choice([0.1, 3.0, 50.0, 800.0], shape)).astype(dtype)
    tiny = np.finfo(dtype).tiny
    z.reshape(-1)[:8] = [np.nan, -np.nan, -np.inf, np.inf, -0.0, 0.0, tiny, -tiny]
    return z


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_gives_the_bits_of_the_where_formula(dtype: type) -> None:
    z = _awkward(dtype)
    with np.errstate(all="ignore"):
        for arg in (z, z[:, ::3], z[..., 0]):  # contiguous, strided, 2-D
            got = sigmoid(arg)
            assert got.dtype == np.dtype(dtype)
            assert got.tobytes() == _plain(arg).tobytes()
    assert z.tobytes() == _awkward(dtype).tobytes()  # the input is left alone


@pytest.mark.parametrize(
    "z", [np.array([-2, 0, 3]), np.float16([-1.5, 2.0]), 0.5, -3.0, np.float32(-2.0), np.array(-1.5), np.array(2.0)]
)
def test_sigmoid_other_inputs_use_the_where_formula(z: object) -> None:
    assert np.asarray(sigmoid(z)).tobytes() == np.asarray(_plain(z)).tobytes()


@pytest.mark.parametrize(
    ("dtype", "uint", "exponent"),
    [(np.float32, np.uint32, 0x7F80_0000), (np.float64, np.uint64, 0x7FF0_0000_0000_0000)],
)
def test_sigmoid_keeps_every_nan_payload(dtype: type, uint: type, exponent: int) -> None:
    bits = np.frombuffer(np.random.default_rng(3).bytes(4096 * np.dtype(uint).itemsize), dtype=uint)
    nans = (bits | uint(exponent)).view(dtype)  # both signs, quiet and signalling, random payloads
    z = np.concatenate([nans[np.isnan(nans)], _awkward(dtype).reshape(-1)])
    with np.errstate(all="ignore"):
        assert sigmoid(z).tobytes() == _plain(z).tobytes()


def test_sigmoid_net_forward_uses_the_same_bits() -> None:
    net = mlp([3, 16, 8, 1], init="he_normal", activation="sigmoid", rng=0)
    X = np.random.default_rng(2).standard_normal((40, 3))
    _, trace = net.forward(X, trace=True)
    for z, a in zip(trace.z[:-1], trace.a[1:-1]):
        assert a.tobytes() == _plain(z).tobytes()
    assert net.layer_input(X, 3).tobytes() == trace.a[2].tobytes()

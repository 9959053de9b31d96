"""Activations: each derivative against a central finite difference; SELU's constants; no overflow."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import integrate, stats

from initlab import ACTIVATIONS, get_activation
from initlab.activations import SELU_ALPHA, SELU_LAMBDA, leaky_relu, sigmoid, softplus

KINKS = {"relu", "leaky_relu", "selu"}  # non-differentiable at 0


def points():
    # a grid that does not contain 0, so a step of h never crosses a kink
    z = np.linspace(-6.0, 6.0, 241) + 0.0173
    return z[np.abs(z) > 1e-3]


ALL = dict(ACTIVATIONS) | {"leaky_relu(0.3)": leaky_relu(0.3)}


@pytest.mark.parametrize("name", list(ALL))
def test_derivative_matches_central_difference(name):
    act = ALL[name]
    z = points()
    h = 1e-5  # truncation h^2 f''' / 6 ~ 1e-11, rounding eps / h ~ 1e-11
    fd = (act.f(z + h) - act.f(z - h)) / (2 * h)
    np.testing.assert_allclose(act.df(z), fd, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(ALL))
def test_shapes_and_dtypes_kept(name):
    act = ALL[name]
    z = np.linspace(-3, 3, 12, dtype=np.float64).reshape(3, 4)
    for out in (act.f(z), act.df(z), act(z)):
        assert out.shape == (3, 4) and out.dtype == np.float64
    np.testing.assert_array_equal(act(z), act.f(z))


def test_registry_names():
    expected = {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu", "gelu", "silu", "softplus", "mish"}
    assert expected <= set(ACTIVATIONS)
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert get_activation(name) is act
        assert get_activation(act) is act
    with pytest.raises(ValueError, match=r"activation.*'swish'"):
        get_activation("swish")
    with pytest.raises(ValueError, match=r"negative_slope.*-0\.5"):
        leaky_relu(-0.5)


def test_known_values():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(ACTIVATIONS["relu"](z), [0, 0, 0, 0.5, 2])
    np.testing.assert_allclose(leaky_relu(0.1)(z), [-0.2, -0.05, 0, 0.5, 2])
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(softplus(z), np.log1p(np.exp(z)), rtol=1e-15)
    np.testing.assert_allclose(ACTIVATIONS["silu"](z), z / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(ACTIVATIONS["mish"](z), z * np.tanh(np.log1p(np.exp(z))), rtol=1e-14)
    gelu_tanh = 0.5 * z * (1 + np.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)))
    np.testing.assert_allclose(ACTIVATIONS["gelu"](z), gelu_tanh, rtol=1e-15)
    assert ACTIVATIONS["relu"].df(np.array(0.0)) == 0.0  # the subgradient chosen at the kink


def test_selu_constants():
    assert SELU_LAMBDA == 1.0507009873554805
    assert SELU_ALPHA == 1.6732632423543772
    selu = ACTIVATIONS["selu"]
    np.testing.assert_allclose(selu(np.array([-50.0, 1.0])), [-SELU_LAMBDA * SELU_ALPHA, SELU_LAMBDA], rtol=1e-15)
    # they are the fixed point: z ~ N(0, 1) -> selu(z) has mean 0 and second moment 1
    kw = dict(epsabs=0.0, epsrel=1e-12, limit=200)
    pdf = stats.norm.pdf

    def moment(k):
        g = lambda z: float(selu(np.array(z))) ** k * pdf(z)  # noqa: E731
        return integrate.quad(g, -np.inf, 0, **kw)[0] + integrate.quad(g, 0, np.inf, **kw)[0]

    assert abs(moment(1)) < 1e-9
    assert abs(moment(2) - 1) < 1e-9


@pytest.mark.parametrize("name", list(ALL))
def test_no_overflow_at_extremes(name):
    act = ALL[name]
    z = np.array([-1000.0, -100.0, 100.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            f, df = act.f(z), act.df(z)
    assert np.all(np.isfinite(f)) and np.all(np.isfinite(df))


def test_sigmoid_saturates_exactly():
    # exp(-1000) underflows to 0 (harmless, and what makes the result exact), so
    # underflow stays at numpy's default "ignore"; overflow would mean exp(+1000).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            s = sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(s, [0.0, 1.0])

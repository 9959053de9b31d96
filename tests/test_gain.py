"""Gains: the conventional table, exactly; the variance-preserving gain against quadrature."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import integrate, stats

from initlab import ACTIVATIONS, gain, second_moment, variance_preserving_gain
from initlab.activations import leaky_relu


@pytest.mark.parametrize(
    "name, expected",
    [
        ("linear", 1.0),
        ("conv1d", 1.0),
        ("conv2d", 1.0),
        ("conv3d", 1.0),
        ("conv_transpose1d", 1.0),
        ("conv_transpose2d", 1.0),
        ("conv_transpose3d", 1.0),
        ("sigmoid", 1.0),
        ("tanh", 5 / 3),
        ("relu", math.sqrt(2)),
        ("leaky_relu", math.sqrt(2 / (1 + 0.01**2))),
        ("selu", 3 / 4),
    ],
)
def test_gain_table(name, expected):
    assert gain(name) == pytest.approx(expected, rel=1e-15, abs=0)


@pytest.mark.parametrize("slope", [0.0, 0.2, math.sqrt(5), 3])
def test_gain_leaky_relu_param(slope):
    assert gain("leaky_relu", slope) == pytest.approx(math.sqrt(2 / (1 + slope**2)), rel=1e-15)


def test_gain_leaky_relu_slope_zero_is_relu():
    assert gain("leaky_relu", 0) == gain("relu")


@pytest.mark.parametrize(
    "call, exc, parts",
    [
        (lambda: gain("gelu"), ValueError, ["nonlinearity", "'gelu'"]),
        (lambda: gain("ReLU"), ValueError, ["nonlinearity", "'ReLU'"]),
        (lambda: gain(None), ValueError, ["nonlinearity", "None"]),
        (lambda: gain("relu", 0.2), ValueError, ["param", "0.2", "'relu'"]),
        (lambda: gain("tanh", 1.0), ValueError, ["param", "1.0", "'tanh'"]),
        (lambda: gain("leaky_relu", math.nan), ValueError, ["param", "nan"]),
        (lambda: gain("leaky_relu", "0.1"), TypeError, ["param", "'0.1'"]),
        (lambda: second_moment("relu", q=0.0), ValueError, ["q", "0.0"]),
        (lambda: second_moment("relu", n_points=1), ValueError, ["n_points", "1"]),
        (lambda: second_moment("relu", n_points=400), ValueError, ["n_points", "400"]),
        (lambda: second_moment("relu", n_points=2.5), TypeError, ["n_points", "2.5"]),
        (lambda: variance_preserving_gain("swish"), ValueError, ["activation", "'swish'"]),
        (lambda: variance_preserving_gain(np.zeros_like), ValueError, ["zero everywhere"]),
    ],
)
def test_errors(call, exc, parts):
    with pytest.raises(exc, match=".*".join(map(re.escape, parts))):
        call()


def test_relu_and_leaky_are_exact():
    assert abs(variance_preserving_gain("relu") - math.sqrt(2)) < 1e-12
    assert abs(second_moment("relu") - 0.5) < 1e-13
    for a in [0.01, 0.2, 0.5]:
        assert abs(variance_preserving_gain(leaky_relu(a)) - math.sqrt(2 / (1 + a**2))) < 1e-12
    assert abs(variance_preserving_gain("linear") - 1.0) < 1e-12


def quad_second_moment(phi, q=1.0):
    """E[phi(z)^2], z ~ N(0, q), by adaptive quadrature split at 0 (where ReLU-likes have their kink)."""
    pdf = stats.norm(0, math.sqrt(q)).pdf

    def integrand(z):
        return float(phi(np.array(z))) ** 2 * pdf(z)

    kw = dict(epsabs=0.0, epsrel=1e-13, limit=200)
    return integrate.quad(integrand, -np.inf, 0, **kw)[0] + integrate.quad(integrand, 0, np.inf, **kw)[0]


SMOOTH = {name: ACTIVATIONS[name] for name in ["tanh", "sigmoid", "gelu", "silu", "softplus", "mish"]} | {"sin": np.sin}


@pytest.mark.parametrize("name", list(SMOOTH))
def test_smooth_activations_match_quadrature(name):
    phi = SMOOTH[name]
    expected = 1 / math.sqrt(quad_second_moment(phi))
    assert variance_preserving_gain(phi) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("q, rel", [(0.25, 1e-9), (4.0, 1e-7)])
def test_second_moment_other_variances(q, rel):
    """At q = 4 tanh(2x) is steep for 201 Gauss-Hermite nodes: measured rel. error 1.5e-8 (1.7e-4 at q = 16)."""
    assert second_moment("tanh", q) == pytest.approx(quad_second_moment(np.tanh, q), rel=rel)
    assert second_moment("relu", q) == pytest.approx(q / 2, rel=1e-12)


def test_sin_closed_form():
    # E[sin(z)^2] = (1 - e^{-2}) / 2
    assert variance_preserving_gain(np.sin) == pytest.approx(1 / math.sqrt((1 - math.exp(-2)) / 2), rel=1e-12)


def test_selu_is_one_not_three_quarters():
    """SELU's constants make E[selu(z)^2] = 1 exactly (quad, split at the kink: 1 to ~1e-15).

    Gauss-Hermite does not see the kink at 0: with the default 201 nodes it gives
    1.0000124 (error 1.24e-5), with 101 nodes 4.9e-5, 370 nodes 3.2e-6 -- the O(1/n)
    convergence of a rule for smooth integrands. Hence the 2e-5 tolerance.
    """
    assert quad_second_moment(ACTIVATIONS["selu"]) == pytest.approx(1.0, abs=1e-12)
    assert variance_preserving_gain("selu") == pytest.approx(1.0, abs=2e-5)
    assert abs(variance_preserving_gain("selu") - gain("selu")) > 0.2

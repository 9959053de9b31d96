"""Plots: every function returns a Figure from small, real data, and its SVG is valid and deterministic."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import integrate, stats

import initlab
from initlab import plots
from initlab.figures import svg

SHAPE = (64, 96)


def check_figure(fig: object, description: str = "A figure for a test.") -> str:
    """Return the figure's SVG after checking it is a Figure with axes and exports cleanly."""
    assert isinstance(fig, Figure)
    assert fig.axes
    markup = svg(fig, description)
    ET.fromstring(markup)
    return markup


# ----------------------------------------------------------------------------
# init_density
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(initlab.SCHEMES))
def test_init_density_every_scheme(name: str) -> None:
    w = initlab.SCHEMES[name](SHAPE, rng=0)
    check_figure(plots.init_density(w, name, SHAPE), f"Histogram of {name} weights against the exact density.")


@pytest.mark.parametrize("name", [n for n, law in plots.DENSITY_LAWS.items() if law[0] in ("normal", "uniform")])
def test_density_laws_match_what_the_schemes_draw(name: str) -> None:
    """A KS test of each scheme's draws against the law the density plot draws for it."""
    distribution, std = plots.scheme_law(name, SHAPE)
    w = initlab.SCHEMES[name](SHAPE, rng=1).ravel()
    law = stats.norm(0, std) if distribution == "normal" else stats.uniform(-math.sqrt(3) * std, 2 * math.sqrt(3) * std)
    assert stats.kstest(w, law.cdf).pvalue > 1e-4


@pytest.mark.parametrize("name", ["zeros", "constant"])
def test_constant_laws_match(name: str) -> None:
    distribution, value = plots.scheme_law(name, SHAPE)
    assert distribution == "constant"
    assert np.all(initlab.SCHEMES[name](SHAPE, rng=0) == value)


@pytest.mark.parametrize("distribution", ["normal", "truncated_normal", "uniform"])
def test_densities_integrate_to_one_with_the_right_std(distribution: str) -> None:
    std = 0.3
    x = np.linspace(-3.0, 3.0, 600_001)
    p = plots._density(distribution, std, x)
    assert integrate.trapezoid(p, x) == pytest.approx(1.0, abs=1e-4)
    assert math.sqrt(integrate.trapezoid(x * x * p, x)) == pytest.approx(std, rel=1e-4)


def test_truncated_density_matches_the_library_draws() -> None:
    w = initlab.glorot_normal(SHAPE, truncated=True, rng=2).ravel()
    _, std = plots.scheme_law("glorot_normal", SHAPE)
    sigma = std / initlab.TRUNCATED_STD
    law = stats.truncnorm(-2, 2, scale=sigma)
    assert stats.kstest(w, law.cdf).pvalue > 1e-4
    check_figure(plots.init_density(w, "glorot_normal", SHAPE, distribution="truncated_normal"))


def test_init_density_accepts_a_scheme_object_and_defaults_shape() -> None:
    w = initlab.he_uniform(SHAPE, rng=0)
    check_figure(plots.init_density(w, initlab.get_scheme("he_uniform")))


def test_init_density_bad_input() -> None:
    w = initlab.he_normal(SHAPE, rng=0)
    with pytest.raises(ValueError, match="scheme must be one of"):
        plots.init_density(w, "kaiming")
    with pytest.raises(TypeError, match="scheme must be a scheme name"):
        plots.init_density(w, 3)
    with pytest.raises(ValueError, match="samples must hold at least one value"):
        plots.init_density(np.array([]), "he_normal", SHAPE)
    with pytest.raises(ValueError, match="samples must all be finite"):
        plots.init_density(np.array([1.0, np.inf]), "he_normal", SHAPE)
    with pytest.raises(ValueError, match="distribution must be one of"):
        plots.init_density(w, "he_normal", distribution="cauchy")
    with pytest.raises(ValueError, match="distribution can only be overridden"):
        plots.init_density(w, "orthogonal", distribution="normal")
    with pytest.raises(ValueError, match="bins must be an integer >= 5"):
        plots.init_density(w, "he_normal", bins=2)

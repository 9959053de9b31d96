"""Sentences of docs/index.md (Home) that report a result.

The fixture runs the headline depth sweep with the page's arguments.
"""

from __future__ import annotations

import numpy as np
import pytest

from claims import claim
from initlab import studies

SCHEMES = ["zeros", "constant", "small_normal", "large_normal", "lecun_normal", "glorot_normal", "he_normal"]


@pytest.fixture(scope="module")
def sweep() -> studies.DepthSweep:
    """The Home page's headline sweep."""
    return studies.depth_sweep(SCHEMES, "relu", depth=30, width=256, n_samples=500)


def row(sweep: studies.DepthSweep, field: str, scheme: str) -> np.ndarray:
    return getattr(sweep, field)[SCHEMES.index(scheme)]


@claim("index.md", "Only He initialization stays level")
def test_only_he_stays_level(sweep) -> None:
    for field in ("act_std", "grad_std"):
        he = row(sweep, field, "he_normal")
        assert he.max() / he.min() < 2
        for scheme in SCHEMES[:-1]:
            other = row(sweep, field, scheme)
            finite = other[np.isfinite(other) & (other > 0)]
            assert finite.size < 2 or finite.max() / finite.min() > 100, (field, scheme)


@claim(
    "index.md",
    "LeCun and Glorot (one line here: with 256 units in and out of every layer,",
    "lose that factor of 2 in variance at every layer, a factor $1/\\sqrt 2$ in std",
    "so their activations at layer 30 are $(1/\\sqrt 2)^{30} = 2^{-15}$",
    "of He's, to within float32 rounding",
)
def test_lecun_and_glorot_lose_sqrt2_per_layer(sweep) -> None:
    assert sweep.width == 256 and sweep.depth == 30
    np.testing.assert_array_equal(row(sweep, "act_std", "lecun_normal"), row(sweep, "act_std", "glorot_normal"))
    ratio = row(sweep, "act_std", "lecun_normal") / row(sweep, "act_std", "he_normal")
    np.testing.assert_allclose(ratio, 2.0 ** (-sweep.layers / 2), rtol=1e-5)
    assert ratio[-1] == pytest.approx(2.0**-15, rel=1e-5)


@claim("index.md", "Every scheme gets the same inputs, and every random scheme the same random")
def test_random_schemes_scale_the_same_draws(sweep) -> None:
    small, large = row(sweep, "act_std", "small_normal"), row(sweep, "act_std", "large_normal")
    finite = np.isfinite(large)
    # N(0, 10^2) weights are 1000 times N(0, 0.01^2): layer l is 1000^l times larger
    np.testing.assert_allclose(large[finite] / small[finite], 1000.0 ** sweep.layers[finite], rtol=1e-4)

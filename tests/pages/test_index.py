"""Sentences of docs/index.md (Home) that report a result.

The fixture runs the headline depth sweep with the page's arguments.
"""

from __future__ import annotations

import numpy as np
import pytest

import initlab
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
    "lose that factor at every layer: variance × 1/2, std × $1/\\sqrt 2$ per layer",
    "so LeCun's and Glorot's activations at layer 30",
    "are $(1/\\sqrt 2)^{30} = 2^{-15}$ of He's, to within float32 rounding",
)
def test_lecun_and_glorot_lose_sqrt2_per_layer(sweep) -> None:
    assert sweep.width == 256 and sweep.depth == 30
    np.testing.assert_array_equal(row(sweep, "act_std", "lecun_normal"), row(sweep, "act_std", "glorot_normal"))
    ratio = row(sweep, "act_std", "lecun_normal") / row(sweep, "act_std", "he_normal")
    np.testing.assert_allclose(ratio, 2.0 ** (-sweep.layers / 2), rtol=1e-5)
    assert ratio[-1] == pytest.approx(2.0**-15, rel=1e-5)


@claim(
    "index.md",
    "it doubles LeCun's weight variance ($2/256$ instead of $1/256$",
    "Glorot's weight variance $2/(256+256)$ equals LeCun's $1/256$)",
)
def test_weight_variances_on_these_layers(sweep) -> None:
    shape = (sweep.width, sweep.width)
    assert initlab.SCHEMES["he_normal"].std(shape) ** 2 == pytest.approx(2 / 256)
    assert initlab.SCHEMES["lecun_normal"].std(shape) ** 2 == pytest.approx(1 / 256)
    assert initlab.SCHEMES["glorot_normal"].std(shape) ** 2 == pytest.approx(2 / (256 + 256))


@claim("index.md", "Every scheme gets the same inputs, and every random scheme the same random")
def test_random_schemes_scale_the_same_draws(sweep) -> None:
    small, large = row(sweep, "act_std", "small_normal"), row(sweep, "act_std", "large_normal")
    finite = np.isfinite(large)
    # N(0, 10^2) weights are 1000 times N(0, 0.01^2): layer l is 1000^l times larger
    np.testing.assert_allclose(large[finite] / small[finite], 1000.0 ** sweep.layers[finite], rtol=1e-4)


@claim(
    "index.md",
    "Zeros is exactly 0 at every layer, which a log axis cannot show: one",
    "mark on the bottom edge of each lower panel stands for it.",
)
def test_zeros_is_exactly_zero(sweep) -> None:
    for field in ("act_std", "grad_std"):
        assert np.all(row(sweep, field, "zeros") == 0)


@claim(
    "index.md",
    "Constant 0.5 and $\\mathcal N(0, 10^2)$ climb at nearly the same rate and both overflow",
    "float32 from layer 19 on (one mark each on the top edge of the lower left",
    "panel, side by side); once the forward pass",
    "overflows there is no gradient to draw, and both are marked once on the top",
    "edge of the lower right panel (again side by side).",
)
def test_constant_and_large_overflow_together(sweep) -> None:
    assert sweep.labels[SCHEMES.index("constant")] == "constant 0.5"
    rates = []
    for scheme in ("constant", "large_normal"):
        act = row(sweep, "act_std", scheme)
        finite = np.isfinite(act)
        assert sweep.layers[~finite].min() == 19 and not finite[18:].any()
        assert np.all(act[finite] > 0)
        rates.append((act[17] / act[0]) ** (1 / 17))  # std factor per layer, layers 1 to 18
        assert np.all(np.isnan(row(sweep, "grad_std", scheme)))
    assert max(rates) / min(rates) < 1.25


@claim(
    "index.md",
    "He's stays level; LeCun's and",
    "Glorot's lose std × $1/\\sqrt 2$ per layer going down, so at layer 1 they",
    "too are $2^{-15}$ of He's;",
)
def test_gradients_mirror_the_activations(sweep) -> None:
    he = row(sweep, "grad_std", "he_normal")
    assert he.max() / he.min() < 2
    ratio = row(sweep, "grad_std", "lecun_normal") / he
    np.testing.assert_array_equal(row(sweep, "grad_std", "lecun_normal"), row(sweep, "grad_std", "glorot_normal"))
    # the gradient at layer l has passed back through the weights of layers l+1..31
    np.testing.assert_allclose(ratio, 2.0 ** (-(sweep.depth + 1 - sweep.layers) / 2), rtol=1e-5)
    assert ratio[0] == pytest.approx(2.0**-15, rel=1e-5)


@claim(
    "index.md",
    "and $\\mathcal N(0, 0.01^2)$'s shrinks going",
    "down about as fast as its activations did going up",
)
def test_small_gradient_shrinks_like_its_activations(sweep) -> None:
    act, grad = row(sweep, "act_std", "small_normal"), row(sweep, "grad_std", "small_normal")
    up = (act[-1] / act[0]) ** (1 / (sweep.depth - 1))
    down = (grad[0] / grad[-1]) ** (1 / (sweep.depth - 1))
    assert up < 0.2 and down < 0.2
    assert up / down == pytest.approx(1, abs=0.05)


_SIGMOID_GRID = (
    "In [Side by side](compare.md#training-every-scheme-every-activation)'s grid (the course's $[2, 10, 5, 1]$ net "
    "on the circles, five draws, 1000 steps at learning rate 0.5 or 2), sigmoid hidden units trained (their cost "
    "stayed below 0.2) only at learning rate 2, and only from He's weights: He uniform from every draw, He normal "
    "from one."
)


@claim("index.md", _SIGMOID_GRID)
@claim("constant.md", _SIGMOID_GRID)  # the same sentence on both pages, one guard
def test_sigmoid_hidden_units_train_only_from_he(scheme_grid) -> None:
    g = scheme_grid
    assert g.sizes == (2, 10, 5, 1) and g.dataset == "circles"
    assert g.n_draws == 5 and g.steps == 1000 and g.lrs == (0.5, 2.0)
    a = g.activations.index("sigmoid")
    assert not g.settled[g.lrs.index(0.5), a].any()
    trained = {g.schemes[i] for i in np.flatnonzero(g.settled[g.lrs.index(2.0), a])}
    assert trained == {"he_normal", "he_uniform"}
    assert g.threshold == 0.2
    at_2 = g.settled[g.lrs.index(2.0), a]
    assert at_2[g.schemes.index("he_uniform")] == g.n_draws and at_2[g.schemes.index("he_normal")] == 1


@claim(
    "index.md",
    "`variance_scaling_std(shape, scale)` is $\\sqrt{\\text{scale}/\\text{fan}}$, with the fan-in by default (its "
    "`mode` argument picks `fan_in`, `fan_out` or `fan_avg`)",
)
def test_variance_scaling_std_defaults_to_fan_in() -> None:
    shape = (256, 784)
    assert initlab.variance_scaling_std(shape, scale=2.0) == pytest.approx(np.sqrt(2 / 784))
    assert initlab.variance_scaling_std(shape, scale=2.0, mode="fan_out") == pytest.approx(np.sqrt(2 / 256))
    assert initlab.variance_scaling_std(shape, scale=2.0, mode="fan_avg") == pytest.approx(np.sqrt(2 / 520))

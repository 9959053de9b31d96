"""Sentences of docs/he.md that report a result, each checked on the study the page runs."""

from __future__ import annotations

import math

import numpy as np
import pytest

import initlab
from claims import claim
from initlab.activations import leaky_relu
from initlab.studies import fan_modes, he_2015_depth, he_2015_training
from initlab.studies.he2015 import leaky_depth


@pytest.fixture(scope="module")
def he30():
    return he_2015_depth(depth=30, width=256, n_samples=100)  # as on he.md


@pytest.fixture(scope="module")
def run():
    return he_2015_training(depth=30, width=32, steps=100, lr=0.05)  # as on he.md


@claim("he.md", "so the ratio matches $2^{-15}$ to about $10^{-15}$: not a statistical agreement but an identity")
def test_ratio_is_two_to_the_minus_l_over_two_to_rounding(he30) -> None:
    assert he30.sweep.depth == 30 and he30.ratio[-1] == pytest.approx(2.0**-15, rel=1e-13)
    assert np.max(np.abs(he30.ratio / he30.expected_ratio - 1)) < 1e-13


@claim("he.md", "On the log axis He's lines are flat and Glorot's are straight")
def test_he_flat_glorot_straight(he30) -> None:
    sweep = he30.sweep
    assert sweep.schemes == ("glorot_normal", "he_normal")
    for values in (sweep.act_std[1], sweep.grad_std[1]):  # He: no trend, on an axis spanning 2^15
        assert values.max() / values.min() < 2 and 0.5 < values.mean() < 2
    np.testing.assert_allclose(sweep.act_std[0] / sweep.act_std[1], 2.0 ** (-sweep.layers / 2), rtol=1e-12)


@claim("he.md", "over 30 layers one draw's factors wander")
def test_he_line_wanders_at_finite_width(he30) -> None:
    he_std = he30.sweep.act_std[1]  # the printed range: not level to 10%
    assert he_std.min() < 0.9 and he_std.max() > 1.1
    assert he_std.max() / he_std.min() < 2


@claim("he.md", "so with Glorot weights it is $2^{-(31-l)/2}$ of He's: $2^{-1/2}$ at the top, $2^{-15}$ at layer 1")
def test_back_propagated_gradient_shrinks_toward_the_input(he30) -> None:
    np.testing.assert_allclose(he30.grad_ratio, 2.0 ** (-(31 - np.arange(1, 31)) / 2), rtol=1e-12)


@claim(
    "he.md",
    "the two multiply to $2^{-15}$ at every layer, the read-out included",
    "every layer's weight gradient is $2^{-15}$ of He's, the first layer's as much as the last",
)
def test_weight_gradients_are_two_to_the_minus_15_at_every_layer(he30) -> None:
    assert he30.weight_grad_ratio.shape == (31,)
    np.testing.assert_allclose(he30.weight_grad_ratio, 2.0**-15, rtol=1e-12)


@claim(
    "he.md",
    "`fan_in` keeps the activations level and lets the gradient's std change",
    "(std × 0.18 from the top hidden layer down to the first)",
    "`fan_out` does the opposite, level gradients and activations whose std grows by",
    "The two panels show the same picture with the modes swapped: one line level, the other following the widths.",
    "Here every layer halves the width, so in expectation the moving line changes by std × $\\sqrt 2$ per layer;",
    "but its change in all is set by the end widths alone: variance × the ratio of the end widths,"
    " however many layers lie between (in expectation; a narrow finite net scatters around it).",
    "Layers of equal width add nothing, so unlike the missing factor 2 above, neither mode compounds with depth.",
    "so its std by $\\sqrt{1/32} \\approx 0.18$;",
    "the gradients keep their variance and the activations' std grows by $\\sqrt{32} \\approx 5.66$.",
)
def test_fan_modes_telescope() -> None:
    fm = fan_modes(widths=(1024, 1024, 512, 256, 128, 64, 32))  # as on he.md
    act = fm.act_std[:, -1] / fm.act_std[:, 0]
    grad = fm.grad_std[:, 0] / fm.grad_std[:, -1]
    np.testing.assert_allclose(act, [1.0, math.sqrt(32)], rtol=0.15)
    np.testing.assert_allclose(grad, [math.sqrt(32 / 1024), 1.0], rtol=0.15)
    np.testing.assert_allclose(fm.predicted_grad_ratio, [math.sqrt(32 / 1024), 1.0])
    np.testing.assert_allclose(fm.predicted_act_ratio, [1.0, math.sqrt(1024 / 32)])
    assert round(math.sqrt(32 / 1024), 2) == 0.18 and round(math.sqrt(1024 / 32), 1) == 5.7
    # the same picture with the modes swapped: relative to layer 1, both follow sqrt(n_1 / n_l)
    follow = np.sqrt(fm.widths[1] / fm.widths[1:])
    np.testing.assert_allclose(fm.act_std[1] / fm.act_std[1, 0], follow, rtol=0.2)
    np.testing.assert_allclose(fm.grad_std[0] / fm.grad_std[0, 0], follow, rtol=0.2)
    for values in (fm.act_std[0], fm.grad_std[1]):  # the level ones, within sampling noise
        assert values.max() / values.min() < 1.3
    assert np.all(fm.widths[2:] / fm.widths[1:-1] == 0.5)  # every layer halves the width
    # three layers of each width instead of one: the same change in all (geometric mean over draws)
    deep = (1024, *np.repeat([1024, 512, 256, 128, 64, 32], 3).tolist())
    runs = [fan_modes(widths=deep, rng=seed) for seed in range(4)]
    act = np.exp(np.mean([np.log(d.act_std[:, -1] / d.act_std[:, 0]) for d in runs], axis=0))
    grad = np.exp(np.mean([np.log(d.grad_std[:, 0] / d.grad_std[:, -1]) for d in runs], axis=0))
    np.testing.assert_allclose(act, [1.0, math.sqrt(32)], rtol=0.2)
    np.testing.assert_allclose(grad, [math.sqrt(32 / 1024), 1.0], rtol=0.2)


@claim("he.md", "The table's gain agrees with the one computed from the activation itself")
@pytest.mark.parametrize("a", [0.01, 0.2])
def test_leaky_gain_table_matches_variance_preserving_gain(a: float) -> None:
    assert initlab.gain("leaky_relu", a) == pytest.approx(initlab.variance_preserving_gain(leaky_relu(a)), rel=1e-9)


@pytest.fixture(scope="module")
def prelu():
    return leaky_depth(slopes=(0.25, 1.0), depth=30, width=256)  # as on he.md


@claim("he.md", "over 30 layers the variance changes by less than a factor 1.5")
def test_slope_in_the_gain_keeps_the_variance(prelu) -> None:
    assert prelu.depth == 30
    kept = prelu.z_var[:, 1]
    np.testing.assert_allclose(kept[:, 0], 2 / (1 + prelu.slopes**2), rtol=0.05)  # raw unit-variance inputs
    ends = kept[:, -1] / kept[:, 0]
    assert np.all((ends > 1 / 1.5) & (ends < 1.5))


@claim(
    "he.md",
    "so the variance at layer $l$ is exactly $(1+a^2)^l$ times larger: a factor 6 over 30 layers at $a = 0.25$",
)
def test_relu_gain_compounds_exactly(prelu) -> None:
    for i, a in enumerate(prelu.slopes):
        ratio = prelu.z_var[i, 0] / prelu.z_var[i, 1]
        np.testing.assert_allclose(ratio, (1 + a * a) ** prelu.layers, rtol=1e-10)
    assert round((1 + 0.25**2) ** 30) == 6


def test_slope_one_is_lecun() -> None:
    W = initlab.he_normal((256, 784), negative_slope=1.0, rng=0)
    assert np.array_equal(W, initlab.lecun_normal((256, 784), rng=0))


@claim(
    "he.md",
    "the cost sits at $\\ln 2$",
    "With He's the net learns, though not steadily at this learning rate: its cost jumps up on the way down.",
)
def test_glorot_stays_at_ln2_he_learns(run) -> None:
    assert run.schemes == ("glorot_normal", "he_normal") and run.sizes == (2, *([32] * 30), 1)
    assert np.max(np.abs(run.loss[0] - math.log(2))) < 1e-5
    assert run.train_accuracy[0] == 0.5
    assert run.final_loss[1] < 0.3 and run.train_accuracy[1] > 0.9 and run.test_accuracy[1] > 0.9
    he = run.loss[1]
    assert he.max() > he[0] + 0.1 and 0 < he.argmax() < run.steps - 1  # a jump up on the way down


@claim(
    "he.md",
    "The Glorot net's top layer starts at about $10^{-5}$ of He's, not at $2^{-15}$",
    "and the 29 square layers above it take $2^{-29/2}$",
)
def test_glorot_top_layer_ratio_in_the_trained_net(run) -> None:
    glorot, he = run.histories
    assert glorot.record_steps[0] == 0
    top = glorot.act_std[0, -1] / he.act_std[0, -1]
    assert top == pytest.approx(math.sqrt(1 / 17) * 2**-14.5, rel=1e-9)
    assert 0.5e-5 < top < 2e-5


@claim("he.md", "its weight gradients are tens of thousands to about a million times smaller than He's, layer by layer")
def test_glorot_weight_gradients_are_tiny(run) -> None:
    glorot, he = run.histories
    factor = he.weight_grad_std[0] / glorot.weight_grad_std[0]
    assert factor.min() > 1e4 and 5e5 < factor.max() < 2e6


@claim("he.md", "Other seeds change the He curve, not the flat Glorot line.")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds(seed: int) -> None:
    other = he_2015_training(depth=30, width=32, steps=100, lr=0.05, rng=seed)
    assert np.max(np.abs(other.loss[0] - math.log(2))) < 1e-4
    assert other.final_loss[1] < 0.3


@claim(
    "he.md",
    "at 0 their slope is $1/2$",
    "shows He weights shrinking their signal layer after layer",
    "the gain that keeps unit variance through a layer is about 1.53 for GELU",
    "and 1.68 for SiLU, not $\\sqrt 2$",
)
@pytest.mark.parametrize(("name", "vp"), [("gelu", 1.53), ("silu", 1.68)])
def test_gelu_silu_under_he(name: str, vp: float) -> None:
    assert initlab.get_activation(name).df(np.zeros(1))[0] == 0.5
    q = [1.0]
    for _ in range(30):
        q.append(initlab.variance_map(name, q[-1], weight_var=2.0))
    assert np.all(np.diff(q) < 0) and q[-1] < 1e-6
    assert q[-1] / q[-2] == pytest.approx(0.5, abs=1e-3)
    assert round(initlab.variance_preserving_gain(name), 2) == vp


# ----------------------------------------------------------------------------- Try it yourself


@claim(
    "he.md",
    "so $q = 1$ is a fixed point that can attract or repel",
    "If the fixed point repels (the previous answer), these errors grow instead of dying out.",
)
def test_exercise_gelu_fixed_point_repels() -> None:
    g = initlab.variance_preserving_gain("gelu")
    assert initlab.variance_map("gelu", 1.0, weight_var=g**2) == pytest.approx(1.0, abs=1e-9)
    for q1, grows in ((1.05, True), (0.95, False)):  # as on the page: 5% above and below
        q = [q1]
        for _ in range(49):
            q.append(initlab.variance_map("gelu", q[-1], weight_var=g**2))
        assert (q[-1] / q1 > 1.21) if grows else (q[-1] / q1 < 0.81)  # std off by more than 10%


@claim("he.md", "Draw 50 layers with the GELU gain and measure the std of the pre-activations layer by layer.")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exercise_finite_gelu_net_leaves_ten_percent(seed: int) -> None:
    g, gelu = initlab.variance_preserving_gain("gelu"), initlab.get_activation("gelu")
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((500, 256))
    stds = [z.std()]
    for _ in range(49):
        z = gelu(z) @ rng.normal(0, g / np.sqrt(256), (256, 256)).T
        stds.append(z.std())
    assert np.max(np.abs(np.array(stds) / stds[0] - 1)) > 0.1  # on the page's seed and others


@claim(
    "he.md",
    "So no gain does, except for a net that starts exactly at the fixed point.",
    "a small error in the variance grows by about 14% per layer",
    "Another gain between $\\sqrt 2$ and 2 only moves the fixed point, which repels just the same;"
    " a gain outside that range has no fixed point at all.",
)
def test_exercise_every_gelu_fixed_point_repels() -> None:
    def f(q: float, g: float) -> float:
        return initlab.variance_map("gelu", q, weight_var=g**2)

    g = initlab.variance_preserving_gain("gelu")
    assert (f(1.001, g) - f(0.999, g)) / 0.002 == pytest.approx(1.14, abs=0.005)
    for gain in (1.45, 1.6, 1.8, 1.95):  # fixed point q* by bisection on f(q)/q = 1
        lo, hi = 1e-3, 1e3
        assert f(lo, gain) < lo and f(hi, gain) > hi
        for _ in range(80):
            mid = (lo * hi) ** 0.5
            lo, hi = (mid, hi) if f(mid, gain) < mid else (lo, mid)
        q = (lo * hi) ** 0.5
        assert (f(q * 1.001, gain) - f(q * 0.999, gain)) / (0.002 * q) > 1.01
    for q in np.geomspace(1e-3, 1e3, 25):  # no fixed point: always shrinks or always grows
        assert f(q, 2**0.5) < q and f(q, 2.0) > q

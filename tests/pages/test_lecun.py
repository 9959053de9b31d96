"""Sentences of docs/lecun.md that report a result.

Each test runs the study the page runs, with the page's arguments, and
checks the sentence it is marked with (see ``tests/claims.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

import initlab
from claims import claim
from initlab.studies import selu_self_normalization
from initlab.studies.theory import variance_map_cobweb


@pytest.fixture(scope="module")
def cw():
    return variance_map_cobweb(("tanh", "relu", "selu"), weight_var=1.0, starts=(0.25, 4.0), steps=20)  # as on the page


@pytest.fixture(scope="module")
def sn():
    return selu_self_normalization(input_vars=(0.25, 4.0), depth=20, width=256)  # as on the page


@claim(
    "lecun.md",
    "among its properties it lists $f(\\pm 1) = \\pm 1$.",
    "for a pre-activation $z \\sim \\mathcal N(0, 1)$ the output's second moment falls short of 1",
)
def test_efficient_backprop_sigmoid_does_not_keep_unit_variance() -> None:
    def f(x):
        return 1.7159 * np.tanh(2 * x / 3)

    assert f(1.0) == pytest.approx(1.0, abs=1e-5) and f(-1.0) == pytest.approx(-1.0, abs=1e-5)
    assert 0.7 < initlab.gaussian_expectation(lambda z: f(z) ** 2, 1.0) < 0.8  # short of 1


@claim(
    "lecun.md",
    "That a net started from variance $1/4$ or $4$ comes back to $(0, 1)$ is not covered by the proof; "
    "here it is shown numerically:",
)
def test_both_inputs_come_back_to_the_fixed_point(sn) -> None:
    assert tuple(sn.input_var) == (0.25, 4.0)
    np.testing.assert_allclose(sn.act_mean[:, -1], 0.0, atol=0.02)
    np.testing.assert_allclose(sn.act_var[:, -1], 1.0, atol=0.02)


@claim(
    "lecun.md",
    "both variances close in on 1 from opposite sides, quickly while they are far from it and more gently "
    "as they approach",
)
def test_variances_approach_one_from_both_sides(sn) -> None:
    low, high = sn.act_var
    assert np.all(low[:10] < 1) and np.all(high[:10] > 1)  # opposite sides while they are far
    gap = np.abs(sn.act_var - 1)
    assert np.all(gap[:, -1] < gap[:, 0] / 10)
    steps = np.abs(np.diff(sn.act_var, axis=1))
    assert np.all(steps[:, :3].mean(axis=1) > 3 * steps[:, -5:].mean(axis=1))


@claim(
    "lecun.md",
    "the dashed infinite-width prediction follows the measured points.",
    "and draws the mean and variance of $\\operatorname{selu}(\\sqrt{q^{[l]}}\\, z)$, the activations the panels show.",
)
def test_measured_follows_the_mean_field(sn) -> None:
    selu = initlab.get_activation("selu").f
    for k, v in enumerate(sn.input_var):  # iterate q, report the activation's mean and variance
        q = float(v)
        for layer in range(sn.layers.size):
            m, m2 = initlab.gaussian_expectation(selu, q), initlab.variance_map("selu", q)
            assert sn.mean_field_mean[k, layer] == pytest.approx(m, abs=1e-12)
            assert sn.mean_field_var[k, layer] == pytest.approx(m2 - m * m, abs=1e-12)
            q = m2
    np.testing.assert_allclose(sn.act_var, sn.mean_field_var, rtol=0.06)
    np.testing.assert_allclose(sn.act_mean, sn.mean_field_mean, atol=0.05)


@claim("lecun.md", "SELU's attracting fixed point, not the weights, is what can pull the variance back.")
def test_exercise_variance_nine_comes_back() -> None:
    ex = selu_self_normalization(input_vars=(1.0, 9.0), depth=20, width=256)  # as in the exercise
    assert ex.act_var[1, 0] > 3 and abs(ex.act_var[1, -1] - 1) < 0.05
    assert np.all(np.abs(ex.act_var[0] - 1) < 0.05)


@claim(
    "lecun.md",
    "crosses the diagonal at $q^* = 1$ with a slope below 1, so the fixed point attracts: "
    "the staircases close in on it from both sides, the picture behind the measured net above.",
    "It also crosses at 0 with a slope above 1, so a small variance is pushed away from 0, up towards 1.",
)
def test_selu_fixed_point_attracts_from_both_sides(cw) -> None:
    fixed, slopes, (low, high) = cw.fixed_points[2], cw.slopes[2], cw.iterates[2]
    assert cw.activations[2] == "selu" and fixed.size == 2
    assert fixed[0] == 0 and slopes[0] > 1
    assert abs(fixed[1] - 1) < 1e-3 and 0 < slopes[1] < 1
    assert np.all(np.diff(low) > 0) and np.all(low < 1)  # climbs to 1 from below
    assert np.all(np.diff(high) < 0) and np.all(high > 1)  # falls to 1 from above
    assert abs(low[-1] - 1) < 0.05 and abs(high[-1] - 1) < 0.05


@claim(
    "lecun.md",
    "map is the straight line $q/2$: variance × 1/2, std × $1/\\sqrt 2$ per layer, from any start.",
    "Its only fixed point is 0, and every start decays to it geometrically, halving at every layer.",
    "Doubling the weight variance, $\\sigma_w^2 = 2$, turns that line into the diagonal",
)
def test_relu_halves_the_variance(cw) -> None:
    np.testing.assert_allclose(cw.q_next[1], cw.q / 2, rtol=0, atol=1e-12)
    assert list(cw.fixed_points[1]) == [0.0]
    ratios = cw.iterates[1][:, 1:] / cw.iterates[1][:, :-1]
    np.testing.assert_allclose(ratios, 0.5, rtol=1e-12)
    for q in cw.q:
        assert initlab.variance_map("relu", float(q), weight_var=2.0) == pytest.approx(q, abs=1e-12)


@claim(
    "lecun.md",
    "map lies below the diagonal and touches it only at 0, where its slope is exactly 1 (tanh has slope 1 at 0).",
    "The variance decays, but not geometrically: the closer it gets to 0, the closer the per-layer factor "
    "gets to 1, so after 20 layers both starts are still orders of magnitude above ReLU's, and the last layer "
    "still keeps most of the variance.",
)
def test_tanh_decays_slowly(cw) -> None:
    assert list(cw.fixed_points[0]) == [0.0] and cw.slopes[0][0] == pytest.approx(1.0, abs=1e-12)
    assert np.all(cw.q_next[0][1:] < cw.q[1:])
    runs = cw.iterates[0]
    ratios = runs[:, 1:] / runs[:, :-1]
    assert np.all(np.diff(ratios[:, 1:], axis=1) > 0)  # the factor creeps up towards 1
    assert np.all(ratios[:, -1] > 0.9) and np.all(ratios[:, -1] < 1)
    assert np.all(runs[:, -1] > 1000 * cw.iterates[1][:, -1])

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
    "the dashed infinite-width prediction, $q_{l+1} = \\mathbb E[\\operatorname{selu}(z)^2]$ "
    "with $z \\sim \\mathcal N(0, q_l)$, follows the measured points.",
)
def test_measured_follows_the_mean_field(sn) -> None:
    np.testing.assert_allclose(sn.act_var, sn.mean_field_var, rtol=0.06)
    np.testing.assert_allclose(sn.act_mean, sn.mean_field_mean, atol=0.05)


@claim("lecun.md", "SELU's attracting fixed point, not the weights, is what can pull the variance back.")
def test_exercise_variance_nine_comes_back() -> None:
    ex = selu_self_normalization(input_vars=(1.0, 9.0), depth=20, width=256)  # as in the exercise
    assert ex.act_var[1, 0] > 3 and abs(ex.act_var[1, -1] - 1) < 0.05
    assert np.all(np.abs(ex.act_var[0] - 1) < 0.05)

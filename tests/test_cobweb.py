"""The variance map's cobweb: the study (`variance_map_cobweb`), its figure and its description."""

from __future__ import annotations

import numpy as np
import pytest

import initlab
from initlab.plots.style import _sig
from initlab.plots.theory import cobweb, describe_cobweb
from initlab.studies.theory import VarianceCobweb, variance_map_cobweb


@pytest.fixture(scope="module")
def cw() -> VarianceCobweb:
    return variance_map_cobweb(("tanh", "relu", "selu"), weight_var=1.0, starts=(0.25, 4.0), steps=8, n_q=121)


def test_iterates_are_repeated_variance_map_calls(cw) -> None:
    for a, name in enumerate(cw.activations):
        for s, start in enumerate(cw.starts):
            q = float(start)
            assert cw.iterates[a, s, 0] == q
            for k in range(cw.steps):
                q = initlab.variance_map(name, q, weight_var=cw.weight_var)
                assert cw.iterates[a, s, k + 1] == q
    assert cw.iterates.shape == (3, 2, 9) and cw.steps == 8
    assert cw.q[0] == 0 and cw.q[-1] == pytest.approx(4.5)  # default q_max: 1.125 x the largest start


@pytest.mark.parametrize("weight_var", [1.0, 2.0, 0.7])
def test_relu_map_is_a_line(weight_var) -> None:
    c = variance_map_cobweb(("relu",), weight_var=weight_var, starts=(1.0,), steps=2, n_q=51)
    np.testing.assert_allclose(c.q_next[0], weight_var * c.q / 2, rtol=0, atol=1e-12)
    assert c.fixed_points[0][0] == 0 and c.slopes[0][0] == pytest.approx(weight_var / 2, abs=1e-12)


def test_selu_fixed_point_near_one_attracts(cw) -> None:
    fixed, slopes = cw.fixed_points[2], cw.slopes[2]
    assert fixed[-1] == pytest.approx(1.0, abs=1e-4)
    assert initlab.variance_map("selu", float(fixed[-1])) == pytest.approx(fixed[-1], abs=1e-10)
    assert abs(slopes[-1]) < 1 and slopes[0] > 1


def test_slope_matches_a_finite_difference(cw) -> None:
    q, h = float(cw.fixed_points[2][-1]), 1e-5
    numeric = (initlab.variance_map("selu", q + h) - initlab.variance_map("selu", q - h)) / (2 * h)
    assert cw.slopes[2][-1] == pytest.approx(numeric, rel=1e-6)


@pytest.mark.parametrize("weight_var", [1.0, 0.5])
def test_tanh_slope_at_zero_is_the_weight_variance(weight_var) -> None:
    c = variance_map_cobweb(("tanh",), weight_var=weight_var, starts=(1.0,), steps=1, n_q=41)
    assert list(c.fixed_points[0]) == [0.0]
    assert c.slopes[0][0] == pytest.approx(weight_var, abs=1e-12)


def test_tanh_above_critical_has_a_positive_fixed_point() -> None:
    c = variance_map_cobweb(("tanh",), weight_var=25 / 9, starts=(4.0,), steps=1)
    assert c.fixed_points[0][-1] == pytest.approx(initlab.variance_fixed_point("tanh", 25 / 9), rel=1e-8)


def test_describe_cobweb_formats_the_data(cw) -> None:
    caption = describe_cobweb(cw)
    text = str(caption)
    assert caption.details.startswith(f"{len(cw.activations)} panels")
    assert f"from 0 to {cw.q[-1]:.3g}" in text
    for a in range(len(cw.activations)):
        for q, s in zip(cw.fixed_points[a], cw.slopes[a]):
            assert f"fixed point {q:.3g} with slope {s:.3g}" in text
        for run in cw.iterates[a]:
            assert f"to {run[-1]:.3g} (last step variance × {run[-1] / run[-2]:.3g})" in text
    assert "(attracts)" in text and "(repels)" in text and "(neutral)" in text
    assert f"after {cw.steps} layers" in text


def test_cobweb_takeaway_is_one_sentence_with_one_range_per_activation(cw) -> None:
    takeaway = describe_cobweb(cw).takeaway
    assert takeaway.startswith(f"After {cw.steps} layers both starting variances (0.25 and 4) end ")
    assert takeaway.count(". ") == 0 and len(takeaway) < 200
    tanh, relu, selu = (cw.iterates[a, :, -1] for a in range(3))
    assert f"at most {_sig(tanh.max())} with tanh" in takeaway and f"at most {_sig(relu.max())} with ReLU" in takeaway
    assert "e-" not in takeaway
    assert f"between {selu.min():.3g} and {selu.max():.3g} with SELU" in takeaway


def test_cobweb_draws_one_panel_per_activation(cw) -> None:
    fig = cobweb(cw)
    assert len(fig.axes) == len(cw.activations)
    assert [ax.get_title(loc="left").split("\n")[0] for ax in fig.axes] == ["tanh", "ReLU", "SELU"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"activations": "tanh"}, TypeError, "activations must be a sequence"),
        ({"activations": ("tanh", "nope")}, ValueError, "activations must be one of .*'nope'"),
        ({"activations": ()}, ValueError, "activations must hold at least one"),
        ({"weight_var": 0.0}, ValueError, "weight_var must be a finite number > 0, got 0.0"),
        ({"weight_var": "1"}, TypeError, "weight_var must be a real number"),
        ({"starts": 4.0}, TypeError, "starts must be a sequence"),
        ({"starts": (0.25, -1.0)}, ValueError, "starts must be a finite number > 0, got -1.0"),
        ({"starts": ()}, ValueError, "starts must hold at least one"),
        ({"steps": 0}, ValueError, "steps must be an integer >= 1, got 0"),
        ({"steps": 2.5}, TypeError, "steps must be an integer"),
        ({"q_max": -1.0}, ValueError, "q_max must be a finite number > 0"),
        ({"n_q": 2}, ValueError, "n_q must be an integer >= 3, got 2"),
    ],
)
def test_bad_input_raises(kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        variance_map_cobweb(**kwargs)


def test_plot_and_describe_reject_other_data() -> None:
    with pytest.raises(TypeError, match="study must be an initlab.studies.VarianceCobweb"):
        cobweb(object())
    with pytest.raises(TypeError, match="study must be an initlab.studies.VarianceCobweb"):
        describe_cobweb({"q": [0.0]})

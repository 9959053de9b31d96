"""Published experiments, reproduced: every number a page sets beside a paper is asserted here.

The pages (xavier.md, he.md, lecun.md) call these functions with the
arguments used below, so an engine regression that moved a reproduced
number away from the published one fails here, not only on the site.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import math

import numpy as np
import pytest

import initlab
from initlab.activations import SELU_ALPHA, SELU_LAMBDA, leaky_relu
from initlab.plots import (
    deep_signal,
    describe_weight_gradients,
    init_densities,
    self_normalization,
    svg,
    weight_gradients,
)
from initlab.studies import (
    deep_linear_signal,
    fan_modes,
    glorot_bengio_2010,
    he_2015_depth,
    he_2015_training,
    selu_self_normalization,
)
from initlab.studies import glorot_bengio as glorot_bengio_module
from initlab.studies.glorot_bengio import GLOROT_BENGIO_SINGULAR_VALUE, GLOROT_BENGIO_TEST_ERROR

QUARTER_CIRCLE_MEAN = 8 / (3 * math.pi)  # mean singular value of a square matrix with n Var(w) = 1


def attribute_docstring(module: object, name: str) -> str:
    """The string literal right after the module-level assignment of ``name`` (its attribute docstring)."""
    body = ast.parse(inspect.getsource(module)).body
    for node, after in zip(body, body[1:]):
        target = (
            node.target
            if isinstance(node, ast.AnnAssign)
            else (node.targets[0] if isinstance(node, ast.Assign) else None)
        )
        if isinstance(target, ast.Name) and target.id == name:
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                return str(after.value.value)
    return ""


# ----------------------------------------------------------------------------- Glorot & Bengio 2010
# The sentences of xavier.md about this study are guarded in tests/pages/test_xavier.py.


@pytest.fixture(scope="module")
def glorot():
    return glorot_bengio_2010(n_samples=100, jacobian_width=250)  # as on xavier.md


class TestGlorotBengio:
    def test_is_frozen_data(self, glorot) -> None:
        assert dataclasses.is_dataclass(glorot)
        with pytest.raises(dataclasses.FrozenInstanceError):
            glorot.jacobian_width = 1
        assert glorot.sweep.schemes == ("standard_uniform", "glorot_uniform")
        assert glorot.sweep.width == 1000 and glorot.sweep.depth == 5 and glorot.sweep.activation == "tanh"
        assert glorot.mean_field_act_std.shape == glorot.weight_grad_std.shape == (2, 5)

    def test_published_values_are_quoted_with_their_source(self) -> None:
        """Only what the paper published is called published; the rest is computed."""
        assert GLOROT_BENGIO_SINGULAR_VALUE == {"standard_uniform": 0.5, "glorot_uniform": 0.8}
        assert GLOROT_BENGIO_TEST_ERROR == {"standard_uniform": 0.2715, "glorot_uniform": 0.1560}
        assert not hasattr(glorot_bengio_module, "GLOROT_BENGIO_STD")  # no such table in the paper
        for name in ("GLOROT_BENGIO_SINGULAR_VALUE", "GLOROT_BENGIO_TEST_ERROR"):
            assert "Published" in attribute_docstring(glorot_bengio_module, name)
        assert "4.2.2" in attribute_docstring(glorot_bengio_module, "GLOROT_BENGIO_SINGULAR_VALUE")
        assert "Table 1" in attribute_docstring(glorot_bengio_module, "GLOROT_BENGIO_TEST_ERROR")

    def test_mean_field_prediction_is_the_variance_map(self, glorot) -> None:
        for i, c in enumerate((1 / 3, 1.0)):  # n Var(w): standard, normalized
            q, expected = c, []
            for _ in range(5):
                m = initlab.second_moment("tanh", q)
                expected.append(math.sqrt(m))
                q = c * m
            np.testing.assert_allclose(glorot.mean_field_act_std[i], expected, rtol=1e-9)

    def test_layer_one_follows_from_unit_variance_inputs(self, glorot) -> None:
        assert glorot.sweep.input_std == pytest.approx(1.0, abs=0.01)
        predicted = [math.sqrt(initlab.second_moment("tanh", q)) for q in (1 / 3, 1.0)]
        np.testing.assert_allclose(glorot.sweep.act_std[:, 0], predicted, atol=0.005)

    def test_weight_gradients_are_the_sweeps(self, glorot) -> None:
        """The weight gradients are measured in the same nets as the table: the sweep's own `wgrad_std`."""
        np.testing.assert_array_equal(glorot.weight_grad_std, glorot.sweep.wgrad_std)
        assert not np.shares_memory(glorot.weight_grad_std, glorot.sweep.wgrad_std)
        assert np.all(np.isfinite(glorot.weight_grad_std)) and np.all(glorot.weight_grad_std > 0)

    def test_weights_alone_follow_the_quarter_circle_law(self, glorot) -> None:
        expected = QUARTER_CIRCLE_MEAN * np.array([1 / math.sqrt(3), 1.0])
        np.testing.assert_allclose(glorot.weight_mean_singular_value, expected, atol=0.01)
        np.testing.assert_allclose(glorot.paper_singular_value, [0.5, 0.8])

    def test_same_seed_same_result(self) -> None:
        a, b = (glorot_bengio_2010(n_samples=8, jacobian_width=8, rng=1) for _ in range(2))
        np.testing.assert_array_equal(a.weight_grad_std, b.weight_grad_std)
        np.testing.assert_array_equal(a.mean_singular_value, b.mean_singular_value)


# ----------------------------------------------------------------------------- 100 layers of 512 x 512


@pytest.fixture(scope="module")
def deep():
    return deep_linear_signal(depth=100, width=512)  # as on xavier.md


class TestDeepLinearSignal:
    def test_normal_one_overflows_near_layer_28(self, deep) -> None:
        assert deep.labels[0] == "N(0, 1)"
        assert abs(int(deep.first_nonfinite[0]) - 28) <= 1
        assert np.all(np.isnan(deep.act_std[0, deep.first_nonfinite[0] - 1 :]))
        # why 28: each layer multiplies the std by about sqrt(512), and float32's largest value,
        # 3.4e38, is sqrt(512) ** 28.4

    def test_small_weights_vanish_to_exactly_zero(self, deep) -> None:
        assert 60 <= deep.first_zero[1] <= 80
        assert np.all(deep.act_std[1, deep.first_zero[1] - 1 :] == 0.0)
        assert deep.first_nonfinite[1] == 0

    def test_one_over_sqrt_n_holds(self, deep) -> None:
        assert deep.first_nonfinite[2] == 0 and deep.first_zero[2] == 0
        assert np.all((deep.act_std[2] > 0.5) & (deep.act_std[2] < 2.0))

    def test_tanh_with_xavier_decays_like_one_over_sqrt_2L(self, deep) -> None:
        L = deep.layers
        np.testing.assert_allclose(deep.tanh_mean_field_std[-1], 1 / math.sqrt(200), rtol=0.02)
        np.testing.assert_allclose(deep.tanh_mean_field_std[9:], 1 / np.sqrt(2 * L[9:]), rtol=0.03)
        assert deep.act_std[3, -1] == pytest.approx(0.07, abs=0.015)

    def test_scaled_draws_are_the_initializers_draws(self) -> None:
        """Scaling one std-1 draw gives the same float32 bits as drawing with the scheme's std."""
        shape = (512, 512)

        def first_weight(draw):
            gen = np.random.default_rng(0)
            gen.standard_normal((8, 512), dtype=np.float32)  # the inputs, drawn first
            return draw(gen)

        base = first_weight(lambda g: initlab.normal(shape, std=1.0, rng=g, dtype=np.float32))
        small = first_weight(lambda g: initlab.normal(shape, std=0.01, rng=g, dtype=np.float32))
        lecun = first_weight(lambda g: initlab.lecun_normal(shape, rng=g, dtype=np.float32))
        glorot = first_weight(lambda g: initlab.glorot_normal(shape, rng=g, dtype=np.float32))
        std = initlab.variance_scaling_std(shape, 1.0, "fan_in")
        assert np.array_equal(base * 0.01, small)
        assert np.array_equal(base * std, lecun) and np.array_equal(base * std, glorot)


# ----------------------------------------------------------------------------- He et al. 2015


@pytest.fixture(scope="module")
def he30():
    return he_2015_depth(depth=30, width=256, n_samples=100)  # as on he.md


class TestHeDepth:
    def test_ratio_at_layer_30_is_two_to_the_minus_15(self, he30) -> None:
        assert he30.ratio[-1] == pytest.approx(2.0**-15, rel=1e-9)
        np.testing.assert_allclose(he30.ratio, 2.0 ** (-np.arange(1, 31) / 2), rtol=1e-9)
        np.testing.assert_allclose(he30.expected_ratio, 2.0 ** (-np.arange(1, 31) / 2))

    def test_gradient_shrinks_the_same_way_down(self, he30) -> None:
        # gradient at hidden layer l passes the read-out and layers 30..l+1: 2^-(31-l)/2
        np.testing.assert_allclose(he30.grad_ratio, 2.0 ** (-(31 - np.arange(1, 31)) / 2), rtol=1e-9)

    def test_he_holds_the_signal(self, he30) -> None:
        he = he30.sweep.act_std[1]
        assert np.all((he > 0.4) & (he < 2.5))


def test_fan_modes_telescope() -> None:
    fm = fan_modes((1024, 1024, 512, 256, 128, 64, 32))  # as on he.md
    act = fm.act_std[:, -1] / fm.act_std[:, 0]
    grad = fm.grad_std[:, 0] / fm.grad_std[:, -1]
    np.testing.assert_allclose(fm.predicted_grad_ratio, [math.sqrt(32 / 1024), 1.0])
    np.testing.assert_allclose(fm.predicted_act_ratio, [1.0, math.sqrt(1024 / 32)])
    np.testing.assert_allclose(act, fm.predicted_act_ratio, rtol=0.15)
    np.testing.assert_allclose(grad, fm.predicted_grad_ratio, rtol=0.15)


@pytest.mark.parametrize("a", [0.0, 0.01, 0.2, 1.0])
def test_leaky_relu_gain_is_the_variance_preserving_one(a: float) -> None:
    act = initlab.get_activation("relu") if a == 0 else leaky_relu(a)
    assert initlab.second_moment(act) == pytest.approx((1 + a * a) / 2, rel=1e-12)
    assert initlab.gain("leaky_relu", a) == pytest.approx(initlab.variance_preserving_gain(act), rel=1e-9)


def test_pytorch_default_is_he_uniform_with_slope_sqrt5() -> None:
    w = initlab.he_uniform((256, 784), negative_slope=math.sqrt(5), rng=0)
    bound = 1 / math.sqrt(784)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.999 * bound
    assert initlab.get_scheme("standard_uniform").std((256, 784)) == pytest.approx(bound / math.sqrt(3))
    assert 784 * w.var() == pytest.approx(1 / 3, rel=0.01)


def test_training_xavier_stays_at_ln2_and_he_learns() -> None:
    run = he_2015_training(depth=30, width=32, steps=100, lr=0.05)  # as on he.md
    assert run.schemes == ("glorot_normal", "he_normal") and run.sizes == (2, *([32] * 30), 1)
    np.testing.assert_allclose(run.loss[0], math.log(2), atol=1e-5)
    assert run.train_accuracy[0] == 0.5
    assert run.final_loss[1] < 0.3 and run.train_accuracy[1] > 0.9 and run.test_accuracy[1] > 0.9
    assert np.all(run.diverged_at == -1)


# ----------------------------------------------------------------------------- SELU


@pytest.fixture(scope="module")
def selu():
    return selu_self_normalization(input_vars=(0.25, 4.0), depth=20, width=256)  # as on lecun.md


class TestSelu:
    def test_constants_give_mean_zero_variance_one(self) -> None:
        assert SELU_LAMBDA == 1.0507009873554805 and SELU_ALPHA == 1.6732632423543772
        f = initlab.get_activation("selu").f
        assert initlab.gaussian_expectation(f, 1.0) == pytest.approx(0.0, abs=1e-12)
        assert initlab.gaussian_expectation(lambda z: f(z) ** 2, 1.0) == pytest.approx(1.0, abs=1e-12)
        assert initlab.variance_preserving_gain("selu") == pytest.approx(1.0, abs=1e-4)
        assert initlab.gain("selu") == 0.75

    def test_pulled_to_the_fixed_point_from_both_sides(self, selu) -> None:
        assert selu.act_var[0, 0] < 0.5 and selu.act_var[1, 0] > 2.0
        np.testing.assert_allclose(selu.act_mean[:, -1], 0.0, atol=0.05)
        np.testing.assert_allclose(selu.act_var[:, -1], 1.0, atol=0.05)
        assert np.all(np.abs(selu.act_var[:, -1] - 1) < np.abs(selu.act_var[:, 0] - 1) / 10)

    def test_measured_follows_the_mean_field(self, selu) -> None:
        np.testing.assert_allclose(selu.act_var, selu.mean_field_var, rtol=0.06)
        np.testing.assert_allclose(selu.act_mean, selu.mean_field_mean, atol=0.05)
        np.testing.assert_allclose(selu.mean_field_var[:, -1], 1.0, atol=0.02)


def test_lecun_is_not_glorot_except_on_square_layers() -> None:
    lecun, glorot = initlab.get_scheme("lecun_normal"), initlab.get_scheme("glorot_normal")
    assert lecun.std((512, 512)) == pytest.approx(glorot.std((512, 512)))
    assert lecun.std((256, 784)) == pytest.approx(math.sqrt(1 / 784))
    assert glorot.std((256, 784)) == pytest.approx(math.sqrt(2 / 1040))


# ----------------------------------------------------------------------------- figures and bad input


def test_figures_render(deep, selu, glorot) -> None:
    shape = (256, 784)
    samples = [initlab.lecun_normal(shape, rng=0), initlab.lecun_normal(shape, truncated=True, rng=0)]
    figs = [
        init_densities(samples, ["lecun_normal", "lecun_normal"], shape, distributions=[None, "truncated_normal"]),
        deep_signal(deep),
        self_normalization(selu),
        weight_gradients(glorot),
    ]
    for fig in figs:
        assert svg(fig, "a figure").count("<svg") == 1


def test_weight_gradient_description_comes_from_the_data(glorot) -> None:
    text = str(describe_weight_gradients(glorot))
    sweep = glorot.sweep
    for i, label in enumerate(sweep.labels):
        assert label in text
        assert f"{sweep.grad_std[i, -1]:.2g}" in text and f"{glorot.weight_grad_std[i].max():.2g}" in text
    assert f"{sweep.width} units" in text and text[0].isupper() and text.endswith(".")


def test_weight_gradient_takeaway_is_short_and_makes_the_point(glorot) -> None:
    caption = describe_weight_gradients(glorot)
    sweep = glorot.sweep
    falls = sweep.grad_std[:, -1] / sweep.grad_std[:, 0]
    k = int(np.argmax(np.abs(np.log(falls))))
    level = np.max(glorot.weight_grad_std.max(axis=1) / glorot.weight_grad_std.min(axis=1))
    assert caption.takeaway.count(". ") == 0 and len(caption.takeaway) < 200
    assert f"With {sweep.labels[k]} the std of ∂𝓛/∂a shrinks ÷{falls[k]:.2g}" in caption.takeaway
    assert f"within ×{level:.3g} across the layers" in caption.takeaway
    assert "under both schemes" in caption.takeaway
    for i in range(len(sweep.labels)):  # every scheme's numbers still reach the screen-reader title
        assert f"{sweep.grad_std[i, 0]:.2g} at layer 1" in caption.details


def test_deep_signal_takeaway_is_two_sentences_linear_then_tanh(deep) -> None:
    from initlab.plots.depth import _num
    from initlab.plots.papers import describe_deep_signal

    takeaway = describe_deep_signal(deep).takeaway
    assert takeaway.startswith("Through linear layers, ") and takeaway.count(". ") == 1
    for i, label in enumerate(deep.labels):
        if deep.activations[i] == "tanh":
            assert f"{label} ends at {_num(deep.act_std[i, -1])} at layer {deep.layers[-1]}" in takeaway
        elif deep.first_nonfinite[i]:
            assert f"{label} overflows float32 at layer {deep.first_nonfinite[i]}" in takeaway
        elif deep.first_zero[i]:
            assert f"{label} is exactly 0 from layer {deep.first_zero[i]}" in takeaway
    assert f"(1/√(2L) = {_num(1 / math.sqrt(2 * deep.layers[-1]))})." in takeaway


def test_figure_inputs_are_checked(deep) -> None:
    with pytest.raises(TypeError, match="DeepSignal"):
        deep_signal(object())
    with pytest.raises(TypeError, match="SeluNormalization"):
        self_normalization(deep)
    with pytest.raises(TypeError, match="GlorotBengio"):
        weight_gradients(deep)
    with pytest.raises(TypeError, match="GlorotBengio"):
        describe_weight_gradients(deep)
    with pytest.raises(ValueError, match="equal length"):
        init_densities([np.zeros(3)], ["he_normal", "he_uniform"], (3, 3))
    with pytest.raises(ValueError, match="normal or uniform"):
        init_densities([np.zeros((3, 3))], ["orthogonal"], (3, 3))


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="widths"):
        fan_modes((8, 8))
    with pytest.raises((ValueError, TypeError), match="depth"):
        deep_linear_signal(depth=0)
    with pytest.raises((ValueError, TypeError), match="input_vars"):
        selu_self_normalization(input_vars=(0.0,))

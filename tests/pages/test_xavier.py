"""Sentences of docs/xavier.md that report a result.

Each test runs the study the page runs, with the page's arguments, and
checks the sentence it is marked with (see ``tests/claims.py``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import initlab
from claims import claim
from initlab.studies import deep_linear_signal, depth_sweep, glorot_bengio_2010


@pytest.fixture(scope="module")
def gb():
    return glorot_bengio_2010(n_samples=100, jacobian_width=250)  # as on the page


@pytest.fixture(scope="module")
def deep():
    return deep_linear_signal(depth=100, width=512)  # as on the page


# ----------------------------------------------------------------------------- Glorot & Bengio's net


@claim("xavier.md", "The 1000-unit net and the infinite-width prediction agree to $\\pm 0.01$.")
def test_measured_std_matches_the_infinite_width_prediction(gb) -> None:
    assert gb.sweep.width == 1000
    np.testing.assert_allclose(gb.sweep.act_std, gb.mean_field_act_std, rtol=0, atol=0.01)


@claim(
    "xavier.md",
    "with the standard initialization the activations close in on 0 layer by layer;",
    "with the normalized one they shrink too, but far less. Their std halves over the five layers, "
    "where the standard one's falls by a factor of about ten",
)
def test_activations_shrink_ten_fold_and_two_fold(gb) -> None:
    std = gb.sweep.act_std
    assert np.all(np.diff(std, axis=1) < 0)  # both shrink at every layer
    ratio = std[:, 0] / std[:, -1]
    assert 8 < ratio[0] < 12  # standard: about ten
    assert 1.7 < ratio[1] < 2.3  # normalized: halves


@claim(
    "xavier.md",
    "shrinks from the top layer to the first under both initializations: by a factor of about ten with "
    "the standard one, by about half with the normalized one",
)
def test_back_propagated_gradient_shrinks_going_down(gb) -> None:
    grad = gb.sweep.grad_std
    assert np.all(np.diff(grad, axis=1) > 0)  # larger near the top, at every step
    ratio = grad[:, 0] / grad[:, -1]
    assert 0.08 < ratio[0] < 0.125
    assert 0.45 < ratio[1] < 0.6


@claim(
    "xavier.md",
    "in the linear regime $n\\operatorname{Var}(w) = 1$ keeps the gradient's variance exactly.",
    "(fed inputs of variance 0.01, a normalized net of the same size keeps the gradient within 10%; "
    "the test suite checks it)",
)
def test_normalized_net_keeps_the_gradient_near_the_linear_regime(gb) -> None:
    sweep = gb.sweep
    assert sweep.schemes[1] == "glorot_uniform" and sweep.activation == "tanh"
    # the study's net (5 tanh layers of 1000 units, then a linear read-out), fed quieter inputs
    net = initlab.mlp([sweep.width] * (sweep.depth + 2), "glorot_uniform", "tanh", "softmax", rng=0)
    gen = np.random.default_rng(1)
    a = np.sqrt(0.01) * gen.standard_normal((100, sweep.width))
    zs = []
    for W in net.weights[:-1]:
        zs.append(a @ W.T)
        a = np.tanh(zs[-1])
    g = gen.standard_normal((100, sweep.width)) @ net.weights[-1]  # dJ/da at layer 5
    top = g.std()
    for W, z in zip(net.weights[-2:0:-1], zs[:0:-1]):  # down to dJ/da at layer 1
        g = (g * (1 - np.tanh(z) ** 2)) @ W
    assert 0.9 < g.std() / top <= 1.0
    # at the page's unit-variance inputs the same rule halves it
    assert sweep.grad_std[1, 0] / sweep.grad_std[1, -1] < 0.6


@claim(
    "xavier.md",
    "So at initialization the weight gradients are nearly flat across the five layers under both initializations",
    "it makes every layer's gradient smaller, by roughly the same factor",
)
def test_weight_gradients_are_flat_at_initialization(gb) -> None:
    dw = gb.weight_grad_std
    assert np.all(dw.max(axis=1) / dw.min(axis=1) < 1.2)
    per_layer = dw[1] / dw[0]  # normalized / standard, layer by layer
    assert np.all(per_layer > 5) and per_layer.max() / per_layer.min() < 1.2


@claim("xavier.md", "The standard initialization gives $0.46$ to $0.49$ from layer 2 on: the paper's 0.5.")
def test_standard_jacobian_singular_values(gb) -> None:
    shown = np.round(gb.mean_singular_value[0, 1:], 2)
    assert shown.min() == 0.46 and shown.max() == 0.49
    assert gb.paper_singular_value[0] == 0.5


@claim(
    "xavier.md",
    "The normalized one gives $0.67$ to $0.77$, rising with depth toward the paper's 0.8",
    "the weights alone give 0.85, the mean of the quarter-circle law $8/(3\\pi)$.",
    "(Layer 1, fed unit-variance inputs, is the furthest from the linear regime and has the smallest values.)",
)
def test_normalized_jacobian_singular_values(gb) -> None:
    sv = gb.mean_singular_value
    shown = np.round(sv[1, 1:], 2)
    assert shown[0] == 0.67 and shown[-1] == 0.77 and np.all(np.diff(sv[1]) > 0)
    assert gb.paper_singular_value[1] == 0.8
    assert round(gb.weight_mean_singular_value[1], 2) == 0.85
    assert gb.weight_mean_singular_value[1] == pytest.approx(8 / (3 * math.pi), abs=0.01)
    assert np.all(sv.argmin(axis=1) == 0)


@claim("xavier.md", "the 1000-unit net gives the same values to $\\pm 0.03$ (the test suite checks it).")
def test_the_narrow_jacobian_net_stands_for_the_1000_unit_one(gb) -> None:
    wide = glorot_bengio_2010(n_samples=10, jacobian_width=1000)
    np.testing.assert_allclose(wide.mean_singular_value, gb.mean_singular_value, rtol=0, atol=0.03)


# ----------------------------------------------------------------------------- a hundred layers


@claim("xavier.md", "The $\\mathcal N(0, 1/n)$ line stays flat, as the derivation promised")
def test_one_over_n_keeps_the_signal(deep) -> None:
    assert deep.labels[2] == "N(0, 1/n)"
    assert deep.first_nonfinite[2] == 0 and deep.first_zero[2] == 0
    assert np.all((deep.act_std[2] > 0.8) & (deep.act_std[2] < 1.25))


@claim(
    "xavier.md",
    "about 0.07 after 100 layers",
    "the dashed infinite-width recursion and the dotted $1/\\sqrt{2L}$ follow the measured points",
)
def test_tanh_with_xavier_decays_like_one_over_sqrt_2L(deep) -> None:
    measured = deep.act_std[3]
    assert deep.activations[3] == "tanh" and round(measured[-1], 2) == 0.07
    np.testing.assert_allclose(deep.tanh_mean_field_std, measured, rtol=0.2)
    np.testing.assert_allclose(1 / np.sqrt(2 * deep.layers), measured, rtol=0.2)


@claim(
    "xavier.md",
    'So $5/3$ is not "slightly above 1": it keeps the signal from decaying by putting the net '
    "well into the chaotic side",
)
def test_gain_five_thirds_is_chaotic() -> None:
    w2 = initlab.gain("tanh") ** 2
    q_star = initlab.variance_fixed_point("tanh", w2)
    assert q_star > 1 and initlab.mean_field_chi("tanh", q_star, weight_var=w2) > 1.15
    assert initlab.mean_field_chi("tanh", 0.0, weight_var=1.0) == pytest.approx(1.0)


@claim(
    "xavier.md",
    "the gradient reaching each layer's activations loses about three quarters of its std at every layer",
)
def test_sigmoid_shrinks_the_gradient_four_fold_per_layer() -> None:
    sig = depth_sweep(["glorot_uniform"], "sigmoid", depth=10, width=256)  # as on the page
    down = sig.grad_std[0, :-1] / sig.grad_std[0, 1:]
    assert np.all((down > 0.2) & (down < 0.27))
    q = initlab.variance_fixed_point("sigmoid", 1.0)
    assert math.sqrt(initlab.mean_field_chi("sigmoid", q)) == pytest.approx(np.exp(np.log(down).mean()), abs=0.01)


@claim(
    "xavier.md",
    "Glorot's formula is symmetric in them, so its std cannot change; a fan-in rule such as He's takes the wrong fan.",
)
def test_exercise_transposed_kernel() -> None:
    right, wrong = (256, 784), (784, 256)
    assert initlab.variance_scaling_std(right, mode="fan_avg") == initlab.variance_scaling_std(wrong, mode="fan_avg")
    assert initlab.variance_scaling_std(right, 2.0) != initlab.variance_scaling_std(wrong, 2.0)

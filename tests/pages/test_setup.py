"""Sentences of docs/setup.md that report a result."""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest

import initlab
from claims import DOCS, claim
from initlab import studies
from initlab.training import DivergenceError


@claim("setup.md", "initlab.train gives the same weights, bit for bit")
def test_hand_written_loop_matches_train() -> None:
    X, labels = initlab.xor(200, rng=0)
    net = initlab.mlp([2, 8, 1], init="he_normal", activation="tanh", rng=0)
    twin = net.copy()
    for _ in range(500):  # the page's loop
        _, trace = net.forward(X, trace=True)
        grads = net.backward(trace, labels)
        for W, b, dW, db in zip(net.weights, net.biases, grads.dW, grads.db):
            W -= 0.5 * dW
            b -= 0.5 * db
    initlab.train(twin, X, labels, lr=0.5, steps=500)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(net.weights + net.biases, twin.weights + twin.biases))
    assert np.isfinite(net.loss(X, labels))


@claim(
    "setup.md",
    "`initlab.train_many` runs the same loop for several networks at once, with",
    "the same numbers for each as `initlab.train` alone",
)
def test_train_many_matches_train() -> None:
    X, labels = initlab.xor(200, rng=0)
    nets = [initlab.mlp([2, 8, 1], init=s, activation="tanh", rng=0) for s in ("he_normal", "glorot_uniform")]
    alone = [net.copy() for net in nets]
    many = initlab.train_many(nets, X, labels, lr=0.5, steps=500)
    for net, twin, h in zip(nets, alone, many):
        h1 = initlab.train(twin, X, labels, lr=0.5, steps=500)
        assert np.array_equal(h.loss, h1.loss)
        assert all(a.tobytes() == b.tobytes() for a, b in zip(net.weights + net.biases, twin.weights + twin.biases))


@claim("setup.md", "a stop when the cost turns NaN or infinite")
def test_train_stops_on_divergence() -> None:
    X, labels = initlab.xor(200, rng=0)
    net = initlab.mlp([2, 8, 1], init="large_normal", activation="linear", rng=0)
    with pytest.raises(DivergenceError):
        initlab.train(net, X, labels, lr=50.0, steps=200)
    h = initlab.train(net.copy(), X, labels, lr=50.0, steps=200, allow_divergence=True)
    assert np.isnan(h.loss[-1])


TRAINING = re.compile(r"\b(train|train_many|compare_training|course_experiment|scheme_grid|symmetry_study)\(")


@claim("setup.md", "Every training run on this site is this loop, full batch.")
def test_every_training_run_on_the_site_is_full_batch() -> None:
    """No page passes a batch size to a training call; the studies' defaults are full batch."""
    for page in sorted(DOCS.glob("*.md")):
        for match in TRAINING.finditer(page.read_text()):
            depth, end = 1, match.end()
            text = page.read_text()
            while depth and end < len(text):  # the call's argument list, brackets balanced
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            assert "batch_size" not in text[match.end() : end], f"{page.name}: {text[match.start() : end]}"
    for call in (studies.compare_training, studies.course_experiment, studies.scheme_grid, initlab.train):
        batch_size = inspect.signature(call).parameters.get("batch_size")
        assert batch_size is None or batch_size.default is None, call.__name__


def _recurrences() -> tuple[np.ndarray, ...]:
    """The page's check of the three recurrences: predicted and measured, per layer."""
    rng = np.random.default_rng(0)
    n, L, m = 256, 6, 1000
    net = initlab.mlp([n] * (L + 1), init="standard_uniform", activation="tanh", output="softmax", rng=1)
    _, tr = net.forward(rng.standard_normal((m, n)), trace=True)
    grads = net.backward(tr, dlogits=rng.standard_normal((m, n)))
    z, a, d = tr.z, tr.a, grads.dz
    var_w = [W.var() for W in net.weights]
    fwd = [(n * var_w[l - 1] * np.mean(a[l - 1] ** 2), z[l - 1].var()) for l in range(1, L + 1)]
    bwd = [
        (n * var_w[l - 1] * np.mean(net.activation.df(z[l - 2]) ** 2) * d[l - 1].var(), d[l - 2].var())
        for l in range(L, 1, -1)
    ]
    wgt = [
        (d[l - 1].var() * np.mean(a[l - 1] ** 2), np.mean((d[l - 1] ** 2).mean(1) * (a[l - 1] ** 2).mean(1)))
        for l in range(1, L + 1)
    ]
    delta_var = np.array([d[l - 1].var() for l in range(1, L + 1)])
    return np.array(fwd), np.array(bwd), np.array(wgt), delta_var


@claim("setup.md", "Every prediction matches its measurement to within a few percent.")
def test_recurrences_predict_the_measurements() -> None:
    for pairs in _recurrences()[:3]:
        pred, meas = pairs.T
        assert np.all(np.abs(pred / meas - 1) < 0.03), pairs


@claim(
    "setup.md",
    "From layer 6 down to layer 1, $\\operatorname{Var}(\\delta)$ falls by a factor of "
    "several hundred while the weight gradient's variance stays within 10%",
)
def test_weight_gradient_flat_while_delta_shrinks() -> None:
    _, _, wgt, delta_var = _recurrences()
    assert 200 < delta_var[-1] / delta_var[0] < 1000
    assert np.all(np.diff(delta_var) > 0)  # shrinks at every step down
    measured = wgt[:, 1]
    assert measured.max() / measured.min() < 1.1


@claim(
    "setup.md",
    "They agree on ReLU, where $\\mathbb E[\\operatorname{relu}(z)^2] = 1/2$ gives $\\sqrt 2$ both ways",
    "differ on tanh, the sigmoid and SELU",
)
def test_two_gains_agree_on_relu_only() -> None:
    assert initlab.variance_preserving_gain("relu") == pytest.approx(np.sqrt(2), abs=1e-12)
    assert initlab.gain("relu") == pytest.approx(np.sqrt(2), abs=1e-12)
    assert initlab.second_moment("relu") == pytest.approx(0.5, abs=1e-12)
    for name, vp in (("tanh", 1.59), ("sigmoid", 1.85), ("selu", 1.0)):
        assert initlab.variance_preserving_gain(name) == pytest.approx(vp, abs=0.005)
        assert abs(initlab.variance_preserving_gain(name) - initlab.gain(name)) > 0.05


def _course_forward(net: initlab.MLP, X: np.ndarray) -> np.ndarray:
    """The page's course-style forward pass: examples as columns, Z = W A + b."""
    params = {}
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        params[f"W{l}"], params[f"b{l}"] = W, b[:, None]
    A, L = X.T, len(net.weights)
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = np.maximum(Z, 0) if l < L else 1 / (1 + np.exp(-Z))
    return A


@claim("setup.md", "The two outputs agree to the last few bits of a float64")
def test_course_layout_forward_is_the_transpose() -> None:
    net = initlab.mlp([2, 10, 5, 1], init="he_normal", rng=0)
    X, _ = initlab.circles(300, rng=0)
    ours = net.forward(X)
    theirs = _course_forward(net, X)
    assert ours.shape == (300, 1) and theirs.shape == (1, 300)
    assert [W.shape for W in net.weights] == [(10, 2), (5, 10), (1, 5)]  # (n_l, n_{l-1}), as the course's
    assert np.abs(theirs - ours.T).max() <= 4 * np.finfo(np.float64).eps


@claim("setup.md", "Drawn either way, the weights have std $\\sqrt{2/n_\\text{in}}$")
def test_he_std_reads_fan_in_from_the_same_axis() -> None:
    shape = (256, 784)
    assert initlab.fans(shape)[0] == shape[1]
    target = np.sqrt(2 / shape[1])
    for W in (
        initlab.he_normal(shape, rng=1),
        np.random.default_rng(1).standard_normal(shape) * np.sqrt(2 / 784),
    ):
        assert W.std() == pytest.approx(target, rel=0.01)

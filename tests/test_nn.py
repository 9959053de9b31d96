"""The MLP: gradients against central finite differences, losses, and argument errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from initlab.activations import ACTIVATIONS
from initlab.losses import bce_with_logits, naive_cross_entropy, softmax_cross_entropy
from initlab.nn import HIDDEN_ACTIVATIONS, MLP, mlp

H = 1e-6  # finite-difference step (float64)


def rel_err(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||), the usual gradient-check measure."""
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def numeric_grad(fn, x: np.ndarray) -> np.ndarray:
    """Central differences of the scalar ``fn()`` with respect to every entry of ``x`` (perturbed in place)."""
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + H
        up = fn()
        x[i] = old - H
        down = fn()
        x[i] = old
        g[i] = (up - down) / (2 * H)
    return g


def small_problem(activation: str, output: str, seed: int = 0) -> tuple[MLP, np.ndarray, np.ndarray]:
    k = 1 if output == "sigmoid" else 3
    net = mlp(
        [3, 5, 4, k], init="glorot_normal", activation=activation, output=output, bias_init="small_uniform", rng=seed
    )
    rng = np.random.default_rng(seed + 100)
    X = rng.standard_normal((7, 3))
    y = rng.integers(0, 2 if output == "sigmoid" else 3, size=7)
    return net, X, y


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_backward_matches_central_differences(activation: str, output: str) -> None:
    net, X, y = small_problem(activation, output)
    _, trace = net.forward(X, trace=True)
    grads = net.backward(trace, y)
    loss = lambda: net.loss(X, y)  # noqa: E731
    for l in range(len(net.weights)):
        assert rel_err(grads.dW[l], numeric_grad(loss, net.weights[l])) < 1e-6, f"dW[{l}]"
        assert rel_err(grads.db[l], numeric_grad(loss, net.biases[l])) < 1e-6, f"db[{l}]"
    # the back-propagated signal, all the way to the input: dJ/dX = dJ/dZ[1] W[1]
    assert rel_err(grads.dz[0] @ net.weights[0], numeric_grad(loss, X)) < 1e-6


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_hidden_output_gradients_are_consistent(activation: str) -> None:
    net, X, y = small_problem(activation, "sigmoid", seed=1)
    _, trace = net.forward(X, trace=True)
    g = net.backward(trace, y)
    assert len(g.da) == len(net.weights) - 1 and len(g.dz) == len(net.weights)
    for l, da in enumerate(g.da):  # da[l] is dJ/dA of hidden layer l+1
        assert da.shape == trace.a[l + 1].shape
        np.testing.assert_allclose(da, g.dz[l + 1] @ net.weights[l + 1], rtol=1e-12)
        np.testing.assert_allclose(g.dz[l], da * net.activation.df(trace.z[l]), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_derivative_from_the_output_gives_the_bits_of_df(name: str, dtype: type) -> None:
    act = ACTIVATIONS[name]
    assert act.df_from_output is not None
    rng = np.random.default_rng(0)
    z = (rng.standard_normal((40, 9)) * 6).astype(dtype)
    z[0, :6] = [np.inf, -np.inf, np.nan, 0.0, -0.0, 1e30]
    da = rng.standard_normal((40, 9)).astype(dtype)
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(da * act.df_from_output(act.f(z)), da * act.df(z))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "gelu"])
def test_a_copied_net_back_propagates_the_same_bits(activation: str) -> None:
    net, X, y = small_problem(activation, "softmax")
    twin = net.copy()
    assert twin.activation is not net.activation and twin.activation == net.activation  # copies keep every field
    g, g2 = (n.backward(n.forward(X, trace=True)[1], y) for n in (net, twin))
    for a, b in zip(g.dW + g.db + g.dz + g.da, g2.dW + g2.db + g2.dz + g2.da):
        np.testing.assert_array_equal(a, b)


def test_forward_trace_layout() -> None:
    net = mlp([2, 4, 3, 1], rng=0)
    X = np.random.default_rng(0).standard_normal((6, 2))
    p, tr = net.forward(X, trace=True)
    assert [z.shape for z in tr.z] == [(6, 4), (6, 3), (6, 1)]
    assert [a.shape for a in tr.a] == [(6, 2), (6, 4), (6, 3), (6, 1)]
    assert tr.a[0] is X or np.array_equal(tr.a[0], X)
    np.testing.assert_allclose(tr.z[0], X @ net.weights[0].T + net.biases[0])
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-tr.z[-1])))
    assert net.forward(X).shape == (6, 1)


def test_weight_layout_is_fan_out_fan_in() -> None:
    net = mlp([2, 10, 5, 1], rng=0)
    assert [W.shape for W in net.weights] == [(10, 2), (5, 10), (1, 5)]
    assert [b.shape for b in net.biases] == [(10,), (5,), (1,)]
    assert net.sizes == (2, 10, 5, 1)


def test_same_seed_same_weights_and_float32() -> None:
    a, b = mlp([3, 4, 1], rng=5), mlp([3, 4, 1], rng=np.random.default_rng(5))
    for Wa, Wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(Wa, Wb)
    net = mlp([3, 4, 2], output="softmax", rng=0, dtype=np.float32)
    assert all(W.dtype == np.float32 for W in net.weights)
    assert net.forward(np.ones((2, 3))).dtype == np.float32


def test_softmax_rows_sum_to_one_and_predict() -> None:
    net = mlp([2, 8, 4], activation="tanh", output="softmax", rng=0)
    X = np.random.default_rng(1).standard_normal((10, 2))
    p = net.predict_proba(X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_array_equal(net.predict(X), p.argmax(axis=1))


def test_stable_losses_agree_with_the_formula_where_it_is_finite() -> None:
    rng = np.random.default_rng(0)
    z, y = rng.normal(0, 3, 50), rng.integers(0, 2, 50)
    p = 1 / (1 + np.exp(-z))
    assert bce_with_logits(z, y) == pytest.approx(naive_cross_entropy(p, y), rel=1e-12)
    Z, k = rng.normal(0, 3, (20, 4)), rng.integers(0, 4, 20)
    P = np.exp(Z) / np.exp(Z).sum(1, keepdims=True)
    assert softmax_cross_entropy(Z, k) == pytest.approx(naive_cross_entropy(P, k), rel=1e-12)


def test_saturated_output_naive_cost_is_inf_stable_cost_finite() -> None:
    net = mlp([2, 10, 5, 1], init="large_normal", rng=0)
    X = np.random.default_rng(0).standard_normal((200, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning may escape
        naive = net.naive_loss(X, y)
        stable = net.loss(X, y)
    assert naive == np.inf
    assert np.isfinite(stable) and stable > 1


def test_naive_cross_entropy_handles_exact_zero_and_one_without_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert naive_cross_entropy(np.array([0.0, 1.0]), np.array([0, 1])) == 0.0
        assert naive_cross_entropy(np.array([0.0]), np.array([1])) == np.inf
        assert naive_cross_entropy(np.array([[1.0, 0.0]]), np.array([1])) == np.inf


def test_zero_weights_give_ln2_and_zero_hidden_gradients() -> None:
    net = mlp([2, 10, 5, 1], init="zeros", rng=0)
    X = np.random.default_rng(0).standard_normal((8, 2))
    y = np.array([0, 1] * 4)
    assert net.loss(X, y) == pytest.approx(np.log(2), abs=1e-15)
    g = net.backward(net.forward(X, trace=True)[1], y)
    for dW in g.dW:
        assert not dW.any()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"sizes": [2]}, ValueError, "sizes must be a sequence of at least 2"),
        ({"sizes": [2, 0, 1]}, ValueError, "sizes must be an integer >= 1, got 0"),
        ({"sizes": [2, 3, 2]}, ValueError, "sizes must end in 1 for a sigmoid"),
        ({"sizes": [2, 3, 1], "output": "softmax"}, ValueError, "k >= 2 for a softmax"),
        (
            {"sizes": [2, 3, 1], "output": "linear"},
            ValueError,
            "output must be one of 'sigmoid', 'softmax'; got 'linear'",
        ),
        ({"sizes": [2, 3, 1], "activation": "swish"}, ValueError, "activation must be one of .*got 'swish'"),
        ({"sizes": [2, 3, 1], "init": "xavier"}, ValueError, "scheme must be one of .*got 'xavier'"),
        ({"sizes": [2, 3, 1], "bias_init": "he_normal"}, ValueError, "shape must have at least 2 dimensions"),
        ({"sizes": [2, 3, 1], "init": 3}, TypeError, "initializer must be a scheme name"),
        ({"sizes": [2, 3, 1], "dtype": np.int32}, TypeError, "dtype must be numpy.float32 or numpy.float64"),
    ],
)
def test_mlp_argument_errors(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        mlp(**kwargs)


def test_forward_and_backward_input_errors() -> None:
    net = mlp([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match=r"X must have shape \(m, 2\).*got shape \(4, 3\)"):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"X must have shape \(m, 2\).*got shape \(2,\)"):
        net.forward(np.ones(2))
    with pytest.raises(ValueError, match="X must be finite, got 1 NaN/inf"):
        net.forward(np.array([[0.0, np.nan]]))
    with pytest.raises(ValueError, match=r"y must be a 1-D array of 2 labels.*got shape \(3,\)"):
        net.loss(np.ones((2, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match=r"y must hold integer labels in 0..1 for a sigmoid output, got \[2\]"):
        net.loss(np.ones((2, 2)), [0, 2])
    with pytest.raises(ValueError, match="y must hold integer labels"):
        net.loss(np.ones((2, 2)), [0.5, 1])
    _, tr = net.forward(np.ones((2, 2)), trace=True)
    with pytest.raises(TypeError, match="backward needs the labels y"):
        net.backward(tr)

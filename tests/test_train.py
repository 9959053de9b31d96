"""Gradient-descent training: updates, History statistics, divergence and argument errors."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest

from initlab.data import circles, spirals
from initlab.nn import mlp
from initlab.training import DivergenceError, History, accuracy, train, train_many


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    return circles(200, noise=0.05, rng=0)


def test_one_step_is_theta_minus_lr_grad(data) -> None:
    X, y = data
    net = mlp([2, 6, 4, 1], activation="tanh", bias_init="small_normal", rng=0)
    before = net.copy()
    grads = before.backward(before.forward(X, trace=True)[1], y)
    W0 = net.weights[0]
    h = train(net, X, y, lr=0.3, steps=1)
    assert net.weights[0] is W0  # trained in place, the network's own arrays
    for l in range(3):
        np.testing.assert_allclose(net.weights[l], before.weights[l] - 0.3 * grads.dW[l], rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(net.biases[l], before.biases[l] - 0.3 * grads.db[l], rtol=1e-13, atol=1e-15)
    assert h.loss[0] == pytest.approx(before.loss(X, y), rel=1e-13)


def test_loss_is_recorded_before_each_update(data) -> None:
    X, y = data
    net = mlp([2, 8, 1], rng=1)
    h = train(net, X, y, lr=0.1, steps=50)
    assert h.loss.shape == (50,)
    after = net.loss(X, y)
    h2 = train(net, X, y, lr=0.1, steps=1)
    assert h2.loss[0] == pytest.approx(after, rel=1e-13) and after < h.loss[0]


def test_full_batch_training_learns_circles(data) -> None:
    X, y = data
    net = mlp([2, 16, 1], activation="tanh", init="glorot_normal", rng=0)
    h = train(net, X, y, lr=1.0, steps=3000)
    assert h.loss[-1] < 0.15 * h.loss[0]
    assert accuracy(net, X, y) >= 0.95


def test_mini_batch_training_and_softmax() -> None:
    X, y = spirals(300, classes=3, noise=0.02, rng=0)
    net = mlp([2, 32, 32, 3], activation="relu", output="softmax", rng=0)
    h = train(net, X, y, lr=0.5, steps=3000, batch_size=50, rng=0)
    assert h.batch_size == 50
    assert np.mean(h.loss[-50:]) < 0.5 * np.mean(h.loss[:50])
    assert accuracy(net, X, y) > 0.8
    again = mlp([2, 32, 32, 3], activation="relu", output="softmax", rng=0)
    np.testing.assert_array_equal(train(again, X, y, lr=0.5, steps=3000, batch_size=50, rng=0).loss, h.loss)


def test_record_steps_and_stat_shapes(data) -> None:
    X, y = data
    net = mlp([2, 10, 5, 1], activation="tanh", rng=0)
    h = train(net, X, y, lr=0.1, steps=100, record_every=30, record_steps=[99, 100])
    assert h.record_steps.tolist() == [0, 30, 60, 90, 99, 100]
    for name in ("act_mean", "act_std", "grad_mean", "grad_std", "saturated", "dead"):
        assert getattr(h, name).shape == (6, 2), name
    for name in ("weight_std", "weight_grad_std", "update_ratio"):
        assert getattr(h, name).shape == (6, 3), name
    assert np.all(h.act_std > 0) and np.all(h.grad_std > 0)
    assert np.all((h.saturated >= 0) & (h.saturated <= 1))
    np.testing.assert_allclose(h.update_ratio, 0.1 * h.weight_grad_std / h.weight_std)
    np.testing.assert_allclose(h.weight_std[-1], [W.std() for W in net.weights])  # step 100 = final state


def test_recorded_stats_match_a_forward_pass_at_step_0(data) -> None:
    X, y = data
    net = mlp([2, 10, 5, 1], activation="sigmoid", init="glorot_uniform", rng=3)
    p, tr = net.forward(X, trace=True)
    g = net.backward(tr, y)
    h = train(net, X, y, lr=0.5, steps=5, record_steps=[0])
    np.testing.assert_allclose(h.act_mean[0], [a.mean() for a in tr.a[1:-1]])
    np.testing.assert_allclose(h.act_std[0], [a.std() for a in tr.a[1:-1]])
    np.testing.assert_allclose(h.grad_std[0], [d.std() for d in g.da])
    np.testing.assert_allclose(h.weight_grad_std[0], [d.std() for d in g.dW])
    sat = [np.mean((a < 0.03) | (a > 0.97)) for a in tr.a[1:-1]]
    np.testing.assert_allclose(h.saturated[0], sat)


def test_dead_relu_fraction_is_one_with_negative_biases(data) -> None:
    X, y = data
    net = mlp([2, 10, 5, 1], bias_init=lambda shape, rng=None, dtype=np.float64: np.full(shape, -10.0, dtype), rng=0)
    h = train(net, X, y, lr=0.01, steps=3, record_every=1)
    np.testing.assert_array_equal(h.dead, 1.0)
    assert np.all(np.isnan(h.saturated))  # ReLU has no saturating tails
    he = train(mlp([2, 10, 5, 1], rng=0), X, y, steps=1, record_every=1)
    assert np.all(he.dead < 0.5)


def test_tanh_with_large_weights_saturates() -> None:
    X = np.random.default_rng(0).standard_normal((500, 10))
    y = (X[:, 0] > 0).astype(int)
    net = mlp([10, 50, 50, 1], init="large_normal", activation="tanh", rng=0)
    h = train(net, X, y, lr=1e-3, steps=1, record_every=1)
    assert np.all(h.saturated[0] > 0.9)
    small = train(mlp([10, 50, 50, 1], init="small_normal", activation="tanh", rng=0), X, y, steps=1, record_every=1)
    assert np.all(small.saturated[0] == 0)


def test_zero_init_update_ratio_is_nan_not_a_warning(data) -> None:
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train(mlp([2, 4, 1], init="zeros"), X, y, steps=2, record_every=1)
    assert np.all(np.isnan(h.update_ratio))


def test_divergence_raises_with_the_step(data) -> None:
    X, y = data
    net = mlp([2, 50, 50, 1], init="large_normal", activation="linear", rng=0)
    with pytest.raises(DivergenceError, match=r"training diverged at step \d+: the cost is (nan|inf)"):
        train(net, X * 100, y, lr=10.0, steps=200)


def test_divergence_allowed_returns_nans(data) -> None:
    X, y = data
    net = mlp([2, 50, 50, 1], init="large_normal", activation="linear", rng=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train(net, X * 100, y, lr=10.0, steps=200, allow_divergence=True, record_every=1)
    t = h.diverged_at
    assert t is not None and 0 < t < 200
    assert np.all(np.isfinite(h.loss[:t])) and np.all(np.isnan(h.loss[t + 1 :]))
    assert not np.isfinite(h.loss[t])
    assert h.record_steps.tolist() == list(range(t + 1)) and h.act_std.shape == (t + 1, 2)


def test_divergence_error_leaves_the_net_before_the_failing_step(data) -> None:
    X, y = data
    raised, allowed = (mlp([2, 50, 50, 1], init="large_normal", activation="linear", rng=0) for _ in range(2))
    with pytest.raises(DivergenceError):
        train(raised, X * 100, y, lr=10.0, steps=200)
    train(allowed, X * 100, y, lr=10.0, steps=200, allow_divergence=True)  # stops before that step's update
    for a, b in zip(raised.weights + raised.biases, allowed.weights + allowed.biases):
        np.testing.assert_array_equal(a, b)


def assert_same_history(h: History, h2: History) -> None:
    for f in dataclasses.fields(History):
        a, b = getattr(h, f.name), getattr(h2, f.name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and a.shape == b.shape, f.name
            np.testing.assert_array_equal(a, b, err_msg=f.name)
        else:
            assert a == b or (a != a and b != b), f.name


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    ("activation", "output", "batch_size"),
    [("relu", "sigmoid", None), ("tanh", "sigmoid", 64), ("gelu", "softmax", None), ("sigmoid", "softmax", 40)],
)
def test_train_is_train_many_of_one_net_to_the_bit(activation: str, output: str, batch_size, dtype: type) -> None:
    X, y = spirals(150, classes=2 if output == "sigmoid" else 3, noise=0.02, rng=0)
    k = 1 if output == "sigmoid" else 3
    kw = {"lr": 0.3, "steps": 60, "batch_size": batch_size, "record_every": 20, "record_steps": [60], "rng": 2}
    nets = [
        mlp([2, 6, 4, k], s, activation, output, bias_init="small_normal", rng=1, dtype=dtype)
        for s in ("he_normal", "glorot_uniform")
    ]
    alone = nets[0].copy()  # a copy too: the activation is a new object with the same fields
    h = train(alone, X, y, **kw)
    assert_same_history(train_many(nets, X, y, **kw)[0], h)
    assert h.loss.dtype == np.float64
    for a, b in zip(nets[0].weights + nets[0].biases, alone.weights + alone.biases):
        np.testing.assert_array_equal(a, b)


def test_first_naive_loss(data) -> None:
    X, y = data
    h = train(mlp([2, 10, 5, 1], init="zeros"), X, y, steps=1)
    assert h.first_naive_loss == pytest.approx(np.log(2))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"lr": 0}, ValueError, "lr must be a finite number > 0, got 0.0"),
        ({"lr": -0.1}, ValueError, "lr must be a finite number > 0"),
        ({"lr": float("nan")}, ValueError, "lr must be finite, got nan"),
        ({"steps": 0}, ValueError, "steps must be an integer >= 1, got 0"),
        ({"steps": 2.5}, TypeError, "steps must be an integer >= 1, got 2.5"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1, got 0"),
        ({"batch_size": 1000}, ValueError, r"batch_size must be at most the number of samples \(200\), got 1000"),
        ({"record_every": 0}, ValueError, "record_every must be an integer >= 1"),
        ({"record_steps": [11]}, ValueError, r"record_steps must hold steps in 0..10 \(steps=10\), got 11"),
        ({"allow_divergence": "yes"}, TypeError, "allow_divergence must be True or False"),
    ],
)
def test_train_argument_errors(data, kwargs: dict, error: type, match: str) -> None:
    X, y = data
    with pytest.raises(error, match=match):
        train(mlp([2, 3, 1]), X, y, **{"steps": 10, **kwargs})


def test_train_data_errors(data) -> None:
    X, y = data
    net = mlp([2, 3, 1])
    with pytest.raises(TypeError, match="net must be an initlab MLP, got list"):
        train([net], X, y)
    with pytest.raises(ValueError, match=r"X must have shape \(m, 2\)"):
        train(net, X.T, y)
    with pytest.raises(ValueError, match=r"y must be a 1-D array of 200 labels.*got shape \(199,\)"):
        train(net, X, y[:-1])
    with pytest.raises(ValueError, match=r"y must be a 1-D array of 200 labels.*got shape \(200, 1\)"):
        train(net, X, y[:, None])
    bad = X.copy()
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="X must be finite, got 1 NaN/inf value"):
        train(net, bad, y)
    with pytest.raises(ValueError, match="y must be finite"):
        train(net, X, np.where(np.arange(200) == 0, np.nan, y))

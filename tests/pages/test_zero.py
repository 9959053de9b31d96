"""Sentences of docs/zero.md that report a result.

The course run is the session's ``course`` fixture (``course_experiment()``,
as on the page); the drift section retrains its zeros net alone, as the
page does.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import initlab
from claims import claim
from initlab.activations import sigmoid

X4 = np.array([[1.0, -2.0], [0.5, 1.5], [-1.0, 0.3], [2.0, 0.0]])
Y4 = np.array([1, 0, 0, 0])
LN2 = math.log(2)


@claim("zero.md", "zero goes further, and with ReLU or tanh the hidden weights never move at all")
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_relu_and_tanh_hidden_weights_never_move(activation: str) -> None:
    net = initlab.mlp([2, 2, 1], init="zeros", activation=activation)
    initlab.train(net, X4, Y4, lr=1.0, steps=500)
    assert all(np.all(W == 0) for W in net.weights)
    assert np.all(net.biases[0] == 0)
    assert net.biases[-1][0] != 0  # only the output bias learns (y-bar = 1/4)


@claim("zero.md", "They do move, but the two rows of $W^{[1]}$ (the two hidden units)")
def test_sigmoid_hidden_units_move_as_clones() -> None:
    net = initlab.mlp([2, 2, 1], init="zeros", activation="sigmoid")
    initlab.train(net, X4, Y4, lr=1.0, steps=500)
    W = net.weights[0]
    assert np.all(W != 0)
    assert np.array_equal(W[0], W[1])


@claim(
    "zero.md",
    "From zeros, the cost stays at $\\ln 2$ for the whole run, up to the rounding",
    "exactly half of the labels are 0 in both sets (the shares printed above),",
    "so the accuracy is exactly 50%",
)
def test_course_zeros_cost_and_accuracy(course) -> None:
    z = course.schemes.index("zeros")
    assert course.y_train.mean() == 0.5 and course.y_test.mean() == 0.5
    assert np.abs(course.loss[z] - LN2).max() < 1e-15
    assert course.train_accuracy[z] == 0.5 and course.test_accuracy[z] == 0.5


@claim("zero.md", "`initlab`, like the course, calls a point class 1 only when $\\hat y > 1/2$")
def test_one_half_is_class_0() -> None:
    net = initlab.mlp([2, 2, 1], init="zeros", activation="relu")
    assert np.all(net.forward(X4) == 0.5)
    assert np.all(net.predict(X4) == 0)


@claim(
    "zero.md",
    "the left panel has no boundary at all, because the network outputs exactly $1/2$ everywhere",
    "The right one has learned the circle.",
)
def test_course_decision_regions(course) -> None:
    z, he = course.schemes.index("zeros"), course.schemes.index("he_normal")
    assert np.all(course.grid_proba[z] == 0.5)
    assert course.test_accuracy[he] >= 0.95 and course.train_accuracy[he] >= 0.95


@pytest.fixture(scope="module")
def zeros_alone(course):
    """The page's zeros net, rebuilt and trained alone on the course's data, step by step."""
    net = initlab.mlp(course.sizes, init="zeros", activation=course.activation)
    X, y = course.X_train, course.y_train
    y_hat, db = np.empty(course.steps), np.empty(course.steps)
    b_out = np.empty(course.steps)
    for t in range(course.steps):  # the loop of setup.md, which initlab.train repeats bit for bit
        p, trace = net.forward(X, trace=True)
        grads = net.backward(trace, y)
        y_hat[t], db[t], b_out[t] = np.unique(p).item(), grads.db[-1][0], net.biases[-1][0]
        for W, b, dW, db_l in zip(net.weights, net.biases, grads.dW, grads.db):
            W -= course.lr * dW
            b -= course.lr * db_l
    return net, y_hat, db, b_out


@claim(
    "zero.md",
    "Every weight and every hidden bias is still exactly 0. The output bias is not",
    "does not cancel exactly, and leaves the residue on the first line",
    "step $b^{[2]}$ moves by $\\eta$ times that residue, and after thousands of",
    "steps it reaches the size where $\\sigma(b^{[2]})$ first rounds to the double",
    "On those few steps the cost comes out a couple of units in",
    "the last place above $\\ln 2$, and the gradient turns round and pushes",
)
def test_output_bias_creeps_by_rounding(course, zeros_alone) -> None:
    net, y_hat, db, b_out = zeros_alone
    z = course.schemes.index("zeros")
    assert all(np.all(W == 0) for W in net.weights)
    assert all(np.all(b == 0) for b in net.biases[:-1])
    assert net.biases[-1][0] != 0
    assert np.all(net.forward(course.X_train) == 0.5)  # y-hat = 1/2 for every point, at the end
    residue = db[0]
    assert residue != 0 and abs(residue) < 1e-17  # 1/2 - y-bar = 0, up to rounding
    below = np.nextafter(0.5, 0.0)
    off = np.flatnonzero(course.loss[z] != LN2)
    assert 1000 < off[0] and off.size < 0.01 * course.steps  # after thousands of steps; a few steps
    # until then y-hat is exactly 1/2, the gradient is the residue, and the bias moves by lr * residue a step
    assert np.all(y_hat[: off[0]] == 0.5) and np.all(db[: off[0]] == residue)
    assert b_out[off[0]] == pytest.approx(-course.lr * residue * off[0], rel=1e-9)
    # the steps whose cost is off are exactly those where y-hat rounds to the double below 1/2 ...
    assert np.array_equal(np.flatnonzero(y_hat != 0.5), off)
    assert np.all(y_hat[off] == below) and sigmoid(np.array([b_out[off[0]]]))[0] == below
    # ... where the cost is a couple of ulp above ln 2 and the gradient turns round
    ulps = (course.loss[z, off] - LN2) / np.spacing(LN2)
    assert np.all((ulps >= 1) & (ulps <= 3))
    assert np.all(np.sign(db[off]) == -np.sign(residue))


@claim("zero.md", "Yes: both starts end with the same weights, cost and accuracy, to the")
def test_exercise_logistic_regression_from_zero() -> None:
    X, y = initlab.moons(200, noise=0.1, rng=0)
    nets = [initlab.mlp([2, 1], init=init) for init in ("zeros", "he_normal")]
    for net in nets:
        initlab.train(net, X, y, lr=0.5, steps=2000)
    assert np.allclose(nets[0].weights[0], nets[1].weights[0], atol=5e-4)
    assert abs(nets[0].loss(X, y) - nets[1].loss(X, y)) < 5e-5
    assert initlab.accuracy(nets[0], X, y) == initlab.accuracy(nets[1], X, y)


@claim("zero.md", "Every constant leaves one distinct unit (rows compared to 6 decimals),")
@pytest.mark.parametrize("w0", [0.0, 0.5, -1.0])
def test_exercise_any_constant_leaves_one_unit(w0: float) -> None:
    X, y = initlab.circles(200, noise=0.05, rng=0)
    every_w0 = initlab.Scheme("w0", f"constant {w0}", "constant", constant=w0)
    net = initlab.mlp([2, 8, 1], init=every_w0, activation="tanh")
    initlab.train(net, X, y, lr=0.5, steps=2000)
    assert len(np.unique(net.weights[0].round(6), axis=0)) == 1
    assert abs(initlab.accuracy(net, X, y) - 0.5) < 0.05

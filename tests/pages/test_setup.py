"""Sentences of docs/setup.md that report a result."""

from __future__ import annotations

import numpy as np
from claims import claim

import initlab


@claim("setup.md", "initlab.train gives the same weights, bit for bit")
def test_hand_written_loop_matches_train() -> None:
    X, labels = initlab.xor(200, rng=0)
    net = initlab.mlp([2, 8, 1], init="he_normal", activation="tanh", rng=0)
    twin = net.copy()
    for _ in range(50):
        _, trace = net.forward(X, trace=True)
        grads = net.backward(trace, labels)
        for W, b, dW, db in zip(net.weights, net.biases, grads.dW, grads.db):
            W -= 0.5 * dW
            b -= 0.5 * db
    initlab.train(twin, X, labels, lr=0.5, steps=50)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(net.weights + net.biases, twin.weights + twin.biases))
    assert np.isfinite(net.loss(X, labels))

"""Batched training (train_many) matches train net by net; the scheme grid and its figure."""

from __future__ import annotations

import numpy as np
import pytest

import initlab
from initlab.data import circles, spirals
from initlab.nn import mlp
from initlab.studies import SchemeGrid, scheme_grid, steps_to_threshold
from initlab.training import DivergenceError, train, train_many

FIELDS = (
    "act_mean",
    "act_std",
    "grad_mean",
    "grad_std",
    "saturated",
    "dead",
    "weight_std",
    "weight_grad_std",
    "update_ratio",
)


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    return circles(120, noise=0.05, rng=0)


def assert_same(h_many, h_one, net_many, net_one) -> None:
    np.testing.assert_allclose(h_many.loss, h_one.loss, rtol=0, atol=1e-12, equal_nan=True)
    assert h_many.diverged_at == h_one.diverged_at
    np.testing.assert_array_equal(h_many.record_steps, h_one.record_steps)
    assert h_many.first_naive_loss == pytest.approx(h_one.first_naive_loss, rel=1e-12, nan_ok=True) or (
        np.isinf(h_many.first_naive_loss) and np.isinf(h_one.first_naive_loss)
    )
    for f in FIELDS:
        np.testing.assert_allclose(getattr(h_many, f), getattr(h_one, f), rtol=1e-12, atol=1e-14, equal_nan=True)
    for a, b in zip(net_many.weights + net_many.biases, net_one.weights + net_one.biases):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "selu", "leaky_relu"])
def test_train_many_equals_train_for_every_scheme(data, activation) -> None:
    X, y = data
    nets = [mlp([2, 6, 4, 1], init=s, activation=activation, rng=3) for s in initlab.SCHEMES]
    alone = [n.copy() for n in nets]
    hs = train_many(nets, X, y, lr=0.2, steps=400, record_every=50, record_steps=[400])
    for h, n, n1 in zip(hs, nets, alone):
        assert_same(
            h, train(n1, X, y, lr=0.2, steps=400, record_every=50, record_steps=[400], allow_divergence=True), n, n1
        )


def test_train_many_mini_batch_and_softmax() -> None:
    X, y = spirals(90, classes=3, noise=0.02, rng=0)
    nets = [mlp([2, 8, 8, 3], init=s, output="softmax", rng=s_i) for s_i, s in enumerate(["he_normal", "orthogonal"])]
    alone = [n.copy() for n in nets]
    hs = train_many(nets, X, y, lr=0.3, steps=200, batch_size=20, record_every=40, rng=5)
    for h, n, n1 in zip(hs, nets, alone):
        assert_same(h, train(n1, X, y, lr=0.3, steps=200, batch_size=20, record_every=40, rng=5), n, n1)


def test_a_diverging_net_does_not_poison_the_others(data) -> None:
    X, y = data
    good = mlp([2, 8, 1], init="he_normal", rng=0)
    bad = mlp([2, 8, 1], init="he_normal", rng=0)
    bad.weights[1][...] = 1e308  # the logits overflow to inf: the cost is inf/NaN at step 0
    pair = [good.copy(), bad.copy()]
    h_good, h_bad = train_many(pair, X, y, lr=50.0, steps=300, record_every=100)
    h_alone = train(good, X, y, lr=50.0, steps=300, record_every=100, allow_divergence=True)
    h_bad_alone = train(bad, X, y, lr=50.0, steps=300, record_every=100, allow_divergence=True)
    assert h_bad.diverged_at is not None and h_bad.diverged_at == h_bad_alone.diverged_at
    assert np.isnan(h_bad.loss[h_bad.diverged_at + 1 :]).all() and np.isfinite(h_good.loss).all()
    assert_same(h_good, h_alone, pair[0], good)
    assert_same(h_bad, h_bad_alone, pair[1], bad)


def test_train_many_raises_on_divergence_when_asked(data) -> None:
    X, y = data
    bad = mlp([2, 4, 1], init="he_normal", rng=0)
    bad.weights[1][...] = 1e308
    with pytest.raises(DivergenceError, match=r"nets\[1\]"):
        train_many([mlp([2, 4, 1], rng=0), bad], X, y, steps=10, allow_divergence=False)


def test_train_many_rejects_mismatched_nets(data) -> None:
    X, y = data
    with pytest.raises(ValueError, match="must share sizes"):
        train_many([mlp([2, 4, 1]), mlp([2, 5, 1])], X, y, steps=1)
    with pytest.raises(ValueError, match="must share sizes"):
        train_many([mlp([2, 4, 1]), mlp([2, 4, 1], activation="tanh")], X, y, steps=1)
    with pytest.raises(TypeError, match="non-empty sequence"):
        train_many([], X, y)
    with pytest.raises(TypeError, match="non-empty sequence"):
        train_many(mlp([2, 4, 1]), X, y)


def test_steps_to_threshold() -> None:
    loss = np.array([[1.0, 0.5, 0.09], [0.7, np.nan, np.nan]])
    assert steps_to_threshold(loss, 0.1).tolist() == [2, -1]


def test_scheme_grid_matches_compare_training() -> None:
    g = scheme_grid(
        ["zeros", "he_normal", "large_normal"],
        ["relu", "tanh"],
        lr=0.3,
        steps=200,
        n_draws=3,
        spread=["he_normal"],
        grid_size=10,
    )
    assert isinstance(g, SchemeGrid)
    assert g.test_accuracy.shape == (2, 3) and g.spread_test_accuracy.shape == (1, 3)
    assert g.first_loss[0, 0] == np.log(2) and g.test_accuracy[0, 0] == 0.5
    assert np.isinf(g.first_naive_loss[0, 2])
    # column 0 of the spread is the grid's own run
    assert g.spread_test_accuracy[0, 0] == g.test_accuracy[0, 1]
    assert g.spread_train_accuracy[0, 0] == g.train_accuracy[0, 1]
    # each activation's comparison is compare_training with the same arguments, to the bit: the
    # first one trained in a larger batch (with the spread's draws), the second alone
    for a, activation in enumerate(g.activations):
        again = initlab.studies.compare_training(
            ["zeros", "he_normal", "large_normal"],
            hidden=(10, 5),
            activation=activation,
            lr=0.3,
            steps=200,
            grid_size=10,
            rng=initlab.studies.COURSE_SEED,
        )
        for field in ("loss", "train_accuracy", "test_accuracy", "grid_proba", "X_train", "y_test"):
            np.testing.assert_array_equal(getattr(again, field), getattr(g.comparisons[a], field), err_msg=field)
    # one setup: every comparison holds the same (read-only) data
    assert g.comparisons[0].X_train is g.comparisons[1].X_train and not g.comparisons[0].X_train.flags.writeable


def test_scheme_grid_spread_of_a_scheme_outside_the_grid() -> None:
    g = scheme_grid(["zeros"], ["relu"], lr=0.3, steps=100, n_draws=3, spread=["he_normal", "zeros"], grid_size=4)
    assert g.spread_schemes == ("he_normal", "zeros") and g.spread_test_accuracy.shape == (2, 3)
    np.testing.assert_array_equal(g.spread_test_accuracy[1], 0.5)  # zeros: every draw is the same
    he = initlab.studies.compare_training(
        ["he_normal"], activation="relu", lr=0.3, steps=100, grid_size=4, rng=initlab.studies.COURSE_SEED
    )
    assert g.spread_test_accuracy[0, 0] == he.test_accuracy[0]  # draw 0 is compare_training's draw
    assert len(set(g.spread_train_accuracy[0].tolist())) > 1  # the other draws are other nets


def test_scheme_grid_takes_a_generator_like_its_seed() -> None:
    kwargs = dict(steps=40, n_draws=2, spread=["he_normal"], grid_size=4)
    by_seed = scheme_grid(["zeros", "he_normal"], ["relu"], rng=5, **kwargs)
    by_gen = scheme_grid(["zeros", "he_normal"], ["relu"], rng=np.random.default_rng(5), **kwargs)
    np.testing.assert_array_equal(by_seed.final_loss, by_gen.final_loss)
    np.testing.assert_array_equal(by_seed.spread_test_accuracy, by_gen.spread_test_accuracy)


def test_grid_loss_curves_figure_is_deterministic() -> None:
    from initlab.plots import grid_loss_curves, svg

    g = scheme_grid(["zeros", "he_normal"], ["relu", "tanh"], steps=100, n_draws=2, spread=[], grid_size=10)
    first = svg(grid_loss_curves(g), "Loss curves.")
    assert first == svg(grid_loss_curves(g), "Loss curves.")
    with pytest.raises(TypeError, match="SchemeGrid"):
        grid_loss_curves(g.comparisons[0])

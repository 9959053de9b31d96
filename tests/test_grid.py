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


# ----------------------------------------------------------------------------- scheme_trials: draws and learning rates


def test_steps_to_stay_counts_from_the_last_crossing() -> None:
    from initlab.studies.grid import steps_to_stay

    loss = np.array(
        [
            [0.9, 0.05, 0.6, 0.05, 0.01],  # dips, comes back up, then stays: from step 3
            [0.9, 0.05, 0.04, 0.6, 0.7],  # dips and ends above: never
            [0.05, 0.04, 0.03, 0.02, 0.01],  # below from the start: step 0
            [0.9, 0.05, 0.04, 0.03, np.nan],  # ends NaN (diverged): never
        ]
    )
    assert steps_to_stay(loss, 0.1).tolist() == [3, -1, 0, -1]
    assert steps_to_threshold(loss, 0.1).tolist() == [1, 1, 0, 1]


def test_training_setup_standardize() -> None:
    from initlab.studies import training_setup

    raw = training_setup("circles", 300, 100, noise=0.05, rng=6)
    z = training_setup("circles", 300, 100, noise=0.05, standardize=True, rng=6)
    mean, std = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    np.testing.assert_allclose(z.X_train, (raw.X_train - mean) / std)
    np.testing.assert_allclose(z.X_test, (raw.X_test - mean) / std)  # the training set's statistics
    np.testing.assert_allclose(z.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(z.X_train.std(axis=0), 1.0)
    assert z.weight_seed == raw.weight_seed and not z.X_train.flags.writeable
    np.testing.assert_array_equal(z.y_train, raw.y_train)
    with pytest.raises(TypeError, match="standardize"):
        training_setup("circles", 30, 10, standardize="yes")


def test_compare_training_default_is_not_standardized() -> None:
    base = initlab.studies.compare_training(["he_normal"], steps=20, grid_size=4, rng=3)
    same = initlab.studies.compare_training(["he_normal"], steps=20, grid_size=4, rng=3, standardize=False)
    np.testing.assert_array_equal(base.loss, same.loss)
    z = initlab.studies.compare_training(["he_normal"], steps=20, grid_size=4, rng=3, standardize=True)
    assert not np.array_equal(base.X_train, z.X_train)


def test_scheme_trials_runs_are_train_alone() -> None:
    from initlab.studies import training_setup
    from initlab.studies.grid import SchemeTrials, scheme_trials

    kwargs = dict(steps=120, n_draws=3, threshold=0.4, rng=5)
    t = scheme_trials(["zeros", "he_normal", "orthogonal"], ["relu", "tanh"], [0.5, 2.0], **kwargs)
    assert isinstance(t, SchemeTrials)
    assert t.loss.shape == (2, 2, 3, 3, 120) and t.final_dead.shape == (2, 2, 3, 3, 2)
    assert t.settled.shape == t.median_settled_at.shape == t.median_final_loss.shape == (2, 2, 3)
    assert t.dtype == "float32" and t.standardize and t.sizes == (2, 10, 5, 1)
    setup = training_setup("circles", 300, 100, noise=0.05, standardize=True, rng=5)
    seeds = [setup.weight_seed] + [
        initlab.studies._specs.seed_from(np.random.default_rng([setup.weight_seed, k])) for k in (1, 2)
    ]
    for r, lr in enumerate(t.lrs):
        for a, act in enumerate(t.activations):
            for i, name in enumerate(t.schemes):
                for k in (0, 2):
                    net = initlab.mlp(t.sizes, name, act, rng=np.random.default_rng(seeds[k]), dtype=np.float32)
                    h = initlab.train(net, setup.X_train, setup.y_train, lr=lr, steps=120, allow_divergence=True)
                    assert h.loss.tobytes() == t.loss[r, a, i, k].tobytes(), (lr, act, name, k)
                    assert t.first_naive_loss[a, i, k] == h.first_naive_loss or np.isinf(h.first_naive_loss)
                    assert t.test_accuracy[r, a, i, k] == initlab.accuracy(net, setup.X_test, setup.y_test)
    # zeros: every draw is the same net; the others differ from draw to draw
    assert np.all(t.loss[:, :, 0] == t.loss[:, :, 0, :1])
    assert not np.array_equal(t.loss[0, 0, 1, 0], t.loss[0, 0, 1, 1])
    np.testing.assert_array_equal(t.first_loss, t.loss[0, ..., 0])
    np.testing.assert_array_equal(t.final_loss, t.loss[..., -1])
    np.testing.assert_array_equal(t.final_dead[:, 0, 0], 1.0)  # ReLU of zeros: every unit 0 everywhere
    np.testing.assert_array_equal(t.final_dead[:, 1, 0], 1.0)  # tanh(0) = 0 too: zeros' units are 0 everywhere
    np.testing.assert_array_equal(t.final_dead[:, 1, 1:], 0.0)  # random tanh units are not


def test_scheme_trials_summaries() -> None:
    from initlab.studies.grid import scheme_trials

    t = scheme_trials(["zeros", "he_normal"], ["relu"], [0.5], steps=300, n_draws=3, threshold=0.3, rng=1)
    settled = t.settled_at[0, 0, 1]
    assert t.settled[0, 0, 1] == (settled >= 0).sum()
    if (settled >= 0).any():
        assert t.median_settled_at[0, 0, 1] == np.median(settled[settled >= 0])
    assert t.settled[0, 0, 0] == 0 and np.isnan(t.median_settled_at[0, 0, 0])
    assert t.median_final_loss[0, 0, 0] == pytest.approx(np.log(2))


def test_scheme_trials_rejects_bad_arguments() -> None:
    from initlab.studies.grid import scheme_trials

    with pytest.raises(ValueError, match="lrs"):
        scheme_trials(["zeros"], ["relu"], [], steps=2)
    with pytest.raises(ValueError, match="lrs"):
        scheme_trials(["zeros"], ["relu"], [0.5, -1.0], steps=2)
    with pytest.raises(ValueError, match="activations"):
        scheme_trials(["zeros"], [], [0.5], steps=2)
    with pytest.raises(ValueError, match="n_draws"):
        scheme_trials(["zeros"], ["relu"], [0.5], steps=2, n_draws=0)


def test_trial_loss_curves_figure_is_deterministic_and_described() -> None:
    from initlab.plots import svg
    from initlab.plots.grid_curves import describe_trial_loss_curves, trial_loss_curves
    from initlab.studies.grid import scheme_trials

    t = scheme_trials(["zeros", "he_normal"], ["relu", "tanh"], [0.5, 2.0], steps=200, n_draws=2, rng=0)
    caption = describe_trial_loss_curves(t)
    text = str(caption)
    first = svg(trial_loss_curves(t), caption)
    assert first == svg(trial_loss_curves(t), caption)
    assert "relu" in text and "tanh" in text and "zeros" in text and f"{t.steps} full-batch steps" in text
    with pytest.raises(TypeError, match="SchemeTrials"):
        trial_loss_curves(t.loss)

"""The studies the pages run: the course experiment, depth sweeps, training comparisons, symmetry."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import numpy as np
import pytest

import initlab
import initlab.studies
from initlab.studies import (
    DepthSweep,
    TrainingSetup,
    compare_training,
    course_experiment,
    depth_sweep,
    scheme_grid,
    symmetry_study,
    training_setup,
)
from initlab.studies._specs import forward_layers, seed_from


@pytest.fixture(scope="module")
def course():
    return course_experiment()


class TestCourseExperiment:
    """The deeplearning.ai notebook: circles, [2, 10, 5, 1], ReLU + sigmoid, lr 0.01, 15000 steps."""

    def test_setup(self, course) -> None:
        assert course.schemes == ("zeros", "large_normal", "he_normal")
        assert course.sizes == (2, 10, 5, 1) and course.activation == "relu" and course.output == "sigmoid"
        assert course.lr == 0.01 and course.steps == 15000 and course.batch_size is None
        assert course.X_train.shape == (300, 2) and course.X_test.shape == (100, 2)
        assert course.loss.shape == (3, 15000)

    def test_zeros_never_moves(self, course) -> None:
        np.testing.assert_allclose(course.loss[0], np.log(2), rtol=0, atol=1e-12)
        assert course.train_accuracy[0] == 0.5 and course.test_accuracy[0] == 0.5
        np.testing.assert_allclose(course.histories[0].weight_std, 0.0)

    def test_random_times_ten_has_an_infinite_first_cost(self, course) -> None:
        assert course.first_naive_loss[1] == np.inf
        assert np.isfinite(course.loss[1]).all()  # the stable cost is finite from the start
        assert course.loss[1, 0] > 10

    def test_he_trains(self, course) -> None:
        assert course.train_accuracy[2] >= 0.99
        assert course.test_accuracy[2] >= 0.94
        assert course.final_loss[2] < 0.1 < course.loss[2, 0]
        assert np.isfinite(course.first_naive_loss[2])

    def test_decision_function_grid(self, course) -> None:
        ny, nx = course.grid_y.size, course.grid_x.size
        assert course.grid_proba.shape == (3, ny, nx) and course.grid_class.shape == (3, ny, nx)
        np.testing.assert_array_equal(course.grid_proba[0], 0.5)  # zeros: p = 1/2 everywhere
        assert 0.0 <= course.grid_proba[2].min() and course.grid_proba[2].max() <= 1.0
        assert course.grid_x.min() < course.X_train[:, 0].min() and course.grid_y.max() > course.X_train[:, 1].max()

    def test_frozen(self, course) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            course.lr = 1.0


def test_depth_sweep_he_vs_xavier_on_the_same_draws() -> None:
    s = depth_sweep(["glorot_normal", "he_normal"], "relu", depth=30, width=128, n_samples=300, rng=0)
    assert isinstance(s, DepthSweep)
    assert s.labels == ("Glorot normal", "He normal")
    # ReLU is positively homogeneous and the draws are shared: the ratio is exactly 2^(-l/2)
    np.testing.assert_allclose(s.act_std[0] / s.act_std[1], 2.0 ** (-s.layers / 2), rtol=1e-4)
    assert 0.3 < s.act_std[1, -1] / s.act_std[1, 0] < 3  # He holds the signal
    np.testing.assert_array_equal(s.dead[:, 0], 0.0)


def test_depth_sweep_shapes_and_samples() -> None:
    s = depth_sweep(
        ["small_normal", "glorot_uniform", "large_normal"],
        "tanh",
        depth=5,
        width=64,
        n_samples=100,
        max_samples=1000,
        rng=1,
    )
    for name in ("act_mean", "act_std", "grad_mean", "grad_std", "saturated", "dead"):
        assert getattr(s, name).shape == (3, 5), name
    assert s.act_samples.shape == (3, 5, 1000) and s.grad_samples.shape == (3, 5, 1000)
    assert s.layers.tolist() == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(s.act_std[1], s.act_samples[1].std(axis=1), rtol=0.15)
    assert np.all(s.saturated[2] > 0.9)  # large weights: tanh pinned at +-1
    assert np.all(s.saturated[0] == 0)
    assert s.act_std[0, -1] < 1e-4 * s.act_std[0, 0]  # small weights: the signal vanishes
    assert np.all(s.act_std[1] > 0.05)


def test_depth_sweep_zero_init_and_defaults() -> None:
    s = depth_sweep(["zeros"], "relu", depth=3, width=8, n_samples=10, rng=0)
    np.testing.assert_array_equal(s.act_std, 0.0)
    np.testing.assert_array_equal(s.grad_std, 0.0)
    np.testing.assert_array_equal(s.dead, 1.0)
    assert s.act_samples.shape == (1, 3, 80)  # capped at n_samples * width
    a = depth_sweep(["he_normal"], "gelu", depth=3, width=8, n_samples=10, rng=0)
    b = depth_sweep(["he_normal"], "gelu", depth=3, width=8, n_samples=10, rng=0)
    np.testing.assert_array_equal(a.act_samples, b.act_samples)
    assert np.all(np.isnan(a.saturated))


def test_depth_sweep_spread_splits_the_pooled_variance() -> None:
    # float64 sweep: pooled variance = spread^2 + variance of the units' means, exactly (population variances)
    s = depth_sweep(["small_normal", "glorot_normal"], "sigmoid", depth=4, width=32, n_samples=64, dtype=np.float64)
    gen = np.random.default_rng(0)
    X = gen.standard_normal((64, 32))
    gen.standard_normal((64, 32))
    gen.choice(64 * 32, size=min(10_000, 64 * 32), replace=False)
    seed = seed_from(gen)
    for i, name in enumerate(["small_normal", "glorot_normal"]):
        net = initlab.mlp([32] * 6, name, "sigmoid", "softmax", rng=np.random.default_rng(seed))
        _, trace = net.forward(X, trace=True)
        for l, a in enumerate(trace.a[1:-1]):
            assert s.act_std[i, l] == pytest.approx(a.std(), rel=1e-12)  # rebuilt the sweep's net
            assert s.act_spread[i, l] == pytest.approx(np.sqrt(a.var(axis=0).mean()), rel=1e-12)
            assert s.act_std[i, l] ** 2 == pytest.approx(s.act_spread[i, l] ** 2 + a.mean(axis=0).var(), rel=1e-9)
    assert s.act_spread[0, -1] < 1e-3 * s.act_std[0, -1]  # small weights: per-unit offsets, no spread


def test_depth_sweep_spread_is_float64_and_new_fields_leave_the_rest_alone() -> None:
    s = depth_sweep(["small_normal"], "sigmoid", depth=10, width=64, n_samples=100)
    assert s.act_spread.shape == s.wgrad_std.shape == (1, 10)
    assert s.act_samples.dtype == np.float32
    assert 0 < s.act_spread[0, -1] < 1e-10  # below float32's gap near 1/2 (about 6e-8): a float64 pass
    blown = depth_sweep(["large_normal"], "relu", depth=25, width=32, n_samples=20, max_samples=100)
    overflowed = ~np.isfinite(blown.act_std[0])
    assert overflowed.any() and np.all(np.isnan(blown.act_spread[0, overflowed]))
    assert np.all(np.isfinite(blown.act_spread[0, ~overflowed]))
    assert np.all(np.isnan(blown.wgrad_std)) and np.all(np.isnan(blown.grad_std))


def test_depth_sweep_weight_gradient_std() -> None:
    s = depth_sweep(["he_normal"], "tanh", depth=3, width=16, n_samples=20, dtype=np.float64)
    gen = np.random.default_rng(0)
    X, G = gen.standard_normal((20, 16)), gen.standard_normal((20, 16))
    gen.choice(20 * 16, size=min(10_000, 20 * 16), replace=False)
    net = initlab.mlp([16] * 5, "he_normal", "tanh", "softmax", rng=np.random.default_rng(seed_from(gen)))
    _, trace = net.forward(X, trace=True)
    grads = net.backward(trace, dlogits=G)
    for l in range(3):
        per_example = grads.dz[l][:, :, None] * trace.a[l][:, None, :]  # (n, out, in); sums to dW
        np.testing.assert_allclose(per_example.sum(axis=0), grads.dW[l], rtol=1e-10, atol=1e-12)
        assert s.wgrad_std[0, l] == pytest.approx(per_example.std(), rel=1e-10)
    # ReLU on shared draws: a weight gradient scales with the product of the other layers' weight scales
    r = depth_sweep(["glorot_normal", "he_normal"], "relu", depth=4, width=32, n_samples=50)
    np.testing.assert_allclose(r.wgrad_std[0] / r.wgrad_std[1], 2.0 ** (-r.depth / 2), rtol=1e-4)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "selu", "gelu", "linear"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_layers_gives_the_bits_of_the_forward_pass(activation: str, dtype: type) -> None:
    net = initlab.mlp([8, 16, 16, 12, 3], "he_normal", activation, "softmax", rng=0, dtype=dtype)
    X = np.random.default_rng(1).standard_normal((20, 8)).astype(dtype)
    _, trace = net.forward(X, trace=True)
    layers = list(forward_layers(net.weights[:-1], net.biases[:-1], net.activation.f, X))
    assert len(layers) == 3
    for (z, a), tz, ta in zip(layers, trace.z[:-1], trace.a[1:-1]):
        assert z.dtype == a.dtype == np.dtype(dtype)
        assert z.tobytes() == tz.tobytes() and a.tobytes() == ta.tobytes()


def test_depth_sweep_float64_spread_is_the_float64_pass() -> None:
    """A float64 sweep takes act_spread from its own pass: the float64 twin would repeat it bit for bit."""
    s = depth_sweep(["he_normal", "large_normal"], "tanh", depth=5, width=16, n_samples=30, dtype=np.float64)
    gen = np.random.default_rng(0)
    X = gen.standard_normal((30, 16))
    gen.standard_normal((30, 16))
    gen.choice(30 * 16, size=30 * 16, replace=False)
    seed = seed_from(gen)
    for i, scheme in enumerate(["he_normal", "large_normal"]):
        net64 = initlab.mlp([16] * 7, scheme, "tanh", "softmax", rng=np.random.default_rng(seed))
        _, trace = net64.forward(X, trace=True)
        expected = [np.sqrt(np.mean(a.var(axis=0))) for a in trace.a[1:-1]]
        assert s.act_spread[i].tobytes() == np.array(expected).tobytes()


def test_compare_training_small_and_multiclass() -> None:
    r = compare_training(
        ["glorot_normal", "he_normal"],
        dataset="spirals",
        n_train=150,
        n_test=60,
        noise=0.0,
        hidden=(16,),
        activation="tanh",
        output="softmax",
        lr=0.5,
        steps=300,
        grid_size=20,
        rng=0,
    )
    assert r.sizes == (2, 16, 2) and r.loss.shape == (2, 300)
    assert r.grid_proba.shape == (2, 20, 20) and set(np.unique(r.grid_class)) <= {0, 1}
    assert np.all(r.loss[:, -1] < r.loss[:, 0])
    assert len(r.histories) == 2 and r.histories[0].record_steps.size == 50
    assert np.all(r.diverged_at == -1)


def test_compare_training_keeps_a_divergence() -> None:
    r = compare_training(["large_normal"], hidden=(20, 20), activation="linear", lr=50.0, steps=100, grid_size=5)
    assert r.diverged_at[0] >= 0
    assert np.isnan(r.loss[0, -1])


def test_symmetry_constant_units_stay_clones() -> None:
    s = symmetry_study(["constant", "zeros", "he_normal"], steps=300, n_records=4, rng=0)
    assert s.steps.tolist() == [0, 100, 200, 300]
    assert s.weight_cos_max.shape == (3, 4) and s.loss.shape == (3, 300)
    np.testing.assert_allclose(s.weight_cos_max[0], 1.0, atol=1e-12)
    np.testing.assert_allclose(s.weight_spread[0], 0.0, atol=1e-12)
    np.testing.assert_allclose(s.act_spread[0], 0.0, atol=1e-12)
    np.testing.assert_array_equal(s.weight_spread[1], 0.0)  # zeros: clones too (cosine undefined)
    assert np.all(np.isnan(s.weight_cos_max[1]))
    assert s.weight_cos_mean[2, -1] < 0.9 and s.weight_spread[2, -1] > 0.1


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: depth_sweep([], "relu"), ValueError, "schemes must be a non-empty sequence"),
        (lambda: depth_sweep(["he"], "relu"), ValueError, "scheme must be one of .*got 'he'"),
        (
            lambda: depth_sweep(["he_normal"], "swish", depth=2, width=4, n_samples=4),
            ValueError,
            "activation must be one of",
        ),
        (lambda: depth_sweep(["he_normal"], "relu", depth=0), ValueError, "depth must be an integer >= 1, got 0"),
        (lambda: compare_training(["he_normal"], dataset="blobs"), ValueError, "dataset must be one of"),
        (lambda: compare_training(["he_normal"], lr=0, steps=1), ValueError, "lr must be a finite number > 0"),
        (lambda: compare_training(["he_normal"], steps=0), ValueError, "steps must be an integer >= 1, got 0"),
        (lambda: symmetry_study(["he_normal"], layer=3), ValueError, r"layer must be a hidden layer in 1..2, got 3"),
    ],
)
def test_errors(call, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        call()


# ----------------------------------------------------------------------------- the setup; no hidden state


def test_training_setup_is_the_data_and_seeds_compare_training_uses() -> None:
    setup = training_setup("moons", 80, 40, noise=0.1, rng=3)
    assert isinstance(setup, TrainingSetup) and setup.n_classes == 2
    assert setup.sizes((4, 3)) == (2, 4, 3, 1) and setup.sizes((4,), "softmax") == (2, 4, 2)
    for a in (setup.X_train, setup.y_train, setup.X_test, setup.y_test):
        assert not a.flags.writeable
    # the same draws from a Generator as from its seed; a Generator is advanced past them
    gen = np.random.default_rng(3)
    again = training_setup("moons", 80, 40, noise=0.1, rng=gen)
    assert (again.weight_seed, again.batch_seed) == (setup.weight_seed, setup.batch_seed)
    np.testing.assert_array_equal(again.X_test, setup.X_test)
    assert gen.bit_generator.state != np.random.default_rng(3).bit_generator.state
    run = compare_training(
        ["he_normal"], dataset="moons", n_train=80, n_test=40, noise=0.1, hidden=(4, 3), steps=20, grid_size=5, rng=3
    )
    np.testing.assert_array_equal(run.X_train, setup.X_train)
    np.testing.assert_array_equal(run.y_test, setup.y_test)
    assert run.sizes == setup.sizes((4, 3))


def test_training_setup_refuses_too_few_points() -> None:
    with pytest.raises(ValueError, match="n_train must be an integer >= 2"):
        training_setup(n_train=1)


def test_the_same_call_twice_gives_equal_but_independent_results() -> None:
    kwargs = dict(hidden=(6,), lr=0.1, steps=30, grid_size=6, rng=2)
    a, b = compare_training(["he_normal"], **kwargs), compare_training(["he_normal"], **kwargs)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.histories[0].act_std, b.histories[0].act_std)
    assert not np.shares_memory(a.loss, b.loss)
    assert not np.shares_memory(a.histories[0].loss, b.histories[0].loss)
    a.histories[0].loss[:] = np.nan  # what one caller does to its result cannot reach the next call
    c = compare_training(["he_normal"], **kwargs)
    np.testing.assert_array_equal(c.histories[0].loss, b.histories[0].loss)


def _module_state() -> dict[tuple[str, str], object]:
    """Every mutable container and function cache held by a module of initlab.studies, by (module, name)."""
    state = {}
    names = [""] + [f".{info.name}" for info in pkgutil.iter_modules(initlab.studies.__path__)]
    assert len(names) > 5
    for suffix in names:
        module = importlib.import_module(f"initlab.studies{suffix}")
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            if isinstance(value, (dict, list, set, bytearray)):
                state[module.__name__, name] = repr(value)
            elif hasattr(value, "cache_info") and value.__module__ == module.__name__:  # a functools cache
                state[module.__name__, name] = value.cache_info().currsize
    return state


def test_no_study_module_keeps_state_between_calls() -> None:
    before = _module_state()
    compare_training(["zeros", "he_normal"], hidden=(4,), steps=20, grid_size=4)
    course_experiment(steps=10)
    scheme_grid(["zeros", "he_normal"], ["relu"], steps=20, n_draws=2, spread=["he_normal"], grid_size=4)
    symmetry_study(["he_normal", "constant"], steps=10, n_records=2)
    depth_sweep(["he_normal"], "relu", depth=2, width=4, n_samples=5)
    assert _module_state() == before
    # and no function cache at all: a study computes what it needs, every call
    assert not [key for key, value in before.items() if isinstance(value, int)]

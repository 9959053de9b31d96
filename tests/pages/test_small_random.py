"""Sentences of docs/small-random.md that report a result.

Each test runs the page's studies with the page's arguments (the fixtures
below) and checks the sentences it names.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import initlab
from claims import claim
from initlab import studies
from initlab.plots.histograms import describe_layer_histograms

PAGE = "small-random.md"
SMALL_U, SMALL_N, NORMAL_01 = 0, 1, 2  # rows of the page's sweeps


def _schemes() -> list:
    normal_01 = initlab.Scheme("normal_0.1", "N(0, 0.1²)", "normal", stddev=0.1)
    return ["small_uniform", "small_normal", normal_01]


def _per_layer(values: np.ndarray) -> np.ndarray:
    """Geometric-mean std factor per layer, from the first layer to the last (rows are schemes)."""
    return (values[..., -1] / values[..., 0]) ** (1 / (values.shape[-1] - 1))


@pytest.fixture(scope="module")
def tanh() -> studies.DepthSweep:
    return studies.depth_sweep(_schemes(), "tanh", depth=10, width=256)


@pytest.fixture(scope="module")
def sig() -> studies.DepthSweep:
    return studies.depth_sweep(_schemes(), "sigmoid", depth=10, width=256)


@pytest.fixture(scope="module")
def run() -> studies.TrainingComparison:
    return studies.compare_training(
        ["small_normal", "he_normal"],
        dataset="circles",
        hidden=(10, 5),
        activation="relu",
        lr=0.01,
        steps=15_000,
        rng=0,
    )


@claim(
    PAGE,
    "Both slopes peak at $z = 0$ and fall towards 0 on either side.",
    "$\\tanh'(z) = 4\\sigma'(2z) \\le 1$, again reached at $z = 0$",
)
def test_sigmoid_and_tanh_slopes_peak_at_zero() -> None:
    z = np.linspace(-6, 6, 100_001)  # the page's grid
    sigmoid, tanh = initlab.get_activation("sigmoid"), initlab.get_activation("tanh")
    for act, peak in ((sigmoid, 0.25), (tanh, 1.0)):
        slope = act.df(z)
        assert slope.max() == pytest.approx(peak, abs=1e-12) and abs(z[slope.argmax()]) < 1e-9
        half = slope[z >= 0]
        assert np.all(np.diff(half) <= 0) and np.allclose(
            slope, slope[::-1], rtol=1e-9
        )  # falls away from 0, both sides
        assert half[-1] < 0.01 * peak  # towards 0: under 1% of the peak at |z| = 6
    np.testing.assert_allclose(tanh.df(z), 4 * sigmoid.df(2 * z), atol=1e-12)
    assert np.abs(tanh(z) - (2 * sigmoid(2 * z) - 1)).max() < 1e-14


@claim(PAGE, "the weight gradients, which each layer learns from, come out small too")
def test_small_weights_give_smaller_weight_gradients(tanh, sig) -> None:
    for sweep in (tanh, sig):
        assert np.all(sweep.wgrad_std[[SMALL_U, SMALL_N]] < sweep.wgrad_std[NORMAL_01])


@claim(
    PAGE,
    "the activations and the gradients both shrink by a std factor of about",
    "by layer 10 the activations are around",
    "and the gradient that reaches layer 1 is as small",
)
def test_small_normal_shrinks_by_a_sixth_per_layer(tanh) -> None:
    assert 0.15 < _per_layer(tanh.act_std[SMALL_N]) < 0.17
    assert 0.15 < (tanh.grad_std[SMALL_N, 0] / tanh.grad_std[SMALL_N, -1]) ** (1 / 9) < 0.17  # going down
    assert 3e-9 < tanh.act_std[SMALL_N, -1] < 3e-8
    assert 0.5 < tanh.grad_std[SMALL_N, 0] / tanh.act_std[SMALL_N, -1] < 2


@claim(PAGE, "for the two small schemes their product comes out about the same in every layer")
def test_tanh_weight_gradients_are_flat_for_small_schemes(tanh) -> None:
    for row in (SMALL_U, SMALL_N):
        w = tanh.wgrad_std[row]
        assert w.max() / w.min() < 1.2
    assert tanh.wgrad_std[SMALL_N].max() < 1e-7


@claim(
    PAGE,
    "decays slowly, because its variance factor",
    "is a little smaller than",
    "the ratio climbs towards 0.92 as the signal gets smaller",
)
def test_uniform_decays_slowly_below_its_linear_factor(tanh) -> None:
    linear = math.sqrt(256 * 0.1**2 / 3)
    assert 0.8 < _per_layer(tanh.act_std[SMALL_U]) < linear
    ratios = tanh.act_std[SMALL_U, 1:] / tanh.act_std[SMALL_U, :-1]
    assert np.all(np.diff(ratios) > 0) and ratios[-1] < linear


@claim(PAGE, "shrinks slightly and settles, at the std the infinite-width prediction above gives")
def test_normal_01_settles_at_the_fixed_point(tanh) -> None:
    nvar = 256 * 0.1**2
    std = tanh.act_std[NORMAL_01]
    assert std[-1] < std[0]
    assert abs(std[0] - math.sqrt(initlab.variance_map("tanh", nvar))) < 0.01
    assert abs(std[-1] - math.sqrt(initlab.variance_fixed_point("tanh", nvar) / nvar)) < 0.01
    assert np.ptp(std[-4:]) < 0.01 * std[-1]


@claim(PAGE, "ridges turn into spikes at 0 within a few layers")
def test_small_normal_ridges_are_spikes_on_the_shared_axis(tanh) -> None:
    text = str(describe_layer_histograms(tanh, "activations"))
    assert "All panels share one x axis" in text
    part = text.split(tanh.labels[SMALL_N] + ":")[1].split(tanh.labels[NORMAL_01] + ":")[0]
    spikes = re.search(r"layers (\d+)–(\d+) are spikes", part)
    assert spikes and int(spikes[1]) <= 4 and int(spikes[2]) == tanh.depth


@claim(PAGE, "does not vanish either", "nearly the same for every input")
def test_sigmoid_pooled_std_is_per_unit_offsets(sig) -> None:
    assert np.all(sig.act_std[:, -1] > 0.01)
    assert np.all(sig.act_spread[:, -1] < 1e-3 * sig.act_std[:, -1])
    np.testing.assert_allclose(sig.act_mean[:, -1], 0.5, atol=0.02)  # collapse onto 1/2


@claim(
    PAGE,
    "the pre-activations stay near 0 and the spread shrinks by",
    "with the two wider schemes it shrinks a little faster",
    "and the gradient with it",
)
def test_sigmoid_spread_shrinks_by_a_quarter_of_the_std_factor(sig) -> None:
    bound = np.sqrt(256 * np.array([0.1**2 / 3, 0.01**2, 0.1**2])) / 4
    factor = _per_layer(sig.act_spread)
    assert abs(factor[SMALL_N] / bound[SMALL_N] - 1) < 0.03
    for row in (SMALL_U, NORMAL_01):
        assert 0.8 * bound[row] < factor[row] < bound[row]
    down = (sig.grad_std[:, 0] / sig.grad_std[:, -1]) ** (1 / (sig.depth - 1))  # the gradient, going down
    assert np.all(down < 1.01 * bound) and np.all(np.abs(down / factor - 1) < 0.05)


@claim(PAGE, "the spread at layer 10 is far below the gap between neighbouring float32 numbers")
def test_sigmoid_spread_below_float32_resolution(sig) -> None:
    assert sig.act_spread[SMALL_N, -1] < 1e-3 * np.spacing(np.float32(0.5))


@claim(
    PAGE,
    "unlike with tanh, the weight gradients are not flat",
    "the first layer's weight gradient is more than ten orders of magnitude below the last layer's",
)
def test_sigmoid_weight_gradients_vanish_towards_the_input(sig) -> None:
    assert np.all(np.diff(sig.wgrad_std, axis=1) > 0)
    assert sig.wgrad_std[SMALL_N, 0] < 1e-10 * sig.wgrad_std[SMALL_N, -1]


@claim(PAGE, 'far smaller than with tanh (column "∂𝓛/∂a, layer 1" of the tanh table above)')
def test_sigmoid_gradient_far_below_tanh(tanh, sig) -> None:
    assert np.all(sig.grad_std[:, 0] < 1e-3 * tanh.grad_std[:, 0])


@claim(PAGE, "over the whole run its cost moves by the tiny change printed above")
def test_small_start_stays_on_the_plateau(run) -> None:
    assert np.all(np.abs(run.loss[0] - math.log(2)) < 1e-6)


@claim(PAGE, "Its output is nearly $1/2$ for every point")
def test_small_start_outputs_one_half(run) -> None:
    setup = studies.training_setup("circles", 300, 100, noise=0.05, rng=0)  # compare_training's defaults
    net = initlab.mlp(setup.sizes((10, 5)), "small_normal", "relu", rng=np.random.default_rng(setup.weight_seed))
    assert net.loss(setup.X_train, setup.y_train) == pytest.approx(run.loss[0, 0], rel=1e-12)  # the page's net
    assert np.max(np.abs(net.forward(setup.X_train) - 0.5)) < 1e-4


@claim(PAGE, "late in the run", "but its cost falls at every step")
def test_he_is_slow_but_always_falling(run) -> None:
    he = run.loss[1]
    first = int(np.argmax(he < 0.1))
    assert he[first] < 0.1 and first > run.steps // 2
    assert np.all(he[first:] < 0.1)
    assert np.all(np.diff(he) < 0)


def _tanh_std_at_50(std: float, width: int) -> float:
    m = 1.0
    for _ in range(50):
        m = initlab.variance_map("tanh", width * std**2 * m)
    return math.sqrt(m)


@claim(
    "small-random.md",
    "The smallest std on the grid puts $n \\operatorname{Var}(w)$ just above",
    "1, and the real network agrees with the prediction.",
)
def test_exercise_fifty_layer_threshold() -> None:
    best = next(s for s in np.arange(0.05, 0.08, 0.001) if _tanh_std_at_50(s, 256) > 0.1)
    assert 1.0 < 256 * best**2 < 1.05
    normal = initlab.Scheme("best", "best", "normal", stddev=best)
    run = studies.depth_sweep([normal], "tanh", depth=50, width=256, n_samples=500)
    assert run.act_std[0, -1] == pytest.approx(_tanh_std_at_50(best, 256), rel=0.1)


@claim("small-random.md", "The std halves each time the width quadruples, and std × √width is the")
def test_exercise_threshold_scales_with_width() -> None:
    products = []
    for width in (64, 256, 1024, 4096):
        lo, hi = 0.0, 1.0
        for _ in range(40):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _tanh_std_at_50(mid, width) < 0.1 else (lo, mid)
        products.append(hi * math.sqrt(width))
    assert max(products) - min(products) < 1e-6
    assert 0.99 < products[0] < 1.0


@claim(
    PAGE,
    "so the gradient reaching layer 10 has already crossed one weight",
    "its std is already about one layer's std factor, not 1",
)
def test_gradient_at_layer_10_has_crossed_the_readout(tanh, sig) -> None:
    factor = np.sqrt(256 * np.array([0.1**2 / 3, 0.01**2, 0.1**2]))
    for sweep in (tanh, sig):
        np.testing.assert_allclose(sweep.grad_std[:, -1], factor, rtol=0.02)


@claim(
    PAGE,
    "Its gradient, though, *grows* on the way down (layer 10 to layer 1 in the table)",
    "is above 1, the *chaotic* side",
)
def test_normal_01_gradient_grows_going_down(tanh) -> None:
    nvar = 256 * 0.1**2
    assert tanh.grad_std[NORMAL_01, 0] > 1.5 * tanh.grad_std[NORMAL_01, -1]
    q_star = initlab.variance_fixed_point("tanh", nvar)
    assert initlab.mean_field_chi("tanh", q_star, weight_var=nvar) > 1


@claim(PAGE, "with the default `weight_var=1` it returns")
def test_variance_map_default_returns_the_second_moment() -> None:
    z = np.random.default_rng(0).standard_normal(1_000_000)
    assert initlab.variance_map("tanh", 2.56) == pytest.approx(np.mean(np.tanh(1.6 * z) ** 2), rel=1e-2)
    assert initlab.variance_map("tanh", 2.56, weight_var=3.0) == pytest.approx(3 * initlab.variance_map("tanh", 2.56))


@claim(
    PAGE,
    "This He run is not the one on the [Zero](zero.md) and",
    "so He's costs and accuracies there are not these",
)
def test_he_run_differs_from_the_course_run(run, course) -> None:
    import inspect

    assert inspect.signature(studies.compare_training).parameters["rng"].default == 0 != studies.COURSE_SEED
    assert run.sizes == course.sizes and run.lr == course.lr and run.steps == course.steps
    he, course_he = run.schemes.index("he_normal"), course.schemes.index("he_normal")
    assert run.loss[he, 0] != pytest.approx(course.loss[course_he, 0], rel=0.05)
    assert run.final_loss[he] != pytest.approx(course.final_loss[course_he], rel=0.1)
    assert int(np.argmax(run.loss[he] < 0.1)) != int(np.argmax(course.loss[course_he] < 0.1))
    assert f"{run.train_accuracy[he]:.0%}" != f"{course.train_accuracy[course_he]:.0%}"

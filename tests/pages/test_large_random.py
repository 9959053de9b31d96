"""Sentences of docs/large-random.md that report a result.

Each test runs the page's studies with the page's arguments (the fixtures
below, and the session's ``course`` run) and checks the sentences it names.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import initlab
from claims import claim
from initlab import studies

PAGE = "large-random.md"
LARGE = 0  # the row of large_normal in every sweep of the page


@pytest.fixture(scope="module")
def tanh() -> studies.DepthSweep:
    return studies.depth_sweep(["large_normal", "glorot_normal"], "tanh", depth=10, width=256)


@pytest.fixture(scope="module")
def sig() -> studies.DepthSweep:
    return studies.depth_sweep(["large_normal", "glorot_normal"], "sigmoid", depth=10)


@pytest.fixture(scope="module")
def relu() -> studies.DepthSweep:
    return studies.depth_sweep(["large_normal", "he_normal"], "relu", depth=20, width=256)


@pytest.fixture(scope="module")
def relu10() -> studies.DepthSweep:
    return studies.depth_sweep(["large_normal", "he_normal"], "relu", depth=10, width=256)


@pytest.fixture(scope="module")
def first_net() -> tuple[initlab.MLP, np.ndarray, np.ndarray]:
    setup = studies.training_setup("circles", 300, 100, noise=0.05, rng=studies.COURSE_SEED)
    net = initlab.mlp(setup.sizes((10, 5)), init="large_normal", activation="relu", rng=setup.weight_seed)
    return net, setup.X_train, setup.y_train


@claim(PAGE, "every ridge is two spikes at")
def test_tanh_large_is_saturated_in_every_layer(tanh) -> None:
    assert np.all(tanh.saturated[LARGE] > 0.98)
    samples = np.abs(tanh.act_samples[LARGE])
    assert np.mean(samples > 0.97) > 0.98


@claim(PAGE, "about one in a hundred, by the table")
def test_one_unit_in_a_hundred_is_not_saturated(tanh) -> None:
    assert np.all((0.005 < 1 - tanh.saturated[LARGE]) & (1 - tanh.saturated[LARGE] < 0.02))


@claim(PAGE, "But the gradient as a whole does not vanish here.")
def test_saturated_gradient_grows_downwards(tanh, sig) -> None:
    for sweep in (tanh, sig):
        grad = sweep.grad_std[LARGE]
        assert grad[-1] > 1 and np.all(np.diff(grad) < 0)  # grows from layer 10 down to layer 1


@claim(PAGE, "The measured factor (the first line) is of the same order.")
def test_tanh_gradient_factor_matches_variance_analysis(tanh) -> None:
    grad = tanh.grad_std[LARGE]
    measured = (grad[0] / grad[-1]) ** (2 / (tanh.depth - 1))
    z = np.random.default_rng(0).normal(0.0, 160.0, 1_000_000)
    predicted = 256 * 100 * np.mean(initlab.get_activation("tanh").df(z) ** 2)
    assert 0.5 < measured / predicted < 2
    assert abs(predicted / (4 * 160 / (3 * math.sqrt(2 * math.pi))) - 1) < 0.05


@claim(PAGE, "has no line, only one mark at the top edge")
def test_relu_gradient_series_is_blank_after_overflow(relu) -> None:
    assert not np.all(np.isfinite(relu.act_std[LARGE]))
    assert np.all(np.isnan(relu.grad_std[LARGE])) and np.all(np.isnan(relu.wgrad_std[LARGE]))
    assert np.all(np.isfinite(relu.grad_std[1]))


@claim(PAGE, "by about the same std factor per layer as the activations did on their way up")
def test_relu_gradient_grows_down_like_activations_up(relu10) -> None:
    act, grad = relu10.act_std[LARGE], relu10.grad_std[LARGE]
    up = (act[-1] / act[0]) ** (1 / 9)
    down = (grad[0] / grad[-1]) ** (1 / 9)
    assert abs(down / up - 1) < 0.1 and 90 < up < 130


@claim(PAGE, "the product is about the same in every layer, for both schemes")
def test_relu_weight_gradients_flat(relu10) -> None:
    for row in range(2):
        w = relu10.wgrad_std[row]
        assert w.max() / w.min() < 1.5


@claim(PAGE, "That ratio (the last column) is exact and the same in every layer")
def test_relu_weight_gradient_ratio_is_c_to_the_depth(relu10) -> None:
    k = 10 / math.sqrt(2 / 256)
    np.testing.assert_allclose(relu10.wgrad_std[0] / relu10.wgrad_std[1], k**relu10.depth, rtol=1e-4)


@claim(PAGE, "so this is exactly the net it trains")
def test_first_cost_net_is_the_course_net(first_net, course) -> None:
    net, X, y = first_net
    assert course.schemes[1] == "large_normal"
    assert net.loss(X, y) == pytest.approx(course.loss[1, 0], rel=1e-12)
    assert math.isinf(course.first_naive_loss[1]) and math.isinf(net.naive_loss(X, y))


@claim(PAGE, "So the formula typed literally gives nan.", "that is why it reports inf")
def test_literal_formula_nan_and_nansum_inf(first_net) -> None:
    net, X, y = first_net
    p = net.forward(X)[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -np.log(p) * y - np.log(1 - p) * (1 - y)
    assert math.isnan(np.mean(logprobs)) and np.isposinf(np.nansum(logprobs))


@claim(
    PAGE,
    "and the median $|z|$ among them is in the thousands",
    "every unit of the last hidden layer is off for them",
)
def test_wrong_examples_cost_their_logit(first_net) -> None:
    net, X, y = first_net
    z = net.logits(X)[:, 0]
    wrong = (z != 0) & ((z > 0) != (y == 1))
    assert 1000 <= np.median(np.abs(z[wrong])) < 10_000
    last_hidden = net.layer_input(X, len(net.weights))
    assert np.all(last_hidden[z == 0] == 0) and np.sum(z == 0) > 0


@claim(PAGE, "within a few tens of steps its cost is in single digits, and it stays there")
def test_large_start_falls_fast(course) -> None:
    big = course.loss[1]
    first = int(np.argmax(big < 10))
    assert 10 < first < 50 and np.all(big[first:] < 10)


@claim(PAGE, "Then it jumps up and down for the first two thousand steps or so")
def test_large_start_jumps_then_settles(course) -> None:
    big = course.loss[1]
    jumps = np.flatnonzero(big[1:] > 1.1 * big[:-1]) + 1
    assert jumps.size > 100 and 1500 < jumps[-1] < 2500


@claim(PAGE, "ends a little below ln 2 and far above He's")
def test_large_start_ends_below_ln2(course) -> None:
    assert 0.5 < course.final_loss[1] < math.log(2)
    assert course.final_loss[1] > 5 * course.final_loss[2]


@claim(PAGE, "From He the same network, on the same data, ends at 99% train accuracy.")
def test_he_course_accuracy(course) -> None:
    assert round(course.train_accuracy[2], 2) == 0.99


@claim("large-random.md", "At the course's std of 10 nothing overflows, yet the")
def test_exercise_float32_overflow_depth_ten() -> None:
    X = np.random.default_rng(0).standard_normal((100, 256)).astype(np.float32)
    finite = {}
    for std in (10, 500, 600):
        scheme = initlab.Scheme("big", "big", "normal", stddev=std)
        net = initlab.mlp([256] * 11 + [1], init=scheme, dtype=np.float32)
        with np.errstate(over="ignore", invalid="ignore"):
            _, trace = net.forward(X, trace=True)
        finite[std] = bool(np.isfinite(trace.a[10]).all())
        if std == 10:
            assert np.abs(trace.a[10]).max() > 1e10
    assert finite == {10: True, 500: True, 600: False}


@claim("large-random.md", "is in the thousands; with He the two agree.")
def test_exercise_textbook_first_cost() -> None:
    setup = studies.training_setup("circles", 300, 100, noise=0.05, rng=studies.COURSE_SEED)
    X, y = setup.X_train, setup.y_train
    costs = {}
    for init in ("large_normal", "he_normal"):
        net = initlab.mlp(setup.sizes((10, 5)), init=init, activation="relu", rng=setup.weight_seed)
        with np.errstate(divide="ignore"):
            costs[init] = (net.naive_loss(X, y), net.loss(X, y))
    assert costs["large_normal"][0] == np.inf and 1000 <= costs["large_normal"][1] < 10_000
    assert costs["he_normal"][0] == pytest.approx(costs["he_normal"][1], rel=1e-12)


def _rises(course, scheme: str) -> tuple[np.ndarray, np.ndarray]:
    """As on the page: the steps t+1 with J[t+1] > J[t], and each rise relative to J[t]."""
    J = course.loss[course.schemes.index(scheme)]
    up = np.flatnonzero(J[1:] > J[:-1]) + 1
    return up, J[up] / J[up - 1] - 1


@claim(PAGE, "hundreds of steps in each of the first blocks of the table, and in the")
def test_large_start_rises_on_hundreds_of_steps_per_block(course) -> None:
    up, _ = _rises(course, "large_normal")
    for start in (0, 500, 1000, 1500):
        assert 200 <= np.sum((up >= start) & (up < start + 500)) < 500


@claim(PAGE, "zoom on about every other step, often more than doubling $J$")
def test_zoom_rises_every_other_step(course) -> None:
    up, rise = _rises(course, "large_normal")
    big = up[rise > 0.1]
    first, end = int(up[0]), int(up[0]) + 40  # the figure's default window start and zoom
    inside = (up > first) & (up <= end)
    assert 0.4 < inside.sum() / (end - first) < 0.6
    assert np.sum(inside & (rise > 1)) >= inside.sum() / 3
    assert big[-1] > end


@claim(PAGE, "the same data, $J$ never rises once.")
def test_he_cost_never_rises(course) -> None:
    up, _ = _rises(course, "he_normal")
    assert up.size == 0


@claim(PAGE, "shrinks block by block, and after about three thousand steps no step")
def test_largest_rise_shrinks_then_stays_below_one_percent(course) -> None:
    up, rise = _rises(course, "large_normal")
    edges = [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, course.steps]
    tops = [rise[(up >= a) & (up < b)].max() for a, b in zip(edges[:-1], edges[1:], strict=True)]
    assert np.all(np.diff(tops) < 0)
    assert 2500 < up[rise >= 0.01][-1] < 3500 and np.all(rise[up >= 3000] < 0.01)


@claim(PAGE, "1500 to step 3500 $J$ goes up on exactly every other step")
def test_rises_alternate_every_other_step(course) -> None:
    up, _ = _rises(course, "large_normal")
    middle = up[(up >= 1500) & (up < 3500)]
    assert middle.size == 1000 and np.all(np.diff(middle) == 2)


@claim(
    PAGE,
    "row of the table it still rises now and then",
    "doubling $J$ to ripples of less than 1 %, too small to see on the log scale",
)
def test_rises_continue_as_small_ripples(course) -> None:
    up, rise = _rises(course, "large_normal")
    late = up >= 3500
    assert 0 < late.sum() < 0.2 * (course.steps - 3500)  # now and then, not every other step
    assert rise[late].max() < 0.01 and rise[up >= 3000].max() < 0.01
    assert rise[up < 500].max() > 1  # from doubling J


@claim(
    PAGE,
    "He's line is level only on average over draws",
    "over 20 layers these factors wander (the last line; other draws end higher",
)
def test_he_relu_level_only_on_average(relu) -> None:
    first, last = relu.act_std[1, 0], relu.act_std[1, -1]
    assert last < 0.8 * first  # this draw ends lower
    ends, starts = [], []
    for seed in range(1, 12):
        d = studies.depth_sweep(["he_normal"], "relu", depth=20, width=256, n_samples=200, rng=seed)
        starts.append(d.act_std[0, 0])
        ends.append(d.act_std[0, -1])
    ends, starts = np.array(ends), np.array(starts)
    assert np.any(ends > 1.1 * starts) and np.any(ends < 0.9 * starts)
    assert 0.8 < np.mean(ends**2) / np.mean(starts**2) < 1.25  # the second moment: level on average


def test_stable_loss_steps() -> None:
    """The two identities the page uses to reach the stable loss."""
    z = np.linspace(-30, 30, 601)
    sig = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(np.log1p(-sig[z < 20]), -z[z < 20] - np.log1p(np.exp(-z[z < 20])), atol=1e-9)
    np.testing.assert_allclose(np.log1p(np.exp(z)), np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))), rtol=1e-12)
    u = np.linspace(-1, 1, 200_001)
    assert np.trapezoid(1 - u**2, u) == pytest.approx(4 / 3, rel=1e-9)

"""Sentences of docs/compare.md (Side by side) that report a result.

Each test runs the page's studies with the page's arguments: the depth
sweeps of the first section, the training grid (`scheme_trials`) and the
course run (the shared ``course`` fixture).
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest

import initlab
from claims import DOCS, claim
from initlab import studies
from initlab.diagnostics import saturation
from initlab.studies import depth_sweep, training_setup
from initlab.studies._specs import seed_from
from initlab.studies.grid import SchemeTrials, scheme_trials

PAGE = "compare.md"
SCHEMES = list(initlab.SCHEMES)
ACTIVATIONS = ("relu", "tanh", "sigmoid")
FAN_BASED = (
    "standard_uniform",
    "lecun_normal",
    "lecun_uniform",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "orthogonal",
)
FLAVOURS = [(f"{f}_normal", f"{f}_uniform") for f in ("lecun", "glorot", "he")]
LN2 = math.log(2)


@pytest.fixture(scope="module")
def sweeps() -> dict:
    """The page's three depth sweeps (every scheme, 10 layers of 256 units, 200 inputs)."""
    return {act: depth_sweep(SCHEMES, act, depth=10, width=256, n_samples=200) for act in ACTIVATIONS}


@pytest.fixture(scope="module")
def trials(scheme_grid) -> SchemeTrials:
    """The page's training grid, with the page's arguments (the shared ``scheme_grid`` fixture)."""
    return scheme_grid


def test_shared_grid_has_the_pages_arguments(trials) -> None:
    """The shared fixture runs the page's call."""
    same = scheme_trials(SCHEMES, ACTIVATIONS, lrs=(0.5, 2.0), steps=1000, n_draws=5, threshold=0.2, rng=6)
    np.testing.assert_array_equal(trials.settled, same.settled)
    np.testing.assert_array_equal(trials.loss, same.loss)


def per_layer(series: np.ndarray) -> float:
    """The page's std factor per layer: geometric mean from the first entry to the last."""
    with np.errstate(all="ignore"):
        return float((series[-1] / series[0]) ** (1 / (len(series) - 1)))


def factors(sweeps: dict, act: str, name: str) -> tuple[float, float]:
    s, i = sweeps[act], SCHEMES.index(name)
    up = s.act_spread[i] if act == "sigmoid" else s.act_std[i]
    return per_layer(up), per_layer(s.grad_std[i, ::-1])


def draw_seeds(seed: int, n_draws: int) -> list[int]:
    """The weight seeds of `scheme_trials`'s draws: the setup's seed, then one from ``[seed, k]``."""
    return [seed] + [seed_from(np.random.default_rng([seed, k])) for k in range(1, n_draws)]


def cell(trials: SchemeTrials, field: str, act: str, lr: float, name: str) -> np.ndarray:
    return getattr(trials, field)[trials.lrs.index(lr), trials.activations.index(act), trials.schemes.index(name)]


# ----------------------------------------------------------------------------- the schemes


@claim(PAGE, "On a square layer Glorot and LeCun coincide, He is $\\sqrt 2$ larger, and")
def test_square_layer_stds() -> None:
    shape, s = (256, 256), initlab.SCHEMES
    lecun = s["lecun_normal"].std(shape)
    assert s["glorot_normal"].std(shape) == pytest.approx(lecun)
    assert s["he_normal"].std(shape) == pytest.approx(math.sqrt(2) * lecun)
    assert s["standard_uniform"].std(shape) == pytest.approx(lecun / math.sqrt(3))


# ----------------------------------------------------------------------------- the signal at initialization


@claim(
    PAGE,
    "only He (both flavours) keeps the signal at the same scale in both directions.",
    "so they get variance × 1/2, std × $1/\\sqrt 2$ ($\\times 0.71$), per layer.",
    "std × $1/\\sqrt 6$ ($\\times 0.41$) per layer.",
    "He for ReLU keeps the signal's scale over ten layers",
)
def test_relu_factors(sweeps) -> None:
    for name in SCHEMES:
        if name == "zeros":
            continue
        f = factors(sweeps, "relu", name)
        if name.startswith("he_"):
            assert all(abs(x - 1) < 0.05 for x in f), (name, f)
        else:
            assert all(abs(x - 1) > 0.25 for x in f), (name, f)
    for name in ("lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform", "orthogonal"):
        assert all(abs(x - 1 / math.sqrt(2)) < 0.03 for x in factors(sweeps, "relu", name)), name
    assert all(abs(x - 1 / math.sqrt(6)) < 0.03 for x in factors(sweeps, "relu", "standard_uniform"))


@claim(
    PAGE,
    "LeCun, Glorot and orthogonal shrink the signal slowly in both directions",
    "He's doubled variance keeps it within a few percent per layer of its scale, and saturates more units than they "
    "do, most of them in the first layer",
    "LeCun, Glorot and orthogonal (on square layers, tanh's critical point) let the signal fade slowly, and He keeps "
    "it closer to its scale",
)
def test_tanh_factors(sweeps) -> None:
    for name in ("lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform", "orthogonal"):
        assert all(0.85 < x < 1 for x in factors(sweeps, "tanh", name)), name
    for name in ("he_normal", "he_uniform"):
        f = factors(sweeps, "tanh", name)
        assert all(abs(x - 1) < 0.05 for x in f), (name, f)
        for other in ("lecun_normal", "glorot_normal", "orthogonal"):
            g = factors(sweeps, "tanh", other)
            assert abs(f[0] - 1) < abs(g[0] - 1) and abs(f[1] - 1) < abs(g[1] - 1), (name, other)
        saturated = sweeps["tanh"].saturated[SCHEMES.index(name)]
        assert 0 < saturated[-1] < 0.05 and np.argmax(saturated) == 0
        for other in ("lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform", "orthogonal"):
            assert np.all(saturated > sweeps["tanh"].saturated[SCHEMES.index(other)]), (name, other)


@claim(
    PAGE,
    "Their loss per layer is not a constant factor: it shrinks with the signal, whose std fades like "
    "$1/\\sqrt{2l}$ at layer $l$, not exponentially",
    "It also puts tanh on the chaotic side of that critical point: its gradient *grows* on the way down, slowly "
    "here, and the growth compounds in a deeper net.",
    "He keeps it closer to its scale but on the chaotic side, where the gradient grows with depth.",
)
def test_tanh_critical_and_chaotic(sweeps) -> None:
    s = sweeps["tanh"]
    layers = np.arange(1, s.depth + 1)
    for name in ("lecun_normal", "lecun_uniform", "glorot_normal", "glorot_uniform", "orthogonal"):
        std = s.act_std[SCHEMES.index(name)]
        np.testing.assert_allclose(std[1:], 1 / np.sqrt(2 * layers[1:]), rtol=0.05)
        ratios = std[1:] / std[:-1]
        assert ratios[-1] - ratios[0] > 0.1, name  # the per-layer factor climbs towards 1
    for name in ("he_normal", "he_uniform"):
        assert 1 < factors(sweeps, "tanh", name)[1] < 1.1, name
    # mean field: sigma_w^2 = 2 is chaotic for tanh (chi_1 > 1), sigma_w^2 = 1 is critical
    from initlab.meanfield import mean_field_chi, variance_fixed_point

    assert mean_field_chi("tanh", variance_fixed_point("tanh", weight_var=2.0), 2.0) > 1.05


@claim(
    PAGE,
    "by at most $\\tfrac14\\sqrt{n\\operatorname{Var}(w)}$ in std",
    "on the way up and on the way down alike. So for every random scheme but $\\mathcal N(0, 10^2)$ the spread "
    "and gradient columns agree. $\\mathcal N(0, 10^2)$'s pre-activations are far from 0, where the slope is not "
    "$\\tfrac14$, and most of its units saturate: its two columns differ several-fold.",
)
def test_sigmoid_factor_bound(sweeps) -> None:
    for name in FAN_BASED:
        bound = 0.25 * math.sqrt(256 * initlab.SCHEMES[name].std((256, 256)) ** 2)
        spread, grad = factors(sweeps, "sigmoid", name)
        assert spread <= bound and grad <= bound, (name, spread, grad, bound)
    random = [n for n in SCHEMES if initlab.SCHEMES[n].distribution != "constant"]
    assert "large_normal" in random and len(random) == 11
    for name in random:
        spread, grad = factors(sweeps, "sigmoid", name)
        if name == "large_normal":
            assert max(spread, grad) / min(spread, grad) > 3, (spread, grad)
            assert np.all(sweeps["sigmoid"].saturated[SCHEMES.index(name)] > 0.5)
        else:
            assert spread == pytest.approx(grad, rel=0.02), name


@claim(
    PAGE,
    "The sigmoid's activation std in the figure is *pooled* over inputs and units, and it hardly falls. Most of it "
    "is a fixed offset per unit",
)
def test_sigmoid_pooled_std_is_offsets(sweeps) -> None:
    s = sweeps["sigmoid"]
    for name in FAN_BASED:
        i = SCHEMES.index(name)
        assert per_layer(s.act_std[i]) > 0.9, name
        assert s.act_spread[i, -1] < 1e-3 * s.act_std[i, -1], name


@claim(
    PAGE,
    "The normal and uniform flavours of one scheme stay close at every layer "
    "(the line under the std factor table), while schemes of different variance drift apart layer after layer",
    "normal and uniform flavours of one variance stay close layer after layer, different variances drift apart "
    "layer by layer.",
)
def test_flavours_close_at_init(sweeps) -> None:
    apart = max(
        np.exp(np.abs(np.log(x[SCHEMES.index(a)] / x[SCHEMES.index(b)]))).max()
        for s in sweeps.values()
        for a, b in FLAVOURS
        for x in (s.act_std, s.grad_std, s.act_spread)
    )
    assert apart < 1.5
    relu = sweeps["relu"].act_std
    assert relu[SCHEMES.index("he_normal"), -1] / relu[SCHEMES.index("lecun_normal"), -1] > 10 * apart


@claim(
    PAGE,
    "A dash marks zeros, whose signal is exactly 0 at every layer",
    "A factor of 0 marks a signal that *becomes* exactly 0: with constant weights every tanh and sigmoid unit of "
    "the last layers saturates",
)
def test_zeros_and_constant_signals(sweeps) -> None:
    z, c = SCHEMES.index("zeros"), SCHEMES.index("constant")
    for act in ACTIVATIONS:
        assert np.all(np.isnan(factors(sweeps, act, "zeros")))
        assert np.all(sweeps[act].act_spread[z] == 0) and np.all(sweeps[act].grad_std[z] == 0)
    assert factors(sweeps, "tanh", "constant")[1] == 0 and factors(sweeps, "sigmoid", "constant") == (0.0, 0.0)
    for act in ("tanh", "sigmoid"):
        assert sweeps[act].saturated[c, -1] == 1


# ----------------------------------------------------------------------------- training


@claim(PAGE, "Every run is identical to training that network alone with `initlab.train`, to the last bit.")
def test_trials_match_train_alone(trials) -> None:
    setup = training_setup("circles", 300, 100, noise=0.05, standardize=True, rng=6)
    seeds = draw_seeds(setup.weight_seed, trials.n_draws)
    for name, act, lr, k in (
        ("he_normal", "relu", 2.0, 1),
        ("large_normal", "tanh", 0.5, 0),
        ("orthogonal", "sigmoid", 2.0, 4),
    ):
        net = initlab.mlp(trials.sizes, name, act, rng=np.random.default_rng(seeds[k]), dtype=np.float32)
        history = initlab.train(net, setup.X_train, setup.y_train, lr=lr, steps=1000, allow_divergence=True)
        assert history.loss.tobytes() == cell(trials, "loss", act, lr, name)[k].tobytes(), (name, act, lr, k)


@claim(PAGE, "The spikes are real, full-batch gradient descent at these learning rates overshoots now and then.")
def test_runs_go_back_above_the_threshold(trials) -> None:
    bounced = (trials.first_below >= 0) & (trials.settled_at != trials.first_below)
    assert bounced[0].any() and bounced[1].any()


@claim(
    PAGE,
    "which scheme is fastest changes with the weight draw and the learning rate.",
    "which one is fastest is decided by the draw and the learning rate more than by the scheme.",
)
def test_fastest_scheme_changes(trials) -> None:
    def fastest(act: str, lr: float) -> str:
        steps = {
            n: np.median(cell(trials, "settled_at", act, lr, n)[cell(trials, "settled_at", act, lr, n) >= 0])
            for n in FAN_BASED
            if cell(trials, "settled", act, lr, n) >= 3
        }
        return min(steps, key=steps.get)

    assert fastest("relu", 0.5) != fastest("relu", 2.0)
    assert fastest("tanh", 0.5) != fastest("tanh", 2.0)
    assert draws_spread_wider_than_schemes(trials)


@claim(
    PAGE,
    "the differences between these schemes are no larger than the luck of the draw: with ReLU at 0.5, the draws of "
    "every one of them spread over a wider range of steps than the medians of all eight do.",
)
def test_draws_spread_wider_than_schemes(trials) -> None:
    assert draws_spread_wider_than_schemes(trials)


def draws_spread_wider_than_schemes(trials: SchemeTrials) -> bool:
    """With ReLU at 0.5, every fan-based scheme's settled steps span more than the eight medians do."""
    medians = [cell(trials, "median_settled_at", "relu", 0.5, n) for n in FAN_BASED]
    between = max(medians) - min(medians)
    spans = []
    for name in FAN_BASED:
        steps = cell(trials, "settled_at", "relu", 0.5, name)
        steps = steps[steps >= 0]
        spans.append(steps.max() - steps.min())
    return min(spans) > between


@claim(
    PAGE,
    "Zeros and constant weights never train**, with any activation, at either learning rate: every draw is the "
    "same net",
    "Zeros and constant weights fail whatever the activation, learning rate or budget",
)
def test_zeros_and_constant_never_train(trials) -> None:
    for name in ("zeros", "constant"):
        i = trials.schemes.index(name)
        assert np.all(trials.settled[:, :, i] == 0)
        loss = trials.loss[:, :, i]
        assert np.all(loss == loss[..., :1, :]), name  # every draw: the same run


@claim(
    PAGE,
    "do not train in this grid either",
    "The tiny weights hold the cost at $\\ln 2$ for most of every run",
    "only with ReLU at learning rate 2 do some runs begin to leave $\\ln 2$ before the end.",
    "Tiny and huge weights failed every run of this grid too, but within its budget",
    "the grid above shows that $\\mathcal N(0, 10^2)$ does not train there from any of five.",
)
def test_tiny_and_huge_never_train(trials) -> None:
    for name in ("small_normal", "large_normal"):
        assert np.all(trials.settled[:, :, trials.schemes.index(name)] == 0), name
    tiny = trials.loss[:, :, trials.schemes.index("small_normal")]
    np.testing.assert_allclose(tiny[..., : int(0.8 * trials.steps)], LN2, atol=1e-3)  # most of every run
    left = np.abs(tiny[..., -1] - LN2) > 5e-3  # runs that end away from ln 2
    assert left.any() and set(zip(*np.nonzero(left)[:2])) == {(trials.lrs.index(2.0), trials.activations.index("relu"))}


@claim(
    PAGE,
    "A run ten times longer (the same call with `steps=10_000`, not run here) shows how much is the budget: "
    "$\\mathcal N(0, 0.01^2)$ then stays below 0.2 with ReLU at learning rate 0.5 from every draw, and "
    "$\\mathcal N(0, 10^2)$ with sigmoid units from most draws at both learning rates, while $\\mathcal N(0, 10^2)$ "
    "with ReLU or tanh still fails in every run.",
    "with ten times the steps, some of them train.",
)
def test_tiny_and_huge_with_ten_times_the_steps(trials) -> None:
    steps = 10 * trials.steps
    tiny = scheme_trials(["small_normal"], ["relu"], [0.5], steps=steps, n_draws=trials.n_draws)
    assert tiny.settled[0, 0, 0] == trials.n_draws
    large = scheme_trials(["large_normal"], ACTIVATIONS, trials.lrs, steps=steps, n_draws=trials.n_draws)
    sig, others = ACTIVATIONS.index("sigmoid"), [ACTIVATIONS.index(a) for a in ("relu", "tanh")]
    assert np.all(large.settled[:, sig, 0] > trials.n_draws / 2)
    assert np.all(large.settled[:, others, 0] == 0)
    # the same setup as the page's grid, only longer
    page = [trials.schemes.index("large_normal")]
    np.testing.assert_array_equal(large.loss[..., : trials.steps], trials.loss[:, :, page])


@claim(
    PAGE,
    "The large ones start with a high cost (an infinite textbook cost with ReLU and tanh); with ReLU their updates "
    "are huge and kill units, with tanh and sigmoid most of their units start saturated.",
)
def test_large_weights_fail_how(trials) -> None:
    i = trials.schemes.index("large_normal")
    fan = [trials.schemes.index(n) for n in FAN_BASED]
    for a, act in enumerate(trials.activations):
        assert np.median(trials.first_loss[a, i]) > 2 * np.median(trials.first_loss[a][fan]), act
    for act in ("relu", "tanh"):
        assert np.isinf(trials.first_naive_loss[trials.activations.index(act), i]).any(), act
    assert np.all(cell(trials, "final_dead", "relu", 0.5, "large_normal")[:, -1].mean() > 0.5)
    assert np.all(cell(trials, "final_dead", "relu", 2.0, "large_normal")[:, -1].mean() > 0.5)
    setup = training_setup("circles", 300, 100, noise=0.05, standardize=True, rng=6)
    for act in ("tanh", "sigmoid"):
        for seed in draw_seeds(setup.weight_seed, trials.n_draws):
            net = initlab.mlp(trials.sizes, "large_normal", act, rng=np.random.default_rng(seed), dtype=np.float32)
            _, trace = net.forward(setup.X_train, trace=True)
            assert all(saturation(a, act) > 0.6 for a in trace.a[1:-1]), act


@claim(
    PAGE,
    "Yet with sigmoid units their median final cost at learning rate 2 is lower than that of most fan-based schemes.",
)
def test_large_weights_with_sigmoid_beat_most(trials) -> None:
    large = cell(trials, "median_final_loss", "sigmoid", 2.0, "large_normal")
    higher = [n for n in FAN_BASED if cell(trials, "median_final_loss", "sigmoid", 2.0, n) > large]
    assert len(higher) > len(FAN_BASED) / 2


@claim(
    PAGE,
    "$\\mathcal U(\\pm 0.1)$ trains with ReLU in some draws; $\\mathcal N(0, 0.01^2)$, with a six times smaller std, "
    "in none.",
)
def test_small_weights_differ(trials) -> None:
    assert trials.settled[:, 0, trials.schemes.index("small_uniform")].sum() > 0
    assert trials.settled[:, 0, trials.schemes.index("small_normal")].sum() == 0
    ratio = initlab.SCHEMES["small_uniform"].std((1, 1)) / initlab.SCHEMES["small_normal"].std((1, 1))
    assert round(ratio) == 6


@claim(
    PAGE,
    "With ReLU and tanh, every fan-based scheme trains** at learning rate 0.5 in most draws",
    "Orthogonal's smaller first layer does not stop it here.",
    "On the course's shallow net at learning rate 0.5, every fan-based scheme trains with ReLU and tanh in most draws;",
)
def test_fan_based_train_at_small_lr(trials) -> None:
    for act in ("relu", "tanh"):
        for name in FAN_BASED:
            assert cell(trials, "settled", act, 0.5, name) >= 3, (act, name)
        assert cell(trials, "settled", act, 0.5, "orthogonal") == trials.n_draws


@claim(
    PAGE,
    "with tanh, most of them stay below 0.2 only in the last tenth of the run: their cost first dips below it "
    "hundreds of steps earlier and keeps spiking back above",
)
def test_tanh_stays_below_late(trials) -> None:
    late = [n for n in FAN_BASED if cell(trials, "median_settled_at", "tanh", 0.5, n) >= 0.9 * trials.steps]
    assert len(late) > len(FAN_BASED) / 2
    for name in FAN_BASED:
        first = cell(trials, "first_below", "tanh", 0.5, name)
        first = np.median(first[first >= 0])
        assert cell(trials, "median_settled_at", "tanh", 0.5, name) - first >= 200, name


@claim(
    PAGE,
    "ReLU runs of most fan-based schemes end with a dead last hidden layer in some draws (cost $\\ln 2$, one class "
    "predicted; the count is printed above), and every fan-based scheme has fewer draws that stay below 0.2 than at "
    "0.5.",
)
def test_large_lr_kills_relu_units(trials) -> None:
    with_dead = 0
    for name in FAN_BASED:
        dead = cell(trials, "final_dead", "relu", 2.0, name)[:, -1] == 1
        with_dead += bool(dead.any())
        np.testing.assert_allclose(cell(trials, "final_loss", "relu", 2.0, name)[dead], LN2, atol=1e-6)
        np.testing.assert_array_equal(cell(trials, "train_accuracy", "relu", 2.0, name)[dead], 0.5)
        assert not (cell(trials, "final_dead", "relu", 0.5, name)[:, -1] == 1).any()
        assert cell(trials, "settled", "relu", 2.0, name) < cell(trials, "settled", "relu", 0.5, name)
    assert with_dead > len(FAN_BASED) / 2


@claim(
    PAGE,
    "With tanh, the larger rate helps some schemes and hurts others, by one to three draws;",
)
def test_tanh_learning_rate_both_ways(trials) -> None:
    diffs = [
        int(cell(trials, "settled", "tanh", 2.0, n)) - int(cell(trials, "settled", "tanh", 0.5, n)) for n in FAN_BASED
    ]
    assert max(diffs) >= 1 and min(diffs) <= -1
    assert {abs(d) for d in diffs if d} <= {1, 2, 3} and max(abs(d) for d in diffs) == 3


@claim(PAGE, "with ReLU and tanh, each flavour is ahead of the other somewhere in this table, by a draw or more")
def test_neither_flavour_is_ahead(trials) -> None:
    diffs = [
        int(cell(trials, "settled", act, lr, n)) - int(cell(trials, "settled", act, lr, u))
        for n, u in FLAVOURS
        for lr in trials.lrs
        for act in ("relu", "tanh")
    ]
    assert max(diffs) >= 1 and min(diffs) <= -1


@claim(
    PAGE,
    "The sigmoid at learning rate 2 is the exception: He uniform stays below 0.2 from every draw and He normal from "
    "one, and each uniform flavour ends with a lower median cost than its normal twin.",
    'with thirty draws (`scheme_trials(["he_normal", "he_uniform"], ["sigmoid"], [2.0], n_draws=30)`, '
    "not run here) He uniform stays below from 21 and He normal from 6.",
    "its uniform flavour far more often than its normal one.",
)
def test_sigmoid_flavours_differ(trials) -> None:
    assert cell(trials, "settled", "sigmoid", 2.0, "he_uniform") == trials.n_draws
    assert cell(trials, "settled", "sigmoid", 2.0, "he_normal") == 1
    for n, u in FLAVOURS:
        assert cell(trials, "median_final_loss", "sigmoid", 2.0, u) < cell(
            trials, "median_final_loss", "sigmoid", 2.0, n
        ), (n, u)
    more = scheme_trials(["he_normal", "he_uniform"], ["sigmoid"], [2.0], n_draws=30)
    assert more.settled[0, 0].tolist() == [6, 21]
    # its first five draws are the page's: the same seeds
    lr, a = trials.lrs.index(2.0), trials.activations.index("sigmoid")
    page = [trials.schemes.index(n) for n in more.schemes]
    np.testing.assert_array_equal(more.loss[0, 0, :, :5], trials.loss[lr, a, page])
    assert (more.sizes, more.steps, more.threshold, more.standardize) == (
        trials.sizes,
        trials.steps,
        trials.threshold,
        trials.standardize,
    )


@claim(
    PAGE,
    "In this grid, the sigmoid trains only at learning rate 2 within 1000 steps, and only from He's weights** (He "
    "uniform from every draw, He normal from one). He has the largest variance of the fan-based schemes, so it "
    "loses the least at each sigmoid layer (first section)",
    "With sigmoid units, in this grid, only He trains",
    "with the sigmoid, only the larger rate trains at all.",
)
def test_sigmoid_trains_only_from_he(trials, sweeps) -> None:
    a = trials.activations.index("sigmoid")
    assert np.all(trials.settled[trials.lrs.index(0.5), a] == 0)
    at_2 = trials.settled[trials.lrs.index(2.0), a]
    assert {trials.schemes[i] for i in np.flatnonzero(at_2)} == {"he_normal", "he_uniform"}
    shape = (256, 256)
    he = initlab.SCHEMES["he_normal"].std(shape)
    assert all(initlab.SCHEMES[n].std(shape) <= he for n in FAN_BASED)
    for n in FAN_BASED:
        assert min(factors(sweeps, "sigmoid", "he_normal")) >= max(factors(sweeps, "sigmoid", n)) - 1e-3, n


# ----------------------------------------------------------------------------- orthogonal's first layer


@claim(
    PAGE,
    "there orthogonal draws the smallest weights of the fan-based schemes",
    "Where a layer does not widen ($5 \\times 10$, $1 \\times 5$), orthogonal and LeCun have the same std",
)
def test_orthogonal_first_layer(trials) -> None:
    assert trials.sizes == (2, 10, 5, 1)
    first = {n: initlab.SCHEMES[n].std((10, 2)) for n in FAN_BASED}
    assert min(first, key=first.get) == "orthogonal" and first["orthogonal"] == pytest.approx(1 / math.sqrt(10))
    for shape in ((5, 10), (1, 5)):
        assert initlab.SCHEMES["orthogonal"].std(shape) == pytest.approx(initlab.SCHEMES["lecun_normal"].std(shape))
    W = initlab.mlp(trials.sizes, "orthogonal", rng=0).weights[0]  # 10 x 2: orthonormal columns
    np.testing.assert_allclose(W.T @ W, np.eye(2), atol=1e-12)
    assert np.mean(W**2) == pytest.approx(0.1)


# ----------------------------------------------------------------------------- the course experiment


@claim(PAGE, "Zeros and He agree.")
def test_course_zeros_and_he_agree(course) -> None:
    zeros, he = course.schemes.index("zeros"), course.schemes.index("he_normal")
    assert course.train_accuracy[zeros] == 0.5 and course.test_accuracy[zeros] == 0.5
    # the course: 99.3% / 96%; "agree" = within a point (plus rounding)
    assert abs(course.train_accuracy[he] - 0.993) <= 0.011 and abs(course.test_accuracy[he] - 0.96) <= 0.011


@claim(PAGE, "$\\times 10$ ends lower with our draw")
def test_course_large_ends_lower(course) -> None:
    large = course.schemes.index("large_normal")
    assert course.train_accuracy[large] < 0.83 and course.test_accuracy[large] < 0.86


@claim(PAGE, "These are the same runs as on the [Zero](zero.md) and [Large random](large-random.md) pages")
def test_same_course_runs_on_other_pages() -> None:
    for page in ("zero.md", "large-random.md", PAGE):
        assert "course_experiment()" in (DOCS / page).read_text(), page


@claim(
    PAGE,
    "train the same network from seed 0, `compare_training`'s default, not `COURSE_SEED`: another draw of the "
    "circles and of the weights, so their He numbers differ from these.",
)
def test_constant_and_small_random_use_another_draw(course) -> None:
    for page in ("constant.md", "small-random.md"):  # the pages' calls: the course's net from seed 0
        text = (DOCS / page).read_text()
        assert re.search(r"^seed = 0 ", text, re.M), page
        call = re.search(r"compare_training\((.*?)\)\n", text, re.S).group(1)
        for arg in ('dataset="circles"', "hidden=(10, 5)", 'activation="relu"', "lr=0.01", "steps=15_000", "rng=seed"):
            assert arg in call, (page, arg)
    assert inspect.signature(studies.compare_training).parameters["rng"].default == 0 != studies.COURSE_SEED
    other = studies.compare_training(
        ["he_normal"], dataset="circles", hidden=(10, 5), activation="relu", lr=0.01, steps=15_000, rng=0
    )
    he = course.schemes.index("he_normal")
    assert course.sizes == other.sizes
    assert not np.array_equal(course.X_train, other.X_train)
    assert course.loss[he, 0] != other.loss[0, 0] and course.loss[he, -1] != other.loss[0, -1]

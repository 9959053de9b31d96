"""Plots: every function returns a Figure from small, real data, and its SVG is valid and deterministic."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import integrate, stats

import initlab
from initlab import plots, schemes, studies
from initlab.plots import svg

SHAPE = (64, 96)


def check_figure(fig: object, description: str = "A figure for a test.") -> str:
    """Return the figure's SVG after checking it is a Figure with axes and exports cleanly."""
    assert isinstance(fig, Figure)
    assert fig.axes
    markup = svg(fig, description)
    ET.fromstring(markup)
    return markup


# ----------------------------------------------------------------------------
# init_density
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(initlab.SCHEMES))
def test_init_density_every_scheme(name: str) -> None:
    w = initlab.SCHEMES[name](SHAPE, rng=0)
    check_figure(plots.init_density(w, name, SHAPE), f"Histogram of {name} weights against the exact density.")


@pytest.mark.parametrize("name", [n for n, s in initlab.SCHEMES.items() if s.distribution in ("normal", "uniform")])
def test_density_laws_match_what_the_schemes_draw(name: str) -> None:
    """A KS test of each scheme's draws against the law the density plot draws for it."""
    distribution, std = schemes.scheme_law(name, SHAPE)
    w = initlab.SCHEMES[name](SHAPE, rng=1).ravel()
    law = stats.norm(0, std) if distribution == "normal" else stats.uniform(-math.sqrt(3) * std, 2 * math.sqrt(3) * std)
    assert stats.kstest(w, law.cdf).pvalue > 1e-4


@pytest.mark.parametrize("name", ["zeros", "constant"])
def test_constant_laws_match(name: str) -> None:
    distribution, value = schemes.scheme_law(name, SHAPE)
    assert distribution == "constant"
    assert np.all(initlab.SCHEMES[name](SHAPE, rng=0) == value)


@pytest.mark.parametrize("distribution", ["normal", "truncated_normal", "uniform"])
def test_densities_integrate_to_one_with_the_right_std(distribution: str) -> None:
    std = 0.3
    x = np.linspace(-3.0, 3.0, 600_001)
    p = schemes.density(distribution, std, x)
    assert integrate.trapezoid(p, x) == pytest.approx(1.0, abs=1e-4)
    assert math.sqrt(integrate.trapezoid(x * x * p, x)) == pytest.approx(std, rel=1e-4)


def test_truncated_density_matches_the_library_draws() -> None:
    w = initlab.glorot_normal(SHAPE, truncated=True, rng=2).ravel()
    _, std = schemes.scheme_law("glorot_normal", SHAPE)
    sigma = std / initlab.TRUNCATED_STD
    law = stats.truncnorm(-2, 2, scale=sigma)
    assert stats.kstest(w, law.cdf).pvalue > 1e-4
    check_figure(plots.init_density(w, "glorot_normal", SHAPE, distribution="truncated_normal"))


def test_init_density_accepts_a_scheme_object_and_defaults_shape() -> None:
    w = initlab.he_uniform(SHAPE, rng=0)
    check_figure(plots.init_density(w, initlab.get_scheme("he_uniform")))


def test_init_density_bad_input() -> None:
    w = initlab.he_normal(SHAPE, rng=0)
    with pytest.raises(ValueError, match="scheme must be one of"):
        plots.init_density(w, "kaiming")
    with pytest.raises(TypeError, match="scheme must be a scheme name"):
        plots.init_density(w, 3)
    with pytest.raises(ValueError, match="samples must hold at least one value"):
        plots.init_density(np.array([]), "he_normal", SHAPE)
    with pytest.raises(ValueError, match="samples must all be finite"):
        plots.init_density(np.array([1.0, np.inf]), "he_normal", SHAPE)
    with pytest.raises(ValueError, match="distribution must be one of"):
        plots.init_density(w, "he_normal", distribution="cauchy")
    with pytest.raises(ValueError, match="distribution can only be overridden"):
        plots.init_density(w, "orthogonal", distribution="normal")
    with pytest.raises(ValueError, match="bins must be an integer >= 5"):
        plots.init_density(w, "he_normal", bins=2)


# ----------------------------------------------------------------------------
# Study figures, from small real studies
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sweep() -> studies.DepthSweep:
    # zeros (exactly 0: off a log axis) and large normal in float32 at depth 12 (overflows) included on purpose.
    return studies.depth_sweep(
        ["standard_uniform", "glorot_uniform", "zeros", "large_normal"],
        "tanh",
        depth=12,
        width=32,
        n_samples=50,
        max_samples=500,
    )


@pytest.fixture(scope="module")
def run() -> studies.TrainingComparison:
    return studies.compare_training(
        ("zeros", "large_normal", "he_normal"), n_train=60, n_test=20, steps=200, grid_size=20
    )


@pytest.fixture(scope="module")
def study() -> studies.SymmetryStudy:
    return studies.symmetry_study(("constant", "he_normal"), n_train=60, steps=60, n_records=4, layer=2)


def test_std_vs_depth(sweep: studies.DepthSweep) -> None:
    fig = plots.std_vs_depth(sweep)
    assert [ax.get_yscale() for ax in fig.axes] == ["log", "log"]
    check_figure(fig, "Activation and gradient std against depth.")


def test_std_vs_depth_marks_zeros_instead_of_dropping_them(sweep: studies.DepthSweep) -> None:
    fig = plots.std_vs_depth(sweep)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert any("exactly 0" in label for label in labels)
    assert set(sweep.labels) <= set(labels)
    svg(fig, "closing")


def test_std_vs_depth_marks_overflow() -> None:
    blown = studies.depth_sweep(["large_normal"], "relu", depth=40, width=64, n_samples=20, max_samples=100)
    assert not np.all(np.isfinite(blown.act_std))  # float32 overflow, the premise of the test
    fig = plots.std_vs_depth(blown)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert any("inf/NaN" in label for label in labels)
    check_figure(fig)


def test_std_vs_depth_linear(sweep: studies.DepthSweep) -> None:
    fig = plots.std_vs_depth(sweep, log=False)
    assert [ax.get_yscale() for ax in fig.axes] == ["linear", "linear"]
    check_figure(fig)


def test_describe_std_vs_depth_from_the_data(sweep: studies.DepthSweep) -> None:
    text = str(plots.depth.describe_std_vs_depth(sweep))
    assert f"{sweep.depth} hidden layers" in text and f"width {sweep.width}" in text
    for label in sweep.labels:
        assert f"{label}: activations" in text
    assert "exactly 0 at every layer" in text  # zeros
    assert "std ×" in text and "variance" not in text  # per-layer factors are labelled as std factors
    blown = studies.depth_sweep(["large_normal"], "relu", depth=25, width=32, n_samples=20, max_samples=100)
    first = int(np.argmax(~np.isfinite(blown.act_std[0]))) + 1
    text = str(plots.depth.describe_std_vs_depth(blown))
    assert f"inf/NaN from layer {first}" in text and "no gradient line" in text
    he = studies.depth_sweep(["he_normal"], "relu", depth=5, width=32, n_samples=40, max_samples=100)
    factor = (he.act_std[0, -1] / he.act_std[0, 0]) ** (1 / 4)
    assert f"std ×{plots.depth._num(factor)} per layer going up" in str(plots.depth.describe_std_vs_depth(he))


def test_loss_curves_mark_the_infinite_first_cost(run: studies.TrainingComparison) -> None:
    assert np.isinf(run.first_naive_loss[1])  # large normal: log(0) at step 0
    fig = plots.loss_curves(run)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("textbook cost at step 0 = inf" in label for label in labels)
    check_figure(fig)


def test_loss_curves_mark_divergence() -> None:
    run = studies.compare_training(("he_normal",), n_train=40, n_test=10, lr=1e200, steps=50, grid_size=10)
    assert run.diverged_at[0] >= 0  # the premise
    fig = plots.loss_curves(run, log=True)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(f"diverged at step {run.diverged_at[0]}" in label for label in labels)
    check_figure(fig)


def test_loss_curves_thin_long_runs() -> None:
    run = studies.compare_training(("he_normal",), n_train=20, n_test=10, steps=3000, grid_size=5)
    fig = plots.loss_curves(run)
    (line,) = [l for l in fig.axes[0].get_lines() if l.get_label() == "He normal"]
    assert len(line.get_xdata()) <= plots.style._MAX_POINTS
    assert line.get_xdata()[-1] == 2999
    check_figure(fig)
    with pytest.raises(TypeError, match="log must be True, False or None"):
        plots.loss_curves(run, log="auto")


def test_decision_boundaries(run: studies.TrainingComparison) -> None:
    fig = plots.decision_boundaries(run)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 3
    check_figure(fig)
    fig = plots.decision_boundaries(run, ["he_normal"])
    assert len(fig.axes) == 1
    assert "train" in fig.axes[0].get_title() and "test" in fig.axes[0].get_title()
    check_figure(fig)
    with pytest.raises(ValueError, match="schemes must be one of"):
        plots.decision_boundaries(run, ["glorot_normal"])


def test_decision_boundaries_many_classes() -> None:
    run = studies.compare_training(
        ("he_normal",), dataset="spirals", output="softmax", n_train=60, n_test=15, steps=50, grid_size=15
    )
    check_figure(plots.decision_boundaries(run))


@pytest.mark.parametrize("stat", ["mean", "max"])
def test_symmetry(study: studies.SymmetryStudy, stat: str) -> None:
    fig = plots.symmetry(study, stat=stat)
    (line,) = [l for l in fig.axes[0].get_lines() if l.get_label() == "constant 0.5"]
    np.testing.assert_allclose(line.get_ydata(), 1.0)  # clones stay clones
    check_figure(fig)
    with pytest.raises(ValueError, match="stat must be one of"):
        plots.symmetry(study, stat="median")


@pytest.mark.parametrize(
    ("function", "argument"),
    [
        (plots.std_vs_depth, "sweep"),
        (plots.layer_histograms, "sweep"),
        (plots.loss_curves, "comparison"),
        (plots.decision_boundaries, "comparison"),
        (plots.symmetry, "study"),
    ],
)
def test_wrong_data_is_refused(function: object, argument: str, study: studies.SymmetryStudy) -> None:
    with pytest.raises(TypeError, match=rf"{argument} must be an initlab\.studies\.\w+ .*got"):
        function({"act_std": [1.0]})


def test_plots_never_touch_pyplot(run: studies.TrainingComparison) -> None:
    import matplotlib.pyplot as plt

    svg(plots.loss_curves(run), "A loss curve.")
    assert plt.get_fignums() == []


def test_loss_curves_select_schemes(run: studies.TrainingComparison) -> None:
    fig = plots.loss_curves(run, ["zeros", "he_normal"])
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[:2] == ["zeros", "He normal"] and "large N(0, 10²)" not in labels
    check_figure(fig)
    with pytest.raises(ValueError, match="schemes must be one of"):
        plots.loss_curves(run, ["orthogonal"])


@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 10, 5, 1], [3, 1]])
def test_network_diagram(sizes: list[int]) -> None:
    fig = plots.network_diagram(sizes)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "$x_{1}$" in texts
    if max(sizes) <= 3:
        assert "$w^{[1]}_{21}$" in texts or sizes[1] == 1  # row 2 = into unit 2, column 1 = from x1
    check_figure(fig)


def test_network_diagram_bad_sizes() -> None:
    with pytest.raises(ValueError, match="sizes must list at least 2 layers"):
        plots.network_diagram([2])
    with pytest.raises(ValueError, match="sizes must list at least 2 layers"):
        plots.network_diagram([2, 40, 1])
    with pytest.raises(TypeError, match="sizes must be a sequence"):
        plots.network_diagram("221")
    with pytest.raises(ValueError, match="sizes must be an integer >= 1"):
        plots.network_diagram([2, 0, 1])


def test_describe_init_densities() -> None:
    from initlab.plots.densities import describe_init_densities

    shape = (40, 60)
    samples = [
        initlab.lecun_normal(shape, rng=0),
        initlab.lecun_normal(shape, truncated=True, rng=0),
        initlab.lecun_uniform(shape, rng=0),
    ]
    schemes = ["lecun_normal", "lecun_normal", "lecun_uniform"]
    text = str(describe_init_densities(samples, schemes, shape, distributions=[None, "truncated_normal", None]))
    std = initlab.SCHEMES["lecun_normal"].std(shape)
    bound = initlab.initializers.uniform_bound(std)
    assert "40 by 60 layer" in text and text.count(f"{samples[0].size:,} weights") == 3
    assert f"standard deviation {std:.4g}" in text
    assert f"truncated at ±{2 * std / initlab.TRUNCATED_STD:.4g}" in text
    assert f"between {-bound:.4g} and +{bound:.4g}" in text
    for w in samples:
        assert f"std is {w.std():.4g} and it runs from {w.min():.4g} to {w.max():.4g}" in text
    assert "nan" not in text.lower()
    assert "(left)" in text and "(middle)" in text and "(right)" in text


def test_init_densities_titles_write_the_numbers_as_the_caption() -> None:
    from initlab.plots import init_densities
    from initlab.plots.densities import describe_init_densities

    shape = (40, 60)
    samples = [initlab.glorot_normal(shape, rng=0), initlab.glorot_uniform(shape, rng=0)]
    schemes = ["glorot_normal", "glorot_uniform"]
    fig = init_densities(samples, schemes, shape)
    caption = describe_init_densities(samples, schemes, shape)
    std = initlab.SCHEMES["glorot_normal"].std(shape)
    for ax, w in zip(fig.axes, samples):
        said = f"std formula {std:.4g}, drawn {w.std():.4g}"
        assert said in ax.get_title(loc="left") and said in caption.takeaway
    bound = f"{initlab.initializers.uniform_bound(std):.4g}"
    assert f"c = √3 std = {bound}" in [t.get_text() for t in fig.axes[1].texts] and f"+{bound}" in caption.details


def test_describe_std_vs_depth_reference_spread_and_shared_lines() -> None:
    from initlab.plots.depth import _num, describe_std_vs_depth

    s = studies.depth_sweep(["lecun_normal", "glorot_normal", "he_normal"], "relu", depth=6, width=32, n_samples=50)
    text = str(describe_std_vs_depth(s, reference="he_normal", spread=True))
    assert "LeCun normal and Glorot normal (one line" in text
    assert f"is {_num(s.act_std[0, -1] / s.act_std[2, -1])} of He normal's" in text
    assert f"is {_num(s.grad_std[0, 0] / s.grad_std[2, 0])} of He normal's" in text
    for i in range(3):
        assert f"from {_num(s.act_spread[i, 0])} at layer 1 to {_num(s.act_spread[i, -1])} at layer 6" in text
    assert f"the same {s.n_samples} random inputs" in text
    assert "nan" not in text.lower()
    with pytest.raises(ValueError):
        describe_std_vs_depth(s, reference="zeros")


def test_describe_deep_signal() -> None:
    from initlab.plots.depth import _num
    from initlab.plots.papers import describe_deep_signal

    d = studies.deep_linear_signal(depth=100, width=64)
    text = str(describe_deep_signal(d))
    for i, label in enumerate(d.labels):
        assert f"{label} (weight std {_num(float(d.weight_std[i]))})" in text
        if d.first_nonfinite[i]:
            assert f"overflows at layer {d.first_nonfinite[i]}" in text
        elif d.first_zero[i]:
            assert f"exactly 0 from layer {d.first_zero[i]}" in text
        else:
            assert f"{_num(d.act_std[i, -1])} at layer 100" in text
    assert f"prediction {_num(float(d.tanh_mean_field_std[-1]))}" in text
    assert "nan" not in text.lower()


def test_describe_self_normalization() -> None:
    from initlab.plots.depth import _num
    from initlab.plots.papers import describe_self_normalization

    sn = studies.selu_self_normalization(input_vars=(0.25, 4.0), depth=8, width=64)
    text = str(describe_self_normalization(sn))
    for k, v in enumerate(sn.input_var):
        assert f"nput variance {v:g}: mean {_num(sn.act_mean[k, 0])} at layer 1" in text
        assert f"variance {_num(sn.act_var[k, 0])} at layer 1, {_num(sn.act_var[k, -1])} at layer 8" in text
        assert f"(prediction {_num(sn.mean_field_var[k, -1])})" in text
    assert "nan" not in text.lower()


def test_describe_loss_curves_from_the_data(run: studies.TrainingComparison) -> None:
    from initlab.plots.training import describe_loss_curves

    text = str(describe_loss_curves(run))
    assert "nan" not in text and f", {run.steps} steps." in text
    z, he = run.schemes.index("zeros"), run.schemes.index("he_normal")
    assert f"it stays at {run.loss[z, 0]:.6f} throughout, the natural logarithm of two" in text
    assert f"From {run.labels[he]} it falls from {run.loss[he, 0]:.3g} to {run.loss[he, -1]:.3g}" in text
    only = str(describe_loss_curves(run, ["he_normal"]))
    assert run.labels[z] not in only and run.labels[he] in only


def test_describe_decision_boundaries_from_the_data(run: studies.TrainingComparison) -> None:
    from initlab.plots.training import describe_decision_boundaries

    text = str(describe_decision_boundaries(run))
    assert "nan" not in text and run.dataset in text
    z = run.schemes.index("zeros")
    assert f"From {run.labels[z]} weights the network predicts class {run.grid_class[z, 0, 0]} everywhere" in text
    for i in range(len(run.schemes)):
        assert f"{run.train_accuracy[i]:.0%} of the training points and {run.test_accuracy[i]:.0%}" in text


def test_describe_decision_boundaries_shapes() -> None:
    from initlab.plots.training import _boundary_shape

    g = np.linspace(-1, 1, 21)
    X, Y = np.meshgrid(g, g)
    assert _boundary_shape((X + 0.5 * Y > 0.1).astype(int), g, g).startswith("a single straight line")
    assert _boundary_shape((X**2 + Y**2 < 0.3).astype(int), g, g).startswith("a closed curve")
    assert _boundary_shape((Y > X**2 - 0.5).astype(int), g, g).startswith("a curve")


def test_describe_symmetry_from_the_data(study: studies.SymmetryStudy) -> None:
    from initlab.plots.symmetry import describe_symmetry

    for stat in ("mean", "max"):
        text = str(describe_symmetry(study, stat=stat))
        assert "nan" not in text and f"hidden layer {study.layer} over {study.steps[-1]} training steps" in text
        values = getattr(study, f"weight_cos_{stat}")
        for i, label in enumerate(study.labels):
            assert f"With {label} weights" in text
            if np.isfinite(values[i]).all() and np.ptp(values[i]) > 1e-6:
                assert f"starts at {values[i, 0]:.2f}" in text

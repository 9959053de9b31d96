"""The training grid at a glance: `settle_dots` (steps to stay below the threshold) and `trial_curves`."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text

from initlab.plots import svg
from initlab.plots.grid import (
    describe_settle_dots,
    describe_trial_curves,
    median_steps,
    settle_dots,
    trial_curves,
)
from initlab.plots.style import scheme_style
from initlab.plots.svg import Caption
from initlab.studies.grid import SchemeTrials, scheme_trials

SCHEMES = ["zeros", "glorot_normal", "he_normal"]


@pytest.fixture(scope="module")
def trials() -> SchemeTrials:
    """A small grid with hand-set settling steps: known medians, failures and fastest schemes."""
    t = scheme_trials(SCHEMES, ["relu", "tanh"], [0.5, 2.0], steps=60, n_draws=3, rng=0)
    at = np.full(t.settled_at.shape, -1, dtype=np.int64)  # (R, A, S, K); zeros never settles
    at[0, 0, 1] = [30, 10, 20]  # Glorot, relu, lr 0.5: median 20
    at[0, 0, 2] = [5, -1, 15]  # He, relu, lr 0.5: median 15, one failure
    at[1, 0, 2] = [40, -1, -1]  # He, relu, lr 2: two failures, median never
    at[0, 1, 1] = [50, 55, 45]  # Glorot, tanh, lr 0.5: median 50
    return replace(t, settled_at=at)


def artists(fig, a: int) -> dict[str, Line2D]:
    return {line.get_gid(): line for line in fig.axes[a].lines if line.get_gid()}


def test_median_steps_counts_failures_as_never(trials) -> None:
    m = median_steps(trials)
    assert m[0, 0].tolist() == [np.inf, 20.0, 15.0]
    assert np.isinf(m[1, 0, 2]) and m[0, 1, 1] == 50.0


def test_settle_dots_places_draws_medians_and_failures(trials) -> None:
    fig = settle_dots(trials)
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(trials.labels)
    relu = artists(fig, 0)
    np.testing.assert_array_equal(relu["median-glorot_normal-0.5"].get_xdata(), [20.0])
    np.testing.assert_array_equal(relu["draws-glorot_normal-0.5"].get_xdata(), [10, 20, 30])
    np.testing.assert_array_equal(relu["median-he_normal-0.5"].get_xdata(), [15.0])
    assert "median-he_normal-2" not in relu  # two of three draws fail: the median is never
    np.testing.assert_array_equal(relu["draws-he_normal-2"].get_xdata(), [40])
    # failures: a triangle at the right edge, beyond the last step, with the number of failed draws
    for tag, failed in (("zeros-0.5", 3), ("zeros-2", 3), ("he_normal-0.5", 1), ("he_normal-2", 2)):
        never = relu["never-" + tag]
        assert never.get_marker() == ">" and never.get_xdata()[0] > trials.steps
        y = never.get_ydata()[0]
        counts = [t for t in fig.axes[0].texts if t.get_position()[1] == y and t.get_text().isdigit()]
        assert [t.get_text() for t in counts] == [str(failed)], tag
    assert "never-glorot_normal-0.5" not in relu
    # rows in the order of trials.schemes, top to bottom; learning rates as sub-rows; scheme colours
    ys = [relu[f"never-{n}-0.5"].get_ydata()[0] for n in ("zeros", "he_normal")]
    assert ys[0] < ys[1] and fig.axes[0].yaxis_inverted()
    assert relu["median-he_normal-0.5"].get_ydata()[0] < relu["never-he_normal-2"].get_ydata()[0]
    assert relu["median-he_normal-0.5"].get_color() == scheme_style("he_normal")["color"]
    assert relu["median-he_normal-0.5"].get_markerfacecolor() == scheme_style("he_normal")["color"]
    np.testing.assert_array_equal(artists(fig, 1)["median-glorot_normal-0.5"].get_xdata(), [50.0])
    assert any(isinstance(t, Text) and t.get_text() == "never" for t in fig.axes[0].texts)
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[-1] == "count of draws that never stay below\n(filled: learning rate 0.5, hollow: 2)"
    assert relu["never-he_normal-2"].get_markerfacecolor() == "white"  # hollow at learning rate 2, as the legend says


def test_describe_settle_dots_is_built_from_the_data(trials) -> None:
    caption = describe_settle_dots(trials)
    assert isinstance(caption, Caption)
    assert caption.takeaway == (
        "No draw of zeros ever stays below the threshold. The fastest median is He normal's with relu "
        "(step 15, learning rate 0.5) and Glorot normal's with tanh (step 50, learning rate 0.5)."
    )
    assert caption.setup == (
        "circles, net [2, 10, 5, 1], standardized inputs, 3 weight draws, learning rates 0.5 and 2, "
        "60 full-batch steps, threshold 0.2."
    )
    assert caption.details.endswith("2 of 3 schemes with relu and 1 of 3 schemes with tanh stay below it.")
    slower = trials.settled_at.copy()
    slower[0, 0, 2] = [25, -1, 35]
    text = describe_settle_dots(replace(trials, settled_at=slower)).takeaway
    assert "The fastest median is Glorot normal's with relu (step 20, learning rate 0.5)" in text
    never = np.full(trials.settled_at.shape, -1, dtype=np.int64)
    text = describe_settle_dots(replace(trials, settled_at=never)).takeaway
    assert text == (
        "No draw of zeros, Glorot normal or He normal ever stays below the threshold. "
        "No scheme stays below the threshold in at least half its draws."
    )


def test_trial_curves_draws_medians_of_the_chosen_schemes(trials) -> None:
    fig = trial_curves(trials, ["he_normal", "zeros"])
    assert len(fig.axes) == 4  # 2 learning rates x 2 activations
    ax = fig.axes[1]  # lr 0.5, tanh
    lines = [line for line in ax.lines if not line.get_label().startswith("_")]
    assert [line.get_label() for line in lines] == ["zeros", "He normal"]  # settling medians last, on top
    expected = np.median(trials.loss[0, 1, 2], axis=0)
    np.testing.assert_allclose(lines[1].get_ydata(), expected)
    assert lines[1].get_color() == scheme_style("he_normal")["color"]
    assert len(ax.collections) == 2  # one shaded range per scheme
    caption = describe_trial_curves(trials, ["he_normal", "zeros"])
    he = int(median_steps(trials)[0, 0, 2])
    assert caption.takeaway == (
        f"The median of He normal ends below the threshold with relu (learning rate 0.5), from step {he} "
        f"(of {trials.steps}); the median of zeros never does."
    )
    dots = [l for l in fig.axes[0].lines if l.get_marker() == "o"]  # lr 0.5, relu: He's median settle step
    assert len(dots) == 1 and list(dots[0].get_xdata()) == [he] and list(dots[0].get_ydata()) == [trials.threshold]
    assert not [l for l in ax.lines if l.get_marker() == "o"]  # lr 0.5, tanh: no median settles
    assert [a.get_ylabel() for a in fig.axes[::2]] == ["cost J", "cost J"]
    dashed = {line.get_label(): line.get_linestyle() for line in lines}
    assert dashed["He normal"] == "--" and dashed["zeros"] == "--"  # lr 0.5, tanh: neither median settles
    solid = [line for line in fig.axes[0].lines if line.get_label() == "He normal"]
    assert solid[0].get_linestyle() == "-"  # lr 0.5, relu: He's median settles
    assert caption.details.startswith("Training cost against step for zeros and He normal")
    at = trials.settled_at.copy()
    at[:, :, 1] = 7  # Glorot settles everywhere
    text = describe_trial_curves(replace(trials, settled_at=at), ["glorot_normal", "he_normal"]).takeaway
    assert text.startswith(
        "The median of Glorot normal ends below the threshold with relu and tanh, from step 7 at learning rate "
    )


def test_trial_curves_settle_dots_of_coinciding_steps_do_not_overlap(trials) -> None:
    at = trials.settled_at.copy()
    at[0, 0, 1] = at[0, 0, 2] = [20, 20, 20]  # Glorot and He settle at the same step: relu, lr 0.5
    fig = trial_curves(replace(trials, settled_at=at), SCHEMES)
    fig.canvas.draw()
    dots = {gid: line for gid, line in artists(fig, 0).items() if gid.startswith("settle-")}
    assert set(dots) == {"settle-glorot_normal", "settle-he_normal"}
    where = {gid: line.get_transform().transform((20, trials.threshold)) for gid, line in dots.items()}
    glorot, he = where["settle-glorot_normal"], where["settle-he_normal"]
    assert glorot[0] == pytest.approx(he[0])  # the same step, so the same x
    size = max(line.get_markersize() for line in dots.values()) * fig.dpi / 72  # a dot's diameter in pixels
    assert abs(glorot[1] - he[1]) > size  # one above the other, apart
    for line in dots.values():  # still at the threshold in data, shifted a few points only
        assert list(line.get_xdata()) == [20] and list(line.get_ydata()) == [trials.threshold]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "median of the draws' settle steps\n(as in the dot plot)" in labels


def test_figures_are_deterministic(trials) -> None:
    text = describe_settle_dots(trials)
    assert svg(settle_dots(trials), text) == svg(settle_dots(trials), text)
    text = describe_trial_curves(trials, SCHEMES)
    assert svg(trial_curves(trials, SCHEMES), text) == svg(trial_curves(trials, SCHEMES), text)


def test_bad_input_raises(trials) -> None:
    for f in (settle_dots, describe_settle_dots, trial_curves, describe_trial_curves, median_steps):
        with pytest.raises(TypeError, match="trials must be an initlab.studies.SchemeTrials"):
            f(trials.loss)
    with pytest.raises(ValueError, match=r"schemes must name at least one scheme of trials .*'lecun_normal'"):
        trial_curves(trials, ["lecun_normal"])
    with pytest.raises(ValueError, match="schemes must name at least one scheme"):
        describe_trial_curves(trials, [])
    with pytest.raises(TypeError, match="schemes must be a sequence of scheme names, got 'he_normal'"):
        trial_curves(trials, "he_normal")
    five = replace(trials, lrs=(0.1, 0.2, 0.5, 1.0, 2.0))
    with pytest.raises(ValueError, match="trials must have 1 to 4 learning rates for settle_dots, got 5"):
        settle_dots(five)


def test_range_band_holds_every_draw_and_spike_with_fewer_points() -> None:
    from initlab.plots.grid import _envelope

    rng = np.random.default_rng(3)
    runs = rng.lognormal(size=(5, 1000))
    runs[2, 537] = 50.0  # a one-step spike an evenly thinned band would skip
    x, low, high = _envelope(runs, 250)
    assert x.shape == low.shape == high.shape == (250,)
    assert x[0] == 0 and x[-1] == 999 and np.all(np.diff(x) > 0)
    assert high.max() == 50.0 and low.min() == runs.min()
    # every value lies inside the band of the bucket its step falls in
    bucket = np.searchsorted(np.linspace(0, 1000, 251).round()[1:], np.arange(1000), side="right")
    assert np.all(runs >= low[bucket]) and np.all(runs <= high[bucket])
    x, low, high = _envelope(runs[:, :100], 250)  # fewer steps than buckets: one point per step
    assert np.array_equal(low, runs[:, :100].min(axis=0)) and x.size == 100


def test_settle_dots_legend_fits_inside_the_figure() -> None:
    """A legend wider than the figure pushes its first column's markers off the canvas (they vanish)."""
    trials = scheme_trials(["zeros", "he_normal"], ("relu",), lrs=(0.5, 2.0), steps=40, n_draws=2, rng=0)
    fig = settle_dots(trials)
    fig.canvas.draw()
    box = fig.legends[0].get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width


def test_trial_curves_legend_fits_inside_the_figure() -> None:
    trials = scheme_trials(
        ["small_normal", "glorot_normal", "he_normal"], ("relu",), lrs=(0.5,), steps=40, n_draws=2, rng=0
    )
    fig = trial_curves(trials, ["small_normal", "glorot_normal", "he_normal"])
    fig.canvas.draw()
    box = fig.legends[0].get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width

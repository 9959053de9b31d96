"""The training figures (loss curves, decision boundaries, unit symmetry): one cost axis, class styles, captions."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

from initlab import plots, studies
from initlab.plots.palette import CLASS_STYLES
from initlab.plots.style import SCHEME_STYLES, _LogTicks
from initlab.plots.svg import Caption


@pytest.fixture(scope="module")
def run() -> studies.TrainingComparison:
    return studies.compare_training(("zeros", "he_normal"), n_train=60, n_test=20, steps=300, grid_size=20)


@pytest.fixture(scope="module")
def study() -> studies.SymmetryStudy:
    return studies.symmetry_study(("constant", "small_normal", "he_normal"), n_train=60, steps=60, n_records=4, layer=2)


def test_loss_curves_share_one_log_cost_axis_without_markers(run: studies.TrainingComparison) -> None:
    # zeros at ln 2 and He falling: a span the old rule (factor 20) drew linear
    fig = plots.loss_curves(run)
    (ax,) = fig.axes
    assert ax.get_yscale() == "log" and isinstance(ax.yaxis.get_major_locator(), _LogTicks)
    assert all(line.get_marker() in ("None", "none", "", None) for line in ax.get_lines() if line.get_label()[0] != "_")
    assert ax.get_title(loc="left") == "" and not fig.get_suptitle()
    assert ax.get_legend() is None and len(fig.legends) == 1  # the legend sits below, off the data
    assert plots.loss_curves(run, log=False).axes[0].get_yscale() == "linear"
    assert "log axis" in describe(run).details
    assert "linear axis" in plots.describe_loss_curves(run, log=False).details


def describe(run: studies.TrainingComparison) -> Caption:
    return plots.describe_loss_curves(run)


def test_loss_caption_takeaway_and_setup_from_the_data(run: studies.TrainingComparison) -> None:
    caption = describe(run)
    assert isinstance(caption, Caption)
    z, he = run.schemes.index("zeros"), run.schemes.index("he_normal")
    assert caption.takeaway.startswith(f"Zeros stays at {run.loss[z, 0]:.6f} (ln 2); ")
    assert f"{run.labels[he]} falls from {run.loss[he, 0]:.3g} to {run.loss[he, -1]:.3g}" in caption.takeaway
    assert caption.setup == f"{run.dataset}, net {list(run.sizes)}, {run.activation}, learning rate {run.lr:g}, " + (
        f"{run.steps} steps."
    )
    deep = studies.he_2015_training(depth=6, width=8, steps=5, lr=0.05)
    assert ", 6 hidden layers of width 8, " in plots.describe_loss_curves(deep).setup


def test_decision_boundaries_draw_classes_in_class_styles(run: studies.TrainingComparison) -> None:
    fig = plots.decision_boundaries(run)
    schemes = {s.color.lower() for s in SCHEME_STYLES.values()}
    for ax in fig.axes:
        assert ax.get_title() and ax.title.get_color() not in schemes
        drawn = set()
        for coll in ax.collections:
            colors = coll.get_facecolors() if len(coll.get_facecolors()) else coll.get_edgecolors()
            drawn |= {to_hex(c[:3]) for c in colors}
        assert {s.color for s in CLASS_STYLES} <= drawn and not drawn & schemes
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["class 0", "class 1", "train (filled)", "test (hollow)"]


def test_decision_caption_from_the_data(run: studies.TrainingComparison) -> None:
    caption = plots.describe_decision_boundaries(run)
    z, he = run.schemes.index("zeros"), run.schemes.index("he_normal")
    assert caption.takeaway.startswith(f"Zeros predicts class {run.grid_class[z, 0, 0]} everywhere, no boundary")
    assert f"{run.labels[he]} " in caption.takeaway
    assert f"(train {run.train_accuracy[he]:.0%}, test {run.test_accuracy[he]:.0%})" in caption.takeaway
    assert "class 0: blue-grey circles; class 1: sand triangles" in caption.details
    assert caption.setup.startswith(f"{run.dataset}, net {list(run.sizes)}")


def test_symmetry_draws_the_mean_with_the_max_faint(study: studies.SymmetryStudy) -> None:
    fig = plots.symmetry(study)
    assert not fig.get_suptitle()
    for ax, what in zip(fig.axes, ("weight", "act")):
        solid = {l.get_label(): l for l in ax.get_lines() if not l.get_label().startswith("_")}
        faint = [l for l in ax.get_lines() if l.get_label().startswith("_") and l.get_alpha() is not None]
        assert len(faint) == len(study.labels)
        for i, label in enumerate(study.labels):
            np.testing.assert_array_equal(solid[label].get_ydata(), getattr(study, f"{what}_cos_mean")[i])
            np.testing.assert_array_equal(faint[i].get_ydata(), getattr(study, f"{what}_cos_max")[i])
    only = plots.symmetry(study, stat="max")
    assert all(line.get_alpha() is None for line in only.axes[0].get_lines())
    assert "faint: most alike pair" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_symmetry_marks_the_first_undefined_step_once() -> None:
    s = studies.symmetry_study(("zeros",), n_train=30, steps=20, n_records=4, layer=2)
    assert np.isnan(s.weight_cos_mean).all()  # the premise: zero weights, no cosine anywhere
    fig = plots.symmetry(s)
    circles = [l for l in fig.axes[0].get_lines() if l.get_marker() == "o"]
    assert len(circles) == 1 and len(circles[0].get_xdata()) == 1
    assert "from step 0" in plots.describe_symmetry(s).details


def test_symmetry_caption_from_the_data(study: studies.SymmetryStudy) -> None:
    caption = plots.describe_symmetry(study)
    mean, top = study.weight_cos_mean, study.weight_cos_max
    assert caption.takeaway.startswith(f"With {study.labels[0]} the units stay clones: the mean |cos|")
    assert f"is {mean[0, 0]:.6f} throughout" in caption.takeaway
    assert f"with {study.labels[2]} at {mean[2, -1]:.2f}" in caption.takeaway
    best = max((1, 2), key=lambda i: top[i, -1])
    assert f"{study.labels[best]}'s most alike pair (faint line) ends at {top[best, -1]:.2f}" in caption.takeaway
    assert caption.setup == (
        f"Hidden layer {study.layer} of net {list(study.sizes)}, {study.activation}, {study.dataset}, "
        f"learning rate {study.lr:g}, {study.steps[-1]} steps."
    )
    assert "faint" not in plots.describe_symmetry(study, stat="max").takeaway


def test_loss_caption_names_at_most_two_jumps_else_counts_them(run: studies.TrainingComparison) -> None:
    from dataclasses import replace

    from initlab.plots.training import _spikes

    y = np.array([1.0, 0.8, 0.6, 0.9, 1.3, 0.5, 0.4, 0.45, 0.3, 0.6, 0.2, 0.1])  # one-step rises ×1.5, ×1.44, ×2
    assert _spikes(y) == [3, 9]  # ×1.44 and ×1.1 are no jumps
    assert _spikes(np.linspace(1.0, 0.1, 12)) == []
    assert _spikes(np.array([0.0, 0.0, 1.0, np.inf, 2.0])) == [2]  # 0 -> 0 and a step into inf are no jumps
    he = run.schemes.index("he_normal")
    loss = np.array(run.loss, dtype=np.float64)
    assert loss.shape[1] >= 12
    loss[he] = np.concatenate([y, np.full(loss.shape[1] - 12, 0.05)])
    caption = plots.describe_loss_curves(replace(run, loss=loss), ["he_normal"])
    assert ", with jumps to 0.9 (step 3) and 0.6 (step 9)" in caption.takeaway
    assert "A jump: one step that raises the cost ×1.5 or more." in caption.details
    many = np.concatenate([y, [0.1, 0.3, 0.1], np.full(loss.shape[1] - 15, 0.05)])  # a third jump, to 0.3 (×3)
    loss[he] = many
    text = plots.describe_loss_curves(replace(run, loss=loss), ["he_normal"]).takeaway
    assert ", with 3 jumps of ×1.5 or more between steps 3 and 13, the highest to 0.9 (step 3)" in text
    assert "jumps to" not in text
    smooth = plots.describe_loss_curves(
        replace(run, loss=np.linspace(1.0, 0.1, loss.shape[1])[None].repeat(len(loss), 0))
    )
    assert "jump" not in str(smooth)

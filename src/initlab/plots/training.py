r"""Training figures: loss curves, decision boundaries, unit symmetry, the scheme grids."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, NullFormatter
from matplotlib.transforms import blended_transform_factory

from .._validation import check_choice
from ..studies import SymmetryStudy, TrainingComparison
from .style import (
    EXTRA_COLORS,
    WIDTH,
    _check_data,
    _figure,
    _legend_below,
    _power_of_ten,
    _series,
    _setup,
    _style,
    _suptitle,
    _thin,
)

# ----------------------------------------------------------------------------
# Training: loss curves, decision boundaries
# ----------------------------------------------------------------------------


def loss_curves(
    comparison: TrainingComparison, schemes: Sequence[str] | None = None, *, log: bool | None = None
) -> Figure:
    r"""Training cost against step, one line per scheme.

    A run that diverged stops where its cost turned NaN/inf; the step is
    marked at the top edge. A scheme whose textbook cross-entropy was
    infinite at step 0 (a probability rounded to exactly 0 or 1) gets a
    marker at step 0 on the top edge; the line itself is the stable cost
    computed from the logits, which stays finite.

    Parameters
    ----------
    comparison
        The result of [`compare_training`][initlab.studies.comparison.compare_training] (or
        [`course_experiment`][initlab.studies.comparison.course_experiment]).
    schemes
        Names of the schemes to show (default: all, in order).
    log
        Log-scale y axis; by default when the finite costs span more than a
        factor of 20.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("comparison", comparison, TrainingComparison)
    picked = _pick(comparison, schemes)
    loss = np.asarray(comparison.loss, dtype=np.float64)
    finite = loss[picked][np.isfinite(loss[picked]) & (loss[picked] > 0)]
    if log is None:
        log = bool(finite.size) and finite.max() / finite.min() > 20
    elif not isinstance(log, (bool, np.bool_)):
        raise TypeError(f"log must be True, False or None, got {log!r}")
    fig = _figure(WIDTH, 3.4)
    ax = fig.add_subplot()
    if log and finite.size:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.yaxis.set_minor_formatter(NullFormatter())
    _setup(ax, "step", "cost J")
    keep = _thin(loss.shape[1])
    steps = np.arange(loss.shape[1])
    at_top = blended_transform_factory(ax.transData, ax.transAxes)
    kinds: set[str] = set()
    notes = []
    for i in picked:
        label, style = comparison.labels[i], _style(comparison, i)
        x, y = steps[keep], loss[i, keep]
        stop = int(comparison.diverged_at[i])
        if stop >= 0:  # end the line where it diverged and mark that step once
            x, y = x[x < stop], y[x < stop]
            ax.plot([stop], [1.0], "^", color=style["color"], markersize=8, transform=at_top, clip_on=False, zorder=5)
            kinds.add("overflow")
            notes.append(f"{label}: diverged at step {stop}")
        _series(ax, x, y, style, label, log=log and bool(finite.size), markevery=max(1, len(keep) // 10))
        if not np.isfinite(comparison.first_naive_loss[i]):
            ax.plot([0], [1.0], "^", color=style["color"], markersize=8, transform=at_top, clip_on=False, zorder=5)
            notes.append(f"{label}: textbook cost at step 0 = {comparison.first_naive_loss[i]}")
    handles, labels = ax.get_legend_handles_labels()
    for note in notes:
        handles.append(Line2D([], [], linestyle="none", marker="^", color="black", markerfacecolor="none"))
        labels.append(note)
    ax.legend(handles, labels, loc="upper right", fontsize="small")  # "best" costs 0.4 s a figure
    ax.set_xlim(0, loss.shape[1])
    ax.margins(y=0.12)  # keep the lines clear of the marks on the top edge
    ax.set_title(
        f"{comparison.dataset}, net {list(comparison.sizes)}, {comparison.activation}, learning rate {comparison.lr:g}",
        loc="left",
        fontsize="medium",
        pad=10,
    )
    return fig


def _pick(data: TrainingComparison, schemes: Sequence[str] | str | None) -> list[int]:
    """Row indices of the schemes named in ``schemes`` (all of them for ``None``)."""
    if schemes is None:
        return list(range(len(data.schemes)))
    if isinstance(schemes, str):
        schemes = [schemes]
    picked = [data.schemes.index(check_choice("schemes", s, data.schemes)) for s in schemes]
    if not picked:
        raise ValueError(f"schemes must name at least one of {', '.join(data.schemes)}, got {schemes!r}")
    return picked


def _class_colors(k: int) -> list[str]:
    return list(EXTRA_COLORS[:2]) if k <= 2 else [EXTRA_COLORS[c % len(EXTRA_COLORS)] for c in range(k)]


def decision_boundaries(comparison: TrainingComparison, schemes: Sequence[str] | None = None) -> Figure:
    r"""The trained nets' decision regions with the data: one panel per scheme.

    The region of each predicted class is tinted in that class's colour, the
    stronger the more confident the net (transparent where it hesitates);
    the line is the decision boundary ($p = 1/2$ for two classes). Training
    points are circles, test points crosses, coloured by their true class.
    Train and test accuracies are in each panel's title.

    Parameters
    ----------
    comparison
        The result of [`compare_training`][initlab.studies.comparison.compare_training].
    schemes
        Names of the schemes to show (default: all, in order).

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("comparison", comparison, TrainingComparison)
    picked = _pick(comparison, schemes)
    k = int(max(comparison.y_train.max(), comparison.y_test.max())) + 1
    colors = _class_colors(k)
    rgb = np.array([to_rgb(c) for c in colors])
    n = len(picked)
    cols = min(n, 3)
    rows = -(-n // cols)
    fig = _figure(WIDTH, 0.6 + rows * (WIDTH / cols) * 0.92)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
    gx, gy = comparison.grid_x, comparison.grid_y
    extent = (gx[0], gx[-1], gy[0], gy[-1])
    for ax, i in zip(axes, picked):
        proba, cls = comparison.grid_proba[i], comparison.grid_class[i]
        if np.all(np.isfinite(proba)):
            confidence = (np.abs(2 * proba - 1) if k == 2 else (proba - 1 / k) / (1 - 1 / k)).clip(0, 1)
            image = np.concatenate([rgb[cls], (0.55 * confidence)[..., None]], axis=-1)
            ax.imshow(image, origin="lower", extent=extent, aspect="auto", interpolation="none")
            if np.ptp(cls) > 0:
                ax.contour(
                    gx,
                    gy,
                    cls if k > 2 else proba,
                    levels=[0.5] if k == 2 else np.arange(k - 1) + 0.5,
                    colors="black",
                    linewidths=1.0,
                    alpha=0.8,
                )
        else:
            ax.text(0.5, 0.5, "diverged: no decision function", transform=ax.transAxes, ha="center", va="center")
        for X, y, marker, size in (
            (comparison.X_train, comparison.y_train, "o", 14),
            (comparison.X_test, comparison.y_test, "X", 22),
        ):
            # Vector up to a few hundred points (crisper, and no heavier than a PNG); svg() rasterizes more.
            ax.scatter(
                X[:, 0], X[:, 1], c=[colors[c] for c in y], marker=marker, s=size, edgecolors="black", linewidths=0.4
            )
        ax.set_xlim(extent[:2])
        ax.set_ylim(extent[2:])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(
            f"{comparison.labels[i]}\ntrain {comparison.train_accuracy[i]:.0%}, test {comparison.test_accuracy[i]:.0%}",
            fontsize="medium",
            color=_style(comparison, i)["color"],
        )
    for ax in axes[n:]:
        ax.set_visible(False)
    handles = [
        Line2D([], [], linestyle="none", marker="o", color=colors[c], markeredgecolor="black", label=f"class {c}")
        for c in range(k)
    ]
    handles += [
        Line2D([], [], linestyle="none", marker="o", color="black", markerfacecolor="none", label="train"),
        Line2D([], [], linestyle="none", marker="X", color="black", markerfacecolor="none", label="test"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize="small", frameon=False)
    return fig


# ----------------------------------------------------------------------------
# Symmetry over training
# ----------------------------------------------------------------------------


def symmetry(study: SymmetryStudy, *, stat: str = "mean") -> Figure:
    r"""How alike the hidden units are, step by step: one line per scheme.

    Left: similarity of the units' incoming weight vectors; right: of their
    activations over the training set. Similarity is $|\cos|$ between two
    units, averaged over all pairs (``stat="mean"``) or the most similar
    pair (``"max"``): 1 means the units are clones. Where it is undefined (a
    unit's vector is all zero, e.g. zero init or a dead ReLU) the step is
    marked at the top edge.

    Parameters
    ----------
    study
        The result of [`symmetry_study`][initlab.studies.symmetry.symmetry_study].
    stat
        ``"mean"`` or ``"max"`` over pairs of units. With 2-D inputs any two
        random weight vectors of the first layer are often nearly parallel,
        so ``"max"`` is near 1 for every scheme there; ``"mean"`` separates them.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("study", study, SymmetryStudy)
    stat = check_choice("stat", stat, ("mean", "max"))
    fig = _figure(WIDTH, 3.3)
    axes = fig.subplots(1, 2, sharey=True)
    steps = np.asarray(study.steps)
    undefined = False
    at_top = None
    for ax, what in zip(axes, ("weight", "act")):
        values = getattr(study, f"{what}_cos_{stat}")
        _setup(ax, "training step", f"{stat} |cos| (1 = clones)" if what == "weight" else "")
        at_top = blended_transform_factory(ax.transData, ax.transAxes)
        for i, label in enumerate(study.labels):
            style = _style(study, i)
            y = np.asarray(values[i], dtype=np.float64)
            ax.plot(steps, y, label=label, linewidth=1.6, markersize=4.5, **style)
            bad = ~np.isfinite(y)
            if bad.any():
                undefined = True
                ax.plot(
                    steps[bad],
                    np.full(bad.sum(), 0.975),
                    "o",
                    color=style["color"],
                    markerfacecolor="none",
                    markersize=6,
                    transform=at_top,
                    clip_on=False,
                )
        ax.set_title("incoming weights" if what == "weight" else "activations", loc="left", fontsize="medium")
        ax.set_ylim(0, 1.12)
    _legend_below(fig, axes[0], {"undefined"} if undefined else set())
    _suptitle(fig, f"Similarity of the units of hidden layer {study.layer} while training")
    return fig


# ----------------------------------------------------------------------------
# Side by side: the scheme grids
# ----------------------------------------------------------------------------


# ----------------------------------------------------------------------------
# Descriptions of the training figures, built from the data
# ----------------------------------------------------------------------------


def _value(v: float, spec: str) -> str:
    """``v`` formatted with ``spec``, or "undefined" where it is NaN/inf."""
    return format(float(v), spec) if np.isfinite(v) else "undefined"


def _cost_story(comparison: TrainingComparison, i: int, threshold: float) -> str:
    """One sentence on the cost of scheme ``i``: flat, plateau, diverged or falling (with its jumps)."""
    y = np.asarray(comparison.loss[i], dtype=np.float64)
    label, stop = comparison.labels[i], int(comparison.diverged_at[i])
    ln2 = math.log(2)
    if stop >= 0:
        return f"From {label} the cost starts at {_value(y[0], '.3g')} and diverges at step {stop}."
    lo, hi = float(y.min()), float(y.max())
    if hi - lo <= 1e-3 * abs(y[0]):
        if hi - lo <= 1e-9 * abs(y[0]):
            moved = "never moves" if hi == lo else f"moves by at most {hi - lo:.1e}"
            text = f"From {label} the cost {moved}: it stays at {y[0]:.6f} throughout"
        else:
            text = f"From {label} the cost stays on a plateau: {y[0]:.6f} at the start, {y[-1]:.6f} at the end"
        if abs(y.mean() - ln2) < 5e-7:
            text += f", the natural logarithm of two ({ln2:.6f})"
        return text + "."
    text = f"From {label} it {'falls' if y[-1] < y[0] else 'rises'} from {y[0]:.3g} to {y[-1]:.3g}"
    if not np.isfinite(comparison.first_naive_loss[i]):
        text += " (its textbook cost at step 0 is infinite, marked in the legend)"
    parts = [text]
    below = np.flatnonzero(y < y[0] / 100)
    if below.size:
        k = int(below[0])
        parts.append(f"it is below a hundredth of its start by step {k} ({y[k]:.3g})")
    jumps = np.flatnonzero(y[1:] > 1.1 * y[:-1]) + 1  # steps that raise the cost by more than a tenth
    if jumps.size:
        m = int(jumps[-1])
        start = int(below[0]) if below.size and below[0] < m else 1
        parts.append(
            f"from step {start} to step {m} it jumps up and down between {y[start:m].min():.3g} "
            f"and {y[start:m].max():.3g}"
        )
        parts.append(
            f"{jumps.size} step{'s' if jumps.size > 1 else ''} raise{'' if jumps.size > 1 else 's'} it by "
            f"more than a tenth, the last at step {m}; after that it stays between {y[m:].min():.3g} and "
            f"{y[m:].max():.3g}"
        )
    top = int(np.argmax(y[1:])) + 1
    if y[top] > y[0]:
        parts.append(f"on the way it jumps above its start, to {y[top]:.3g} at step {top}")
    under = np.flatnonzero(y < threshold)
    if under.size:
        parts.append(f"it is first below {threshold:g} at step {int(under[0])}")
    return "; ".join(parts) + "."


def describe_loss_curves(
    comparison: TrainingComparison,
    schemes: Sequence[str] | None = None,
    *,
    log: bool | None = None,
    threshold: float = 0.1,
) -> str:
    """The text description of [`loss_curves`][initlab.plots.training.loss_curves], built from ``comparison``.

    Each scheme's cost is described in turn: a cost that never moves (or
    stays on a plateau) with its value, and whether that is $\\ln 2$; a
    diverged run with its step; otherwise where it starts and ends, the
    steps that raise it by more than a tenth, a jump above its start, and
    the first step below ``threshold``.

    Examples
    --------
    >>> from initlab.studies import compare_training
    >>> run = compare_training(["zeros", "he_normal"], n_train=40, n_test=10, steps=50, grid_size=10)
    >>> "natural logarithm of two" in describe_loss_curves(run)
    True
    """
    _check_data("comparison", comparison, TrainingComparison)
    picked = _pick(comparison, schemes)
    loss = np.asarray(comparison.loss, dtype=np.float64)
    finite = loss[picked][np.isfinite(loss[picked]) & (loss[picked] > 0)]
    if log is None:
        log = bool(finite.size) and finite.max() / finite.min() > 20
    scale = "log" if log and finite.size else "linear"
    hidden = list(comparison.sizes[1:-1])
    if len(hidden) > 3 and len(set(hidden)) == 1:  # a deep net of one width: say so instead of listing it
        net = f"a net of {len(hidden)} hidden layers of width {hidden[0]}"
    else:
        net = f"net {list(comparison.sizes)}"
    head = (
        f"Training cost over {comparison.steps} steps on the {comparison.dataset} data set, {net}, "
        f"{comparison.activation}, learning rate {comparison.lr:g}, {scale} scale."
    )
    return " ".join([head] + [_cost_story(comparison, i, threshold) for i in picked])


def _boundary_shape(cls: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> str:
    """How the predicted regions on the grid look: "a closed curve …", "a single straight line …" or "a curve …"."""
    for c in np.unique(cls):
        region = cls == c
        border = np.concatenate([region[0], region[-1], region[:, 0], region[:, -1]])
        if not border.any():
            return f"a closed curve around the region of class {int(c)}"
    # Is it a half-plane? Fit a line to the cells where the class changes, then check every grid point.
    change = np.zeros(cls.shape, dtype=bool)
    change[:-1] |= cls[:-1] != cls[1:]
    change[:, :-1] |= cls[:, :-1] != cls[:, 1:]
    X, Y = np.meshgrid(gx, gy)
    pts = np.column_stack([X[change], Y[change]])
    if np.unique(cls).size == 2 and len(pts) >= 2:
        centre = pts.mean(axis=0)
        normal = np.linalg.svd(pts - centre, full_matrices=False)[2][-1]
        side = (np.column_stack([X.ravel(), Y.ravel()]) - centre) @ normal
        step = np.hypot(gx[1] - gx[0], gy[1] - gy[0]) if len(gx) > 1 and len(gy) > 1 else 0.0
        sure = np.abs(side) > step
        one = cls.ravel() == cls.max()
        if sure.any() and (np.all(one[sure] == (side[sure] > 0)) or np.all(one[sure] == (side[sure] < 0))):
            return "a single straight line through the data"
    return "a curve that is neither a straight line nor closed"


def describe_decision_boundaries(comparison: TrainingComparison, schemes: Sequence[str] | None = None) -> str:
    """The text description of [`decision_boundaries`][initlab.plots.training.decision_boundaries], from ``comparison``.

    Each panel in turn: a net that predicts one class everywhere (with its
    probability), or the shape of its boundary judged from the grid of
    predicted classes (a closed curve if some class's region stays off the
    grid's edges, a single straight line if the two regions are the two
    sides of one line), with the train and test accuracies.

    Examples
    --------
    >>> from initlab.studies import compare_training
    >>> run = compare_training(["zeros", "he_normal"], n_train=40, n_test=10, steps=50, grid_size=10)
    >>> "no boundary" in describe_decision_boundaries(run)
    True
    """
    _check_data("comparison", comparison, TrainingComparison)
    parts = [f"Decision regions on the {comparison.dataset} data set after {comparison.steps} training steps."]
    for i in _pick(comparison, schemes):
        label, proba, cls = comparison.labels[i], comparison.grid_proba[i], comparison.grid_class[i]
        acc = (
            f"{comparison.train_accuracy[i]:.0%} of the training points and {comparison.test_accuracy[i]:.0%} "
            f"of the test points are on the right side"
        )
        if not np.all(np.isfinite(proba)):
            parts.append(f"From {label} weights the run diverged: there is no decision function.")
        elif np.ptp(cls) == 0:
            p = f"{proba.flat[0]:g}" if np.ptp(proba) == 0 else f"between {proba.min():.3g} and {proba.max():.3g}"
            parts.append(
                f"From {label} weights the network predicts class {int(cls.flat[0])} everywhere, with "
                f"probability {p}: there is no boundary, and {acc}."
            )
        else:
            shape = _boundary_shape(cls, comparison.grid_x, comparison.grid_y)
            parts.append(f"From {label} weights the boundary is {shape}, and {acc}.")
    return " ".join(parts)


def describe_symmetry(study: SymmetryStudy, *, stat: str = "mean") -> str:
    """The text description of [`symmetry`][initlab.plots.training.symmetry], built from ``study``.

    Examples
    --------
    >>> from initlab.studies import symmetry_study
    >>> s = symmetry_study(("constant", "he_normal"), n_train=40, steps=20, n_records=3, layer=2)
    >>> "constant" in describe_symmetry(s)
    True
    """
    _check_data("study", study, SymmetryStudy)
    stat = check_choice("stat", stat, ("mean", "max"))
    how = "the average cosine over pairs of units" if stat == "mean" else "the largest cosine between two units"
    parts = [
        f"Similarity of the units of hidden layer {study.layer} over {study.steps[-1]} training steps, as {how}: "
        "of their incoming weights on the left, of their activations over the training set on the right."
    ]
    weight = np.asarray(getattr(study, f"weight_cos_{stat}"), dtype=np.float64)
    act = np.asarray(getattr(study, f"act_cos_{stat}"), dtype=np.float64)

    def still(y: np.ndarray) -> bool:
        return bool(np.all(np.isfinite(y))) and np.ptp(y) <= 1e-6

    def story(name: str, y: np.ndarray) -> str:
        if still(y):
            return f"the {name} cosine stays at {y.mean():.6f} throughout"
        end = f"ends at {y[-1]:.2f}" if np.isfinite(y[-1]) else "is undefined at the end"
        return f"the {name} cosine starts at {_value(y[0], '.2f')} and {end}"

    for i, label in enumerate(study.labels):
        w, a = weight[i], act[i]
        both = np.r_[w, a]
        if still(both):
            parts.append(f"With {label} weights both stay at {both.mean():.6f} throughout.")
        else:
            parts.append(f"With {label} weights {story('weight', w)}; {story('activation', a)}.")
    for name, values, what in (
        ("left", weight, "some unit's incoming weights are all zero"),
        ("right", act, "some unit is zero on every training point"),
    ):
        bad = [label for i, label in enumerate(study.labels) if np.isnan(values[i]).any()]
        if bad:
            parts.append(
                f"Open circles at the top of the {name} panel mark steps where {what} ({', '.join(bad)}), "
                "so that its cosine is undefined."
            )
    return " ".join(parts)

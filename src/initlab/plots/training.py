r"""Training figures: loss curves and decision boundaries, with their captions."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from .._validation import check_choice
from ..studies import TrainingComparison
from .palette import CLASS_STYLES
from .style import (
    EXTRA_COLORS,
    WIDTH,
    _check_data,
    _figure,
    _legend_below,
    _log_if_positive,
    _series,
    _setup,
    _style,
    _thin,
)
from .svg import Caption

# ----------------------------------------------------------------------------
# Training: loss curves, decision boundaries
# ----------------------------------------------------------------------------


def loss_curves(
    comparison: TrainingComparison, schemes: Sequence[str] | None = None, *, log: bool | None = None
) -> Figure:
    r"""Training cost against step, one line per scheme, on the site's log cost axis.

    Every page draws the cost on a log axis (through the site's log ticks),
    so a plateau at $\ln 2$ and a fall to a hundredth read the same way
    everywhere; ``log=False`` draws it linear, for a page whose point needs
    that (say so in its caption). Lines carry no markers (they are dense);
    the legend sits under the panel, off the data.

    A run that diverged stops where its cost turned NaN/inf; the step is
    marked once at the top edge. A scheme whose textbook cross-entropy was
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
        Log-scale y axis (the default, ``None``, is log whenever a cost is
        positive); ``False`` for a linear one.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("comparison", comparison, TrainingComparison)
    picked = _pick(comparison, schemes)
    log = _check_log(log)
    loss = np.asarray(comparison.loss, dtype=np.float64)
    fig = _figure(WIDTH, 3.4)
    ax = fig.add_subplot()
    log = log and _log_if_positive(ax, loss[picked])
    _setup(ax, "step", "cost J" + (" (log scale)" if log else ""))
    keep = _thin(loss.shape[1])
    steps = np.arange(loss.shape[1])
    at_top = blended_transform_factory(ax.transData, ax.transAxes)
    notes = []
    for i in picked:
        label, style = comparison.labels[i], {**_style(comparison, i), "marker": "none"}
        x, y = steps[keep], loss[i, keep]
        stop = int(comparison.diverged_at[i])
        if stop >= 0:  # end the line where it diverged and mark that step once
            x, y = x[x < stop], y[x < stop]
            ax.plot([stop], [1.0], "^", color=style["color"], markersize=8, transform=at_top, clip_on=False, zorder=5)
            notes.append(f"{label}: diverged at step {stop}")
        _series(ax, x, y, style, label, log=log)
        if not np.isfinite(comparison.first_naive_loss[i]):
            ax.plot([0], [1.0], "^", color=style["color"], markersize=8, transform=at_top, clip_on=False, zorder=5)
            notes.append(f"{label}: textbook cost at step 0 = {comparison.first_naive_loss[i]}")
    marks = [Line2D([], [], linestyle="none", marker="^", color="black", label=note) for note in notes]
    lines = len(ax.get_legend_handles_labels()[1])
    _legend_below(fig, ax, set(), handles=marks, ncols=lines + len(marks) if lines <= 3 and not notes else 2)
    ax.set_xlim(0, loss.shape[1])
    ax.margins(y=0.12)  # keep the lines clear of the marks on the top edge
    return fig


def _check_log(log: object) -> bool:
    if log is None:
        return True
    if not isinstance(log, (bool, np.bool_)):
        raise TypeError(f"log must be True, False or None, got {log!r}")
    return bool(log)


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


def _class_styles(k: int) -> list[tuple[str, str]]:
    """(colour, marker) per data class: [`CLASS_STYLES`][initlab.plots.palette.CLASS_STYLES] for two classes."""
    if k <= len(CLASS_STYLES):
        return [(c.color, c.marker) for c in CLASS_STYLES[:k]]
    markers = ("o", "^", "s", "D", "v", "P")
    return [(EXTRA_COLORS[c % len(EXTRA_COLORS)], markers[c % len(markers)]) for c in range(k)]


def decision_boundaries(comparison: TrainingComparison, schemes: Sequence[str] | None = None) -> Figure:
    r"""The trained nets' decision regions with the data: one panel per scheme.

    The region of each predicted class is tinted in that class's colour, the
    stronger the more confident the net (transparent where it hesitates);
    the line is the decision boundary ($p = 1/2$ for two classes). Classes
    are drawn in [`CLASS_STYLES`][initlab.plots.palette.CLASS_STYLES] (a
    colour and a marker each, no scheme colour): training points filled,
    test points hollow. The tint is a mid-tone at most 35% opaque, so it
    reads on the light and the dark page. Train and test accuracies are in
    each panel's title.

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
    styles = _class_styles(k)
    rgb = np.array([to_rgb(c) for c, _ in styles])
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
            image = np.concatenate([rgb[cls], (0.35 * confidence)[..., None]], axis=-1)
            ax.imshow(image, origin="lower", extent=extent, aspect="auto", interpolation="none")
            if np.ptp(cls) > 0:
                ax.contour(
                    gx,
                    gy,
                    cls if k > 2 else proba,
                    levels=[0.5] if k == 2 else np.arange(k - 1) + 0.5,
                    colors="black",
                    linewidths=1.4,
                )
        else:
            ax.text(0.5, 0.5, "diverged: no decision function", transform=ax.transAxes, ha="center", va="center")
        # Vector up to a few hundred points (crisper, and no heavier than a PNG); svg() rasterizes more.
        for X, y, filled in (
            (comparison.X_train, comparison.y_train, True),
            (comparison.X_test, comparison.y_test, False),
        ):
            for c, (color, marker) in enumerate(styles):
                on = y == c
                if filled:
                    ax.scatter(X[on, 0], X[on, 1], color=color, marker=marker, s=16, edgecolors="black", linewidths=0.4)
                else:
                    ax.scatter(X[on, 0], X[on, 1], facecolors="none", edgecolors=color, marker=marker, s=26,
                               linewidths=1.3)  # fmt: skip
        ax.set_xlim(extent[:2])
        ax.set_ylim(extent[2:])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(
            f"{comparison.labels[i]}\ntrain {comparison.train_accuracy[i]:.0%}, test {comparison.test_accuracy[i]:.0%}"
        )
    for ax in axes[n:]:
        ax.set_visible(False)
    handles = [
        Line2D([], [], linestyle="none", marker=m, color=c, markeredgecolor="black", label=f"class {j}")
        for j, (c, m) in enumerate(styles)
    ]
    handles += [
        Line2D([], [], linestyle="none", marker="o", color="black", label="train (filled)"),
        Line2D([], [], linestyle="none", marker="o", color="black", markerfacecolor="none", label="test (hollow)"),
    ]
    _legend_below(fig, None, set(), handles=handles, ncols=len(handles))
    return fig


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
            f"from step {start} to step {m} it goes up and down between {y[start:m].min():.3g} "
            f"and {y[start:m].max():.3g}"
        )
        parts.append(
            f"{jumps.size} step{'s' if jumps.size > 1 else ''} raise{'' if jumps.size > 1 else 's'} it by "
            f"more than a tenth, the last at step {m}; after that it stays between {y[m:].min():.3g} and "
            f"{y[m:].max():.3g}"
        )
    top = int(np.argmax(y[1:])) + 1
    if y[top] > y[0]:
        parts.append(f"on the way it rises above its start, to {y[top]:.3g} at step {top}")
    under = np.flatnonzero(y < threshold)
    if under.size:
        parts.append(f"it is first below {threshold:g} at step {int(under[0])}")
    return "; ".join(parts) + "."


def _setup_line(comparison: TrainingComparison) -> str:
    """The run in a short line: data set, net, activation, learning rate, steps."""
    hidden = list(comparison.sizes[1:-1])
    if len(hidden) > 3 and len(set(hidden)) == 1:  # a deep net of one width: say so instead of listing it
        net = f"{len(hidden)} hidden layers of width {hidden[0]}"
    else:
        net = f"net {list(comparison.sizes)}"
    run = f"{comparison.activation}, learning rate {comparison.lr:g}, {comparison.steps} steps"
    return f"{comparison.dataset}, {net}, {run}."


#: A jump: one step that raises the cost by this factor or more (y[k] >= _SPIKE * y[k - 1]).
_SPIKE = 1.5
#: Said in the details of every loss caption whose cost has a jump.
_JUMP = f"A jump: one step that raises the cost ×{_SPIKE:g} or more."


def _spikes(y: np.ndarray) -> list[int]:
    """The steps ``k`` where cost ``y`` jumps: ``y[k] >= _SPIKE * y[k - 1]`` and ``y[k] > y[k - 1]``, in order."""
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        up = (y[1:] >= _SPIKE * y[:-1]) & (y[1:] > y[:-1]) & np.isfinite(y[1:]) & np.isfinite(y[:-1])
    return [int(k) for k in np.flatnonzero(up) + 1]


def _cost_gist(comparison: TrainingComparison, i: int, threshold: float) -> str:
    """A clause on the cost of scheme ``i`` for the takeaway: flat, diverged, or from where to where."""
    y = np.asarray(comparison.loss[i], dtype=np.float64)
    label, stop = comparison.labels[i], int(comparison.diverged_at[i])
    if stop >= 0:
        return f"{label} diverges at step {stop}"
    if np.ptp(y) <= 1e-3 * abs(y[0]):
        ln2 = " (ln 2)" if abs(y.mean() - math.log(2)) < 5e-7 else ""
        return f"{label} stays at {y[0]:.6f}{ln2}"
    start, end = (f"{v:.0f}" if abs(v) >= 1000 else f"{v:.3g}" for v in (y[0], y[-1]))
    text = f"{label} {'falls' if y[-1] < y[0] else 'rises'} from {start} to {end}"
    spikes = _spikes(y)
    if len(spikes) > 2:  # too many to name: how many, where, and the highest
        k = max(spikes, key=lambda s: y[s])
        text += (
            f", with {len(spikes)} jumps of ×{_SPIKE:g} or more between steps {spikes[0]} and {spikes[-1]}, "
            f"the highest to {y[k]:.3g} (step {k})"
        )
    elif spikes:
        text += f", with {'jumps' if len(spikes) > 1 else 'a jump'} to " + " and ".join(
            f"{y[k]:.3g} (step {k})" for k in spikes
        )
    under = np.flatnonzero(y < threshold)
    return text + (f", below {threshold:g} from step {int(under[0])}" if under.size else "")


def describe_loss_curves(
    comparison: TrainingComparison,
    schemes: Sequence[str] | None = None,
    *,
    log: bool | None = None,
    threshold: float = 0.1,
) -> Caption:
    r"""The caption of [`loss_curves`][initlab.plots.training.loss_curves], built from ``comparison``.

    The takeaway gives each scheme's cost in a clause (flat at its value, and
    whether that is $\ln 2$; diverged at a step; or from where to where, its
    jumps (one step that raises the cost ×1.5 or more: each named if there
    are at most two, else their count, span and the highest), and the first
    step below ``threshold``). The details define a jump and describe each cost in
    turn: a cost that never moves (or stays on a plateau), a diverged run,
    otherwise where it starts and ends, the steps that raise it by more than
    a tenth, a rise above its start, and the first step below ``threshold``.

    Examples
    --------
    >>> from initlab.studies import compare_training
    >>> run = compare_training(["zeros", "he_normal"], n_train=40, n_test=10, steps=50, grid_size=10)
    >>> "natural logarithm of two" in str(describe_loss_curves(run))
    True
    """
    _check_data("comparison", comparison, TrainingComparison)
    picked = _pick(comparison, schemes)
    loss = np.asarray(comparison.loss[picked], dtype=np.float64)
    scale = "log" if _check_log(log) and np.any(np.isfinite(loss) & (loss > 0)) else "linear"
    gist = "; ".join(_cost_gist(comparison, i, threshold) for i in picked)
    head = f"Training cost against step on a {scale} axis, one line per scheme, legend below."
    jumped = any(int(comparison.diverged_at[i]) < 0 and _spikes(comparison.loss[i]) for i in picked)
    details = " ".join([head] + ([_JUMP] if jumped else []) + [_cost_story(comparison, i, threshold) for i in picked])
    return Caption(gist[:1].upper() + gist[1:] + ".", _setup_line(comparison), details)


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


def describe_decision_boundaries(comparison: TrainingComparison, schemes: Sequence[str] | None = None) -> Caption:
    """The caption of [`decision_boundaries`][initlab.plots.training.decision_boundaries], from ``comparison``.

    Each panel in turn: a net that predicts one class everywhere (with its
    probability), or the shape of its boundary judged from the grid of
    predicted classes (a closed curve if some class's region stays off the
    grid's edges, a single straight line if the two regions are the two
    sides of one line), with the train and test accuracies; the takeaway
    says it in a clause per panel.

    Examples
    --------
    >>> from initlab.studies import compare_training
    >>> run = compare_training(["zeros", "he_normal"], n_train=40, n_test=10, steps=50, grid_size=10)
    >>> "no boundary" in describe_decision_boundaries(run).takeaway
    True
    """
    _check_data("comparison", comparison, TrainingComparison)
    k = int(max(comparison.y_train.max(), comparison.y_test.max())) + 1
    classes = "; ".join(
        f"class {c}: {_COLOUR_NAMES.get(color, 'colour ' + color)} {_MARKER_NAMES.get(m, 'markers')}"
        for c, (color, m) in enumerate(_class_styles(k))
    )
    parts = [
        f"One panel per scheme: the region of each predicted class is tinted in its colour, stronger where the net "
        f"is more confident, and the line is the decision boundary. Training points are filled, test points hollow "
        f"({classes})."
    ]
    gist = []
    for i in _pick(comparison, schemes):
        label, proba, cls = comparison.labels[i], comparison.grid_proba[i], comparison.grid_class[i]
        train, test = f"{comparison.train_accuracy[i]:.0%}", f"{comparison.test_accuracy[i]:.0%}"
        acc = f"{train} of the training points and {test} of the test points are on the right side"
        if not np.all(np.isfinite(proba)):
            parts.append(f"From {label} weights the run diverged: there is no decision function.")
            gist.append(f"{label} diverged: no decision function")
        elif np.ptp(cls) == 0:
            p = f"{proba.flat[0]:g}" if np.ptp(proba) == 0 else f"between {proba.min():.3g} and {proba.max():.3g}"
            parts.append(
                f"From {label} weights the network predicts class {int(cls.flat[0])} everywhere, with "
                f"probability {p}: there is no boundary, and {acc}."
            )
            # an output of exactly 1/2 has no confidence to tint: say so, or the blank panel contradicts "class 0"
            blank = f": its output is {p} at every point, so nothing is tinted" if np.all(proba == 0.5) else ""
            gist.append(
                f"{label} predicts class {int(cls.flat[0])} everywhere, no boundary{blank} (train {train}, test {test})"
            )
        else:
            shape = _boundary_shape(cls, comparison.grid_x, comparison.grid_y)
            parts.append(f"From {label} weights the boundary is {shape}, and {acc}.")
            gist.append(f"{label} draws {shape.removesuffix(' through the data')} (train {train}, test {test})")
    takeaway = "; ".join(gist)
    return Caption(takeaway[:1].upper() + takeaway[1:] + ".", _setup_line(comparison), " ".join(parts))


_COLOUR_NAMES = {CLASS_STYLES[0].color: "blue-grey", CLASS_STYLES[1].color: "sand"}
_MARKER_NAMES = {
    "o": "circles",
    "^": "triangles",
    "s": "squares",
    "D": "diamonds",
    "v": "down triangles",
    "P": "plus signs",
}

r"""Training figures: loss curves, decision boundaries, unit symmetry, the scheme grids."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, NullFormatter
from matplotlib.transforms import blended_transform_factory

from .._validation import check_choice
from ..studies import SchemeGrid, SymmetryStudy, TrainingComparison
from ..studies.grid import SchemeTrials
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
    _setup(ax, "step", "training cost")
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


def grid_loss_curves(grid: object, *, log: bool = True) -> Figure:
    r"""Training cost against step for every scheme, one panel per activation, on shared axes.

    Parameters
    ----------
    grid
        The result of [`scheme_grid`][initlab.studies.grid.scheme_grid].
    log
        Log-scale y axis. Runs whose first cost is far above the rest (large
        weights) start off the top; the axis is cut at 3, and those curves
        enter the panel as they come down.

    Returns
    -------
    matplotlib.figure.Figure
    """

    _check_data("grid", grid, SchemeGrid)
    A = len(grid.activations)
    fig = _figure(WIDTH, 3.6)
    axes = np.atleast_1d(fig.subplots(1, A, sharey=True))
    keep = _thin(grid.steps)
    every = max(1, len(keep) // 6)
    for a, ax in enumerate(axes):
        c = grid.comparisons[a]
        _setup(ax, "step", "training cost" if a == 0 else "")
        if log:
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
            ax.yaxis.set_minor_formatter(NullFormatter())
        for i in range(len(grid.schemes)):
            y = np.asarray(c.loss[i, keep], dtype=np.float64)
            ax.plot(
                keep,
                np.where(np.isfinite(y) & (y > 0), y, np.nan),
                label=grid.labels[i],
                linewidth=1.3,
                markersize=3.5,
                markevery=every,
                **_style(c, i),
            )
        ax.axhline(grid.threshold, color="black", linewidth=0.8, linestyle=":", alpha=0.6)
        ax.set_xlim(0, grid.steps)
        ax.set_title(grid.activations[a], loc="left", fontsize="medium")
        ax.tick_params(axis="x", labelsize="small")
    axes[0].set_ylim(5e-3 if log else 0.0, 3.0)
    axes[0].text(
        0.98,
        grid.threshold,
        f"threshold {grid.threshold:g}",
        transform=blended_transform_factory(axes[0].transAxes, axes[0].transData),
        ha="right",
        va="bottom",
        fontsize="x-small",
    )
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=5, fontsize="x-small", frameon=False)
    _suptitle(fig, f"{grid.dataset}, net {list(grid.sizes)}, learning rate {grid.lr:g}, {grid.steps} full-batch steps")
    return fig


def _median_curves(trials: SchemeTrials) -> np.ndarray:
    """``(R, A, S, steps)``: the median cost over the draws at every step (a diverged run counts as ``inf``)."""
    loss = np.asarray(trials.loss, dtype=np.float64)
    return np.median(np.where(np.isnan(loss), np.inf, loss), axis=-2)


def trial_loss_curves(trials: SchemeTrials) -> Figure:
    r"""Median training cost over the weight draws against step: one panel per activation and learning rate.

    Rows are the hidden activations, columns the learning rates, all on one
    log-scale cost axis cut at 3 (runs that start above it enter as they come
    down); the dotted line is the threshold. Each line is one scheme's median
    over its draws at every step, so half the draws lie above it and half
    below: the table of
    [`SchemeTrials`][initlab.studies.grid.SchemeTrials] says how many settled.
    [`describe_trial_loss_curves`][initlab.plots.training.describe_trial_loss_curves]
    describes the figure in words, from the same data.

    Parameters
    ----------
    trials
        The result of [`scheme_trials`][initlab.studies.grid.scheme_trials].

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("trials", trials, SchemeTrials)
    R, A = len(trials.lrs), len(trials.activations)
    median = _median_curves(trials)
    fig = _figure(WIDTH, 1.0 + 2.1 * A)
    axes = fig.subplots(A, R, sharex=True, sharey=True, squeeze=False)
    keep = _thin(trials.steps)
    every = max(1, len(keep) // 5)
    for (a, r), ax in np.ndenumerate(axes):
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.yaxis.set_minor_formatter(NullFormatter())
        _setup(ax, "step" if a == A - 1 else "", f"{trials.activations[a]}\ncost" if r == 0 else "")
        for i in range(len(trials.schemes)):
            y = median[r, a, i, keep]
            ax.plot(
                keep,
                np.where(np.isfinite(y) & (y > 0), y, np.nan),
                label=trials.labels[i],
                linewidth=1.2,
                markersize=3.0,
                markevery=every,
                **_style(trials, i),
            )
        ax.axhline(trials.threshold, color="black", linewidth=0.8, linestyle=":", alpha=0.6)
        ax.set_xlim(0, trials.steps)
        ax.set_title(f"{trials.activations[a]}, learning rate {trials.lrs[r]:g}", loc="left", fontsize="small")
        ax.tick_params(labelsize="x-small")
    axes[0, 0].set_ylim(2e-3, 3.0)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=5, fontsize="x-small", frameon=False)
    inputs = "standardized inputs, " if trials.standardize else ""
    _suptitle(
        fig,
        f"{trials.dataset}, net {list(trials.sizes)}, {inputs}median of {trials.n_draws} weight draws, "
        f"threshold {trials.threshold:g}",
    )
    return fig


def describe_trial_loss_curves(trials: SchemeTrials) -> str:
    """The text description of [`trial_loss_curves`][initlab.plots.training.trial_loss_curves], built from ``trials``.

    Examples
    --------
    >>> from initlab.studies.grid import scheme_trials
    >>> t = scheme_trials(["zeros", "he_normal"], ["relu"], [0.3], steps=300, n_draws=2)
    >>> "zeros" in describe_trial_loss_curves(t)
    True
    """
    _check_data("trials", trials, SchemeTrials)
    below = trials.median_final_loss < trials.threshold  # (R, A, S)
    S = len(trials.schemes)
    lrs = ", ".join(f"{lr:g}" for lr in trials.lrs)
    parts = [
        f"Training cost against step over {trials.steps} full-batch steps, the median of {trials.n_draws} weight "
        f"draws for each of {S} schemes, on a log scale; one panel per hidden activation "
        f"({', '.join(trials.activations)}) and learning rate ({lrs}); a dotted line marks the threshold "
        f"{trials.threshold:g}."
    ]
    for a, activation in enumerate(trials.activations):
        counts = ", ".join(f"{int(below[r, a].sum())} at {lr:g}" for r, lr in enumerate(trials.lrs))
        parts.append(f"With {activation}, the median ends below the threshold for {counts} (of {S} schemes).")
    never = [trials.labels[i] for i in range(S) if not below[..., i].any()]
    if never:
        parts.append(f"It never does, in any panel, for {', '.join(never)}.")
    return " ".join(parts)

r"""Loss-curve figures of the *Side by side* grids: every scheme's median cost against step.

The figures on the page are in [`grid`][initlab.plots.grid]
([`settle_dots`][initlab.plots.grid.settle_dots],
[`trial_curves`][initlab.plots.grid.trial_curves]); these draw all schemes' curves at once.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from ..studies import SchemeGrid
from ..studies.grid import SchemeTrials
from .style import WIDTH, _check_data, _figure, _log_axis, _setup, _style, _thin
from .svg import Caption

# ----------------------------------------------------------------------------
# Training: loss curves, decision boundaries
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
        _setup(ax, "step", "cost J" if a == 0 else "")
        if log:
            ax.set_yscale("log")
            _log_axis(ax.yaxis)
        costs = np.asarray(c.loss[:, keep], dtype=np.float64)
        _cost_lines(ax, keep, costs, grid.labels, c, grid.threshold, grid.steps, 1.3, 3.5, every)
        ax.set_title(grid.activations[a], loc="left")
    axes[0].set_ylim(5e-3 if log else 0.0, 3.0)
    axes[0].text(
        0.98,
        grid.threshold,
        f"threshold {grid.threshold:g}",
        transform=blended_transform_factory(axes[0].transAxes, axes[0].transData),
        ha="right",
        va="bottom",
    )
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False)
    return fig


def _cost_lines(
    ax: object,
    keep: np.ndarray,
    costs: np.ndarray,
    labels: object,
    styled: object,
    threshold: float,
    steps: int,
    linewidth: float,
    markersize: float,
    every: int,
) -> None:
    """One line per scheme (row ``i`` of ``costs``, at steps ``keep``, styled as scheme ``i`` of ``styled``;
    costs that are not finite and positive are left out of the log axis), the dotted threshold, the step range."""
    for i, y in enumerate(costs):
        ax.plot(
            keep,
            np.where(np.isfinite(y) & (y > 0), y, np.nan),
            label=labels[i],
            linewidth=linewidth,
            markersize=markersize,
            markevery=every,
            **_style(styled, i),
        )
    ax.axhline(threshold, color="black", linewidth=0.8, linestyle=":", alpha=0.6)
    ax.set_xlim(0, steps)


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
    [`describe_trial_loss_curves`][initlab.plots.grid_curves.describe_trial_loss_curves]
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
        _log_axis(ax.yaxis)
        _setup(ax, "step" if a == A - 1 else "", f"{trials.activations[a]}\ncost" if r == 0 else "")
        _cost_lines(
            ax, keep, median[r, a][:, keep], trials.labels, trials, trials.threshold, trials.steps, 1.2, 3.0, every
        )
        ax.set_title(f"{trials.activations[a]}, learning rate {trials.lrs[r]:g}", loc="left")
    axes[0, 0].set_ylim(2e-3, 3.0)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False)
    return fig


def describe_trial_loss_curves(trials: SchemeTrials) -> Caption:
    """The caption of [`trial_loss_curves`][initlab.plots.grid_curves.trial_loss_curves], built from ``trials``.

    Examples
    --------
    >>> from initlab.studies.grid import scheme_trials
    >>> t = scheme_trials(["zeros", "he_normal"], ["relu"], [0.3], steps=300, n_draws=2)
    >>> "zeros" in str(describe_trial_loss_curves(t))
    True
    """
    _check_data("trials", trials, SchemeTrials)
    below = trials.median_final_loss < trials.threshold  # (R, A, S)
    S = len(trials.schemes)
    lrs = ", ".join(f"{lr:g}" for lr in trials.lrs)
    details = (
        f"Training cost against step, the median of the weight draws for each of {S} schemes, on a log scale; "
        f"one panel per hidden activation ({', '.join(trials.activations)}) and learning rate ({lrs}); "
        "a dotted line marks the threshold."
    )
    parts = []
    for a, activation in enumerate(trials.activations):
        counts = ", ".join(f"{int(below[r, a].sum())} at {lr:g}" for r, lr in enumerate(trials.lrs))
        parts.append(f"With {activation}, the median ends below the threshold for {counts} (of {S} schemes).")
    never = [trials.labels[i] for i in range(S) if not below[..., i].any()]
    if never:
        parts.append(f"It never does, in any panel, for {', '.join(never)}.")
    inputs = "standardized inputs, " if trials.standardize else ""
    setup = (
        f"{trials.dataset}, net {list(trials.sizes)}, {inputs}median of {trials.n_draws} weight draws, "
        f"{trials.steps} full-batch steps, threshold {trials.threshold:g}."
    )
    return Caption(" ".join(parts), setup, details)

r"""Oscillation of the training cost: the steps where gradient descent makes the cost J rise."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .._validation import check_choice
from ..studies import TrainingComparison
from .style import WIDTH, _check_data, _figure, _log_axis, _setup, _style
from .svg import Caption


def _rises(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The steps ``t + 1`` with ``y[t + 1] > y[t]``, and each rise relative to ``y[t]``."""
    steps = np.flatnonzero(y[1:] > y[:-1]) + 1
    return steps, y[steps] / y[steps - 1] - 1


def _window(comparison: TrainingComparison, scheme: str, window: object) -> tuple[int, int]:
    """Steps ``(first, last)`` shown: by default from the first rise to the last rise by more than a tenth."""
    n = int(comparison.loss.shape[1])
    if window is None:
        y = np.asarray(comparison.loss[comparison.schemes.index(scheme)], dtype=np.float64)
        steps, rel = _rises(y)
        big = steps[rel > 0.1]
        if not big.size:
            return 0, n - 1
        return int(steps[0]), int(big[-1])
    if (
        not isinstance(window, tuple)
        or len(window) != 2
        or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in window)
        or not 0 <= window[0] < window[1] < n
    ):
        raise ValueError(
            f"window must be None or a pair of steps (first, last) with 0 <= first < last < {n}, got {window!r}"
        )
    return int(window[0]), int(window[1])


def _zoom_end(first: int, last: int, zoom: object) -> int:
    """The last step of the zoomed panel: ``zoom`` steps after ``first``, at most ``last``."""
    if not isinstance(zoom, (int, np.integer)) or isinstance(zoom, bool) or zoom < 2:
        raise ValueError(f"zoom must be an integer number of steps >= 2, got {zoom!r}")
    return min(first + int(zoom), last)


def _check(comparison: TrainingComparison, scheme: str, reference: str, window: object) -> tuple[int, int, int, int]:
    _check_data("comparison", comparison, TrainingComparison)
    i = comparison.schemes.index(check_choice("scheme", scheme, comparison.schemes))
    j = comparison.schemes.index(check_choice("reference", reference, comparison.schemes))
    if i == j:
        raise ValueError(f"reference must differ from scheme, got {reference!r} for both")
    first, last = _window(comparison, scheme, window)
    return i, j, first, last


def cost_oscillation(
    comparison: TrainingComparison,
    scheme: str = "large_normal",
    reference: str = "he_normal",
    *,
    window: tuple[int, int] | None = None,
    zoom: int = 40,
) -> Figure:
    r"""The cost J of two runs over the same steps, side by side on a shared log axis.

    Every step is drawn (no thinning), so a cost that goes up and down from
    one step to the next shows as a zigzag (a band, at the scale of a
    thousand steps). Left: ``scheme`` over the window; middle: its first
    ``zoom`` steps, every step marked; right: ``reference`` over the window.

    Parameters
    ----------
    comparison
        The result of [`compare_training`][initlab.studies.comparison.compare_training] (or
        [`course_experiment`][initlab.studies.comparison.course_experiment]).
    scheme
        The run on the left (default: the course's $\mathcal N(0, 10^2)$).
    reference
        The run on the right (default: He normal).
    window
        Steps ``(first, last)`` to show, inclusive; by default from the first
        step where ``scheme``'s cost rises to the last step where it rises by
        more than a tenth (the whole run if it never does).
    zoom
        Number of steps, from the window's first, drawn again in the middle
        panel with every step marked.

    Returns
    -------
    matplotlib.figure.Figure
    """
    i, j, first, last = _check(comparison, scheme, reference, window)
    end = _zoom_end(first, last, zoom)
    loss = np.asarray(comparison.loss, dtype=np.float64)
    fig = _figure(WIDTH, 3.3)
    axes = fig.subplots(1, 3, sharey=True, width_ratios=(2, 1, 2))
    panels = (
        (axes[0], i, last, comparison.labels[i]),
        (axes[1], i, end, f"steps {first}–{end}"),
        (axes[2], j, last, comparison.labels[j]),
    )
    for ax, k, stop, title in panels:
        style = _style(comparison, k)
        steps = np.arange(first, stop + 1)
        y = loss[k, first : stop + 1]
        ax.set_yscale("log")
        _setup(ax, "step", "cost J" if ax is axes[0] else "")
        zoomed = stop == end and ax is axes[1]
        # every step of a zigzag at 0.6 reads as a solid band; a smooth reference run needs a full-weight line
        width = 1.0 if zoomed else 0.6 if ax is axes[0] else 1.6
        ax.plot(
            steps,
            np.where(np.isfinite(y) & (y > 0), y, np.nan),
            color=style["color"],
            linewidth=width,
            marker="o" if zoomed else None,
            markersize=2.5,
        )
        ax.set_xlim(first, stop)
        ax.set_title(title, loc="left")
    _log_axis(axes[0].yaxis)  # the axis is shared: one locator for the three panels
    return fig


def describe_cost_oscillation(
    comparison: TrainingComparison,
    scheme: str = "large_normal",
    reference: str = "he_normal",
    *,
    window: tuple[int, int] | None = None,
    zoom: int = 40,
) -> Caption:
    """The caption of [`cost_oscillation`][initlab.plots.oscillation.cost_oscillation], from the data.

    For each run: on how many of the shown steps the cost rises, how many
    of those rises exceed a tenth, the largest rise, and the range of the
    cost; for the left run also the rises over the whole run.

    Examples
    --------
    >>> from initlab.studies import compare_training
    >>> run = compare_training(["large_normal", "he_normal"], n_train=40, n_test=10, steps=50, grid_size=10)
    >>> describe_cost_oscillation(run).details.startswith("Three panels")
    True
    """
    i, j, first, last = _check(comparison, scheme, reference, window)
    end = _zoom_end(first, last, zoom)
    loss = np.asarray(comparison.loss, dtype=np.float64)
    n = loss.shape[1]
    parts = [
        "Three panels on a shared log scale: the cost J against step. "
        f"Left, {comparison.labels[i]} from step {first} to step {last}; middle, the same run from step "
        f"{first} to step {end} with every step marked; right, {comparison.labels[j]} from step {first} "
        f"to step {last}."
    ]
    takeaway = []
    for k in (i, j):
        y = loss[k]
        steps, rel = _rises(y)
        inside = (steps > first) & (steps <= last)
        shown = y[first : last + 1]
        text = f"From {comparison.labels[k]} the cost lies between {shown.min():.3g} and {shown.max():.3g} here"
        if not inside.any():
            tail = "nor in any of its" if not steps.size else f"though it rises {steps.size} times in all"
            text += f" and never rises from one step to the next in this range, {tail} {n} steps."
            takeaway.append(f"{comparison.labels[k]}'s cost never rises from one step to the next here")
        else:
            top = int(np.argmax(np.where(inside, rel, -np.inf)))
            big = int(np.sum(inside & (rel > 0.1)))
            text += (
                f"; it rises on {int(inside.sum())} of the {last - first} steps in this range, "
                f"{big} of them by more than a tenth; the largest rise multiplies it by {1 + rel[top]:.3g} "
                f"(from {y[steps[top] - 1]:.3g} to {y[steps[top]]:.3g} at step {int(steps[top])}). "
                f"Over all {n} steps it rises {steps.size} times, "
                f"{int(np.sum(rel > 0.1))} of them by more than a tenth."
            )
            takeaway.append(
                f"{comparison.labels[k]}'s cost rises on {int(inside.sum())} of the {last - first} steps "
                f"from {first} to {last}, up to ×{1 + rel[top]:.3g} in one step"
            )
        parts.append(text)
    text = "; ".join(takeaway) + "."
    return Caption(
        text[0].upper() + text[1:],
        f"{comparison.labels[i]} against {comparison.labels[j]}, learning rate {comparison.lr:g}; "
        "the middle panel zooms in on the left one.",
        " ".join(parts),
    )

r"""Figures of the *Side by side* grid: steps to stay below the threshold, and representative curves."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from ..studies.grid import SchemeTrials
from .style import (
    _GRID,
    WIDTH,
    _check_data,
    _figure,
    _legend_columns,
    _log_axis,
    _setup,
    _style,
    _suptitle,
    _thin,
)
from .svg import Caption

# ----------------------------------------------------------------------------- steps to the threshold, at a glance

# The "never" column sits this far right of the last step, as a fraction of the steps.
_NEVER = 1.16
# Sub-row offset of each learning rate within a scheme's row (up to four learning rates).
_OFFSETS = {1: (0.0,), 2: (-0.2, 0.2), 3: (-0.27, 0.0, 0.27), 4: (-0.3, -0.1, 0.1, 0.3)}
#: The schemes [`trial_curves`][initlab.plots.grid.trial_curves] draws unless told otherwise.
REPRESENTATIVE = ("small_normal", "large_normal", "glorot_normal", "he_normal")


def median_steps(trials: SchemeTrials) -> np.ndarray:
    r"""``(R, A, S)``: the median over all draws of the step from which the cost stays below the threshold.

    A draw that never stays below counts as never (``inf``), so the median is
    ``inf`` when at least half the draws fail. This is the median
    [`settle_dots`][initlab.plots.grid.settle_dots] marks; the table's
    [`SchemeTrials.median_settled_at`][initlab.studies.grid.SchemeTrials]
    is over the draws that settled only.

    Examples
    --------
    >>> from initlab.studies.grid import scheme_trials
    >>> t = scheme_trials(["zeros", "he_normal"], ["relu"], [0.5], steps=300, n_draws=3)
    >>> bool(np.isinf(median_steps(t)[0, 0, 0]))                  # zeros never trains
    True
    """
    _check_data("trials", trials, SchemeTrials)
    at = np.asarray(trials.settled_at)
    return np.median(np.where(at >= 0, at, np.inf), axis=-1)


def settle_dots(trials: SchemeTrials) -> Figure:
    r"""Steps until the cost stays below the threshold: one row per scheme, one panel per activation.

    In each scheme's row, every learning rate has a sub-row: a small dot per
    weight draw that stays below the threshold (at the step from which it
    does), a large marker at the median over all draws (filled for the first
    learning rate, hollow for the others), and, in the *never* column at
    the right edge, a right-pointing triangle (filled or hollow as the
    median) with the number of draws that never stay below. A draw that fails counts as never in the median
    ([`median_steps`][initlab.plots.grid.median_steps]), so a row whose
    median marker is missing failed in at least half its draws. Rows keep the
    order of ``trials.schemes`` from top to bottom.
    [`describe_settle_dots`][initlab.plots.grid.describe_settle_dots]
    describes the figure in words, from the same data.

    Parameters
    ----------
    trials
        The result of [`scheme_trials`][initlab.studies.grid.scheme_trials]
        (at most four learning rates).

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("trials", trials, SchemeTrials)
    R, A, S = len(trials.lrs), len(trials.activations), len(trials.schemes)
    if R not in _OFFSETS:
        raise ValueError(f"trials must have 1 to 4 learning rates for settle_dots, got {R} ({trials.lrs})")
    at, median, steps = np.asarray(trials.settled_at), median_steps(trials), trials.steps
    never = _NEVER * steps
    fig = _figure(WIDTH, 1.5 + 0.36 * S)
    axes = np.atleast_1d(fig.subplots(1, A, sharex=True, sharey=True))
    for a, ax in enumerate(axes):
        ax.grid(True, axis="x", **_GRID)
        ax.set_axisbelow(True)
        ax.axvspan(steps * (1 + _NEVER) / 2, steps * 1.3, color="black", alpha=0.06, linewidth=0)
        for i in range(S):
            color = _style(trials, i)["color"]
            for r, lr in enumerate(trials.lrs):
                y = i + _OFFSETS[R][r]
                tag = f"{trials.schemes[i]}-{lr:g}"
                done = np.sort(at[r, a, i][at[r, a, i] >= 0]).astype(np.float64)
                ax.plot(done, np.full(done.size, y), "o", color=color, markersize=2.6, alpha=0.6, gid="draws-" + tag)
                if np.isfinite(median[r, a, i]):
                    face = color if r == 0 else "white"
                    ax.plot(
                        [median[r, a, i]],
                        [y],
                        "o",
                        color=color,
                        markerfacecolor=face,
                        markeredgewidth=1.4,
                        markersize=7,
                        gid="median-" + tag,
                    )
                failed = trials.n_draws - done.size
                if failed:
                    face = color if r == 0 else "white"  # filled or hollow by learning rate, as the medians
                    ax.plot([never], [y], ">", color=color, markerfacecolor=face, markersize=6, gid="never-" + tag)
                    ax.text(never + 0.045 * steps, y, str(failed), va="center", ha="left", fontsize=9, color=color)
        ax.set_title(trials.activations[a], loc="left", fontsize="medium")
        ax.set_xlabel("step")
        ax.set_xlim(-0.03 * steps, 1.3 * steps)
        ax.set_xticks([0, steps // 2, steps])
        top = blended_transform_factory(ax.transData, ax.transAxes)
        ax.text(never, 1.0, "never", transform=top, ha="center", va="bottom", fontsize=9)
        ax.tick_params(axis="y", length=0)
    axes[0].set_ylim(S - 0.5, -0.5)
    axes[0].set_yticks(range(S), trials.labels)
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            color="black",
            markersize=7,
            markeredgewidth=1.4,
            markerfacecolor="black" if r == 0 else "none",
            label=f"median, learning rate {lr:g}",
        )
        for r, lr in enumerate(trials.lrs)
    ] + [
        Line2D([], [], linestyle="none", marker="o", color="black", markersize=2.6, alpha=0.6, label="one draw"),
    ]
    labels = [h.get_label() for h in handles]
    triangles = tuple(  # filled or hollow by learning rate, as the medians
        Line2D([], [], linestyle="none", marker=">", color="black", markersize=6, markerfacecolor=face)
        for face in ["black"] + ["none"] * (R - 1)
    )
    handles.append(triangles)
    rest = _join([f"{lr:g}" for lr in trials.lrs[1:]]) if R > 1 else ""
    which = f" (filled: learning rate {trials.lrs[0]:g}, hollow: {rest})" if R > 1 else ""
    labels.append(f"count of draws that never stay below{chr(10) if which else ''}{which.strip()}")
    fig.legend(
        handles, labels, loc="outside lower center", ncols=2, frameon=False, handler_map={tuple: HandlerTuple(None)}
    )
    _suptitle(fig, f"Steps until the cost stays below {trials.threshold:g}, {trials.n_draws} weight draws per scheme")
    return fig


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _setup_line(trials: SchemeTrials) -> str:
    inputs = "standardized inputs, " if trials.standardize else ""
    lrs = _join([f"{lr:g}" for lr in trials.lrs])
    return (
        f"{trials.dataset}, net {list(trials.sizes)}, {inputs}{trials.n_draws} weight draws, learning rates {lrs}, "
        f"{trials.steps} full-batch steps, threshold {trials.threshold:g}."
    )


def describe_settle_dots(trials: SchemeTrials) -> Caption:
    """The caption of [`settle_dots`][initlab.plots.grid.settle_dots], built from ``trials``.

    The takeaway names the schemes no draw of which ever stays below the
    threshold and the fastest median per activation; the details say what
    is drawn and how many schemes stay below in at least half their draws.

    Examples
    --------
    >>> from initlab.studies.grid import scheme_trials
    >>> t = scheme_trials(["zeros", "he_normal"], ["relu"], [0.5], steps=300, n_draws=2)
    >>> describe_settle_dots(t).takeaway.startswith("No draw of zeros")
    True
    """
    _check_data("trials", trials, SchemeTrials)
    S, K = len(trials.schemes), trials.n_draws
    median, settled = median_steps(trials), np.asarray(trials.settled)
    takeaway, fastest, counts = [], [], []
    never = [trials.labels[i] for i in range(S) if not settled[..., i].any()]
    if never:
        takeaway.append(f"No draw of {_join(never).replace(' and ', ' or ')} ever stays below the threshold.")
    for a, activation in enumerate(trials.activations):
        m = median[:, a]
        n = int(np.isfinite(m).any(axis=0).sum())
        counts.append(f"{n} of {S} schemes with {activation}")
        if n:
            r, i = np.unravel_index(np.argmin(m), m.shape)
            fastest.append(
                f"{trials.labels[i]}'s with {activation} (step {m[r, i]:g}, learning rate {trials.lrs[r]:g})"
            )
    if fastest:
        takeaway.append(f"The fastest median is {_join(fastest)}.")
    else:
        takeaway.append("No scheme stays below the threshold in at least half its draws.")
    details = (
        f"Dot plot of the step from which the cost stays below the threshold: one row per scheme, one panel per "
        f"hidden activation, a sub-row per learning rate; a dot per weight draw ({K}), a large marker at the "
        "median over the draws (a draw that never stays below counts as never), and a triangle at the right edge "
        f"counting the draws that never stay below. In at least half their draws, {_join(counts)} stay below it."
    )
    return Caption(" ".join(takeaway), _setup_line(trials), details)


def _pick(trials: SchemeTrials, schemes: object) -> list[int]:
    if isinstance(schemes, str) or not hasattr(schemes, "__iter__"):
        raise TypeError(f"schemes must be a sequence of scheme names, got {schemes!r}")
    names = list(schemes)
    bad = [n for n in names if n not in trials.schemes]
    if not names or bad:
        raise ValueError(
            f"schemes must name at least one scheme of trials ({', '.join(trials.schemes)}), got {names!r}"
        )
    return sorted(trials.schemes.index(n) for n in dict.fromkeys(names))


# Steps are pooled into this many buckets for a range band: about one per pixel of a panel at 1280 px.
_BAND_BUCKETS = 250


def _envelope(runs: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The range of ``runs`` (draws x steps) per bucket of consecutive steps: x, lowest, highest.

    Every value of every draw lies inside the band, spikes included (an evenly thinned band
    would skip them), with ``buckets`` points instead of one per step. x is each bucket's
    middle step, the first and last pinned to the first and last step.
    """
    steps = runs.shape[-1]
    if steps <= buckets:
        return np.arange(steps, dtype=np.float64), runs.min(axis=0), runs.max(axis=0)
    edges = np.linspace(0, steps, buckets + 1).round().astype(np.int64)
    low = np.minimum.reduceat(runs.min(axis=0), edges[:-1])
    high = np.maximum.reduceat(runs.max(axis=0), edges[:-1])
    x = (edges[:-1] + edges[1:] - 1) / 2.0
    x[0], x[-1] = 0.0, steps - 1.0
    return x, low, high


#: Size (points) of `trial_curves`' settle-step dots, and how far apart (points) the schemes' dots sit vertically.
_SETTLE_SIZE, _SETTLE_GAP = 6.0, 7.5


def _settle_nudge(k: int, n: int) -> float:
    """Vertical offset in points of the ``k``-th of ``n`` schemes' settle dot, centred on the threshold."""
    return (k - (n - 1) / 2) * _SETTLE_GAP


def trial_curves(trials: SchemeTrials, schemes: object = REPRESENTATIVE) -> Figure:
    r"""Training cost against step for a few schemes: the median over the draws, and their range shaded.

    One panel per learning rate (rows) and activation (columns), on one
    log-scale cost axis cut at 3 (runs that start above it enter as they come
    down); the dotted line is the threshold. A diverged run counts as
    ``inf``, so it lifts the median and the band off the top.
    [`describe_trial_curves`][initlab.plots.grid.describe_trial_curves]
    describes the figure in words, from the same data.

    Parameters
    ----------
    trials
        The result of [`scheme_trials`][initlab.studies.grid.scheme_trials].
    schemes
        Names of the schemes of ``trials`` to draw, drawn in the order of
        ``trials.schemes``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_data("trials", trials, SchemeTrials)
    chosen = _pick(trials, schemes)
    R, A = len(trials.lrs), len(trials.activations)
    loss = np.asarray(trials.loss, dtype=np.float64)
    loss = np.where(np.isnan(loss), np.inf, loss)
    keep = _thin(trials.steps)
    median = median_steps(trials)
    fig = _figure(WIDTH, 1.2 + 2.0 * R)
    axes = fig.subplots(R, A, sharex=True, sharey=True, squeeze=False)
    for (r, a), ax in np.ndenumerate(axes):
        ax.set_yscale("log")
        _log_axis(ax.yaxis)
        _setup(ax, "step" if r == R - 1 else "", "cost J" if a == 0 else "")
        runs = {i: np.minimum(loss[r, a, i][:, keep], 1e3) for i in chosen}
        for i in chosen:  # every range first, faint, so no band covers a median line
            x, low, high = _envelope(np.minimum(loss[r, a, i], 1e3), _BAND_BUCKETS)
            ax.fill_between(x, low, high, color=_style(trials, i)["color"], alpha=0.1, lw=0)
        # medians that settle on top; a median that never stays below is dashed, drawn wide underneath
        for i in sorted(chosen, key=lambda i: np.isfinite(median[r, a, i])):
            style = _style(trials, i)
            settles = bool(np.isfinite(median[r, a, i]))
            ax.plot(
                keep, np.median(runs[i], axis=0), color=style["color"], linestyle="-" if settles else (0, (4, 2)),
                linewidth=1.4 if settles else 2.4, label=trials.labels[i], gid=f"median-{trials.schemes[i]}",
            )  # fmt: skip
        ax.axhline(trials.threshold, color="black", linewidth=0.9, linestyle=":", alpha=0.7)
        settled = [i for i in chosen if np.isfinite(median[r, a, i])]
        for k, i in enumerate(settled):  # the median of the draws' settle steps, as settle_dots
            # each scheme of the panel nudged up or down its own few points: none hides another
            nudge = ScaledTranslation(0, _settle_nudge(k, len(settled)) / 72, fig.dpi_scale_trans)
            ax.plot(
                median[r, a, i], trials.threshold, "o", color=_style(trials, i)["color"], mec="white",
                markersize=_SETTLE_SIZE, clip_on=False, transform=ax.transData + nudge,
                gid=f"settle-{trials.schemes[i]}",
            )  # fmt: skip
        ax.set_xlim(0, trials.steps)
        ax.set_title(f"{trials.activations[a]}, learning rate {trials.lrs[r]:g}", loc="left")
    axes[0, 0].set_ylim(1e-2, 3.0)
    handles = [Line2D([], [], color=_style(trials, i)["color"], linewidth=2.0, label=trials.labels[i]) for i in chosen]
    handles += [
        Line2D([], [], color="black", linewidth=1.4, label="median settles below the threshold"),
        Line2D([], [], color="black", linewidth=2.4, linestyle=(0, (4, 2)), label="median never does"),
        Line2D(
            [],
            [],
            color="black",
            linestyle="",
            marker="o",
            markersize=_SETTLE_SIZE,
            label="median of the draws' settle steps\n(as in the dot plot)",
        ),
        Line2D([], [], color="black", linewidth=0.9, linestyle=":", alpha=0.7, label=f"threshold {trials.threshold:g}"),
    ]
    _legend_handles_below(fig, handles)
    return fig


def _legend_handles_below(fig: Figure, handles: list[Line2D]) -> None:
    """A legend of ``handles`` under the panels, in the site's columns (as `style._legend_below`)."""
    labels = [h.get_label() for h in handles]
    fig.legend(handles, labels, loc="outside lower center", ncols=_legend_columns(labels), frameon=False)


def _settle_steps(trials: SchemeTrials, median: np.ndarray, rows: list[int]) -> str:
    """``"from step 711–990 at learning rate 0.5 and 949–999 at 2 (of 1000)"``: the median settle steps of ``rows``."""
    said = []
    for r, lr in enumerate(trials.lrs):
        at = median[r][:, rows][np.isfinite(median[r][:, rows])].astype(int)
        if at.size:  # one learning rate alone is already named with the activations
            steps = f"{at.min()}" + (f"–{at.max()}" if at.max() > at.min() else "")
            said.append((steps, f"{steps} at {'learning rate ' if not said else ''}{lr:g}"))
    return f"from step {said[0][0] if len(said) == 1 else _join([b for _, b in said])} (of {trials.steps})"


def describe_trial_curves(trials: SchemeTrials, schemes: object = REPRESENTATIVE) -> Caption:
    """The caption of [`trial_curves`][initlab.plots.grid.trial_curves], built from ``trials``.

    Examples
    --------
    >>> from initlab.studies.grid import scheme_trials
    >>> t = scheme_trials(["zeros", "he_normal"], ["relu"], [0.5], steps=300, n_draws=2)
    >>> describe_trial_curves(t, ["zeros", "he_normal"]).takeaway.startswith("The median of")
    True
    """
    _check_data("trials", trials, SchemeTrials)
    chosen = _pick(trials, schemes)
    median = median_steps(trials)
    groups: dict[str, list[str]] = {}  # where the median stays below -> the schemes
    for i in chosen:
        where = []
        for a, activation in enumerate(trials.activations):
            ok = [f"{lr:g}" for r, lr in enumerate(trials.lrs) if np.isfinite(median[r, a, i])]
            if ok:
                where.append(activation if len(ok) == len(trials.lrs) else f"{activation} (learning rate {_join(ok)})")
        groups.setdefault(_join(where) if where else "", []).append(trials.labels[i])
    stays = [
        f"the median{'s' if len(names) > 1 else ''} of {_join(names)} "
        f"{'end' if len(names) > 1 else 'ends'} below the threshold with {where}"
        f", {_settle_steps(trials, median, [trials.labels.index(n) for n in names])}"
        for where, names in groups.items()
        if where
    ]
    if "" in groups:
        stays.append(f"the median of {_join(groups['']).replace(' and ', ' or ')} never does")
    takeaway = "; ".join(stays) + "."
    details = (
        f"Training cost against step for {_join([trials.labels[i] for i in chosen])}: the median of the weight "
        "draws as a line and their range faintly shaded, on a log scale; one panel per learning rate and hidden "
        f"activation ({_join(list(trials.activations))}); a dotted line marks the threshold. A median that "
        "settles below the threshold is a thin solid line, drawn on top; one that never does is wide and dashed. "
        "A dot on the threshold line marks the median over the draws of the step from which each draw's cost "
        "stays below it (as in the dot plot), not where the median line crosses it; each scheme's dot is nudged "
        "up or down a few points so none hides another."
    )
    return Caption(takeaway[0].upper() + takeaway[1:], _setup_line(trials), details)

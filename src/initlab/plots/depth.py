r"""Signal propagation figures: std against depth (per-layer histograms are in `initlab.plots.histograms`)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .._validation import check_choice
from ..diagnostics import per_layer_factor
from ..studies import DepthSweep
from ._edge_labels import leave_mark, lift_clear
from .style import (  # _num, _ratio_text, _factor_text: re-exported for the other plot modules
    MUTED,
    WIDTH,
    _check_data,
    _factor_text,
    _figure,
    _legend_below,
    _log_if_positive,
    _num,
    _ratio_text,
    _series,
    _setup,
    _spread_marks,
    _style,
)
from .svg import Caption

# ----------------------------------------------------------------------------
# Depth sweeps: std vs depth
# ----------------------------------------------------------------------------


#: The "healthy" band of `std_vs_depth`'s ``band=True``: std within ×/÷ 2 of 1.
HEALTHY = (0.5, 2.0)
#: Opacity of the shaded "healthy" band: it must read on the light and on the dark palette.
_HEALTHY_ALPHA = 0.16
#: A focus panel spans at most this many decades below its top, so a level line and a steady fall both show.
ZOOM_DECADES = 7.5


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _groups(sweep: DepthSweep) -> list[list[int]]:
    """Schemes whose two series are equal at every layer, grouped: each group draws one line."""
    groups: list[list[int]] = []
    for i in range(len(sweep.schemes)):
        for g in groups:
            if np.array_equal(sweep.act_std[g[0]], sweep.act_std[i], equal_nan=True) and np.array_equal(
                sweep.grad_std[g[0]], sweep.grad_std[i], equal_nan=True
            ):
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def _names(sweep: DepthSweep, group: list[int], sep: str = " = ") -> str:
    names = [sweep.labels[k] for k in group]
    if sep == " = ":
        return sep.join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _focus(sweep: DepthSweep, focus: object) -> set[int] | None:
    """Indices of the focus schemes (every scheme of a group if one of it is named), or None for all."""
    if focus is None:
        return None
    if isinstance(focus, str) or not all(isinstance(f, str) for f in focus):
        raise TypeError(f"focus must be a sequence of scheme names of the sweep, got {focus!r}")
    picked = {list(sweep.schemes).index(check_choice("focus", f, tuple(sweep.schemes))) for f in focus}
    if not picked:
        raise ValueError(
            f"focus must name at least one scheme of the sweep ({', '.join(sweep.schemes)}), got {focus!r}"
        )
    return {i for g in _groups(sweep) if picked & set(g) for i in g}


def _reference(sweep: DepthSweep, reference: str | None) -> int | None:
    if reference is None:
        return None
    return list(sweep.schemes).index(check_choice("reference", reference, tuple(sweep.schemes)))


def _zoom(sweep: DepthSweep, rows: list[int], band: bool) -> tuple[float, float]:
    """The y view of a focus panel: its lines and the band, at most `ZOOM_DECADES` decades deep."""
    values = np.concatenate([sweep.act_std[rows].ravel(), sweep.grad_std[rows].ravel()])
    values = values[np.isfinite(values) & (values > 0)]
    if band:
        values = np.concatenate([values, HEALTHY])
    top = float(values.max()) * 8.0  # room for a level line's label above it
    return max(float(values.min()) / 60.0, top / 10.0**ZOOM_DECADES), top  # room below for a 2-line label


def _run(values: np.ndarray, down: bool) -> tuple[int, int] | None:
    """First and last index of the leading stretch of finite, positive values in travel order, or None."""
    order = np.arange(len(values))[::-1] if down else np.arange(len(values))
    good = np.isfinite(values[order]) & (values[order] > 0)
    if not good[0]:
        return None
    end = int(np.argmin(good)) if not good.all() else len(good)
    return int(order[0]), int(order[end - 1])


def _annotation(sweep: DepthSweep, i: int, down: bool, ref: int | None) -> tuple[int, float, str] | None:
    """Direct label of line ``i``: where (index, value) and the text ``std ×f per layer[, r of ref's at layer l]``."""
    values = sweep.grad_std[i] if down else sweep.act_std[i]
    run = _run(values, down)
    if run is None or run[0] == run[1]:
        return None
    first, last = run
    factor = per_layer_factor(values, first=first, last=last)
    text = f"std ×{_factor_text(factor)} per layer"
    if ref is not None:
        theirs = (sweep.grad_std if down else sweep.act_std)[ref]
        if np.all(np.isfinite(theirs[[first, last]])) and np.all(theirs[[first, last]] > 0) and ref != i:
            with np.errstate(all="ignore"):  # either series may hold 0 or inf away from first and last
                ratio, factor = values[last] / theirs[last], per_layer_factor(values / theirs, first=first, last=last)
            text = f"std ×{_factor_text(factor)} per layer against {sweep.labels[ref]},\n"
            text += f"{_ratio_text(ratio)} of it at layer {sweep.layers[last]}"
    return last, float(values[last]), text


def std_vs_depth(
    sweep: DepthSweep,
    *,
    log: bool = True,
    focus: Sequence[str] | None = None,
    band: bool = True,
    reference: str | None = None,
) -> Figure:
    r"""Standard deviation of activations and of gradients, layer by layer, one line per scheme.

    Left: $\operatorname{std} A^{[l]}$ on the forward pass; right:
    $\operatorname{std} \partial \mathcal L/\partial A^{[l]}$ on the backward pass;
    the two panels share their y axis. Schemes whose two series are equal at
    every layer (LeCun and Glorot on square layers) draw one line, labelled
    ``"LeCun normal = Glorot normal"``. Values a log axis cannot show are
    marked once per line, at the first layer they occur in the direction
    the signal travels: exactly 0 at the bottom edge, inf/NaN (overflow) at
    the top edge.

    Parameters
    ----------
    sweep
        The result of [`depth_sweep`][initlab.studies.depth.depth_sweep].
    log
        Log-scale y axes (the natural scale for signals that shrink or grow
        by a factor per layer).
    focus
        Scheme names of the sweep to show in the main panels, each line
        labelled directly with its std factor per layer; on a log axis the
        panels are zoomed to these lines (at most `ZOOM_DECADES` decades
        deep, so a steady fall stays visible). The other schemes go to a
        smaller pair of panels below, on their own full range. ``None``:
        every scheme in one pair of panels.
    band
        Shade the "healthy" band `HEALTHY`, std between 0.5 and 2 (within
        ×/÷ 2 of 1), in the main panels (on a log axis; the default, so every
        page's std-vs-depth figure reads alike).
    reference
        A scheme of the sweep: the direct labels also give each other main
        line's std at its last layer as a fraction of this scheme's
        (``2⁻¹⁵`` when it is a power of 2).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``sweep`` is not a `DepthSweep`, ``focus`` not a sequence of
        names or a flag not a bool.
    ValueError
        If ``focus`` or ``reference`` names a scheme not in the sweep.
    """
    _check_data("sweep", sweep, DepthSweep)
    log, band = _flag("log", log), _flag("band", band)
    chosen, ref = _focus(sweep, focus), _reference(sweep, reference)
    groups = _groups(sweep)
    main = [g for g in groups if chosen is None or g[0] in chosen]
    rest = [g for g in groups if chosen is not None and g[0] not in chosen]
    layers = np.asarray(sweep.layers)
    every = max(1, len(layers) // 12)
    fig = _figure(WIDTH, 4.9 if rest else 3.5)
    grid = fig.subplots(
        2 if rest else 1, 2, sharex=True, sharey="row", squeeze=False, height_ratios=[2.2, 1] if rest else None
    )
    kinds: set[str] = set()
    for r, lines in ((0, main), *(((1, rest),) if rest else ())):
        row = grid[r]
        rows = [g[0] for g in lines]
        is_log = log and _log_if_positive(row[0], sweep.act_std[rows], sweep.grad_std[rows])
        if is_log:
            _log_if_positive(row[1], sweep.act_std[rows], sweep.grad_std[rows])
        for ax, values, down in ((row[0], sweep.act_std, False), (row[1], sweep.grad_std, True)):
            _setup(ax, "hidden layer" if r == len(grid) - 1 else "", "std" if ax is row[0] else "")
            for g in lines:
                style = _style(sweep, g[0])
                kinds |= _series(
                    ax, layers, values[g[0]], style, _names(sweep, g), log=is_log, markevery=every, reverse=down
                )
            ax.margins(y=0.12)  # room for the edge marks
    for ax, what in zip(grid[0], ("forward", "backward"), strict=True):
        symbol = r"$a^{[l]}$" if what == "forward" else r"$\partial\mathcal{L}/\partial a^{[l]}$"
        ax.set_title(f"{'activations' if what == 'forward' else 'gradients'} {symbol} ({what})", loc="left")
        if band and log:
            ax.axhspan(*HEALTHY, color=MUTED, alpha=_HEALTHY_ALPHA, linewidth=0, zorder=0, label="_band")
    if log and chosen is not None:
        grid[0][0].set_ylim(*_zoom(sweep, [g[0] for g in main], band))
    if rest:
        grid[1][0].set_title("the other schemes (own axis)", loc="left")
    edges: list = []  # labels of lines that leave the zoomed axis
    if chosen is not None:
        low, high = grid[0][0].get_ylim()
        for ax, down in ((grid[0][0], False), (grid[0][1], True)):
            for g in main:
                note = _annotation(sweep, g[0], down, ref)
                if note is None:
                    continue
                k, y, text = note
                if log and not low < y < high:  # leaves the zoomed axis: a mark on the edge where, and where to
                    values = (sweep.grad_std if down else sweep.act_std)[g[0]]
                    edges.append(leave_mark(ax, layers, values, down=down, end=k, color=_style(sweep, g[0])["color"]))
                    continue
                start = (sweep.grad_std if down else sweep.act_std)[g[0], -1 if down else 0]
                level = 0.5 <= y / start <= 2
                # One Text per line: the SVG keeps a single line's anchor (start/end) in the page's narrower
                # font, not a multi-line text's alignment. "vs" keeps the label short of steeper lines.
                lines = text.replace(" against ", " vs ").split("\n")
                size = matplotlib.rcParams["font.size"] * 1.25
                for n, line in enumerate(lines if not level else lines[::-1]):
                    ax.annotate(
                        line,
                        (layers[k], y),
                        xytext=(-4 if not down else 4, 7 + n * size if level else -7 - n * size),
                        textcoords="offset points",
                        ha="right" if not down else "left",
                        va="bottom" if level else "top",
                        color=_style(sweep, g[0])["color"],
                    )
    for ax in fig.axes:
        _spread_marks(ax)
    if len(layers) <= 12:
        grid[-1][0].set_xticks(layers)
    healthy = [Patch(color=MUTED, alpha=_HEALTHY_ALPHA, linewidth=0, label="healthy: std within ×/÷ 2 of 1")]
    _legend_below(fig, grid[0][0], kinds, extra=grid[1][0] if rest else None, handles=healthy if band and log else ())
    lift_clear(fig, [e for e in edges if e is not None])
    return fig


def _travel(values: np.ndarray, down: bool) -> str:
    """One std series in the direction the signal travels: where it starts, ends, its mean factor per layer."""
    v = np.asarray(values, dtype=np.float64)
    order = np.arange(len(v))[::-1] if down else np.arange(len(v))
    v = v[order]
    bad = ~np.isfinite(v)
    stop = int(np.argmax(bad)) if bad.any() else len(v)
    zero = v[:stop] <= 0
    end = int(np.argmax(zero)) if zero.any() else stop
    first = order[0] + 1
    if stop == 0:
        return f"inf/NaN from layer {first} on (overflow, marked at the top edge)"
    if end == 0:
        return "exactly 0 at every layer" if zero.all() else f"exactly 0 from layer {first} (marked at the bottom edge)"
    last = order[end - 1] + 1
    text = f"{_num(v[0])} at layer {first}"
    if end > 1:
        factor, way = per_layer_factor(v, last=end - 1), "going down" if down else "going up"
        text += f", {_num(v[end - 1])} at layer {last} (std ×{_num(factor)} per layer {way}, geometric mean)"
    if zero.any():
        text += f", exactly 0 from layer {order[end] + 1} (marked at the bottom edge)"
    elif stop < len(v):
        text += f", then inf/NaN from layer {order[stop] + 1} (overflow, marked at the top edge)"
    return text


def describe_std_vs_depth(
    sweep: DepthSweep,
    *,
    reference: str | None = None,
    spread: bool = False,
    focus: Sequence[str] | None = None,
    band: bool = True,
) -> Caption:
    """The caption of [`std_vs_depth`][initlab.plots.depth.std_vs_depth]'s figure, from its data.

    Takes the figure's ``focus``, ``band`` and ``reference``. The takeaway
    names the lines of the main panels with their std factor per layer (or
    "stays level": within ×/÷ 2 from the first layer to the last) and, with ``reference``, their last layer's std as a
    fraction of the reference's; schemes that draw one line are named as one
    (LeCun and Glorot coincide on square layers); then where the other
    schemes are exactly 0 or overflow. The setup says what each panel shows.
    The details give, for every scheme, the activations' std from layer 1 up
    and the gradients' from the top layer down, each with its geometric-mean
    *std* factor per layer, and where a series overflows or is exactly 0; a
    scheme whose forward pass overflowed has no gradient line.

    Parameters
    ----------
    sweep
        The result of [`depth_sweep`][initlab.studies.depth.depth_sweep].
    reference
        A scheme of the sweep: every other scheme's activation std at the
        last layer, and gradient std at the first, is also stated as a
        fraction of this scheme's.
    spread
        Also state each scheme's ``act_spread`` (the spread across inputs
        alone, not drawn) at the first and the last layer.
    focus, band
        As passed to the figure.

    Examples
    --------
    >>> from initlab.studies import depth_sweep
    >>> s = depth_sweep(["he_normal"], "relu", depth=3, width=32, n_samples=50, max_samples=100)
    >>> describe_std_vs_depth(s).setup.startswith("relu net, 3 hidden layers of 32 units")
    True
    """
    _check_data("sweep", sweep, DepthSweep)
    ref = _reference(sweep, reference)
    spread, band = _flag("spread", spread), _flag("band", band)
    chosen = _focus(sweep, focus)
    groups = _groups(sweep)
    takeaway: list[str] = []
    level_lines = 0  # level lines are named first
    short: list[str] = []  # the visible takeaway: level lines, then the moving ones, closest to level first
    moving: list[tuple[float, str, str]] = []
    for group in groups:
        if chosen is not None and group[0] not in chosen:
            continue
        i = group[0]
        names = _names(sweep, group, sep=", ")
        one = ""
        if len(group) > 1:
            one = " (one line: the same std at every layer"
            picked = {sweep.schemes[k].split("_")[0] for k in group}
            if {"lecun", "glorot"} <= picked:
                one = " (one line: on square layers their weight variances are equal"
            one += ")"
        notes = [_annotation(sweep, i, down, ref) for down in (False, True)]
        act = sweep.act_std[i]
        bad = ~np.isfinite(act)
        if notes[0] is None:
            takeaway.append(f"{names}{one}: activations {_travel(act, down=False)}")
            short.append(takeaway[-1].replace(one, ""))
            continue
        end = notes[0][0]
        if 0.5 <= act[end] / act[0] <= 2:  # level: within ×/÷ 2 from first layer to last
            at = f"std {_num(act[0])} at layer 1, {_num(act[end])} at layer {end + 1}"
            text = f"{names}{one} stays level ({at})"
            grad = sweep.grad_std[i]
            low, top = notes[1][0] if notes[1] else 0, len(grad) - 1  # the way down: from the top to ``low``
            # level both ways: both within ×/÷ 2 and the gradient's own std factor per layer prints as ×1.0
            factor = per_layer_factor(grad, first=top, last=low) if notes[1] is not None else math.nan
            if notes[1] is not None and 0.5 <= grad[low] / grad[top] <= 2 and abs(factor - 1.0) < 0.05:
                text = (
                    f"{names}{one} stays level both ways ({at}; gradient std {_num(grad[top])} at layer {top + 1}, "
                    f"{_num(grad[low])} at layer {low + 1}: std ×{_factor_text(factor)} per layer on the way down)"
                )
            elif notes[1] is not None:  # level only one way: say so
                text = text.replace(" stays level (std", "'s activations stay level (std")
                text += (
                    f"; its gradient std {'grows' if grad[low] > grad[top] else 'shrinks'} "
                    f"×{_factor_text(factor)} per layer on the way down "
                    f"({_num(grad[top])} at layer {top + 1}, {_num(grad[low])} at layer {low + 1})"
                )
        else:
            forward = notes[0][2].replace("\n", " ")
            text = f"{names}{one}: {forward}"
            if notes[1] is not None:
                back = notes[1][2].replace("\n", " ")
                if back.split(" at layer")[0] == forward.split(" at layer")[0]:
                    text += " (its gradients alike, on the way down)"
                else:
                    text += f"; its gradients {back} on the way down"
        if bad.any():
            text += f", then overflows (inf/NaN) from layer {sweep.layers[np.argmax(bad)]}"
            if np.all(np.isnan(sweep.grad_std[i])):
                text += "; no gradient line (a backward pass through inf/NaN is NaN: one mark at the top edge)"
        over = f", then overflows from layer {sweep.layers[np.argmax(bad)]}" if bad.any() else ""
        named = f"{names}{' (one line)' if one else ''}"
        if "stays level" in text or "'s activations stay level" in text:  # named first
            takeaway.insert(level_lines, text)
            short.insert(level_lines, text.replace(one, "") + over)
            level_lines += 1
        else:
            takeaway.append(text)
            first, *rest = notes[0][2].split("\n")
            closeness = abs(math.log(act[end] / act[0]))
            moving.append((closeness, f"{named}: {first.rstrip(',')}", rest[0] if rest else "", over))
    failures: dict[str, list[str]] = {}
    for group in groups:
        if chosen is None or group[0] in chosen:
            continue
        act = sweep.act_std[group[0]]
        names = _names(sweep, group, sep=", ")
        if np.all(act == 0):
            failures.setdefault("is exactly 0 at every layer (marked once at the bottom edge)", []).append(names)
        elif not np.all(np.isfinite(act)):
            first = sweep.layers[int(np.argmax(~np.isfinite(act)))]
            failures.setdefault(f"overflows (inf/NaN) from layer {first} (marked once at the top edge)", []).append(
                names
            )
        else:
            failures.setdefault(f"activations {_travel(act, down=False)}", []).append(names)
    if failures:
        said = []
        for what, who in failures.items():
            plural = len(who) > 1 and what.startswith(("is ", "overflows"))
            verb = what.replace("is exactly", "are exactly").replace("overflows", "overflow") if plural else what
            said.append(f"{' and '.join(who)}{':' if what.startswith('activations') else ''} {verb}")
        below = "Below: " + "; ".join(said)
    else:
        below = ""
    setup = (
        f"{sweep.activation} net, {sweep.depth} hidden layers of {sweep.width} units, "
        f"{sweep.n_samples} random inputs. Left: std of the activations of each layer (forward). "
        "Right: std of ∂𝓛/∂a, the gradient reaching each layer's activations "
        "from a standard-normal signal at the logits (backward, read right to left)."
    )
    if any("stays level" in t or "'s activations stay level" in t for t in takeaway):
        setup += " Level: within ×/÷ 2 from the first layer to the last."
    if band:
        setup += f" Shaded: std from {_num(HEALTHY[0])} to {_num(HEALTHY[1])} (within ×/÷ 2 of 1)."
    parts = []
    for group in groups:
        i = group[0]
        names = [sweep.labels[k] for k in group]
        label = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if len(group) > 1:
            label += " (one line: the same std at every layer)"
        grads = sweep.grad_std[i]
        if np.all(np.isnan(grads)) and not np.all(np.isfinite(sweep.act_std[i])):
            grad_text = (
                "no gradient line: the forward pass overflowed, so every gradient is reported as NaN "
                "(one mark at the top edge)"
            )
        else:
            grad_text = "gradients " + _travel(grads, down=True)
        text = f"{label}: activations {_travel(sweep.act_std[i], down=False)}; {grad_text}"
        if reference is not None and ref not in group:
            ratios = []
            for what, values, k in (("activation", sweep.act_std, -1), ("gradient", sweep.grad_std, 0)):
                mine, theirs = values[i, k], values[ref, k]
                if np.isfinite(mine) and np.isfinite(theirs) and theirs > 0:
                    ratios.append(
                        f"{what} std at layer {sweep.layers[k]} is {_num(mine / theirs)} of {sweep.labels[ref]}'s"
                    )
            if ratios:
                text += "; its " + ", its ".join(ratios)
        parts.append(text)
    described = (
        f"Standard deviation of the activations (left, forward) and of the gradients ∂𝓛/∂a reaching them "
        f"(right, backward) at each of the {sweep.depth} hidden layers of a {sweep.activation} net "
        f"of width {sweep.width}, on a log scale, every scheme fed the same {sweep.n_samples} random inputs. "
        + ". ".join(parts)
        + "."
    )
    if spread:
        spreads = [
            f"{label} from {_num(sweep.act_spread[i, 0])} at layer {sweep.layers[0]} "
            f"to {_num(sweep.act_spread[i, -1])} at layer {sweep.layers[-1]}"
            for i, label in enumerate(sweep.labels)
        ]
        described += (
            " The activation std drawn is pooled over inputs and units; the spread across inputs alone, "
            "not drawn, goes: " + "; ".join(spreads) + "."
        )
    full = ". ".join(t[0].upper() + t[1:] for t in takeaway + ([below] if below else [])) + "."
    said = []
    for n, (_, text, ratio, over) in enumerate(sorted(moving, key=lambda m: m[0])):
        if n and ref is not None:  # the reference is named once
            text = text.replace(f" against {sweep.labels[ref]}", "")
        said.append(text + (f", {ratio}" if ratio and n == 0 else "") + over)
    if said:
        short.append("; ".join(said))
    takeaway_text = ". ".join(t[0].upper() + t[1:] for t in short) + "." if short else full
    return Caption(takeaway_text, setup, f"{full} {described}")

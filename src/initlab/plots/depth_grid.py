r"""Small multiples of std against depth: one row per activation, forward and backward side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..diagnostics import per_layer_factor
from ..studies import DepthSweep
from .depth import _HEALTHY_ALPHA, HEALTHY, _focus, _groups, _names, _num, _run, _zoom, describe_std_vs_depth
from .style import MUTED, WIDTH, _check_data, _edge_legend, _figure, _log_if_positive, _series, _setup, _style
from .svg import Caption


def _checked(sweeps: object) -> list[DepthSweep]:
    """The sweeps as a list: 1 to 4 `DepthSweep`s of the same schemes and depth."""
    if isinstance(sweeps, Mapping):
        sweeps = list(sweeps.values())
    if isinstance(sweeps, (str, bytes)) or not isinstance(sweeps, Sequence):
        raise TypeError(f"sweeps must be a sequence or mapping of initlab.studies.DepthSweep, got {sweeps!r}")
    sweeps = list(sweeps)
    if not 1 <= len(sweeps) <= 4:
        raise ValueError(f"sweeps must hold 1 to 4 depth sweeps (one row each), got {len(sweeps)}")
    for s in sweeps:
        _check_data("sweeps", s, DepthSweep)
    first = sweeps[0]
    for s in sweeps[1:]:
        if s.schemes != first.schemes or s.depth != first.depth:
            raise ValueError(
                "sweeps must share their schemes and depth, got "
                f"{first.schemes}/{first.depth} and {s.schemes}/{s.depth}"
            )
    return sweeps


def std_vs_depth_grid(
    sweeps: Mapping[str, DepthSweep] | Sequence[DepthSweep], *, focus: Sequence[str], log: bool = True
) -> Figure:
    r"""Std against depth as small multiples: one row per sweep (activation), forward and backward panels.

    Each row is one [`depth_sweep`][initlab.studies.depth.depth_sweep]: left
    $\operatorname{std} a^{[l]}$ (forward), right
    $\operatorname{std} \partial \mathcal L/\partial a^{[l]}$ (backward). The
    two panels of a row share their y axis, zoomed on a log axis to the
    emphasised lines and the "healthy" band `HEALTHY` (shaded); all panels
    share the x axis. The
    ``focus`` schemes are drawn in their colours (schemes with equal series
    as one line, e.g. ``"LeCun normal = Glorot normal"``), the others thin
    and grey behind them. Values a log axis cannot show get one mark per
    line and kind (0 at the bottom edge, inf/NaN at the top). One legend.

    Parameters
    ----------
    sweeps
        1 to 4 depth sweeps of the same schemes and depth (e.g. relu, tanh
        and sigmoid), as a sequence or a mapping (its values, in order).
    focus
        Scheme names of the sweeps to emphasise.
    log
        Log-scale y axes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``sweeps`` is not a sequence/mapping of `DepthSweep`, or ``focus``
        not a sequence of names.
    ValueError
        If there are not 1 to 4 sweeps, they differ in schemes or depth, or
        ``focus`` names a scheme not in them.
    """
    sweeps = _checked(sweeps)
    if not isinstance(log, (bool, np.bool_)):
        raise TypeError(f"log must be True or False, got {log!r}")
    _focus(sweeps[0], focus)  # checked once, before drawing
    layers = np.asarray(sweeps[0].layers)
    every = max(1, len(layers) // 12)
    fig = _figure(WIDTH, 0.9 + 2.0 * len(sweeps))
    grid = fig.subplots(len(sweeps), 2, sharex=True, sharey="row", squeeze=False)
    kinds: set[str] = set()
    names: list[str] = []
    styles: dict[str, dict] = {}
    banded: dict[str, int] = {}  # label -> panels where it is drawn as a band
    drawn: dict[str, int] = {}  # label -> panels where it is drawn at all
    for row, sweep in zip(grid, sweeps, strict=True):
        chosen = _focus(sweep, focus)
        groups = _groups(sweep)
        is_log = log and _log_if_positive(row[0], sweep.act_std, sweep.grad_std)
        if is_log:
            _log_if_positive(row[1], sweep.act_std, sweep.grad_std)
        for ax, values, down in ((row[0], sweep.act_std, False), (row[1], sweep.grad_std, True)):
            _setup(ax, "hidden layer" if sweep is sweeps[-1] else "", "std" if ax is row[0] else "")
            for muted in (True, False):
                for g in groups:
                    if (g[0] in chosen) == muted:
                        continue
                    label = _names(sweep, g)
                    style = _style(sweep, g[0])
                    if style["linestyle"] == "--":  # hollow markers: a dashed line differs in more than hue
                        style["markerfacecolor"] = "none"
                    kinds |= _series(
                        ax, layers, values[g[0]], style, label, log=is_log,
                        markevery=every, muted=muted, reverse=down,
                    )  # fmt: skip
                    if not muted:
                        drawn[label] = drawn.get(label, 0) + 1
                        if label not in names:
                            names.append(label)
                            styles[label] = style
            for label in _underlay(ax):
                banded[label] = banded.get(label, 0) + 1
            ax.margins(y=0.12)
            kind = r"gradients $\partial\mathcal{L}/\partial a^{[l]}$" if down else r"activations $a^{[l]}$"
            ax.set_title(f"{sweep.activation}: {kind}", loc="left")
        if is_log:  # zoom to the emphasised lines and the band; grey context may leave the panel
            row[0].set_ylim(*_zoom(sweep, [g[0] for g in groups if g[0] in chosen], True))
            for ax in row:  # the "healthy" band, as on the home page's figure
                ax.axhspan(*HEALTHY, color=MUTED, alpha=_HEALTHY_ALPHA, linewidth=0, zorder=0, label="_band")
    entries: list = []
    for n in names:  # each entry drawn as its line is: a band, a line, or both (band in some panels)
        line = Line2D([], [], linewidth=1.6, markersize=4.5, label=n, **styles[n])
        band = Line2D([], [], color=styles[n]["color"], linewidth=5.0, alpha=_BAND_ALPHA, label=n)
        times = banded.get(n, 0)
        entries.append(line if not times else band if times == drawn[n] else (band, line))
    entries.append(Line2D([], [], color=MUTED, alpha=0.55, linewidth=1.0, label="the other schemes"))
    if log:
        entries.append(Patch(color=MUTED, alpha=_HEALTHY_ALPHA, linewidth=0, label="healthy: std within ×/÷ 2 of 1"))
    entries += _edge_legend(kinds)
    labels = [e[0].get_label() if isinstance(e, tuple) else e.get_label() for e in entries]
    fig.legend(
        entries, labels, loc="outside lower center", ncols=3, frameon=False,
        handler_map={tuple: HandlerTuple(ndivide=1)},
    )  # fmt: skip
    if len(layers) <= 12:
        grid[-1][0].set_xticks(layers)
    return fig


def describe_std_vs_depth_grid(
    sweeps: Mapping[str, DepthSweep] | Sequence[DepthSweep], *, focus: Sequence[str], spread: bool = False
) -> Caption:
    """The caption of [`std_vs_depth_grid`][initlab.plots.depth_grid.std_vs_depth_grid]'s figure, from its data.

    The takeaway says, per activation, which emphasised (coloured) lines
    stay level both ways (within ×/÷ 2 from the first layer to the last,
    forward and backward), which grey ones do too, and, where no coloured
    line does, whether every coloured gradient std shrinks on the way down;
    then the steepest coloured line's std factor per layer (geometric mean
    over the layers it stays finite and non-zero) in the direction that
    changes most, or "both ways" when the two agree; the setup says what
    rows, columns, colours, grey and the shaded band mean;
    the details hold every sweep's full description (see
    [`describe_std_vs_depth`][initlab.plots.depth.describe_std_vs_depth];
    ``spread`` as there).
    """
    sweeps = _checked(sweeps)
    rows = []
    n_focus = 0
    levels: dict[str, list[str]] = {}  # coloured lines that stay level -> the activations
    greys: dict[str, list[str]] = {}  # activation -> grey lines that stay level
    steepest: tuple[float, str] | None = None
    for sweep in sweeps:
        chosen = _focus(sweep, focus)
        level, moving, other = [], [], []
        for g in _groups(sweep):
            if g[0] not in chosen:
                continue
            n_focus += len(g)
            name = _names(sweep, g)
            worst = _worst(sweep, g[0])
            if worst is None:
                act = sweep.act_std[g[0]]
                other.append(f"{name} {'exactly 0' if np.all(act == 0) else 'not finite past layer 1'}")
            elif worst[0] is None:
                level.append(name)
            else:
                moving.append((name, *worst))
        greys[sweep.activation] = [
            _names(sweep, g) for g in _groups(sweep) if g[0] not in chosen and _level(sweep, g[0])
        ]
        levels.setdefault(_join(level), []).append(sweep.activation)
        for name, factor, way in moving:
            if steepest is None or abs(np.log(factor)) > steepest[0]:
                steepest = (abs(np.log(factor)), f"{name} with {sweep.activation}: std ×{_num(factor)} per layer {way}")
        if not level:
            said = "no line stays level"
        elif len(level) == 1:
            said = f"only {level[0]} stays level both ways"
        else:
            said = f"{', '.join(level[:-1])} and {level[-1]} stay level both ways"
        if moving:  # factors as plain numbers, so a list of them reads alike
            ways = {way for _, _, way in moving}
            if len(ways) == 1:
                way = ways.pop()
                whose = "the others' " if level else "the "
                kind = {"both ways": "", "on the way down": "gradients' ", "on the way up": "activations' "}[way]
                factors = [f for _, f, _ in moving]
                verb = "shrinks" if max(factors) < 1 else "grows" if min(factors) > 1 else "changes"
                said += f"; {whose}{kind}std {verb} per layer {way}: "
                said += ", ".join(f"{name} ×{_num(factor)}" for name, factor, _ in moving)
            else:
                said += "; per layer: " + ", ".join(f"{name} ×{_num(factor)} {way}" for name, factor, way in moving)
        if other:
            said += "; " + ", ".join(other)
        rows.append(f"{sweep.activation}: {said}")
    full = ". ".join(rows) + "."
    first = []
    for who, acts in levels.items():
        common = [n for n in greys[acts[0]] if all(n in greys[a] for a in acts)]
        extra = [
            f"{_join([n for n in greys[a] if n not in common])} with {a}" for a in acts if len(greys[a]) > len(common)
        ]
        also = f" (in grey too: {'; '.join(filter(None, [_join(common), *extra]))})" if common or extra else ""
        if not who:
            said = f"with {_join(acts)} none stays level both ways{also}"
            if all(_shrinks_down(x, _focus(x, focus)) for x in sweeps if x.activation in acts):
                said += ": every coloured line's gradient std shrinks on the way down"
            first.append(said)
        elif " and " in who:
            first.append(f"{who} stay level both ways with {_join(acts)}{also}")
        else:
            first.append(f"only {who} stays level both ways with {_join(acts)}{also}")
    takeaway = "Of the coloured schemes " + "; ".join(first) + "."
    if steepest is not None:
        takeaway += f" Steepest coloured line: {steepest[1]}."
    s = sweeps[0]
    others = len(s.schemes) - n_focus // len(sweeps)
    setup = (
        f"{s.depth} hidden layers of {s.width} units, {s.n_samples} random inputs. "
        f"Rows: {', '.join(x.activation for x in sweeps)}; left: std of the activations of each layer (forward); "
        "right: std of ∂𝓛/∂a, the gradient reaching each layer's activations (backward, read right to left). "
        f"The two panels of a row share a y axis. Grey: the other {others} schemes. "
        f"Shaded: std from {_num(HEALTHY[0])} to {_num(HEALTHY[1])}; "
        "level: within ×/÷ 2 from the first layer to the last."
    )
    details = (
        full + " " + " ".join(f"{x.activation}: {describe_std_vs_depth(x, spread=spread).details}" for x in sweeps)
    )
    return Caption(takeaway, setup, details)


#: Opacity of a widened (covered) line and of the "healthy" band: both must read on the light and the dark palette.
_BAND_ALPHA = 0.55

#: Two emphasised lines closer than this factor at every layer are drawn as one wide band and one line on it.
_COINCIDE = 1.5


def _underlay(ax) -> set[str]:
    """Widen an emphasised line that a later one covers (within ×/÷ `_COINCIDE` everywhere): both stay visible.

    The earlier line becomes a wide translucent band without markers; the later one is drawn on it as before.
    Returns the labels of the widened lines.
    """
    drawn = [l for l in ax.get_lines() if len(l.get_xdata()) > 1 and not l.get_label().startswith("_")]
    widened: set[str] = set()
    for n, low in enumerate(drawn):
        a = np.asarray(low.get_ydata(), dtype=np.float64)
        for high in drawn[n + 1 :]:
            b = np.asarray(high.get_ydata(), dtype=np.float64)
            both = np.isfinite(a) & np.isfinite(b) & (a > 0) & (b > 0)
            if both.any() and np.max(np.abs(np.log(a[both] / b[both]))) < np.log(_COINCIDE):
                low.set(linewidth=5.0, alpha=_BAND_ALPHA, marker="", solid_capstyle="round", linestyle="-")
                widened.add(low.get_label())
                break
    return widened


def _level(sweep: DepthSweep, i: int) -> bool:
    """Whether line ``i`` stays within ×/÷ 2 from the first layer to the last both ways (both finite, non-zero)."""
    for values in (sweep.act_std[i], sweep.grad_std[i]):
        ok = np.isfinite(values) & (values > 0)
        if not ok.all() or abs(np.log(values[-1] / values[0])) > np.log(2.0):
            return False
    return True


def _shrinks_down(sweep: DepthSweep, rows: set[int]) -> bool:
    """Whether the gradient std of every line ``rows`` is smaller at layer 1 than at the top (where finite)."""
    rows = sorted(rows)
    top, bottom = sweep.grad_std[rows, -1], sweep.grad_std[rows, 0]
    ok = np.isfinite(top) & np.isfinite(bottom) & (top > 0)
    return bool(ok.any() and np.all(bottom[ok] < top[ok]))


def _join(items: list[str]) -> str:
    return "" if not items else items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _worst(sweep: DepthSweep, i: int) -> tuple[float | None, str] | None:
    """Line ``i``'s verdict from its std factor per layer (geometric mean) on the way up and on the way down.

    ``(None, "")`` if both directions stay within ×/÷ 2 from the first layer to the last; else the factor of
    the direction that changes most and ``"both ways"`` (the other changes at least 80% as much, the same
    way), ``"on the way up"`` or ``"on the way down"``; None if the activations have no finite, non-zero stretch.
    """
    found = []
    for down in (False, True):
        values = (sweep.grad_std if down else sweep.act_std)[i]
        run = _run(values, down)
        if run is None or run[0] == run[1]:
            if not down:
                return None
            continue
        first, last = run
        factor = per_layer_factor(values, first=first, last=last)
        found.append((float(np.log(values[last] / values[first])), factor, down))
    if all(abs(change) <= np.log(2.0) for change, *_ in found):
        return None, ""
    found.sort(key=lambda f: -abs(f[0]))
    change, factor, down = found[0]
    both = len(found) == 2 and found[1][0] * change > 0 and abs(found[1][0]) >= 0.8 * abs(change)
    return float(factor), "both ways" if both else "on the way down" if down else "on the way up"

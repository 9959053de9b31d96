"""The site-wide look of a figure: scheme colours, sizes and the axis helpers every plot shares."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import Formatter, Locator, NullFormatter
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from .._validation import check_choice
from ..schemes import SCHEMES, Scheme
from ._artists import artists
from .palette import LIGHT


@dataclass(frozen=True)
class SeriesStyle:
    """How one scheme is drawn: colour, line style and marker.

    Attributes
    ----------
    color
        Hex colour, visible on white and on the dark slate background.
    linestyle
        `"-"` for normal flavours, `"--"` for uniform ones (and for
        constant, to tell it from zeros), `"-."` for orthogonal.
    marker
        One marker per family, so lines differ by more than colour.
    """

    color: str
    linestyle: str
    marker: str


# One colour per scheme family, from initlab.plots.palette: colour-blind safe
# (CIEDE2000 >= 10 between families under normal vision, protanopia and
# deuteranopia) and >= 4.5:1 on white; svg() swaps in the dark palette's
# colour through CSS variables. Zeros and constant are one family (zeros is
# constant 0); so are small_uniform/small_normal.
_GREY, _SKY, _PURPLE, _ORANGE = (LIGHT[f] for f in ("grey", "small", "large", "standard"))
_GREEN, _BLUE, _VERMILLION, _YELLOW = (LIGHT[f] for f in ("lecun", "glorot", "he", "orthogonal"))

SCHEME_STYLES: dict[str, SeriesStyle] = {
    "zeros": SeriesStyle(_GREY, "-", "x"),
    "constant": SeriesStyle(_GREY, "--", "p"),
    "small_uniform": SeriesStyle(_SKY, "--", "v"),
    "small_normal": SeriesStyle(_SKY, "-", "v"),
    "large_normal": SeriesStyle(_PURPLE, "-", "^"),
    "standard_uniform": SeriesStyle(_ORANGE, "--", "D"),
    "lecun_normal": SeriesStyle(_GREEN, "-", "s"),
    "lecun_uniform": SeriesStyle(_GREEN, "--", "s"),
    "glorot_normal": SeriesStyle(_BLUE, "-", "o"),
    "glorot_uniform": SeriesStyle(_BLUE, "--", "o"),
    "he_normal": SeriesStyle(_VERMILLION, "-", "P"),
    "he_uniform": SeriesStyle(_VERMILLION, "--", "P"),
    "orthogonal": SeriesStyle(_YELLOW, "-.", "*"),
}
"""The style of every scheme in [`SCHEMES`][initlab.schemes.SCHEMES], the same on every page."""

#: Colour of muted context lines (the schemes a figure does not emphasise).
MUTED = _GREY

# Colours for series that are not schemes (e.g. train vs test), in order.
EXTRA_COLORS: tuple[str, ...] = (_BLUE, _VERMILLION, _GREEN, _PURPLE, _ORANGE, _SKY, _YELLOW, _GREY)


def scheme_style(name: str, *, index: int = 0) -> dict[str, Any]:
    """Keyword arguments for ``Axes.plot`` that draw scheme ``name`` in its site-wide style.

    Parameters
    ----------
    name
        A key of [`SCHEME_STYLES`][initlab.plots.style.SCHEME_STYLES] (every name in
        [`SCHEMES`][initlab.schemes.SCHEMES]).
        Any other name gets a colour from a fixed cycle, picked by ``index``,
        so custom initializers still plot.
    index
        Position of the series, used only for names without a fixed style.

    Returns
    -------
    dict
        ``color``, ``linestyle`` and ``marker``.

    Examples
    --------
    >>> scheme_style("glorot_uniform")
    {'color': '#164281', 'linestyle': '--', 'marker': 'o'}
    """
    style = SCHEME_STYLES.get(name)
    if style is None:
        return {"color": EXTRA_COLORS[index % len(EXTRA_COLORS)], "linestyle": "-", "marker": "o"}
    return {"color": style.color, "linestyle": style.linestyle, "marker": style.marker}


# Grid lines in black at low alpha: initlab.plots.svg.svg turns black into currentColor.
_GRID = {"color": "black", "alpha": 0.12, "linewidth": 0.6}
#: Width of every figure in inches: the width of a Material content column.
WIDTH = 7.2
# At most this many points per line: long loss curves are thinned for the page.
_MAX_POINTS = 600


# Type. A figure WIDTH inches wide is 518.4 pt; at a 1280x800 viewport
# Material's content column draws it 688 px wide: 1.327 px per pt (measured
# with Chromium). 12 px is then 9.04 pt; the smallest text is set at 9.5 pt
# (12.6 px). Sizes step up from there: tick labels = legend = notes <
# axis labels < panel titles < figure title (body text is 16 px).
#: Displayed pixels per point of a WIDTH-inch figure at a 1280 px viewport.
PX_PER_PT = 1.327
#: The smallest font size of any figure text, in points (12.6 px at 1280 px).
MIN_FONT_PT = 9.5
#: The site-wide type scale in points, applied to every figure by `initlab.plots.svg.svg`.
FONT_PT: dict[str, float] = {"tick": MIN_FONT_PT, "legend": MIN_FONT_PT, "label": 10.5, "title": 11.0, "suptitle": 12.0}


def _figure(width: float = WIDTH, height: float = 3.4) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _apply_type(fig: Figure) -> None:
    """Set every text of ``fig`` to the site's type scale (`FONT_PT`); no text below `MIN_FONT_PT`.

    Run by [`svg`][initlab.plots.svg.svg] just before the figure is drawn (the
    one draw it costs), so a plot module's own ``fontsize="x-small"`` cannot
    make text unreadable, and constrained layout makes room for the sizes set
    here. Texts without a role (annotations, notes) keep their size if it is
    at least `MIN_FONT_PT`.
    """
    sized: set[int] = set()

    def size(text: Text | None, points: float) -> None:
        if text is not None:
            text.set_fontsize(points)
            sized.add(id(text))

    for sup, role in (("_suptitle", "suptitle"), ("_supxlabel", "label"), ("_supylabel", "label")):
        size(getattr(fig, sup, None), FONT_PT[role])
    for ax in fig.axes:
        ax.tick_params(axis="both", which="both", labelsize=FONT_PT["tick"])
        for axis in (ax.xaxis, ax.yaxis):
            size(axis.label, FONT_PT["label"])
            size(axis.get_offset_text(), FONT_PT["tick"])
        for title in (ax.title, ax._left_title, ax._right_title):
            size(title, FONT_PT["title"])
    for legend in artists(fig, Legend):
        legend.prop.set_size(FONT_PT["legend"])
        legend._fontsize = FONT_PT["legend"]  # borders and spacing scale with it at draw time
        for text in legend.get_texts():
            size(text, FONT_PT["legend"])
        size(legend.get_title(), FONT_PT["label"])
    for text in artists(fig, Text):
        if id(text) not in sized and text.get_fontsize() < MIN_FONT_PT:
            text.set_fontsize(MIN_FONT_PT)


def _check_data(name: str, data: object, cls: type) -> None:
    if not isinstance(data, cls):
        raise TypeError(
            f"{name} must be an initlab.studies.{cls.__name__} (what the study returns), got {type(data).__name__}"
        )


def _style(data: object, i: int) -> dict:
    return scheme_style(data.schemes[i], index=i)


def _setup(ax: Axes, xlabel: str, ylabel: str) -> None:
    ax.grid(True, **_GRID)
    ax.set_axisbelow(True)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def _thin(n: int) -> np.ndarray:
    """Indices of at most ``_MAX_POINTS`` evenly spread points out of ``n`` (first and last kept)."""
    if n <= _MAX_POINTS:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, _MAX_POINTS).round().astype(np.int64))


def _edge_marks(
    ax: Axes, x: np.ndarray, y: np.ndarray, color: str, *, log: bool, reverse: bool = False, **style: Any
) -> set[str]:
    """Mark values a (log) axis cannot show, once per line: NaN/inf at the top edge, exactly 0 at the bottom.

    Each kind is marked once, at the first bad point in the direction the
    signal travels (left to right, or right to left with ``reverse``, as
    gradients travel down a net), not at every bad point: a line that
    overflows from layer 19 on gets one mark, at layer 19. Extra keyword
    arguments (e.g. ``alpha``, ``zorder``) go to the marker.

    Returns the kinds of marks drawn (``"overflow"``, ``"zero"``) for the legend.
    """
    at_edge = blended_transform_factory(ax.transData, ax.transAxes)
    x, y = np.asarray(x), np.asarray(y, dtype=np.float64)
    kinds = set()
    bad = ~np.isfinite(y)
    zero = np.isfinite(y) & (y <= 0) if log else np.zeros_like(bad)
    for kind, where, height, marker in (("overflow", bad, 0.97, "^"), ("zero", zero, 0.03, "v")):
        if where.any():
            first = np.flatnonzero(where)[-1 if reverse else 0]
            ax.plot([x[first]], [height], marker, color=color, markersize=7, transform=at_edge, clip_on=False, **style)
            kinds.add(kind)
    return kinds


def _spread_marks(ax: Axes) -> None:
    """Edge marks of different lines at the same spot, set side by side (7 points apart) so each shows."""
    spots: dict[tuple[float, float], list[Line2D]] = {}
    for line in ax.get_lines():
        if len(line.get_xdata()) == 1 and line.get_marker() in ("^", "v"):
            spots.setdefault((float(line.get_xdata()[0]), float(line.get_ydata()[0])), []).append(line)
    for marks in spots.values():
        for n, mark in enumerate(marks):
            shift = (n - (len(marks) - 1) / 2) * 7 / 72
            mark.set_transform(mark.get_transform() + ScaledTranslation(shift, 0, ax.figure.dpi_scale_trans))


_EDGE_LABELS = {
    "overflow": ("^", "inf/NaN (overflow), top edge"),
    "zero": ("v", "exactly 0, bottom edge"),
    "undefined": ("o", "undefined (a unit is all 0)"),
}


def _edge_legend(kinds: set[str]) -> list[Line2D]:
    return [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=_EDGE_LABELS[k][0],
            color="black",
            label=_EDGE_LABELS[k][1],
        )
        for k in ("overflow", "zero", "undefined")
        if k in kinds
    ]


def _series(
    ax: Axes,
    x: np.ndarray,
    y: np.ndarray,
    style: dict,
    label: str,
    *,
    log: bool,
    markevery: int = 1,
    muted: bool = False,
    reverse: bool = False,
) -> set[str]:
    """One scheme's line: only the values the axis can show, with gaps and one edge mark per kind for the rest.

    ``muted`` draws it as context: thin, in `MUTED` grey at low alpha, without
    markers, behind the emphasised lines and with no legend entry.
    ``reverse`` puts the edge marks at the first bad point from the right
    (for gradients, which travel down the net).
    """
    y = np.asarray(y, dtype=np.float64)
    shown = np.isfinite(y) & ((y > 0) if log else True)
    if muted:
        ax.plot(x, np.where(shown, y, np.nan), label="_" + label, color=MUTED, linewidth=1.0, alpha=0.55, zorder=1)
        return _edge_marks(ax, x, y, MUTED, log=log, reverse=reverse, alpha=0.8, zorder=1)
    ax.plot(x, np.where(shown, y, np.nan), label=label, linewidth=1.6, markersize=4.5, markevery=markevery, **style)
    return _edge_marks(ax, x, y, style["color"], log=log, reverse=reverse)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sig(x: float, digits: int = 3) -> str:
    """``digits`` significant digits, never e-notation: 0.00247, 32.3; ``3.81 × 10⁻⁶`` below 0.001 or from 1000 up."""
    x = float(x)
    if not math.isfinite(x) or x == 0:
        return "0" if x == 0 else str(x)
    x = float(f"{x:.{digits}g}")
    if 0.001 <= abs(x) < 1000:
        return f"{x:.{digits}g}"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return f"{mantissa} × 10" + str(int(exponent)).translate(_SUPERSCRIPT)


def _ratio_text(ratio: float) -> str:
    """``2⁻¹⁵`` when ``ratio`` is a power of 2 (to 0.1%), else two significant digits."""
    if ratio > 0 and math.isfinite(ratio):
        k = round(math.log2(ratio))
        if k and math.isclose(ratio, 2.0**k, rel_tol=1e-3):
            return "2" + str(k).translate(_SUPERSCRIPT)
    return _num(ratio)


def _factor_text(factor: float) -> str:
    """``1/√2`` or ``√2`` when ``factor`` is one (to 0.1%), else two significant digits."""
    for value, text in ((math.sqrt(0.5), "1/√2"), (math.sqrt(2), "√2")):
        if math.isclose(factor, value, rel_tol=1e-3):
            return text
    return _num(factor)


def _num(x: float) -> str:
    """Two significant digits, without an exponent between 0.01 and 1000 (113, 0.16, 6.2; 1.1 × 10⁻⁸ outside)."""
    if not math.isfinite(x):
        return str(x)
    x = float(f"{x:.2g}")
    if x == 0 or not 0.01 <= abs(x) < 1000:
        if not x:
            return "0"
        mantissa, exponent = f"{x:.1e}".split("e")
        return f"{mantissa} × 10" + str(int(exponent)).translate(_SUPERSCRIPT)
    return f"{x:.{max(0, 1 - math.floor(math.log10(abs(x))))}f}"


def _power_of_ten(value: float, _pos: object = None) -> str:
    """``10⁻⁸`` as plain text: mathtext exponents cost a tenth of a second per figure."""
    if value <= 0:
        return ""
    exponent = round(math.log10(value))
    if not math.isclose(value, 10.0**exponent, rel_tol=1e-6):
        return ""
    return "1" if exponent == 0 else "10" if exponent == 1 else "10" + str(exponent).translate(_SUPERSCRIPT)


#: Steps between labelled decades on a log axis: 1, 2, 5, 10, 20, 50, ... decades.
def _decade_steps(limit: float) -> list[int]:
    steps, scale = [], 1
    while not steps or steps[-1] < limit:
        steps += [scale, 2 * scale, 5 * scale]
        scale *= 10
    return steps


#: A log axis spans at least this factor around the data's geometric centre.
MIN_LOG_SPAN = 10.0
_MIN_LOG_TICKS = 3


class _LogTicks(Locator):
    """Major ticks of a log axis: at least 3 in view, at round steps.

    Spans of two decades or more are labelled at powers of ten every 1, 2, 5,
    10, 20, ... decades (the coarsest step that still labels 3 ticks); shorter
    spans at 1, 2 and 5 times powers of ten (then every mantissa 1 to 9).
    Autoscaled views span at least `MIN_LOG_SPAN` around the data's geometric
    centre, so a 1.22 to 1.49 wobble is not drawn as a zig-zag across the panel.
    """

    def __call__(self) -> list[float]:
        vmin, vmax = self.axis.get_view_interval()
        return self.tick_values(vmin, vmax)

    def tick_values(self, vmin: float, vmax: float) -> list[float]:
        vmin, vmax = sorted((vmin, vmax))
        if not (vmax > 0 and math.isfinite(vmax)):
            return []
        vmin = vmin if vmin > 0 and math.isfinite(vmin) else vmax / MIN_LOG_SPAN
        lo, hi = math.log10(vmin), math.log10(vmax)
        tol = 1e-9 * max(1.0, abs(lo), abs(hi))
        first, last = math.ceil(lo - tol), math.floor(hi + tol)
        for step in reversed(_decade_steps(max(1.0, hi - lo))):
            exps = [e for e in range(-(-first // step) * step, last + 1, step)]
            if len(exps) >= _MIN_LOG_TICKS:
                return [10.0**e for e in exps]
        for mantissas in ((1, 2, 5), tuple(range(1, 10))):
            ticks = [
                m * 10.0**e
                for e in range(first - 1, last + 1)
                for m in mantissas
                if vmin * (1 - 1e-9) <= m * 10.0**e <= vmax * (1 + 1e-9)
            ]
            if len(ticks) >= _MIN_LOG_TICKS:
                return ticks
        return ticks

    def view_limits(self, vmin: float, vmax: float) -> tuple[float, float]:
        vmin, vmax = sorted((vmin, vmax))
        if vmin > 0 and math.isfinite(vmin) and math.isfinite(vmax) and vmax / vmin < MIN_LOG_SPAN:
            centre, half = math.sqrt(vmin * vmax), math.sqrt(MIN_LOG_SPAN)
            return centre / half, centre * half
        return vmin, vmax


class _LogLabels(Formatter):
    """Labels for `_LogTicks`, as plain text: ``10⁻⁸``, ``1``, ``10``; ``0.02``, ``500``; ``2×10⁻⁵``.

    Unicode superscripts rather than mathtext, which costs a tenth of a second per figure.
    """

    _ticks: tuple[float, ...] = ()

    def set_locs(self, locs: Any) -> None:
        self._ticks = tuple(float(v) for v in locs)

    def __call__(self, value: float, pos: object = None) -> str:
        if not (value > 0 and math.isfinite(value)):
            return ""
        exponent = math.floor(math.log10(value) + 1e-9)
        mantissa = round(value / 10.0**exponent, 6)
        decades = all(math.isclose(v, 10.0 ** round(math.log10(v))) for v in self._ticks if v > 0)
        if mantissa == 1 and decades:
            return _power_of_ten(value)
        if -3 <= exponent <= 3:
            return f"{value:.{max(0, -exponent)}f}"
        return f"{mantissa:g}×10" + str(exponent).translate(_SUPERSCRIPT)


def _log_axis(axis: Any) -> None:
    """Put ``axis`` (``ax.xaxis`` or ``ax.yaxis``, already on a log scale) on the site's log ticks.

    The view is autoscaled again (``set_yscale`` autoscales at once, before
    this locator can widen a short span to `MIN_LOG_SPAN`).
    """
    axis.set_major_locator(_LogTicks())
    axis.set_major_formatter(_LogLabels())
    axis.set_minor_formatter(NullFormatter())
    name = axis.axis_name
    if getattr(axis.axes, f"get_autoscale{name}_on")():
        axis.axes.autoscale_view(**{f"scale{k}": k == name for k in ("x", "y")})


def _log_if_positive(ax: Axes, *arrays: np.ndarray) -> bool:
    """Put ``ax``'s y axis on a log scale with the site's ticks if any value is positive and finite."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    if np.any(np.isfinite(values) & (values > 0)):
        ax.set_yscale("log")
        _log_axis(ax.yaxis)
        return True
    return False


def _scheme_name(scheme: object) -> str:
    if isinstance(scheme, Scheme):
        return scheme.name
    if isinstance(scheme, str):
        return check_choice("scheme", scheme, SCHEMES)
    raise TypeError(f"scheme must be a scheme name ({', '.join(SCHEMES)}) or an initlab.Scheme, got {scheme!r}")


def _label(name: str) -> str:
    return SCHEMES[name].label if name in SCHEMES else name


def _legend_columns(labels: list[str]) -> int:
    """Columns of a legend below a `WIDTH` figure: at most 4, 3 or 2 as the longest label line grows (it must fit).

    A legend wider than the figure is cut at both sides, and its first column's markers vanish.
    """
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    most = 4 if longest <= 20 else 3 if longest <= 26 else 2
    entries = len(labels)
    return entries if entries <= most else -(-entries // -(-entries // most))


def _legend_below(
    fig: Figure,
    ax: Axes | None,
    kinds: set[str],
    *,
    extra: Axes | None = None,
    handles: Sequence[Artist] = (),
    ncols: int | None = None,
) -> None:
    """One legend under the panels: ``ax``'s series (then ``extra``'s), the edge marks of ``kinds``, rows of <= 4.

    ``handles``: further entries (artists carrying their labels), after the edge marks; ``ncols`` overrides
    the number of columns.
    """
    entries, labels = ax.get_legend_handles_labels() if ax is not None else ([], [])
    if extra is not None:
        more = extra.get_legend_handles_labels()
        entries, labels = entries + more[0], labels + more[1]
    extra = _edge_legend(kinds) + list(handles)
    labels = labels + [h.get_label() for h in extra]
    fig.legend(
        entries + extra,
        labels,
        loc="outside lower center",
        ncols=ncols or _legend_columns(labels),
        fontsize=FONT_PT["legend"],
        frameon=False,
    )


def _suptitle(fig: Figure, text: str) -> None:
    """The figure's title, left-aligned above the panels."""
    fig.suptitle(text, x=0.01, ha="left", fontsize=FONT_PT["suptitle"])

"""The site-wide look of a figure: scheme colours, sizes and the axis helpers every plot shares."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, NullFormatter
from matplotlib.transforms import blended_transform_factory

from .._validation import check_choice
from ..schemes import SCHEMES, Scheme


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


# Okabe & Ito (2008) hues, with grey for their black, a lighter blue (#0072B2
# in theirs) and a darker yellow (#F0E442) so that all show on white and on
# the dark slate background. Zeros and constant are one family (zeros is
# constant 0); so are small_uniform/small_normal.
_GREY, _SKY, _PURPLE, _ORANGE = "#949494", "#56B4E9", "#CC79A7", "#E69F00"
_GREEN, _BLUE, _VERMILLION, _YELLOW = "#009E73", "#3987C9", "#D55E00", "#BFA500"

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
    {'color': '#3987C9', 'linestyle': '--', 'marker': 'o'}
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


def _figure(width: float = WIDTH, height: float = 3.4) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


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


def _edge_marks(ax: Axes, x: np.ndarray, y: np.ndarray, color: str, *, log: bool) -> set[str]:
    """Mark values a (log) axis cannot show: NaN/inf at the top edge, exactly 0 at the bottom.

    Returns the kinds of marks drawn (``"overflow"``, ``"zero"``) for the legend.
    """
    at_edge = blended_transform_factory(ax.transData, ax.transAxes)
    kinds = set()
    bad = ~np.isfinite(y)
    if bad.any():
        ax.plot(x[bad], np.full(bad.sum(), 0.97), "^", color=color, markersize=7, transform=at_edge, clip_on=False)
        kinds.add("overflow")
    if log:
        zero = np.isfinite(y) & (y <= 0)
        if zero.any():
            ax.plot(
                x[zero], np.full(zero.sum(), 0.03), "v", color=color, markersize=7, transform=at_edge, clip_on=False
            )
            kinds.add("zero")
    return kinds


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
            markerfacecolor="none",
            label=_EDGE_LABELS[k][1],
        )
        for k in ("overflow", "zero", "undefined")
        if k in kinds
    ]


def _series(
    ax: Axes, x: np.ndarray, y: np.ndarray, style: dict, label: str, *, log: bool, markevery: int = 1
) -> set[str]:
    """One scheme's line: only the values the axis can show, with gaps and edge marks for the rest."""
    y = np.asarray(y, dtype=np.float64)
    shown = np.isfinite(y) & ((y > 0) if log else True)
    ax.plot(x, np.where(shown, y, np.nan), label=label, linewidth=1.6, markersize=4.5, markevery=markevery, **style)
    return _edge_marks(ax, x, y, style["color"], log=log)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _pos: object = None) -> str:
    """``10⁻⁸`` as plain text: mathtext exponents cost a tenth of a second per figure."""
    if value <= 0:
        return ""
    exponent = round(math.log10(value))
    if not math.isclose(value, 10.0**exponent, rel_tol=1e-6):
        return ""
    return "1" if exponent == 0 else "10" if exponent == 1 else "10" + str(exponent).translate(_SUPERSCRIPT)


def _log_if_positive(ax: Axes, *arrays: np.ndarray) -> bool:
    values = np.concatenate([np.ravel(a) for a in arrays])
    if np.any(np.isfinite(values) & (values > 0)):
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.yaxis.set_minor_formatter(NullFormatter())
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


def _legend_below(fig: Figure, ax: Axes, kinds: set[str]) -> None:
    """One legend under the panels: ``ax``'s series and the edge marks of ``kinds``, in rows of at most 4."""
    handles, labels = ax.get_legend_handles_labels()
    extra = _edge_legend(kinds)
    entries = len(handles) + len(extra)
    fig.legend(
        handles + extra,
        labels + [h.get_label() for h in extra],
        loc="outside lower center",
        ncols=entries if entries <= 4 else -(-entries // -(-entries // 4)),
        fontsize="small",
        frameon=False,
    )


def _suptitle(fig: Figure, text: str) -> None:
    """The figure's title, left-aligned above the panels."""
    fig.suptitle(text, x=0.01, ha="left", fontsize="medium")

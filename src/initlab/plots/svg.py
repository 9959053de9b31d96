"""Figures for the site: one SVG helper and one palette.

Every figure on the site goes through [`svg`][initlab.plots.svg.svg], which turns a matplotlib
`Figure` into inline SVG markup that

* is byte-identical from one build to the next (fixed ``svg.hashsalt``, no
  date or creator metadata, ids derived from the content);
* follows the page's light or dark palette: text, axes, ticks and legend
  text are drawn in ``currentColor``, backgrounds are transparent and legend
  boxes take the page's background colour;
* is accessible: ``role="img"`` and a ``<title>`` with a description of what
  the figure shows, and it stays out of the site's search index;
* stays light: dense artists are rasterized.

Series colours come from [`SCHEME_STYLES`][initlab.plots.style.SCHEME_STYLES], so a scheme has the same
colour on every page. Families share a hue; the normal flavour is drawn
solid and the uniform one dashed. The hues are Okabe & Ito's colour-blind
safe set, adjusted to stay visible on white and on Material's dark (slate)
background: grey instead of black, a lighter blue and a darker yellow.

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(4, 2))
>>> ax = fig.add_subplot()
>>> from initlab.plots.style import scheme_style
>>> _ = ax.plot([0, 1, 2], [0, 1, 4], **scheme_style("he_normal"))
>>> markup = svg(fig, "A parabola through three points.")
>>> markup.startswith('<div class="initlab-figure" data-search-exclude="">')
True
>>> 'role="img"' in markup and "currentColor" in markup
True
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import sys
from typing import Any

import matplotlib
from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

__all__ = ["svg"]


# Sentinel colours no figure uses on purpose: black ink and white fills are
# drawn in these, then replaced in the SVG text by the page's colours.
_FG = "#010203"
_BG = "#fefdfc"
_RASTER_INK = "#8a8a8a"
_FG_CSS = "currentColor"
_BG_CSS = "var(--md-default-bg-color, Canvas)"

#: Salt for matplotlib's SVG ids, so the bytes do not change between builds.
HASHSALT = "initlab"
#: Resolution of rasterized artists (histogram bars, dense scatter, images).
RASTER_DPI = 120
# Above these counts an artist is rasterized rather than drawn as vectors.
_DENSE_POINTS = 400
_DENSE_PATCHES = 150


def _is_rgb(color: Any, rgb: tuple[float, float, float]) -> bool:
    try:
        r, g, b, _ = to_rgba(color)
    except (TypeError, ValueError):
        return False
    return (r, g, b) == rgb


def _swap(color: Any, *, raster: bool = False) -> Any:
    """Map black to the foreground sentinel and white to the background one, keeping alpha.

    A rasterized artist cannot use ``currentColor`` (its pixels are fixed), so
    its black becomes a mid grey that shows on light and dark backgrounds.
    """
    if isinstance(color, str) and color.lower() == "none":
        return color
    try:
        r, g, b, a = to_rgba(color)
    except (TypeError, ValueError):
        return color
    if (r, g, b) == (0.0, 0.0, 0.0):
        return (*to_rgba(_RASTER_INK if raster else _FG)[:3], a)
    if raster:
        return color
    if (r, g, b) == (1.0, 1.0, 1.0):
        return (*to_rgba(_BG)[:3], a)
    return color


def _theme(fig: Figure) -> None:
    """Recolour black ink to ``currentColor`` and white fills to the page background."""
    for ax in fig.axes:
        # Ticks are re-created at draw time from the axis' tick settings, so
        # set those rather than the tick objects that exist now.
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            ticks = axis.get_major_ticks()[:1] + axis.get_minor_ticks()[:1]
            for which, tick in zip(("major", "minor"), ticks):
                if _is_rgb(tick.label1.get_color(), (0.0, 0.0, 0.0)):
                    ax.tick_params(axis=name, which=which, labelcolor=_FG)
                if _is_rgb(tick.tick1line.get_color(), (0.0, 0.0, 0.0)):
                    ax.tick_params(axis=name, which=which, color=_FG)
    for artist in fig.findobj(include_self=False):
        _theme_artist(artist)


def _theme_artist(artist: Artist) -> None:
    if isinstance(artist, Legend):
        frame = artist.get_frame()
        alpha = frame.get_alpha()
        frame.set_alpha(None)
        face = to_rgba(frame.get_facecolor())
        if face[:3] == (1.0, 1.0, 1.0):
            frame.set_facecolor((*to_rgba(_BG)[:3], face[3] if alpha is None else alpha))
        frame.set_edgecolor((*to_rgba(_FG)[:3], 0.25))
        return
    if isinstance(artist, Text):
        artist.set_color(_swap(artist.get_color()))
        for patch in (artist.get_bbox_patch(), getattr(artist, "arrow_patch", None)):  # not among its children
            if patch is not None:
                _theme_artist(patch)
    elif isinstance(artist, Line2D):
        artist.set_color(_swap(artist.get_color()))
        artist.set_markeredgecolor(_swap(artist.get_markeredgecolor()))
        artist.set_markerfacecolor(_swap(artist.get_markerfacecolor()))
    elif isinstance(artist, Patch):
        artist.set_edgecolor(_swap(artist.get_edgecolor()))
        artist.set_facecolor(_swap(artist.get_facecolor()))
    elif isinstance(artist, Collection):
        raster = artist.get_rasterized()
        for get, set_ in ((artist.get_edgecolor, artist.set_edgecolor), (artist.get_facecolor, artist.set_facecolor)):
            colors = get()
            if len(colors):
                set_([_swap(tuple(c), raster=raster) for c in colors])


def _rasterize_dense(fig: Figure) -> None:
    for ax in fig.axes:
        if len(ax.patches) > _DENSE_PATCHES:
            for patch in ax.patches:
                patch.set_rasterized(True)
        for collection in ax.collections:
            count = max(len(collection.get_offsets()), len(collection.get_paths()))
            if count > _DENSE_POINTS:
                collection.set_rasterized(True)


_ID = re.compile(r'\sid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def _unique_ids(markup: str) -> str:
    """Drop ids nothing refers to and prefix the rest with a hash of the figure.

    Several figures share a page; without this, matplotlib's ``figure_1``,
    glyph and clip-path ids would clash, and a clash with a figure hidden in
    a tab makes browsers draw the wrong (or no) glyphs.
    """
    prefix = "f" + hashlib.sha256(markup.encode()).hexdigest()[:10] + "-"
    referenced = {m.group(2) for m in _REF.finditer(markup)}
    markup = _ID.sub(lambda m: f' id="{prefix}{m.group(1)}"' if m.group(1) in referenced else "", markup)
    return _REF.sub(lambda m: m.group(1) + prefix + m.group(2), markup)


_GEOMETRY = re.compile(r'\s(?:d|x|y|width|height)="[^"]*"|translate\([^)]*\)')
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")


def _round(match: re.Match) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _compact(markup: str) -> str:
    """Round coordinates to 0.01 pt and drop layout whitespace: far fewer bytes, no visible change.

    Only geometry is rounded (path data, positions, sizes, translations);
    scale factors such as a glyph's ``scale(0.015625)`` keep every digit.
    """

    def geometry(match: re.Match) -> str:
        return " ".join(_LONG_DECIMAL.sub(_round, match.group(0)).split()).replace(' "', '"')

    markup = _GEOMETRY.sub(lambda m: (" " if m.group(0)[0].isspace() else "") + geometry(m), markup)
    return re.sub(r">\s+<", "><", markup)


def svg(fig: Figure, description: str) -> str:
    """Turn ``fig`` into inline SVG markup for a page, then close it.

    Use it as the last line of an executed block:
    ``print(svg(fig, "What the figure shows."))`` in a
    ```` ```python exec="on" html="1" ```` block.

    Parameters
    ----------
    fig
        The figure. Black text, axes, ticks and spines become ``currentColor``
        (the page's text colour, so the figure reads in light and dark
        palettes); white fills (legend boxes) become the page background;
        backgrounds are transparent. Collections with many points and axes
        with many patches are rasterized. The figure is closed afterwards
        and must not be reused.
    description
        What the figure shows, in a sentence or two, for readers who cannot
        see it: the root ``<svg>`` gets ``role="img"``, ``aria-label`` and a
        ``<title>`` with this text.

    Returns
    -------
    str
        ``<div class="initlab-figure" data-search-exclude=""><svg ...>...</svg></div>``:
        no XML prolog or DOCTYPE, ``width="100%"`` with the ``viewBox`` kept
        (the height follows), the same bytes for the same figure on every run.

    Raises
    ------
    TypeError
        If ``fig`` is not a `matplotlib.figure.Figure` or
        ``description`` is not a string.
    ValueError
        If ``description`` is empty or blank.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib.figure.Figure, got {fig!r} of type {type(fig).__name__}")
    if not isinstance(description, str):
        raise TypeError(f"description must be a string saying what the figure shows, got {description!r}")
    description = " ".join(description.split())
    if not description:
        raise ValueError("description must be a non-empty sentence saying what the figure shows, got a blank string")

    try:
        _rasterize_dense(fig)
        _theme(fig)
        buffer = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": HASHSALT, "svg.fonttype": "path", "svg.image_inline": True}):
            fig.savefig(
                buffer,
                format="svg",
                dpi=RASTER_DPI,
                transparent=True,
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
            )
    finally:
        _close(fig)
    markup = buffer.getvalue()

    markup = markup[markup.index("<svg") :]
    markup = re.sub(r"<metadata>.*?</metadata>\s*", "", markup, flags=re.S)
    markup = re.sub(r"<!--.*?-->\s*", "", markup, flags=re.S)
    markup = markup.replace(_FG, _FG_CSS).replace(_BG, _BG_CSS)
    markup = _unique_ids(markup)
    markup = _compact(markup)

    width = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', markup)
    natural = f"max-width: {width.group(1)}pt; " if width else ""
    label = html.escape(description, quote=True)
    root = re.compile(r'<svg\b([^>]*?)\swidth="[^"]*"\sheight="[^"]*"')
    markup = root.sub(
        rf'<svg\1 width="100%" role="img" aria-label="{label}" style="{natural}height: auto; fill: currentColor"',
        markup,
        count=1,
    )
    markup = re.sub(r"(<svg\b[^>]*>)", rf"\1<title>{html.escape(description)}</title>", markup, count=1)
    return f'<div class="initlab-figure" data-search-exclude="">{markup.strip()}</div>'


def _close(fig: Figure) -> None:
    """Release ``fig``; if pyplot manages it, let pyplot forget it too."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
    fig.clear()

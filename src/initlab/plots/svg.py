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
* carries a visible caption (a [`Caption`][initlab.plots.svg.Caption]: the
  takeaway first, the setup in a smaller line) in a ``<figcaption>``;
* keeps its text as text (``svg.fonttype = "none"``) in the page's font, at
  the site-wide sizes of ``initlab.plots.style``;
* stays light: dense artists are rasterized, path data is written in its
  shortest form, a line's markers share one style, and long filled bands
  without an edge are simplified like long lines (1/9 pt);
* costs one draw: ``savefig``'s layout pass runs the layout engine alone.

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
>>> markup = svg(fig, Caption("y grows as x squared.", "Three points, x = 0, 1, 2."))
>>> markup.startswith('<figure class="initlab-figure"><div class="initlab-figure-svg" data-search-exclude="">')
True
>>> '<span class="initlab-takeaway">y grows as x squared.</span>' in markup
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
from dataclasses import dataclass
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

from ._artists import artists
from ._svg_draw import _draw_once
from .palette import css_colors, raster_colors
from .style import _apply_type

__all__ = ["Caption", "svg"]


@dataclass(frozen=True)
class Caption:
    """What a figure shows, as a visible caption: the takeaway first, then the setup.

    ``str(caption)`` is the full text (takeaway, setup and details), which
    [`svg`][initlab.plots.svg.svg] gives screen readers as the figure's
    ``<title>`` and ``aria-label``.

    Attributes
    ----------
    takeaway
        The point of the figure in a sentence, built from the data
        (e.g. "He keeps the std near 1 for 50 layers; Glorot halves it every 2.").
    setup
        What was run, in a short line (data set, net, activation, learning rate).
    details
        More for screen readers (what is drawn where, the numbers behind each
        line); not shown under the figure.

    Raises
    ------
    TypeError
        If an attribute is not a string.
    ValueError
        If ``takeaway`` is blank.

    Examples
    --------
    >>> str(Caption("Glorot keeps the std.", "tanh, width 100.", "Blue: Glorot."))
    'Glorot keeps the std. tanh, width 100. Blue: Glorot.'
    """

    takeaway: str
    setup: str
    details: str = ""

    def __post_init__(self) -> None:
        for name in ("takeaway", "setup", "details"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"Caption {name} must be a string, got {value!r} of type {type(value).__name__}")
            object.__setattr__(self, name, " ".join(value.split()))
        if not self.takeaway:
            raise ValueError(
                f"Caption takeaway must be a non-empty sentence saying what the figure shows, got {self.takeaway!r}"
            )

    def __str__(self) -> str:
        return " ".join(part for part in (self.takeaway, self.setup, self.details) if part)


# Sentinel colours no figure uses on purpose: black ink and white fills are
# drawn in these, then replaced in the SVG text by the page's colours.
_FG = "#010203"
_BG = "#fefdfc"
_RASTER_INK = "#8a8a8a"
_FG_CSS = "currentColor"
_BG_CSS = "var(--md-default-bg-color, Canvas)"
# The page's text font (Material's variable; the system stack when the theme
# loads no web font), for every <text> that is not mathtext.
_FONT_CSS = "var(--md-text-font-family, -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif)"
_ROOT_STYLE = f"height: auto; fill: currentColor; font-family: {_FONT_CSS}"

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
    for artist in artists(fig):
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


_TEXT_FONT = re.compile(r'(<text style="[^"]*?)font-family: [^;"]*(?:; )?')
_NO_ROTATION = re.compile(r'\stransform="rotate\(-?0 [^")]*\)"')


def _page_font(markup: str) -> str:
    """Let ``<text>`` take the page's font, inherited from the root ``<svg>``.

    matplotlib writes its own font stack (DejaVu Sans first) on every
    ``<text>``; an inline style beats any stylesheet, so it is dropped here.
    Mathtext keeps its per-glyph ``<tspan>`` fonts: its glyphs are placed one
    by one with DejaVu's metrics. Text is anchored (start, middle, end) where
    matplotlib aligned it, so a narrower page font stays in place. A
    ``rotate(0)`` transform does nothing and goes too.
    """
    markup = _TEXT_FONT.sub(r"\1", markup)
    markup = markup.replace('; "', '"')
    return _NO_ROTATION.sub("", markup)


_GEOMETRY = re.compile(r'\s(?:d|x|y|width|height)="[^"]*"|translate\([^)]*\)')
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")


def _round(match: re.Match) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _compact(markup: str) -> str:
    """Round coordinates to 0.01 pt, shorten path data and marker styles, drop layout whitespace.

    Far fewer bytes, no visible change: the browser draws the same numbers.

    Only geometry is rounded (path data, positions, sizes, translations);
    scale factors such as a glyph's ``scale(0.015625)`` keep every digit.
    """

    def geometry(match: re.Match) -> str:
        return " ".join(_LONG_DECIMAL.sub(_round, match.group(0)).split()).replace(' "', '"')

    markup = _GEOMETRY.sub(lambda m: (" " if m.group(0)[0].isspace() else "") + geometry(m), markup)
    markup = _PATH_DATA.sub(lambda m: f' d="{_short_path(m.group(1))}"', markup)
    return _MARKER_GROUP.sub(_shared_style, re.sub(r">\s+<", "><", markup))


_MARKER_GROUP = re.compile(r'<g( clip-path="[^"]*")?>((?:<use [^>]*/>){2,})</g>')
_USE_STYLE = re.compile(r' style="([^"]*)"(?=/>)')


def _shared_style(match: re.Match) -> str:
    """Write the style of a line's markers once, on their group, when every marker has the same.

    matplotlib repeats it on each ``<use>`` (61 markers, 61 copies); the
    marker inherits it from the group just as well.
    """
    styles = _USE_STYLE.findall(match.group(2))
    if len(styles) != match.group(2).count("<use ") or len(set(styles)) != 1:
        return match.group(0)
    return f'<g{match.group(1) or ""} style="{styles[0]}">{_USE_STYLE.sub("", match.group(2))}</g>'


_PATH_DATA = re.compile(r'\sd="([^"]*)"')
_PATH_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_ARGS = {"M": 2, "L": 2, "Q": 4, "C": 6, "z": 0}


def _short_path(data: str) -> str:
    """Path data in SVG's shortest absolute form: the same numbers, fewer bytes.

    ``M 45.41 164.04 L 45.69 -163.5 L 46.1 0.5 z`` becomes
    ``M45.41 164.04 45.69-163.5 46.1.5z``: no space around a command letter
    or before a minus sign, no ``L`` after ``M`` or ``L``, no leading zero. Every number
    keeps its value, so the browser draws exactly the same path (relative
    commands would be shorter still, but a browser adds their offsets in
    single precision and moves an edge by a fraction of a pixel). Data with
    anything else (an exponent, an unknown command) is returned unchanged.
    """
    tokens = data.split()
    out: list[str] = []
    previous = ""
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command not in _ARGS:
            return data
        values = tokens[i + 1 : i + 1 + _ARGS[command]]
        if len(values) != _ARGS[command] or not all(_PATH_NUMBER.fullmatch(v) for v in values):
            return data
        i += 1 + len(values)
        if command != {"M": "L"}.get(previous, previous) or command in "Mz":
            out.append(command)
        for value in values:
            text = "-" + value[2:] if value.startswith("-0.") else value[1:] if value.startswith("0.") else value
            if not out[-1][-1].isalpha() and not text.startswith("-") and not (text.startswith(".") and "." in out[-1]):
                out.append(" ")
            out.append(text)
        previous = command
    return "".join(out)


def svg(fig: Figure, description: str | Caption) -> str:
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
        Text is kept as ``<text>`` in the page's font (``svg.fonttype =
        "none"``) at the site-wide sizes of
        ``initlab.plots.style`` (tick labels, legends and
        notes at least ``MIN_FONT_PT``).
    description
        What the figure shows. A [`Caption`][initlab.plots.svg.Caption]: its
        takeaway and setup are shown under the figure and its full text
        (``str(caption)``) is the ``<title>`` and ``aria-label`` of the root
        ``<svg>`` (which gets ``role="img"``). A plain string is both the
        visible caption and the title.

    Returns
    -------
    str
        ``<figure class="initlab-figure"><div class="initlab-figure-svg"
        data-search-exclude=""><svg role="img" ...><title>FULL TEXT</title>...</svg></div>
        <figcaption class="initlab-caption"><span class="initlab-takeaway">TAKEAWAY</span>
        <span class="initlab-setup">SETUP</span></figcaption></figure>`` (one line; no setup
        span for a plain string or an empty setup): no XML prolog or DOCTYPE,
        ``width="100%"`` with the ``viewBox`` kept (the height follows), the
        same bytes for the same figure on every run.

    Raises
    ------
    TypeError
        If ``fig`` is not a `matplotlib.figure.Figure` or
        ``description`` is neither a string nor a ``Caption``.
    ValueError
        If ``description`` is empty or blank.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib.figure.Figure, got {fig!r} of type {type(fig).__name__}")
    if isinstance(description, Caption):
        caption = description
    elif isinstance(description, str):
        if not description.strip():
            raise ValueError(
                "description must be a non-empty sentence saying what the figure shows, got a blank string"
            )
        caption = Caption(description, "")
    else:
        raise TypeError(
            "description must be a string or an initlab.plots.Caption saying what the figure shows, "
            f"got {description!r}"
        )
    description = str(caption)

    try:
        _rasterize_dense(fig)
        _apply_type(fig)
        _theme(fig)
        _draw_once(fig)
        raster_colors(fig)  # palette: rasterized artists get colours readable on both backgrounds
        buffer = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": HASHSALT, "svg.fonttype": "none", "svg.image_inline": True}):
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
    markup = css_colors(markup)  # palette: scheme colours follow the page's light/dark palette
    markup = _page_font(markup)
    markup = _unique_ids(markup)
    markup = _compact(markup)

    width = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', markup)
    natural = f"max-width: {width.group(1)}pt; " if width else ""
    label = html.escape(description, quote=True)
    root = re.compile(r'<svg\b([^>]*?)\swidth="[^"]*"\sheight="[^"]*"')
    markup = root.sub(
        rf'<svg\1 width="100%" role="img" aria-label="{label}" style="{natural}{_ROOT_STYLE}"',
        markup,
        count=1,
    )
    markup = re.sub(r"(<svg\b[^>]*>)", rf"\1<title>{html.escape(description)}</title>", markup, count=1)
    figcaption = f'<span class="initlab-takeaway">{html.escape(caption.takeaway, quote=False)}</span>'
    if caption.setup:
        figcaption += f' <span class="initlab-setup">{html.escape(caption.setup, quote=False)}</span>'
    return (
        f'<figure class="initlab-figure"><div class="initlab-figure-svg" data-search-exclude="">{markup.strip()}</div>'
        f'<figcaption class="initlab-caption">{figcaption}</figcaption></figure>'
    )


def _close(fig: Figure) -> None:
    """Release ``fig``; if pyplot manages it, let pyplot forget it too."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
    fig.clear()

"""The one draw behind [`svg`][initlab.plots.svg.svg]: how the SVG renderer is told to draw a figure.

``savefig`` lays a figure out with its layout engine (a draw with rendering
switched off) and then draws it; here the first draw is the layout engine
alone. The draw then reuses the text extents the layout measured (each
renderer has its own cache of them), and both look each font's line metrics
up once. While the figure is drawn, mathtext is written as glyph paths (other
text stays text) and long polygons of fills without a visible edge are
simplified like long lines.
"""

from __future__ import annotations

import functools
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.path import Path
from matplotlib.text import _get_text_metrics_with_cache

# Polygons with this many vertices or more are simplified like lines (matplotlib's own bound for lines).
_SIMPLIFY_POINTS = 128


def _draw_text(
    renderer: RendererSVG,
    gc: Any,
    x: float,
    y: float,
    s: str,
    prop: Any,
    angle: float,
    ismath: Any = False,
    mtext: Any = None,
) -> None:
    """Plain text as ``<text>``; mathtext as glyph paths (its fonts, such as STIX, are not on the reader's machine)."""
    if not ismath:
        RendererSVG.draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
        return
    fonttype = matplotlib.rcParams["svg.fonttype"]
    matplotlib.rcParams["svg.fonttype"] = "path"
    try:
        RendererSVG.draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
    finally:
        matplotlib.rcParams["svg.fonttype"] = fonttype


def _convert_path(
    renderer: RendererSVG, path: Path, transform: Any = None, clip: Any = None, simplify: Any = None, sketch: Any = None
) -> str:
    """Path data as matplotlib writes it, with long filled bands simplified as long lines already are.

    matplotlib simplifies an unfilled line of 128 points or more (dropping
    points that move it less than ``path.simplify_threshold``, 1/9 pt) but
    writes every vertex of a filled polygon, such as a ``fill_between`` band
    over a 1000-step training curve. While a collection without visible
    edges is drawn (see `_draw_path_collection`), its polygons of straight
    segments get the same simplification; a closing ``z`` is kept.
    """
    codes = path.codes
    if (
        getattr(renderer, "_fill_only", False)
        and not simplify
        and len(path.vertices) >= _SIMPLIFY_POINTS
        and matplotlib.rcParams["path.simplify"]
        and (codes is None or bool(np.all((codes <= Path.LINETO) | (codes == Path.CLOSEPOLY))))
    ):
        data = RendererSVG._convert_path(renderer, path, transform, clip, True, sketch)
        closed = codes is not None and codes[-1] == Path.CLOSEPOLY
        return data + "z" if closed and not data.rstrip().endswith("z") else data
    return RendererSVG._convert_path(renderer, path, transform, clip, simplify, sketch)


def _draw_path_collection(renderer: RendererSVG, gc: Any, *args: Any, **kwargs: Any) -> None:
    """Draw a collection; if its edges are invisible, let `_convert_path` simplify its polygons.

    A stroked edge moved by 1/9 pt shows (a fraction of a pixel, along the
    whole curve); the edge of a translucent fill does not.
    """
    edgecolors, linewidths = np.asarray(args[6], dtype=float), np.asarray(args[7], dtype=float)
    fill_only = edgecolors.size == 0 or bool(np.all(linewidths == 0)) or bool(np.all(edgecolors[..., 3] == 0))
    _draw_fill(renderer, fill_only, RendererSVG.draw_path_collection, gc, *args, **kwargs)


def _draw_markers(renderer: RendererSVG, gc: Any, marker_path: Path, *args: Any, **kwargs: Any) -> None:
    """Draw one path at offsets: how matplotlib draws a collection of one path, such as a ``fill_between`` band."""
    rgb_face = args[2] if len(args) > 2 else kwargs.get("rgbFace")
    fill_only = rgb_face is not None and (gc.get_linewidth() == 0 or gc.get_rgb()[3] == 0)
    _draw_fill(renderer, fill_only, RendererSVG.draw_markers, gc, marker_path, *args, **kwargs)


def _draw_fill(renderer: RendererSVG, fill_only: bool, draw: Any, *args: Any, **kwargs: Any) -> None:
    renderer._fill_only = fill_only
    try:
        draw(renderer, *args, **kwargs)
    finally:
        renderer._fill_only = False


def _layout_metrics(fig: Figure, layout: Any, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
    """Width, height and descent of ``s`` as the ``layout`` renderer measured them (the same numbers: same code).

    matplotlib caches text extents per renderer, so the draw would measure
    again every text the layout engine measured with its own renderer.
    """
    return _get_text_metrics_with_cache(layout, s, prop, ismath, fig.dpi)


def _font_height(prop: FontProperties, dpi: float) -> tuple[float | None, float | None, float | None]:
    """Ascent, descent and line gap of ``prop``'s font at ``dpi``: what ``Text._get_layout`` computes without a hook.

    The same lookups and float operations as matplotlib's (3.11), so the same
    numbers (tests/test_svg_speed.py checks them against matplotlib's own);
    ``(None, None, None)`` if the font has neither table, and matplotlib
    falls back to measuring.
    """
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, linegap_key, ascent_key, descent_key in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * dpi / 72
        return table[ascent_key] * scale, -table[descent_key] * scale, table[linegap_key] * scale
    return None, None, None


def _font_height_metrics(fig: Figure, known: dict, prop: FontProperties) -> tuple[float | None, ...]:
    """`_font_height` at the figure's dpi, looked up once per font and size while ``fig`` is saved.

    matplotlib asks a renderer for this (``_get_font_height_metrics``) before
    it looks the font and two of its tables up itself, for every text it
    lays out: thousands of times per figure, for a handful of fonts.
    """
    key = (prop.copy(), fig.dpi)  # a copy: FontProperties is mutable and hashed by value
    if key not in known:
        known[key] = _font_height(prop, fig.dpi)
    return known[key]


def _draw_once(fig: Figure) -> None:
    """Make ``savefig`` draw ``fig`` once, writing mathtext as paths and other text as text.

    With a layout engine, ``savefig`` draws the figure twice: a first draw
    with rendering switched off, only so that the engine (constrained layout)
    runs, then the real draw with the engine off. The first draw is replaced
    here by the engine alone: the same layout, without drawing every artist
    to nowhere. The real draw takes the text extents from the engine's
    renderer (another SVG renderer, measuring with the same code).
    """
    draw = fig.draw
    layout: list[Any] = []  # the renderer the layout engine measured text with
    font_heights = functools.partial(_font_height_metrics, fig, {})

    def layout_renderer() -> Any:
        if not layout:
            layout.append(Figure._get_renderer(fig))
            vector = getattr(layout[0], "_vector_renderer", None)
            if isinstance(vector, RendererSVG):
                vector._get_font_height_metrics = font_heights
        return layout[0]

    def draw_once(renderer: Any) -> None:
        engine = fig.get_layout_engine()
        if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
            fig._get_renderer = layout_renderer
            try:
                engine.execute(fig)  # savefig's layout pass: the real draw follows with the engine off
            finally:
                del fig._get_renderer
            return
        vector = getattr(renderer, "_vector_renderer", renderer)  # savefig wraps it in a MixedModeRenderer
        if isinstance(vector, RendererSVG):
            measured = getattr(layout[0], "_vector_renderer", None) if layout else None
            if isinstance(measured, RendererSVG):
                vector._text2path = measured._text2path  # and its cache of parsed mathtext
                vector.get_text_width_height_descent = functools.partial(_layout_metrics, fig, layout[0])
            vector._get_font_height_metrics = font_heights
            vector.draw_text = functools.partial(_draw_text, vector)
            vector._convert_path = functools.partial(_convert_path, vector)
            vector.draw_path_collection = functools.partial(_draw_path_collection, vector)
            vector.draw_markers = functools.partial(_draw_markers, vector)
        draw(renderer)
        layout.clear()  # the figure keeps draw_once: let the layout renderer go

    fig.draw = draw_once

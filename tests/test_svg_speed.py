"""Figures drawn once and written short: what `initlab.plots.svg.svg` does for build time and page weight."""

from __future__ import annotations

import io
import re

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

from initlab.plots._svg_draw import _draw_once, _font_height_metrics
from initlab.plots.style import WIDTH, _figure
from initlab.plots.svg import _short_path, svg

matplotlib.use("Agg")

COMMAND = re.compile(r"[MLQCz]")
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
POINTS_PER_COMMAND = {"M": 2, "L": 2, "Q": 4, "C": 6, "z": 0}


def parse(data: str) -> list[tuple[str, list[float]]]:
    """SVG path data (absolute commands, implicit repeats) as (command, numbers) per segment."""
    segments: list[tuple[str, list[float]]] = []
    tokens = re.findall(r"[MLQCz]|-?(?:\d+\.?\d*|\.\d+)", data)
    assert "".join(tokens) == re.sub(r"\s", "", data), f"unexpected characters in {data!r}"
    command, i = "", 0
    while i < len(tokens):
        if COMMAND.fullmatch(tokens[i]):
            command, i = tokens[i], i + 1
            if command == "z":
                segments.append(("z", []))
                continue
        elif command == "M":
            command = "L"  # pairs after a moveto are linetos
        n = POINTS_PER_COMMAND[command]
        segments.append((command, [float(t) for t in tokens[i : i + n]]))
        i += n
    return segments


def path_data(markup: str) -> list[str]:
    return re.findall(r'\sd="([^"]*)"', markup)


def band_figure(n: int = 4000) -> Figure:
    """A 1000-step-like training curve with its range shaded: a long line and a long filled band."""
    fig = _figure(WIDTH, 3.0)
    ax = fig.add_subplot()
    x = np.arange(n)
    y = np.exp(-x / 800) + 0.05 * np.sin(x / 40)
    ax.plot(x, y, color="tab:blue")
    ax.fill_between(x, 0.8 * y, 1.25 * y, color="tab:blue", alpha=0.2, linewidth=0)
    ax.set_yscale("log")
    return fig


def count_draws(fig: Figure) -> list[str]:
    draws: list[str] = []
    fig.canvas.mpl_connect("draw_event", lambda event: draws.append(event.name))
    return draws


def test_svg_draws_the_figure_once() -> None:
    fig = band_figure()
    draws = count_draws(fig)
    svg(fig, "A band.")
    assert len(draws) == 1


def test_savefig_alone_draws_twice() -> None:
    """The premise: with constrained layout, matplotlib's savefig draws a figure twice."""
    fig = band_figure()
    draws = count_draws(fig)
    fig.savefig(io.StringIO(), format="svg")
    assert len(draws) == 2


def test_one_draw_gives_the_same_layout_as_two() -> None:
    positions = []
    for once in (False, True):
        fig = band_figure()
        fig.suptitle("a title that constrained layout makes room for")
        fig.axes[0].set_ylabel("training cost")
        if once:
            _draw_once(fig)
        fig.savefig(io.StringIO(), format="svg")
        positions.append(fig.axes[0].get_position().bounds)
    assert positions[0] == positions[1]


def test_each_text_is_measured_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The draw reuses the extents the layout measured (matplotlib caches them per renderer)."""
    measured: list[str] = []
    measure = RendererSVG.get_text_width_height_descent

    def counting(self: RendererSVG, s: str, prop: object, ismath: object) -> tuple[float, float, float]:
        measured.append(s)
        return measure(self, s, prop, ismath)

    monkeypatch.setattr(RendererSVG, "get_text_width_height_descent", counting)
    fig = band_figure()
    fig.suptitle("a title")
    fig.axes[0].set_ylabel(r"cost $J$")
    svg(fig, "A band.")
    assert measured and len(measured) == len(set(measured))


@pytest.mark.parametrize("size", [9.5, 12.0])
@pytest.mark.parametrize("family", ["sans-serif", "serif", "monospace"])
@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_font_line_metrics_are_matplotlibs(size: float, family: str, weight: str) -> None:
    """A text laid out with the renderer hook of `_draw_once` gets matplotlib's own numbers."""
    fig = Figure(dpi=72)
    text = fig.text(0.1, 0.5, "two lines\nof text, gy", fontsize=size, family=family, weight=weight)
    plain = RendererSVG(100, 100, io.StringIO())
    hooked = RendererSVG(100, 100, io.StringIO())
    hooked._get_font_height_metrics = lambda prop: _font_height_metrics(fig, {}, prop)
    bbox, lines, descent = text._get_layout(plain)
    hooked_bbox, hooked_lines, hooked_descent = text._get_layout(hooked)
    assert (bbox.bounds, lines, descent) == (hooked_bbox.bounds, hooked_lines, hooked_descent)


def test_filled_band_is_simplified_to_the_resolution_of_the_page() -> None:
    """The band's polygon keeps at most about one vertex per point of axes width on each side."""
    fig = band_figure()
    width_pt = fig.axes[0].get_position().width * WIDTH * 72
    markup = svg(fig, "A band.")
    vertex_counts = sorted(len(parse(d)) for d in path_data(markup))
    band = vertex_counts[-1]  # the band's polygon or the line: the longest path
    assert band <= 2 * width_pt + 10, (band, width_pt)
    assert len(markup) < 60_000


def test_a_stroked_polygon_keeps_every_vertex() -> None:
    """A visible edge would move; only fills without one are simplified."""
    fig = _figure(WIDTH, 3.0)
    ax = fig.add_subplot()
    t = np.linspace(0, 2 * np.pi, 400)
    ax.fill(np.cos(t), np.sin(t), facecolor="none", edgecolor="black", linewidth=1)
    markup = svg(fig, "A circle.")
    assert max(len(parse(d)) for d in path_data(markup)) >= 400


def test_same_bytes_twice_for_a_dense_figure() -> None:
    assert svg(band_figure(), "A band.") == svg(band_figure(), "A band.")


@pytest.mark.parametrize("seed", range(5))
def test_short_path_data_is_the_same_path(seed: int) -> None:
    rng = np.random.default_rng(seed)
    parts = []
    for _ in range(60):
        command = rng.choice(["M", "L", "L", "L", "Q", "C", "z"])
        values = np.round(rng.normal(0, 80, POINTS_PER_COMMAND[command]) * rng.choice([1, 0.01]), 2)
        parts.append(command + "".join(f" {v:g}" for v in values))
    data = "M 1 2 " + " ".join(parts)
    short = _short_path(data)
    assert len(short) < len(data)
    assert " L" not in short and "L " not in short and "- " not in short
    assert parse(short) == parse(data)


def test_short_path_leaves_unknown_data_alone() -> None:
    assert _short_path("M 1e-05 2 L 3 4") == "M 1e-05 2 L 3 4"
    assert _short_path("M 0 0 A 1 1 0 0 1 2 2") == "M 0 0 A 1 1 0 0 1 2 2"


def test_every_path_in_a_figure_is_short() -> None:
    markup = svg(band_figure(), "A band.")
    for data in path_data(markup):
        assert not re.search(r"\s[MLQCz]|[MLQCz]\s|\s-|(?<![\d.])0\.", data), data[:80]


def test_markers_share_one_style() -> None:
    fig = _figure(WIDTH, 3.0)
    ax = fig.add_subplot()
    ax.plot(np.arange(50), np.arange(50) ** 0.5, marker="o", color="tab:red")
    markup = svg(fig, "Fifty markers.")
    group = re.search(r'<g clip-path="[^"]*" style="([^"]*)">((?:<use [^>]*/>)+)</g>', markup)
    assert group is not None and group.group(2).count("<use ") == 50
    assert "style=" not in group.group(2)

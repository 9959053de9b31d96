"""The SVG helper: deterministic, well-formed, themed, accessible, light, and strict about input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

import initlab
from initlab.plots import SCHEME_STYLES, scheme_style, svg

matplotlib.use("Agg")

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
DESCRIPTION = "Three schemes' activation std falling with depth, on a log scale."


def busy_figure(seed: int = 0) -> Figure:
    """A figure with every kind of ink svg() must recolour: titles, labels, ticks, legend, grid, text box, arrow."""
    rng = np.random.default_rng(seed)
    fig = Figure(figsize=(5, 3), layout="constrained")
    ax, hist = fig.subplots(1, 2)
    for name in ("glorot_normal", "he_uniform", "orthogonal"):
        ax.plot(np.arange(1, 6), rng.random(5) + 0.1, label=name, **scheme_style(name))
    ax.set_yscale("log")
    ax.set_title("std vs depth")
    ax.set_xlabel("layer")
    ax.set_ylabel("std")
    ax.grid(True, color="black", alpha=0.1)
    ax.legend(title="scheme")
    ax.annotate("here", xy=(2, 0.5), xytext=(3, 0.3), arrowprops={"arrowstyle": "->"})
    ax.text(1, 1, "box", bbox={"facecolor": "white", "edgecolor": "black"})
    hist.hist(rng.normal(size=2000), bins=200)  # many patches: rasterized
    hist.scatter(rng.normal(size=3000), rng.random(3000) * 50, s=2)  # many points: rasterized
    fig.suptitle("A busy figure")
    return fig


def parse(markup: str) -> ET.Element:
    """The wrapper <figure> (a <div> with the <svg>, a <figcaption>), parsed as XML (fails on malformed markup)."""
    return ET.fromstring(markup)


def svg_root(markup: str) -> ET.Element:
    """The root <svg> inside the wrapper."""
    return parse(markup).find("div").find(f"{SVG_NS}svg")


def test_wrapper_root_and_accessibility() -> None:
    markup = svg(busy_figure(), DESCRIPTION)
    figure = parse(markup)
    assert figure.tag == "figure"
    assert figure.get("class") == "initlab-figure"
    div, caption = list(figure)
    assert div.get("class") == "initlab-figure-svg"
    assert "data-search-exclude" in div.attrib
    assert caption.tag == "figcaption" and caption.get("class") == "initlab-caption"
    (root,) = list(div)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == DESCRIPTION
    assert root.find(f"{SVG_NS}title").text == DESCRIPTION
    assert list(root)[0].tag == f"{SVG_NS}title"  # first child, where screen readers look


def test_inline_and_responsive() -> None:
    markup = svg(busy_figure(), DESCRIPTION)
    assert not markup.lstrip().startswith("<?xml")
    assert "<!DOCTYPE" not in markup and "<metadata" not in markup and "<!--" not in markup
    root = svg_root(markup)
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0 0 360 216", root.get("viewBox"))  # 5 x 3 inches at 72 pt/inch
    assert "height: auto" in root.get("style")


def test_same_bytes_twice_in_process() -> None:
    assert svg(busy_figure(), DESCRIPTION) == svg(busy_figure(), DESCRIPTION)


def test_same_bytes_across_processes_with_different_hash_seeds() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, {tests!r})
        from test_figures import DESCRIPTION, busy_figure
        from initlab.plots import svg
        sys.stdout.write(svg(busy_figure(), DESCRIPTION))
        """
    ).format(tests=os.path.dirname(__file__))
    outputs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0] == svg(busy_figure(), DESCRIPTION)


def test_text_and_axes_in_current_color_only() -> None:
    markup = svg(busy_figure(), DESCRIPTION)
    # No hard-coded black or white anywhere: ink is currentColor, fills the page background.
    for colour in ("#000000", "#ffffff", "#010203", "#fefdfc", "black", "white"):
        assert colour not in markup.lower()
    assert "currentColor" in markup
    assert "var(--md-default-bg-color" in markup  # the legend and text box
    root = svg_root(markup)
    assert "fill: currentColor" in root.get("style")  # the default for anything without its own fill
    # Text is real <text>, with no colour of its own or filled with currentColor.
    texts = list(root.iter(f"{SVG_NS}text"))
    assert len(texts) > 10
    for text in texts:
        fill = re.search(r"fill: ([^;]+)", text.get("style") or "")
        assert fill is None or fill.group(1) == "currentColor", text.attrib
    # Spines, ticks and the grid are stroked with currentColor too.
    strokes = set(re.findall(r"stroke: ([^;\"]+)", markup))
    assert "currentColor" in strokes
    scheme_strokes = {s.color.lower() for s in SCHEME_STYLES.values()}
    for stroke in strokes - {"currentColor", "none"}:  # scheme colours, as palette CSS variables or plain
        variable = re.fullmatch(r"var\(--initlab-[a-z]+, #[0-9a-f]{6}\)", stroke)
        assert stroke.lower() in scheme_strokes or variable, stroke


def test_transparent_background() -> None:
    root = svg_root(svg(busy_figure(), DESCRIPTION))
    first_path = next(root.iter(f"{SVG_NS}path"))  # the figure patch
    assert first_path.get("style") == "fill: none"


def test_dense_artists_rasterized_and_page_stays_light() -> None:
    markup = svg(busy_figure(), DESCRIPTION)
    assert markup.count("<image") >= 1
    assert "data:image/png;base64," in markup
    assert len(markup) < 200_000


def test_ids_are_unique_across_figures() -> None:
    ids = []
    for seed in (0, 1):
        root = svg_root(svg(busy_figure(seed), DESCRIPTION))
        ids.append({el.get("id") for el in root.iter() if el.get("id")})
        hrefs = {el.get(XLINK_HREF)[1:] for el in root.iter() if el.get(XLINK_HREF, "").startswith("#")}
        assert hrefs <= ids[-1]  # every reference resolves inside the same figure
    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_description_is_escaped_and_whitespace_collapsed() -> None:
    fig = Figure()
    fig.add_subplot().plot([0, 1])
    root = svg_root(svg(fig, 'Loss < 1 & "stable"\n   after   training.'))
    assert root.get("aria-label") == 'Loss < 1 & "stable" after training.'


def test_figure_is_closed() -> None:
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.add_subplot().plot([0, 1])
    assert plt.get_fignums()
    svg(fig, "A straight line from 0 to 1.")
    assert plt.get_fignums() == []
    bare = busy_figure()
    svg(bare, DESCRIPTION)
    assert bare.axes == []  # cleared: its memory is released


@pytest.mark.parametrize("bad", [None, "figure", 3, np.zeros((2, 2))])
def test_non_figure_is_refused(bad: object) -> None:
    with pytest.raises(TypeError, match=r"fig must be a matplotlib\.figure\.Figure, got"):
        svg(bad, DESCRIPTION)


def test_axes_is_refused_with_its_type() -> None:
    ax = Figure().add_subplot()
    with pytest.raises(TypeError, match="type Axes"):
        svg(ax, DESCRIPTION)


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_blank_description_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="description must be a non-empty sentence"):
        svg(Figure(), bad)


@pytest.mark.parametrize("bad", [None, 42, b"bytes"])
def test_non_string_description_is_refused(bad: object) -> None:
    with pytest.raises(TypeError, match="description must be a string"):
        svg(Figure(), bad)


def test_every_scheme_has_a_style_and_families_share_a_hue() -> None:
    assert set(SCHEME_STYLES) == set(initlab.SCHEMES)
    for family in ("lecun", "glorot", "he"):
        normal, uniform = SCHEME_STYLES[f"{family}_normal"], SCHEME_STYLES[f"{family}_uniform"]
        assert normal.color == uniform.color and normal.linestyle != uniform.linestyle
    hues = {s.color for s in SCHEME_STYLES.values()}
    assert len(hues) == 8  # zeros and constant share grey: zeros is constant 0


def test_unknown_scheme_gets_a_cycle_colour() -> None:
    assert scheme_style("my_init", index=0)["color"] != scheme_style("my_init", index=1)["color"]

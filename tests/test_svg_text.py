"""Figure text as text at the site's sizes, visible captions, and log-axis ticks."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from initlab.plots.style import (
    FONT_PT,
    MIN_FONT_PT,
    MIN_LOG_SPAN,
    _decade_steps,
    _figure,
    _legend_below,
    _log_if_positive,
    _suptitle,
)
from initlab.plots.svg import Caption, svg

matplotlib.use("Agg")

SVG_NS = "{http://www.w3.org/2000/svg}"
CAPTION = Caption(
    'He keeps the std near 1 < 2 & "flat"; Glorot\'s halves.',
    "tanh net, 10 layers of 100 units",
    "Blue: Glorot; red: He.",
)


def small_print_figure() -> Figure:
    """A figure whose author asked for tiny text everywhere."""
    fig = _figure(7.2, 3.0)
    ax, right = fig.subplots(1, 2)
    ax.plot([1, 2, 3], [1, 10, 100], label="a line")
    ax.set_title("panel", fontsize="x-small")
    ax.set_xlabel("layer", fontsize="xx-small")
    ax.set_ylabel("std")
    ax.annotate("÷√2 per layer", xy=(2, 10), fontsize=5)
    ax.text(1, 50, "a big note", fontsize=14)
    ax.legend(fontsize="xx-small")
    right.plot([0, 1], [0, 1], label="other")
    _legend_below(fig, right, {"overflow"})
    _suptitle(fig, "tanh net, 10 layers")
    return fig


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def font_sizes(markup: str) -> dict[str, float]:
    """Every <text>'s font size in points (1 SVG unit = 1 pt), by its text."""
    root = parse(markup).find("div").find(f"{SVG_NS}svg")
    sizes = {}
    for text in root.iter(f"{SVG_NS}text"):
        style = text.get("style") or ""
        if "font-size" not in style:  # mathtext: the size is on the tspans
            style = next(text.iter(f"{SVG_NS}tspan")).get("style")
        sizes["".join(text.itertext()).strip()] = float(re.search(r"font-size: ([\d.]+)px", style).group(1))
    return sizes


# ----------------------------------------------------------------------------- markup contract


def test_caption_markup_contract() -> None:
    markup = svg(small_print_figure(), CAPTION)
    assert markup.startswith('<figure class="initlab-figure"><div class="initlab-figure-svg" data-search-exclude="">')
    assert markup.endswith(
        '</svg></div><figcaption class="initlab-caption"><span class="initlab-takeaway">He keeps the std near 1 &lt; 2 '
        '&amp; "flat"; Glorot\'s halves.</span> <span class="initlab-setup">tanh net, 10 layers of 100 units</span>'
        "</figcaption></figure>"
    )
    figure = parse(markup)
    div, figcaption = list(figure)
    root = div.find(f"{SVG_NS}svg")
    assert root.get("role") == "img"
    assert list(root)[0].tag == f"{SVG_NS}title"
    assert root.find(f"{SVG_NS}title").text == str(CAPTION)
    assert root.get("aria-label") == str(CAPTION)
    takeaway, setup = list(figcaption)
    assert takeaway.get("class") == "initlab-takeaway" and takeaway.text == CAPTION.takeaway
    assert setup.get("class") == "initlab-setup" and setup.text == CAPTION.setup
    assert "Blue: Glorot" not in "".join(figcaption.itertext())  # details are for screen readers only


def test_plain_string_is_the_takeaway_without_setup() -> None:
    fig = Figure()
    fig.add_subplot().plot([0, 1])
    figcaption = parse(svg(fig, "A <line>  from\n0 to 1.")).find("figcaption")
    (takeaway,) = list(figcaption)
    assert takeaway.get("class") == "initlab-takeaway"
    assert takeaway.text == "A <line> from 0 to 1."


def test_caption_text_is_full_and_collapsed() -> None:
    caption = Caption("  Takeaway\n here. ", "setup", "")
    assert caption.takeaway == "Takeaway here."
    assert str(caption) == "Takeaway here. setup"
    assert str(CAPTION) == f"{CAPTION.takeaway} {CAPTION.setup} {CAPTION.details}"
    with pytest.raises(AttributeError):
        caption.takeaway = "other"  # frozen


@pytest.mark.parametrize("blank", ["", "  \n"])
def test_caption_needs_a_takeaway(blank: str) -> None:
    with pytest.raises(ValueError, match="takeaway must be a non-empty sentence"):
        Caption(blank, "setup")


@pytest.mark.parametrize("field", ["takeaway", "setup", "details"])
def test_caption_fields_must_be_strings(field: str) -> None:
    kwargs = {"takeaway": "t", "setup": "s", "details": "d", field: 3}
    with pytest.raises(TypeError, match=f"Caption {field} must be a string, got 3"):
        Caption(**kwargs)


def test_same_bytes_with_a_caption() -> None:
    assert svg(small_print_figure(), CAPTION) == svg(small_print_figure(), CAPTION)


# ----------------------------------------------------------------------------- text as text


def test_text_is_text_in_the_page_font() -> None:
    markup = svg(small_print_figure(), CAPTION)
    root = parse(markup).find("div").find(f"{SVG_NS}svg")
    assert "var(--md-text-font-family" in root.get("style")
    texts = list(root.iter(f"{SVG_NS}text"))
    assert {"".join(t.itertext()).strip() for t in texts} >= {"panel", "layer", "std", "÷√2 per layer", "a line"}
    for text in texts:
        assert "font-family" not in (text.get("style") or "")  # inherited from the root <svg>
    assert "DejaVuSans-" not in markup  # no glyph paths
    assert "rotate(-0 " not in markup


def test_type_scale_and_minimum_size() -> None:
    sizes = font_sizes(svg(small_print_figure(), CAPTION))
    assert min(sizes.values()) >= MIN_FONT_PT
    assert sizes["tanh net, 10 layers"] == FONT_PT["suptitle"]
    assert sizes["panel"] == FONT_PT["title"]
    assert sizes["layer"] == sizes["std"] == FONT_PT["label"]
    assert sizes["a line"] == sizes["other"] == FONT_PT["legend"]
    assert sizes["÷√2 per layer"] == MIN_FONT_PT
    assert sizes["a big note"] == 14  # large notes keep their size
    assert FONT_PT["suptitle"] >= FONT_PT["title"] >= FONT_PT["label"] >= FONT_PT["tick"] == FONT_PT["legend"]


def test_minimum_is_12_px_at_1280() -> None:
    # A 7.2-inch figure is drawn 688 px wide in the 1280 px layout (measured with Chromium).
    assert MIN_FONT_PT * 688 / (7.2 * 72) >= 12


# ----------------------------------------------------------------------------- log ticks


def log_axis(lo: float, hi: float) -> tuple[list[float], list[str], tuple[float, float]]:
    """The labelled major ticks in view of a log axis drawn over data from lo to hi."""
    fig = Figure()
    ax = fig.add_subplot()
    data = np.geomspace(lo, hi, 7)
    ax.plot(np.arange(7), data)
    assert _log_if_positive(ax, data)
    view = ax.get_ylim()
    locs = [v for v in ax.yaxis.get_major_locator()() if view[0] * (1 - 1e-9) <= v <= view[1] * (1 + 1e-9)]
    formatter = ax.yaxis.get_major_formatter()
    formatter.set_locs(locs)
    labels = [formatter(v) for v in locs]
    return locs, [label for label in labels if label], view


SPANS = [1.2, 1.5, 3.0, 10.0, 30.0, 99.0, 1e3, 3e4, 1e5, 1e8, 1e12, 1e20, 1e36, 1e44, 1e80]


@pytest.mark.parametrize("span", SPANS)
@pytest.mark.parametrize("centre", [1e-30, 3e-3, 1.3, 4e7])
def test_at_least_three_labelled_ticks(span: float, centre: float) -> None:
    lo, hi = centre / math.sqrt(span), centre * math.sqrt(span)
    locs, labels, view = log_axis(lo, hi)
    assert len(labels) >= 3, (span, centre, locs, labels)
    assert len(labels) <= 9, (span, centre, labels)
    assert view[0] <= lo and view[1] >= hi


@pytest.mark.parametrize("span", [1e3, 1e5, 1e12, 1e20, 1e36, 1e44, 1e80])
def test_decade_steps_are_round(span: float) -> None:
    locs, _, _ = log_axis(1e-3 / math.sqrt(span), 1e-3 * math.sqrt(span))
    exponents = [round(math.log10(v)) for v in locs]
    assert all(math.isclose(v, 10.0**e) for v, e in zip(locs, exponents))
    steps = {b - a for a, b in zip(exponents, exponents[1:])}
    (step,) = steps
    assert step in {1, 2, 5, 10, 20, 50}
    assert all(e % step == 0 for e in exponents)  # aligned on 10⁰


def test_no_odd_decade_steps_on_the_flagship_range() -> None:
    locs, labels, _ = log_axis(1e-36, 1e44)
    assert labels == ["10⁻⁴⁰", "10⁻²⁰", "1", "10²⁰", "10⁴⁰"][: len(labels)] or set(labels) >= {"1"}
    assert 1e28 not in locs and 1e12 not in locs


def test_minimum_span_around_a_small_wobble() -> None:
    locs, labels, (bottom, top) = log_axis(1.22, 1.49)
    assert top / bottom == pytest.approx(MIN_LOG_SPAN)
    assert math.sqrt(bottom * top) == pytest.approx(math.sqrt(1.22 * 1.49))
    assert labels == ["0.5", "1", "2"]


def test_labels_are_plain_text() -> None:
    _, labels, _ = log_axis(2e-6, 3e-5)
    assert labels and all("$" not in label for label in labels)
    assert any("×10⁻" in label for label in labels)
    _, labels, _ = log_axis(1e-8, 1e2)
    assert labels[0].startswith("10⁻") and "1" in labels


def test_decade_steps_set() -> None:
    assert _decade_steps(100) == [1, 2, 5, 10, 20, 50, 100, 200, 500]


def test_mathtext_is_drawn_as_paths() -> None:
    # Mathtext glyphs (e.g. STIX's calligraphic L) need fonts the reader may not have.
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot([1, 2])
    ax.set_xlabel(r"$\partial\mathcal{L}/\partial a$")
    ax.set_ylabel("plain words")
    markup = svg(fig, "A line.")
    texts = ["".join(t.itertext()) for t in parse(markup).iter(f"{SVG_NS}text")]
    assert "plain words" in texts
    assert not any("∂" in t or "STIX" in t for t in texts)
    assert "<tspan" not in markup and "<use" in markup

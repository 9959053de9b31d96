"""The interactive figure of "Beyond the basics" in a real headless Chromium.

Changing the selects redraws the figure from the data embedded in the page:
the std points sit where the embedded std says (on a log scale), the bars of
each histogram ridge have the embedded counts' proportions, the drawing's
aria-label follows the selection, and it survives Material's instant
navigation. No console error in either palette. Uses the ``browser`` and
``base_url`` fixtures of ``conftest.py``.
"""

from __future__ import annotations

import json
import math

import pytest

from conftest import click_nav_link, open_page

DRAWING = "svg.initlab-explorer__plot"


def _data(page) -> dict:
    return json.loads(page.locator("script.initlab-explorer__data").text_content())


def _state(page) -> dict:
    return page.evaluate(
        """(sel) => {
          const svg = document.querySelector(sel);
          const points = [...svg.querySelectorAll('.std-point')].map(p => ({
            layer: +p.dataset.layer, std: p.dataset.std,
            cy: p.tagName === 'circle' ? +p.getAttribute('cy') : null}));
          const ridges = [...svg.querySelectorAll('.ridge')].map(r => ({
            layer: +r.dataset.layer,
            heights: [...r.querySelectorAll('rect.bar')].map(b => +b.getAttribute('height'))}));
          return {label: svg.getAttribute('aria-label'), state: svg.dataset.state, points, ridges};
        }""",
        DRAWING,
    )


def _check_against_data(page, scheme: str, activation: str, depth: int) -> dict:
    data, got = _data(page), _state(page)
    a, s = data["activations"].index(activation), data["schemes"].index(scheme)
    assert got["state"] == f"{scheme}|{activation}|{depth}"
    assert [p["layer"] for p in got["points"]] == list(range(1, depth + 1))
    # every point at the embedded std; on a log axis y is linear in log10(std)
    finite = [(p["cy"], data["std"][a][s][p["layer"] - 1]) for p in got["points"] if p["cy"] is not None]
    for p in got["points"]:
        expected = data["std"][a][s][p["layer"] - 1]
        assert (p["std"] == "null") if expected is None else float(p["std"]) == pytest.approx(expected)
    if len(finite) >= 3:
        (y0, v0), (y1, v1) = finite[0], finite[-1]
        if v0 != v1:
            slope = (y1 - y0) / (math.log10(v1) - math.log10(v0))
            for y, v in finite:
                assert y == pytest.approx(y0 + slope * (math.log10(v) - math.log10(v0)), abs=0.05)
    # each ridge's bars: heights proportional to sqrt(count / max count)
    assert got["ridges"] and got["ridges"][-1]["layer"] == depth
    for ridge in got["ridges"]:
        counts = data["counts"][a][s][ridge["layer"] - 1]
        top, tallest = max(counts), max(ridge["heights"])
        if top == 0:
            assert tallest == 0
            continue
        for h, c in zip(ridge["heights"], counts):
            assert h / tallest == pytest.approx(math.sqrt(c / top), abs=1e-6)
    assert got["label"].startswith(
        f"{activation} net of width {data['width']}, {data['labels'][s]} weights, {depth} layer"
    )
    return got


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_explorer_redraws_from_the_embedded_data(browser, base_url, palette):
    context = browser.new_context(color_scheme=palette, viewport={"width": 1280, "height": 900})
    page, problems = open_page(context, base_url + "beyond/")
    page.wait_for_selector(f"{DRAWING} .std-point")
    first = _check_against_data(page, "glorot_normal", "tanh", 10)
    for scheme, activation, depth in [
        ("he_normal", "relu", 20),
        ("large_normal", "relu", 20),
        ("small_normal", "sigmoid", 3),
        ("orthogonal", "selu", 1),
    ]:
        page.select_option('select[data-key="scheme"]', scheme)
        page.select_option('select[data-key="activation"]', activation)
        page.select_option('select[data-key="depth"]', str(depth))
        got = _check_against_data(page, scheme, activation, depth)
        assert got["label"] != first["label"]
    # float32 overflow shows as marks, not as a broken line
    page.select_option('select[data-key="scheme"]', "large_normal")
    page.select_option('select[data-key="activation"]', "relu")
    page.select_option('select[data-key="depth"]', "20")
    assert any(p["std"] == "null" for p in _state(page)["points"])
    # text and axes follow the palette
    assert page.evaluate(f"getComputedStyle(document.querySelector('{DRAWING} text')).fill") == page.evaluate(
        "getComputedStyle(document.querySelector('.initlab-explorer')).color"
    )
    assert page.locator(".initlab-explorer__summary").text_content() == _state(page)["label"]
    context.close()
    assert problems == []


def test_explorer_draws_after_instant_navigation(browser, base_url):
    context = browser.new_context()
    page, problems = open_page(context, base_url)
    click_nav_link(page, base_url + "beyond/")
    page.wait_for_selector(f"{DRAWING} .std-point")
    _check_against_data(page, "glorot_normal", "tanh", 10)
    page.select_option('select[data-key="activation"]', "selu")
    _check_against_data(page, "glorot_normal", "selu", 10)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    context.close()
    assert problems == []

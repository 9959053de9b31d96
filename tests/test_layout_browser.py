"""Layout of every page on a phone (390x844) and a laptop (1280x800), in headless Chromium.

Issue 14's checks, one test per page and width so a failure names both:

* no horizontal page scroll: wide tables, code and figures scroll inside
  their own box (initlab.css, "phone" block), never the page;
* every figure's smallest rendered text is at least 12 px at 1280 px, and at
  390 px at least 10 px or inside a box that scrolls sideways (the drawing
  keeps its size and the reader scrolls, no pinch-zoom);
* every figure has a visible caption (``<figcaption>`` with text);
* axe-core finds no serious or critical violation at either width (the
  palettes are covered by tests/test_browser.py at 1280 px).

Text size is the computed ``font-size`` of each SVG ``<text>`` times the
scale of its screen transform, so it is the size a reader sees. A figure
with no ``<text>`` to measure (text drawn as glyph paths) fails. Figure
checks run on the pages whose source prints a figure; the other pages are
checked to show none.

Each page is loaded once per width (one browser, one context per width); the
checks read the same measurements.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, open_page
from test_browser import AXE, site_pages

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}
#: Smallest figure text a reader sees, in CSS px (issue 14).
MIN_TEXT_PX = {"phone": 10.0, "laptop": 12.0}


def doc_pages(docs: Path = ROOT / "docs") -> list[str]:
    """Relative URLs of the site's pages, from the Markdown sources (so tests can be parametrized by page)."""
    urls = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).with_suffix("")
        if rel.parts[0] in ("snippets", "vendor"):
            continue
        url = "" if rel.as_posix() == "index" else rel.as_posix() + "/"
        urls.append(url.removesuffix("index/"))
    return sorted(urls)


PAGES = doc_pages()


def _source(rel: str, docs: Path = ROOT / "docs") -> str:
    path = docs / (rel.removesuffix("/") + ".md" if rel else "index.md")
    if not path.is_file():
        path = docs / rel / "index.md"
    return path.read_text(encoding="utf-8")


#: Pages whose source prints a figure (svg() or the explorer), and those with an svg() figure.
FIGURE_PAGES = [rel for rel in PAGES if "svg(" in _source(rel) or "explorer_html(" in _source(rel)]
CAPTION_PAGES = [rel for rel in PAGES if "svg(" in _source(rel)]


MEASURE = """() => {
  const out = {};
  const se = document.scrollingElement;
  out.page = {scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, culprits: []};
  if (se.scrollWidth > se.clientWidth) {
    const cw = se.clientWidth;
    const over = (el) => el.getBoundingClientRect().right > cw + 0.5;
    for (const el of document.body.querySelectorAll('*')) {
      if (!over(el) || (el.parentElement && over(el.parentElement))) continue;
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.page.culprits.push(name + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)');
      if (out.page.culprits.length >= 5) break;
    }
  }
  const scrollsSideways = (el, stop) => {
    for (let n = el.parentElement; n && n !== stop; n = n.parentElement) {
      const ox = getComputedStyle(n).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && n.scrollWidth > n.clientWidth + 1) return true;
    }
    return false;
  };
  const figures = [...document.querySelectorAll('.md-content .initlab-figure')]
    .filter((f) => !f.parentElement.closest('.initlab-figure'))
    .map((f) => ({el: f, svg: f.querySelector('svg'), kind: 'figure'}))
    .concat([...document.querySelectorAll('.md-content .initlab-explorer')]
      .map((f) => ({el: f, svg: f.querySelector('svg.initlab-explorer__plot'), kind: 'explorer'})));
  out.figures = figures.map(({el, svg, kind}, i) => {
    const title = svg && svg.querySelector('title') ? svg.querySelector('title').textContent : '';
    const fig = {
      name: kind + ' ' + (i + 1) + ' "' + title.trim().replace(/\\s+/g, ' ').slice(0, 70) + '"',
      kind, markup: el.tagName.toLowerCase(), texts: 0, smallest: null, smallestText: '', scrolls: false,
      caption: null,
    };
    if (svg) {
      fig.scrolls = scrollsSideways(svg, el.parentElement);
      for (const t of svg.querySelectorAll('text')) {
        const content = t.textContent.trim();
        if (!content || t.getClientRects().length === 0) continue;
        const m = t.getScreenCTM();
        const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        fig.texts += 1;
        if (fig.smallest === null || px < fig.smallest) { fig.smallest = px; fig.smallestText = content.slice(0, 30); }
      }
    }
    const cap = el.querySelector(':scope > figcaption');
    if (cap) {
      const r = cap.getBoundingClientRect(), cs = getComputedStyle(cap);
      fig.caption = {text: cap.innerText.trim(), visible: r.width > 0 && r.height > 0
        && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0};
    }
    return fig;
  });
  return out;
}"""

AXE_RUN = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
    ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + 'x, e.g. ' + v.nodes[0].target + ')')"
)


@pytest.fixture(scope="module")
def layout(browser, base_url):
    """Measurements of (page, width), each page loaded once per width in one context per width."""
    contexts = {w: browser.new_context(viewport=size) for w, size in WIDTHS.items()}
    cache: dict[tuple[str, str], dict] = {}

    def measure(rel: str, width: str) -> dict:
        if (rel, width) not in cache:
            page, problems = open_page(contexts[width], base_url + rel)
            found = page.evaluate(MEASURE)
            page.add_script_tag(path=str(AXE))
            found["axe"] = page.evaluate(AXE_RUN)
            found["problems"] = problems
            page.close()
            cache[(rel, width)] = found
        return cache[(rel, width)]

    yield measure
    for context in contexts.values():
        context.close()


def test_pages_are_the_built_site(built_site):
    assert PAGES == sorted(site_pages(built_site.site)), "docs/*.md and the built site disagree: update doc_pages()"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("rel", PAGES)
def test_no_horizontal_page_scroll(layout, rel, width):
    page = layout(rel, width)["page"]
    assert page["scrollWidth"] <= page["clientWidth"], (
        f"/{rel} at {WIDTHS[width]['width']} px scrolls sideways ({page['scrollWidth']} > {page['clientWidth']} px); "
        f"outermost elements past the edge: {page['culprits']}"
    )


def test_pages_without_figures_print_none(layout):
    for rel in sorted(set(PAGES) - set(FIGURE_PAGES)):
        assert layout(rel, "laptop")["figures"] == [], f"/{rel} shows a figure its source does not print"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("rel", FIGURE_PAGES)
def test_figure_text_is_readable(layout, rel, width):
    figures = layout(rel, width)["figures"]
    assert figures, f"/{rel} prints a figure in its source but none is on the built page"
    least = MIN_TEXT_PX[width]
    small, unmeasured = [], []
    for fig in figures:
        if fig["texts"] == 0:
            unmeasured.append(fig["name"])
            continue
        ok = fig["smallest"] >= least or (width == "phone" and fig["scrolls"])
        if not ok:
            small.append(
                f"{fig['name']}: smallest text {fig['smallest']:.1f} px ({fig['smallestText']!r}) < {least:g} px"
                + (", and its box does not scroll sideways" if width == "phone" else "")
            )
    assert small == [], f"/{rel} at {WIDTHS[width]['width']} px: {small}"
    assert unmeasured == [], f"/{rel}: figures with no <text> to measure (text drawn as glyph paths): {unmeasured}"


@pytest.mark.parametrize("rel", CAPTION_PAGES)
def test_every_figure_has_a_visible_caption(layout, rel):
    # The interactive explorer has its live summary instead and is not counted.
    figures = [f for f in layout(rel, "laptop")["figures"] if f["kind"] == "figure"]
    assert figures, f"/{rel} prints a figure in its source but none is on the built page"
    missing = []
    for fig in figures:
        cap = fig["caption"]
        if cap is None:
            missing.append(f"{fig['name']}: no <figcaption> (markup is <{fig['markup']}>)")
        elif not cap["text"] or not cap["visible"]:
            missing.append(f"{fig['name']}: caption empty or hidden ({cap['text'][:40]!r})")
    assert missing == [], f"/{rel}: {len(missing)} of {len(figures)} figures without a visible caption: {missing}"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("rel", PAGES)
def test_axe_is_clean(layout, rel, width):
    found = layout(rel, width)
    assert found["axe"] == [], f"/{rel} at {WIDTHS[width]['width']} px: {found['axe']}"
    assert found["problems"] == [], f"/{rel} at {WIDTHS[width]['width']} px: {found['problems']}"

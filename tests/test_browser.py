"""The built site as a reader meets it, in a real headless Chromium.

Every page, in the light and the dark palette: no console error, no failed
request, no request to another origin, every formula typeset by the
self-hosted KaTeX, every figure named for assistive technology, no serious
or critical axe-core violation; formulas still render after Material's
instant navigation; every internal link and anchor resolves. A page that
fails is saved as a screenshot under ``test-artifacts/screenshots``; with
``INITLAB_SCREENSHOTS=1`` every page and palette is.

Needs Debian's chromium (``apt-get install chromium``). Without it these
tests skip, unless ``INITLAB_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns
the skip into a failure. The ``browser`` and ``base_url`` fixtures are in
``conftest.py``.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

from conftest import ROOT, click_nav_link, open_page

SHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
PALETTES = {"light": "default", "dark": "slate"}
ALL_SCREENSHOTS = os.environ.get("INITLAB_SCREENSHOTS") == "1"


def site_pages(site: Path) -> list[str]:
    """Relative URLs of every page of the built site but the 404 page."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        urls.append("" if rel == "." else rel + "/")
    return urls


def _formula_problems(page) -> list[str]:
    return page.evaluate(
        """() => {
          const out = [];
          for (const el of document.querySelectorAll('.arithmatex')) {
            if (!el.querySelector('.katex')) out.push('not typeset: ' + el.textContent.slice(0, 80));
          }
          for (const el of document.querySelectorAll('.katex-error')) out.push('KaTeX error: ' + el.title);
          return out;
        }"""
    )


def _figure_problems(page) -> list[str]:
    return page.evaluate(
        """() => {
          const out = [];
          for (const svg of document.querySelectorAll('.md-content svg[role="img"]')) {
            const name = (svg.getAttribute('aria-label') || '').trim();
            if (name.split(/\\s+/).length < 6) out.push('figure without a real description: ' + name);
          }
          for (const img of document.querySelectorAll('.md-content img')) {
            if (!img.getAttribute('alt')) out.push('img without alt: ' + img.src);
          }
          return out;
        }"""
    )


@pytest.mark.parametrize("palette", list(PALETTES))
def test_every_page_renders_cleanly(browser, base_url, built_site, palette):
    context = browser.new_context(color_scheme=palette, viewport={"width": 1280, "height": 900})
    failures = {}
    for rel in site_pages(built_site.site):
        page, problems = open_page(context, base_url + rel)
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        if scheme != PALETTES[palette]:
            problems.append(f"palette is {scheme!r}, expected {PALETTES[palette]!r}")
        problems += _formula_problems(page) + _figure_problems(page)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + 'x, e.g. ' + v.nodes[0].target + ')')"
        )
        problems += [f"axe: {v}" for v in violations]
        if problems or ALL_SCREENSHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = rel.strip("/").replace("/", "_") or "home"
            page.screenshot(path=str(SHOTS / f"{name}-{palette}.png"), full_page=True)
        page.close()
        if problems:
            failures[rel or "/"] = problems
    context.close()
    assert failures == {}


def test_formulas_render_after_instant_navigation(browser, base_url, built_site):
    pages = site_pages(built_site.site)
    targets = [rel for rel in pages if "arithmatex" in (built_site.site / rel / "index.html").read_text()]
    assert targets, "no page of the site has a formula"
    context = browser.new_context()
    page, problems = open_page(context, base_url + next((p for p in pages if p not in targets), targets[-1]))
    for rel in targets:
        if page.url == base_url + rel:
            click_nav_link(page, base_url + next(p for p in pages if p != rel))
        click_nav_link(page, base_url + rel)
        page.wait_for_function("document.querySelectorAll('.arithmatex .katex').length > 0")
        assert _formula_problems(page) == [], rel
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, "a click reloaded the page"
    assert problems == []
    context.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def test_crawl_finds_no_broken_internal_link_or_anchor(browser, base_url, built_site):
    context = browser.new_context()
    seen, queue, broken, ids = set(), [base_url], [], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = context.request.get(url)
        if response.status != 200:
            broken.append(f"{url}: HTTP {response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = _Links()
        parser.feed(response.text())
        ids[url] = parser.ids
        for href in parser.hrefs:
            target = urljoin(url, href)
            if not target.startswith(base_url):
                continue
            page_url, fragment = urldefrag(target)
            queue.append(page_url)
            if fragment:
                ids.setdefault(("anchor", page_url, fragment), url)
    for key, source in list(ids.items()):
        if isinstance(key, tuple):
            _, page_url, fragment = key
            if page_url in ids and fragment not in ids[page_url]:
                broken.append(f"{source} links to missing anchor {page_url}#{fragment}")
    context.close()
    assert len(seen) >= len(site_pages(built_site.site))
    assert broken == []

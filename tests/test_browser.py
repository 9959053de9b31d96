"""The built site as a reader meets it, in a real headless Chromium.

Every page, in the light and the dark palette: no console error, no failed
request, no request to another origin, every formula typeset by the
self-hosted KaTeX, every figure named for assistive technology, no serious
or critical axe-core violation; formulas still render after Material's
instant navigation; every internal link and anchor resolves. A screenshot of
every page and palette is saved under ``test-artifacts/screenshots``.

Needs Debian's chromium (``apt-get install chromium``). Without it these
tests skip, unless ``INITLAB_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns
the skip into a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("INITLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PALETTES = {"light": "default", "dark": "slate"}


def _unavailable(reason: str) -> None:
    if os.environ.get("INITLAB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required (INITLAB_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def site_pages(site: Path) -> list[str]:
    """Relative URLs of every page of the built site but the 404 page."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        urls.append("" if rel == "." else rel + "/")
    return urls


def _open(context, url: str):
    """Open ``url`` and collect every problem a reader's browser would log."""
    page = context.new_page()
    problems: list[str] = []
    origin = urlparse(url).netloc
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on(
        "request",
        lambda r: problems.append(f"request to another origin: {r.url}")
        if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != origin
        else None,
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, problems


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
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(color_scheme=palette, viewport={"width": 1280, "height": 900})
    failures = {}
    for rel in site_pages(built_site.site):
        page, problems = _open(context, base_url + rel)
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
        name = rel.strip("/").replace("/", "_") or "home"
        page.screenshot(path=str(SHOTS / f"{name}-{palette}.png"), full_page=True)
        page.close()
        if problems:
            failures[rel or "/"] = problems
    context.close()
    assert failures == {}


def _click_nav_link(page, url: str) -> None:
    """Follow the sidebar link to ``url`` the way a reader does (instant navigation)."""
    index = page.evaluate(
        "url => [...document.querySelectorAll('a.md-nav__link')].findIndex(a => a.href === url)", url
    )
    assert index >= 0, f"no navigation link to {url} on {page.url}"
    page.locator("a.md-nav__link").nth(index).click()
    page.wait_for_url(url)


def test_formulas_render_after_instant_navigation(browser, base_url, built_site):
    pages = site_pages(built_site.site)
    targets = [rel for rel in pages if "arithmatex" in (built_site.site / rel / "index.html").read_text()]
    assert targets, "no page of the site has a formula"
    context = browser.new_context()
    page, problems = _open(context, base_url + next((p for p in pages if p not in targets), targets[-1]))
    for rel in targets:
        if page.url == base_url + rel:
            _click_nav_link(page, base_url + next(p for p in pages if p != rel))
        _click_nav_link(page, base_url + rel)
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

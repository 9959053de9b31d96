"""Shared set-up: the environment of ``.ci/env``, the site built once, the browser, and the test lanes.

Two markers are applied here, from the fixtures a test uses (directly or
through another fixture), so a new test lands in the right lane by itself:

* ``site``: the test uses ``built_site`` (builds the site with
  ``mkdocs build --strict``) or ``run_script`` (runs a page's code in a fresh
  interpreter);
* ``browser``: the test uses ``browser`` (headless Chromium).

The fast lane is ``python3 dev.py test -m "not site and not browser"``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Session fixtures of the studies the page tests share (tests/page_studies.py).
pytest_plugins = ["page_studies"]


def read_env(path: Path = ROOT / ".ci" / "env") -> dict[str, str]:
    """The KEY=VALUE lines of ``.ci/env``, the environment of every build and test (dev.py reads it too)."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


#: Fixed sitemap dates and one BLAS thread, as in dev.py, .ci/run and the
#: GitHub workflow; set here too so a bare ``pytest`` runs the same way.
BUILD_ENV = read_env()
os.environ.update(BUILD_ENV)

#: In CI (.ci/run sets INITLAB_CI=1; GitHub Actions sets CI=true).
IN_CI = os.environ.get("INITLAB_CI") == "1" or os.environ.get("CI", "").lower() in ("1", "true")

SITE_FIXTURES = {"built_site", "run_script"}
BROWSER_FIXTURES = {"browser"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & SITE_FIXTURES:
            item.add_marker(pytest.mark.site)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


# ----------------------------------------------------------------------------
# The site
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    site: Path
    log: str
    seconds: float


def build_site(dest: Path) -> Build:
    """Run ``mkdocs build --strict`` into ``dest`` and return its log."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env={**os.environ, **BUILD_ENV},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return Build(dest, log, seconds)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture
def run_script(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run Python source in a fresh interpreter in an empty folder, as a reader runs code copied from a page.

    ``unset`` names environment variables the script must not see (a reader does not have them).
    """

    def run(source: str, *, unset: Iterable[str] = (), timeout: float = 300) -> subprocess.CompletedProcess:
        env = {**os.environ, "MPLBACKEND": "Agg"}
        for name in unset:
            env.pop(name, None)
        return subprocess.run(
            [sys.executable, "-c", source], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout
        )

    return run


# ----------------------------------------------------------------------------
# The browser (test_browser.py, test_interactive.py)
# ----------------------------------------------------------------------------

CHROMIUM = os.environ.get("INITLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("INITLAB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required (INITLAB_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright; skipped (or failed, in CI) when either is missing."""
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Build):
    """The built site served on localhost."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def open_page(context, url: str):
    """Open ``url`` and collect every problem a reader's browser would log."""
    page = context.new_page()
    problems: list[str] = []
    origin = urlparse(url).netloc

    def on_request(request) -> None:
        target = urlparse(request.url)
        if target.scheme in ("http", "https") and target.netloc != origin:
            problems.append(f"request to another origin: {request.url}")

    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("request", on_request)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, problems


def click_nav_link(page, url: str) -> None:
    """Follow the sidebar link to ``url`` the way a reader does (instant navigation)."""
    index = page.evaluate("url => [...document.querySelectorAll('a.md-nav__link')].findIndex(a => a.href === url)", url)
    assert index >= 0, f"no navigation link to {url} on {page.url}"
    page.locator("a.md-nav__link").nth(index).click()
    page.wait_for_url(url)

"""Build the site, then time how long its heaviest page takes to load in Chromium.

Prints the build time, every page's HTML size, and the heaviest page's load
time in headless Chromium (navigation start to the ``load`` event, served
from localhost; median of 5 fresh browser contexts, so nothing is cached).

Run: .venv/bin/python benchmarks/bench_site.py [--runs 5]   (after python3 dev.py test)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def read_env(path: Path = ROOT / ".ci" / "env") -> dict[str, str]:
    """The KEY=VALUE lines of ``.ci/env`` (as dev.py and tests/conftest.py read them)."""
    lines = [line.strip() for line in path.read_text().splitlines()]
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site = Path(tempfile.mkdtemp()) / "site"
    env = {**os.environ, **read_env()}  # the environment of every build: .ci/env
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True
    )
    print(f"build: {time.perf_counter() - start:.1f} s")

    pages = sorted(site.rglob("index.html"), key=lambda p: p.stat().st_size, reverse=True)
    for p in pages:
        print(f"{p.stat().st_size / 1e6:6.2f} MB  {p.parent.relative_to(site).as_posix() or '/'}")
    heaviest = pages[0].parent.relative_to(site).as_posix()

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{'' if heaviest == '.' else heaviest + '/'}"
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(args.runs):
            context = browser.new_context()
            page = context.new_page()
            page.goto(url, wait_until="load")
            times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
            context.close()
        browser.close()
    server.shutdown()
    print(
        f"heaviest page {url}: load {statistics.median(times):.0f} ms "
        f"(median of {args.runs}; runs: {', '.join(f'{t:.0f}' for t in times)})"
    )


if __name__ == "__main__":
    main()

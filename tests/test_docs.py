"""The site builds strictly, stays light, and shows numbers the library computed."""

from __future__ import annotations

import re
from html import unescape

import initlab

MAX_PAGE_BYTES = 1_500_000


def test_strict_build_has_no_warnings(built_site):
    warnings = [line for line in built_site.log.splitlines() if re.search(r"\bWARNING\b|\bERROR\b", line)]
    assert warnings == []


def test_every_page_is_under_the_size_budget(built_site):
    pages = list(built_site.site.rglob("*.html"))
    assert len(pages) >= 3
    too_big = {str(p.relative_to(built_site.site)): p.stat().st_size for p in pages if p.stat().st_size > MAX_PAGE_BYTES}
    assert too_big == {}


def test_home_page_prints_the_library_number(built_site):
    html = unescape((built_site.site / "index.html").read_text())
    expected = initlab.he_normal((256, 784), rng=0).std()
    assert f"std drawn   {expected:.4f}" in html
    assert f"std formula {initlab.variance_scaling_std((256, 784), scale=2.0):.4f}" in html


def test_no_executed_block_failed(built_site):
    # markdown-exec renders a failing block as a traceback instead of failing
    # in some configurations; make sure none slipped through.
    for page in built_site.site.rglob("*.html"):
        assert "Traceback (most recent call last)" not in page.read_text(), page

"""The API pages' formulas typeset without a KaTeX error, in a real headless Chromium.

``docs/javascripts/katex-render.js`` renders every ``.arithmatex`` element
with ``throwOnError: false``: a formula KaTeX cannot parse does not stop the
page, it is drawn in red as its source with the class ``katex-error`` and the
message in its ``title``. The docstrings are the largest body of formulas on
the site and nobody reads all of them after a change, so this test does:
every formula on every page of the reference (``api/`` and the pages under
it, one per module group) is typeset and none is an error. KaTeX's warnings
about input it accepts only loosely (strict mode ``"warn"``, its default)
fail it too. Each page is also checked with axe (no serious or critical
violation) and for its height at 1280 px: the reference used to be one page
of 62 000 px; a module group stays a page a reader can scroll through.

Uses the ``browser``, ``base_url`` and ``built_site`` fixtures and
``open_page`` of ``conftest.py``; skipped without Chromium like
``test_browser.py``.
"""

from __future__ import annotations

from conftest import ROOT, open_page

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
#: Height in CSS px of one API page at 1280 px wide (the single page was about 62 000 px).
MAX_HEIGHT = 20_000

_AXE = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
    ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + 'x, e.g. ' + v.nodes[0].target + ')')"
)

_TYPESET = "() => [...document.querySelectorAll('.arithmatex')].every(el => el.dataset.katex === 'done')"

_PROBLEMS = """() => {
  const out = [];
  const where = el => {
    const doc = el.closest('.doc-object');
    const heading = doc && doc.querySelector(':scope > [id^="initlab"]');
    return heading ? heading.id : '(page)';
  };
  for (const el of document.querySelectorAll('.arithmatex')) {
    if (!el.querySelector('.katex')) out.push(where(el) + ': not typeset: ' + el.textContent.slice(0, 80));
  }
  for (const el of document.querySelectorAll('.katex-error')) {
    out.push(where(el) + ': KaTeX error: ' + (el.title || '') + ' in ' + el.textContent.slice(0, 80));
  }
  return out;
}"""


def _katex_warning(message) -> bool:
    return message.type == "warning" and ("KaTeX" in message.text or "LaTeX" in message.text)


def api_pages(site) -> list[str]:
    """Relative URLs of the reference: ``api/`` and every page under it."""
    return [p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "api").rglob("index.html"))]


def test_every_formula_on_the_api_pages_typesets_without_a_katex_error(browser, base_url, built_site):
    pages = api_pages(built_site.site)
    assert len(pages) >= 10, f"the reference should be one page per module group, found {pages}"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    warnings: list[str] = []
    context.on("console", lambda m: warnings.append(f"console warning: {m.text}") if _katex_warning(m) else None)
    failures, formulas, heights = {}, 0, {}
    for rel in pages:
        page, problems = open_page(context, base_url + rel)
        page.wait_for_function(_TYPESET)
        formulas += page.evaluate("document.querySelectorAll('.arithmatex').length")
        problems += page.evaluate(_PROBLEMS)
        page.add_script_tag(path=str(AXE))
        problems += [f"axe: {v}" for v in page.evaluate(_AXE)]
        heights[rel] = page.evaluate("document.documentElement.scrollHeight")
        if heights[rel] > MAX_HEIGHT:
            problems.append(f"{heights[rel]} px tall at 1280 px (at most {MAX_HEIGHT}): split the page")
        problems += warnings
        warnings.clear()
        page.close()
        if problems:
            failures[rel] = problems
    context.close()
    assert formulas >= 100, f"only {formulas} formulas on the API pages: did the docstrings stop rendering?"
    assert failures == {}

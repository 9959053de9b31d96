"""The API page's formulas typeset without a KaTeX error, in a real headless Chromium.

``docs/javascripts/katex-render.js`` renders every ``.arithmatex`` element
with ``throwOnError: false``: a formula KaTeX cannot parse does not stop the
page, it is drawn in red as its source with the class ``katex-error`` and the
message in its ``title``. The docstrings are the largest body of formulas on
the site and nobody reads all of them after a change, so this test does:
every formula on ``api/`` is typeset and none is an error. KaTeX's warnings
about input it accepts only loosely (strict mode ``"warn"``, its default)
fail it too.

Uses the ``browser``, ``base_url`` and ``built_site`` fixtures and
``open_page`` of ``conftest.py``; skipped without Chromium like
``test_browser.py``.
"""

from __future__ import annotations

from conftest import open_page

PAGE = "api/"

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


def test_every_formula_on_the_api_page_typesets_without_a_katex_error(browser, base_url, built_site):
    assert (built_site.site / PAGE / "index.html").exists(), f"the site has no {PAGE} page"
    context = browser.new_context()
    warnings: list[str] = []
    context.on("console", lambda m: warnings.append(f"console warning: {m.text}") if _katex_warning(m) else None)
    page, problems = open_page(context, base_url + PAGE)
    page.wait_for_function(_TYPESET)
    formulas = page.evaluate("document.querySelectorAll('.arithmatex').length")
    problems += page.evaluate(_PROBLEMS)
    context.close()
    assert formulas >= 100, f"only {formulas} formulas on {PAGE}: did the docstrings stop rendering?"
    assert problems + warnings == []

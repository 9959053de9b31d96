"""The API reference renders as Markdown: no Sphinx leftovers on the built page.

mkdocstrings renders the library's docstrings as Markdown, so whatever was
written for Sphinx shows up literally on the page: a role such as
``:func:`train``` (links are autorefs, ``[`train`][initlab.training.train]``),
the ``====`` rules of a reST table (tables are Markdown tables), an autorefs
link that did not resolve, or a control character. The last comes from a
backslash escape in a docstring that is not a raw string: ``"\\text{value}"``
holds a TAB followed by ``ext{value}``, which KaTeX typesets as "ext value"
without an error (``\\frac`` gives a form feed, ``\\beta`` a backspace).

``test_the_rendered_api_pages_hold_no_sphinx_markup`` scans the built
``api/`` pages (site lane: it uses ``built_site``);
``test_no_docstring_holds_a_control_character`` checks every docstring of
the library in the source, including the ones no page renders (fast lane).

The reference is one page per module or small group of modules
(``docs/api.md``, the overview, and ``docs/api/*.md``), not one page of
every docstring: every public module of ``src/initlab`` has exactly one
``::: module`` block on those pages and every page is in the nav (fast lane,
so a new module or figure file fails before a build), every public name of
``initlab``, ``initlab.studies`` and ``initlab.plots`` is rendered on exactly
one built page (an autorefs link resolves to the one page that renders its
object), and each page stays small (site lane).
"""

from __future__ import annotations

import ast
import importlib
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT

SRC = ROOT / "src" / "initlab"
DOCS = ROOT / "docs"
#: The reference's Markdown pages: the overview and one page per module or small group.
API_SOURCES = [DOCS / "api.md", *sorted((DOCS / "api").glob("*.md"))]
#: A mkdocstrings block: ``::: initlab.module`` at the start of a line.
DIRECTIVE = re.compile(r"^:::\s+(initlab[\w.]*)\s*$", re.MULTILINE)
#: Bytes of one built API page: the old single page weighed 692 KB; a module group stays far below.
MAX_API_PAGE_BYTES = 300_000

#: A Sphinx role as it reads on the page once its backticks became <code>:
#: ":func:train". Python's domain roles with the "py:" prefix too.
ROLE = re.compile(r":(?:py:)?(?:func|class|meth|data|mod|attr|obj|exc|const|ref|term|doc):")
#: A rule line of a reST table: runs of "=" separated by spaces.
RULE = re.compile(r"^\s*={3,}(?:\s+={3,})*\s*$")
#: Every control character but the newline (tab, backspace, form feed, bell, ...).
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
#: An autorefs link that did not resolve is left as its Markdown text.
UNRESOLVED = re.compile(r"\]\[initlab\.[\w.]*\]")


#: Tags that start a new line of text.
BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
}


class _Text(HTMLParser):
    """The visible text of a page (no <script>/<style>), each piece with the API object it belongs to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        self._hidden = 0
        self._where = "top of the page"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        if tag in BLOCKS:
            self.pieces.append((self._where, "\n"))
        anchor = dict(attrs).get("id") or ""
        if anchor.startswith("initlab"):
            self._where = anchor

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1
        if tag in BLOCKS:
            self.pieces.append((self._where, "\n"))

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.pieces.append((self._where, data))


def _context(text: str, start: int, end: int) -> str:
    """The match with 40 characters either side, whitespace collapsed."""
    return repr(" ".join(text[max(0, start - 40) : end + 40].split()))


def api_page_problems(html: str) -> tuple[list[str], int]:
    """Sphinx roles, reST table rules, unresolved autorefs and control characters in a page's visible text.

    Returns the problems, each naming the API object it sits under, and the
    number of API objects (``id="initlab..."`` anchors) the page holds.
    """
    parser = _Text()
    parser.feed(html)
    parser.close()
    by_object: dict[str, list[str]] = {}
    for where, data in parser.pieces:
        by_object.setdefault(where, []).append(data)
    problems = []
    for where, parts in by_object.items():
        text = "".join(parts)
        for m in ROLE.finditer(text):
            problems.append(f"{where}: Sphinx role {m.group(0)} in {_context(text, m.start(), m.end())}")
        for m in UNRESOLVED.finditer(text):
            problems.append(f"{where}: unresolved autorefs link in {_context(text, m.start(), m.end())}")
        for line in text.splitlines():
            if RULE.match(line):
                problems.append(f"{where}: reST table rule {line.strip()!r}")
        for m in CONTROL.finditer(text):
            problems.append(f"{where}: control character {m.group(0)!r} in {_context(text, m.start(), m.end())}")
    objects = len(set(re.findall(r'\sid="(initlab[\w.]*)"', html)))
    return problems, objects


def test_the_scan_finds_what_it_looks_for():
    html = (
        '<h2 id="initlab.x.f">f</h2><p>See :func:<code>g</code> and :class:<code>H</code>.</p>'
        "<p>==========  =====\nname        value\n==========  =====</p>"
        '<p><span class="arithmatex">\\(\\mathcal U[\text{low})\\)</span></p>'
        '<h2 id="initlab.x.g">g</h2><p>[<code>f</code>][initlab.x.f] and a clean sentence.</p>'
        "<script>if (a===b) {}\n===\t</script>"
    )
    problems, objects = api_page_problems(html)
    assert objects == 2
    assert [p.split(":", 1)[0] for p in problems] == ["initlab.x.f"] * 5 + ["initlab.x.g"]
    assert sum("Sphinx role" in p for p in problems) == 2
    assert sum("reST table rule" in p for p in problems) == 2
    assert sum("control character '\\t'" in p for p in problems) == 1
    assert sum("unresolved autorefs" in p for p in problems) == 1
    assert api_page_problems('<h2 id="initlab.ok">ok</h2><p>$a = b$, <code>x == y</code></p>') == ([], 1)


def api_html_pages(site: Path) -> list[Path]:
    """The built reference: ``api/index.html`` (the overview) and every page under ``api/``."""
    return sorted((site / "api").rglob("index.html"))


def test_the_rendered_api_pages_hold_no_sphinx_markup(built_site):
    pages = api_html_pages(built_site.site)
    assert pages, "the site has no api/ page"
    failures, objects = [], 0
    for page in pages:
        problems, count = api_page_problems(page.read_text(encoding="utf-8"))
        objects += count
        rel = page.parent.relative_to(built_site.site).as_posix() + "/"
        failures += [f"{rel} {p}" for p in problems]
    # A page that lost its docstrings would pass the scan: make sure they are there.
    assert objects >= 50, f"the api pages document only {objects} objects"
    assert not failures, "the API page shows markup that is not Markdown:\n" + "\n".join(failures)


def _docstrings(tree: ast.Module):
    """(line, name, text) of every docstring: module, classes, functions and attribute docstrings."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            name = getattr(node, "name", "<module>")
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    yield body[0].lineno, name, body[0].value.value
            # a string right after an assignment documents the assigned name (griffe reads it)
            for before, after in zip(body, body[1:]):
                if not isinstance(before, (ast.Assign, ast.AnnAssign)):
                    continue
                if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                    if isinstance(after.value.value, str):
                        target = before.targets[0] if isinstance(before, ast.Assign) else before.target
                        yield after.lineno, ast.unparse(target), after.value.value


def test_no_docstring_holds_a_control_character():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for line, name, text in _docstrings(ast.parse(path.read_text(encoding="utf-8"))):
            for m in CONTROL.finditer(text):
                rel = path.relative_to(ROOT)
                found.append(
                    f"{rel}:{line} {name}: {m.group(0)!r} in {_context(text, m.start(), m.end())} "
                    '(a backslash escape: make the docstring a raw string r"""...""")'
                )
    assert not found, "\n".join(found)


def test_the_control_character_check_sees_a_non_raw_docstring():
    source = 'def f():\n    """Variance $\\text{value}$, $\\frac12$."""\n\nX = 1\n"""Raw: $\\\\text{ok}$."""\n'
    texts = {name: text for _, name, text in _docstrings(ast.parse(source))}
    assert sorted(texts) == ["X", "f"]
    assert [m.group(0) for m in CONTROL.finditer(texts["f"])] == ["\t", "\f"]
    assert not CONTROL.search(texts["X"])


# ----------------------------------------------------------------------------
# One page per module group
# ----------------------------------------------------------------------------


def public_modules() -> list[str]:
    """Dotted names of every module of ``src/initlab`` a reader imports: no ``_private`` file or package."""
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts):
            continue
        names.append(".".join(parts))
    return names


def _nav_files(node: object) -> list[str]:
    """Every Markdown file a ``nav:`` entry points to, nested sections included."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [f for value in node.values() for f in _nav_files(value)]
    if isinstance(node, list):
        return [f for item in node for f in _nav_files(item)]
    return []


def test_every_public_module_has_exactly_one_block_on_the_api_pages():
    blocks: dict[str, list[str]] = {}
    for source in API_SOURCES:
        for name in DIRECTIVE.findall(source.read_text(encoding="utf-8")):
            blocks.setdefault(name, []).append(source.relative_to(DOCS).as_posix())
    modules = public_modules()
    assert len(modules) >= 30
    missing = [m for m in modules if m not in blocks and m != "initlab"]
    assert missing == [], f"modules no API page renders (add a ::: block to a page of docs/api/): {missing}"
    twice = {m: where for m, where in blocks.items() if len(where) > 1}
    assert twice == {}, f"modules rendered more than once (autorefs links would be ambiguous): {twice}"
    unknown = sorted(set(blocks) - set(modules))
    assert unknown == [], f"::: blocks for modules that do not exist: {unknown}"
    # The root heading is hidden, so a link to a module ([`style`][initlab.plots.style])
    # resolves to the heading above its block, which carries the module's name as its id.
    text = "".join(source.read_text(encoding="utf-8") for source in API_SOURCES)
    unanchored = [m for m in blocks if f"{{ #{m} }}" not in text]
    assert unanchored == [], f"give the heading above each block the module's id ('## Style {{ #m }}'): {unanchored}"


def test_every_api_page_is_in_the_nav():
    class Loader(yaml.SafeLoader):
        """Reads mkdocs.yml whatever tags it holds (``!!python/name:`` and the like become None)."""

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    nav = set(_nav_files(config["nav"]))
    pages = {p.relative_to(DOCS).as_posix() for p in API_SOURCES}
    assert len(pages) >= 10, "the reference should be one page per module group"
    assert sorted(pages - nav) == []


def _rendered_as(package: str, name: str) -> str:
    """The dotted path under which the API pages render ``package.name``.

    A function or class says where it was defined (``__module__``, and
    ``__name__``: an alias such as ``xavier_uniform = glorot_uniform`` is
    rendered as the object it names); a constant is found by its top-level
    assignment in the modules of ``package`` (not of its subpackages that
    export names of their own).
    """
    obj = getattr(importlib.import_module(package), name)
    module = getattr(obj, "__module__", None) if isinstance(obj, type) or callable(obj) else None
    if module and module.startswith("initlab") and module in public_modules():
        return f"{module}.{obj.__name__}"
    others = [p for p in EXPORTING if p != package and p.startswith(package + ".")]
    found = []
    for module in public_modules():
        if not (module == package or module.startswith(package + ".")) or any(
            module == o or module.startswith(o + ".") for o in others
        ):
            continue
        rel = Path(*module.split(".")[1:])
        path = SRC / rel / "__init__.py" if (SRC / rel).is_dir() else SRC / rel.with_suffix(".py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                targets = [node.target.id]
            else:
                continue
            if name in targets:
                found.append(module)
    assert len(found) == 1, f"{package}.{name} is defined in {found or 'no public module'}"
    return f"{found[0]}.{name}"


#: The packages whose ``__all__`` is the public API.
EXPORTING = ("initlab", "initlab.studies", "initlab.plots")


def public_names() -> list[str]:
    """Where each name of ``initlab.__all__``, ``initlab.studies.__all__``, ``initlab.plots.__all__`` is rendered."""
    return sorted(
        {_rendered_as(package, name) for package in EXPORTING for name in importlib.import_module(package).__all__}
    )


def test_every_public_name_is_rendered_on_exactly_one_api_page(built_site):
    pages = api_html_pages(built_site.site)
    ids = {}
    for page in pages:
        rel = page.parent.relative_to(built_site.site).as_posix() + "/"
        ids[rel] = re.findall(r'\sid="(initlab[\w.]*)"', page.read_text(encoding="utf-8"))
    names = public_names()
    assert len(names) >= 100
    problems = []
    for name in names:
        where = {rel: found.count(name) for rel, found in ids.items() if name in found}
        if sum(where.values()) != 1:
            problems.append(f"{name}: {where or 'on no API page'}")
    assert problems == [], "each public name must be rendered exactly once:\n" + "\n".join(problems)


def test_every_api_page_is_small(built_site):
    pages = api_html_pages(built_site.site)
    assert len(pages) == len(API_SOURCES), [p.parent.name for p in pages]
    sizes = {p.parent.relative_to(built_site.site).as_posix(): p.stat().st_size for p in pages}
    assert {rel: size for rel, size in sizes.items() if size > MAX_API_PAGE_BYTES} == {}

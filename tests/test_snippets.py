"""Every snippet a reader can copy runs as shown, in a fresh interpreter.

The Python blocks of each page are collected from ``docs/*.md`` the way a
reader sees them: executed blocks without their hidden plumbing lines
(``# markdown-exec: hide``), and plain blocks (the "In practice" boxes).
Blocks that share a markdown-exec ``session`` run together, in page order,
as one script; every other block runs on its own. Scripts under
``docs/snippets/`` run as they are, except framework snippets (marked
``# requires: torch`` and the like), which ``test_frameworks.py`` runs when
the framework is installed. Running the snippets uses the ``run_script``
fixture of ``conftest.py``, which puts these tests in the ``site`` lane.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```python(?P<attrs>[^\n]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
HIDE = "# markdown-exec: hide"


def page_scripts(page: Path) -> dict[str, str]:
    """The runnable scripts of one page: ``{name: source}``."""
    scripts: dict[str, list[str]] = {}
    for n, match in enumerate(FENCE.finditer(page.read_text())):
        attrs = match["attrs"]
        code = textwrap.dedent(match["body"])
        code = "\n".join(line for line in code.splitlines() if not line.rstrip().endswith(HIDE))
        session = re.search(r'session="([^"]+)"', attrs)
        name = f"session {session[1]}" if session else f"block {n + 1}"
        scripts.setdefault(name, []).append(code)
    return {name: "\n\n".join(parts) for name, parts in scripts.items()}


def cases() -> list[tuple[str, str]]:
    out = []
    for page in sorted(DOCS.glob("*.md")):
        for name, source in page_scripts(page).items():
            out.append(pytest.param(source, id=f"{page.name}: {name}"))
    for script in sorted((DOCS / "snippets").glob("*.py")) if (DOCS / "snippets").is_dir() else []:
        if "# requires:" not in script.read_text():
            out.append(pytest.param(script.read_text(), id=f"snippets/{script.name}"))
    return out


def test_pages_have_snippets():
    assert len(cases()) >= 10


@pytest.mark.parametrize("source", cases())
def test_snippet_runs_as_copied(source: str, run_script):
    result = run_script(source)
    assert result.returncode == 0, f"snippet failed:\n{source}\n--- stderr ---\n{result.stderr}"


def test_hidden_lines_are_whole_statements():
    """markdown-exec hides single lines: a hidden line that continues onto a
    visible one would show readers half a statement."""
    import ast

    broken = []
    for page in sorted(DOCS.glob("*.md")):
        for match in FENCE.finditer(page.read_text()):
            for line in textwrap.dedent(match["body"]).splitlines():
                if line.rstrip().endswith(HIDE):
                    try:
                        ast.parse(line.strip())
                    except SyntaxError:
                        broken.append(f"{page.name}: {line.strip()[:80]}")
    assert broken == []


MAX_LINE = 82


def test_visible_code_fits_the_column():
    """Code a reader sees fits Material's content column without scrolling."""
    long = []
    for page in sorted(DOCS.glob("*.md")):
        for match in FENCE.finditer(page.read_text()):
            for line in textwrap.dedent(match["body"]).splitlines():
                if not line.rstrip().endswith(HIDE) and len(line) > MAX_LINE:
                    long.append(f"{page.name}: {len(line)}: {line.strip()[:60]}")
    assert long == []


def test_every_executed_block_has_a_unique_id():
    """markdown-exec names a failing block by its id: every one needs its own."""
    missing, ids = [], []
    for page in sorted(DOCS.glob("*.md")):
        for match in FENCE.finditer(page.read_text()):
            if 'exec="on"' in match["attrs"] or "exec='on'" in match["attrs"]:
                found = re.search(r'\bid="([^"]+)"', match["attrs"])
                if found:
                    ids.append(found[1])
                else:
                    missing.append(f"{page.name}: {match['body'].strip().splitlines()[0][:60]}")
    assert missing == []
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)

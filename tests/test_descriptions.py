"""Figure descriptions are built from data: no hand-written description holds a digit.

Every figure on a page goes through ``svg(fig, description)``. The
description is built by a ``describe_*`` function beside the plot function,
from the same study data, so this test parses every executed block of
``docs/*.md`` and fails on an ``svg(...)`` whose description argument holds a
digit anywhere in its source: no typed number, no index picking a run, no
format spec or arithmetic in the page (all of that belongs in the function).
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```python(?P<attrs>[^\n]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)


def descriptions() -> list[tuple[str, int, str]]:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        for match in FENCE.finditer(page.read_text()):
            if 'exec="on"' not in match["attrs"]:
                continue
            tree = ast.parse(textwrap.dedent(match["body"]))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "svg":
                    arg = (
                        node.args[1]
                        if len(node.args) > 1
                        else next((k.value for k in node.keywords if k.arg == "description"), None)
                    )
                    if arg is not None:
                        found.append((page.name, node.lineno, ast.unparse(arg)))
    return found


def test_pages_describe_figures() -> None:
    assert len(descriptions()) >= 10


@pytest.mark.parametrize(("page", "line", "text"), descriptions(), ids=[f"{p}:{n}" for p, n, _ in descriptions()])
def test_description_argument_has_no_digit(page: str, line: int, text: str) -> None:
    assert not re.search(r"\d", text), (
        f"{page}, block line {line}: the description argument holds a digit; "
        f"build it with a describe_* function from the figure's data instead: {text[:200]!r}"
    )

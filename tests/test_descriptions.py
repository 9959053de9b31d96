"""Figure descriptions are built from data: no hand-written description holds a digit.

Every figure on a page goes through ``svg(fig, description)``. A description
that reports a number must format it from the data the figure draws (an
f-string over the study result, or a ``describe_*`` function beside the plot),
so this test parses every executed block of ``docs/*.md`` and fails on an
``svg(...)`` whose description is, or contains, literal text with a digit.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```python(?P<attrs>[^\n]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)


def literal_parts(node: ast.expr) -> list[str]:
    """The hand-written text of a description expression: string constants, f-string text, concatenations."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return literal_parts(node.left) + literal_parts(node.right)
    return []


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
                        found.append((page.name, node.lineno, " ".join(literal_parts(arg))))
    return found


def test_pages_describe_figures() -> None:
    assert len(descriptions()) >= 10


@pytest.mark.parametrize(("page", "line", "text"), descriptions(), ids=[f"{p}:{n}" for p, n, _ in descriptions()])
def test_hand_written_description_has_no_digit(page: str, line: int, text: str) -> None:
    assert not re.search(r"\d", text), (
        f"{page}, block line {line}: the description's hand-written text holds a digit; "
        f"format numbers from the figure's data instead: {text!r}"
    )

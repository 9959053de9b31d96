"""Result tables as Markdown: the one helper the pages print their tables with.

A page that shows a table of results prints
[`markdown_table`][initlab.plots.tables.markdown_table] inside a code block
run with ``exec="on"`` (no ``result="text"``), so the table is rendered as a
real HTML table: it wraps, scrolls inside its box on a phone and is read
cell by cell by a screen reader, where a printed text table is a picture of
one made of spaces. The caller formats each cell (an f-string), so the table
says as many digits as the page's sentences use.

Examples
--------
>>> print(markdown_table(["scheme", "std"], [["He normal", "1.02"], ["small", "1e-08"]], align="lr"))
| scheme | std |
|:--|--:|
| He normal | 1.02 |
| small | 1e-08 |
"""

from __future__ import annotations

from collections.abc import Sequence

_RULES = {"l": ":--", "r": "--:", "c": ":-:"}


def _cell(value: object) -> str:
    text = str(value)
    if "\n" in text:
        raise ValueError(f"markdown_table: a cell may not contain a line break, got {text!r}")
    return text.replace("|", r"\|")


def markdown_table(
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    *,
    align: str | None = None,
    indent: str = "",
) -> str:
    """A Markdown (GitHub-flavoured) table of `rows` under `header`.

    Parameters
    ----------
    header
        The column titles.
    rows
        One sequence of cells per row, as many as `header` has; each cell is
        written with `str()`, a ``|`` inside it escaped.
    align
        One letter per column: ``"l"`` left, ``"r"`` right, ``"c"`` centred.
        Default: the first column left, the others right (a label, then
        numbers).
    indent
        Put in front of every line, e.g. four spaces to nest the table in a
        content tab (``=== "relu"``) of `pymdownx.tabbed`.

    Returns
    -------
    str
        The table, one line per row, without a trailing newline.

    Raises
    ------
    ValueError
        If `header` is empty, a row has a different number of cells, `align`
        has another length or a letter other than l, r, c, or a cell holds a
        line break.
    """
    n = len(header)
    if n == 0:
        raise ValueError("markdown_table: header must name at least one column, got none")
    if align is None:
        align = "l" + "r" * (n - 1)
    if len(align) != n or set(align) - set(_RULES):
        raise ValueError(f"markdown_table: align must give one of 'l', 'r', 'c' per column ({n}), got {align!r}")
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join(_RULES[a] for a in align) + "|"]
    for i, row in enumerate(rows):
        if len(row) != n:
            raise ValueError(f"markdown_table: row {i} has {len(row)} cells, the header has {n}")
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(indent + line for line in lines)

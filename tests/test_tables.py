"""The Markdown table helper the pages print their result tables with."""

import markdown
import pytest

from initlab.plots.tables import markdown_table


def test_renders_as_an_html_table_with_the_alignment_asked():
    text = markdown_table(["scheme", "std", "note"], [["He", 1.5, "a|b"], ["small", "1e-08", ""]], align="lrc")
    html = markdown.markdown(text, extensions=["tables"])
    assert html.count("<tr>") == 3
    assert '<td style="text-align: right;">1.5</td>' in html
    assert '<td style="text-align: left;">He</td>' in html
    assert "a|b" in html  # the escaped bar stays in its cell
    assert html.count("<td") == 6


def test_default_alignment_is_label_then_numbers_and_indent_prefixes_every_line():
    text = markdown_table(["a", "b", "c"], [[1, 2, 3]], indent="    ")
    assert text.splitlines()[1] == "    |:--|--:|--:|"
    assert all(line.startswith("    | ") or line.startswith("    |:") for line in text.splitlines())


@pytest.mark.parametrize(
    ("header", "rows", "align", "message"),
    [
        ([], [], None, "at least one column"),
        (["a", "b"], [[1]], None, "row 0 has 1 cells"),
        (["a", "b"], [[1, 2]], "l", "one of 'l', 'r', 'c' per column \\(2\\), got 'l'"),
        (["a", "b"], [[1, 2]], "lx", "got 'lx'"),
        (["a"], [["two\nlines"]], None, "line break"),
    ],
)
def test_bad_input_is_named(header, rows, align, message):
    with pytest.raises(ValueError, match=message):
        markdown_table(header, rows, align=align)

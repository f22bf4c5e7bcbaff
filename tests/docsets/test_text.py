"""The Markdown helpers of the pages: table cells, code spans, front matter."""

from __future__ import annotations

from tui.docsets.text import code, escape_block_start, one_line, table, yaml_fields
from tui.notes.simple_yaml import load_simple


def test_a_cell_is_one_line_and_keeps_its_pipes_inside() -> None:
    assert one_line("first\\\nsecond\n\n- a | b") == "first second - a \\| b"
    assert one_line("already \\| escaped") == "already \\| escaped"


def test_a_table_fills_empty_cells() -> None:
    assert table(["A", "B"], [["x", ""]]).splitlines() == [
        "| A | B |",
        "| --- | --- |",
        "| x |   |",
    ]


def test_code_spans_take_enough_backticks() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`edge`") == "`` `edge` ``"
    assert code("  spaced\n out ") == "`spaced out`"
    assert code(" ") == ""


def test_block_starts_are_escaped() -> None:
    assert escape_block_start("# x") == "\\# x"
    assert escape_block_start("> x") == "\\> x"
    assert escape_block_start("12) x") == "12\\) x"
    assert escape_block_start("plain # x") == "plain # x"


def test_yaml_fields_read_back_as_written() -> None:
    source = yaml_fields(
        [("title", "InvokeEndpoint"), ("aliases", ["aws:x/Y", "a b"]), ("order", 2)]
    )
    assert load_simple(source) == {
        "title": "InvokeEndpoint",
        "aliases": ["aws:x/Y", "a b"],
        "order": 2,
    }

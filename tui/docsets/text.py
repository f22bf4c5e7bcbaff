"""Small Markdown text helpers shared by the pages: escaping, table cells, front matter."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_BLOCK_START = re.compile(r"([#>+=-]|\d+[.)])")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """`text` without control characters (line and paragraph separators become spaces)."""
    return _CONTROLS.sub(" ", text)


def escape(text: str) -> str:
    """Text with the characters Markdown would read as markup escaped (`*`, `_`, `[`, …)."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_block_start(line: str) -> str:
    """A paragraph's first line, escaped when it could start a heading, quote or list.

    (A mark is only special before a space, but escaping a lone `-` or `#` is harmless.)
    """
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    end = match.end()
    if match.group(1)[-1] in ".)":
        return line[: end - 1] + "\\" + line[end - 1 :]
    return "\\" + line


def one_line(markdown: str) -> str:
    """Markdown folded to one line (for a table cell); `|` escaped so it stays in its cell."""
    flat = _SPACES.sub(" ", markdown.replace("\\\n", " ")).strip()
    return re.sub(r"(?<!\\)\|", r"\\|", flat)


def code(text: str) -> str:
    """`text` as an inline code span, with enough backticks around it."""
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; every cell folded to one line."""
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    for row in rows:
        lines.append("| " + " | ".join(one_line(cell) or " " for cell in row) + " |")
    return "\n".join(lines)


def front_matter(fields: Sequence[tuple[str, str | int | Sequence[str]]]) -> str:
    """YAML front matter (`---` lines around `yaml_fields`)."""
    return "---\n" + yaml_fields(fields) + "---\n"


def yaml_fields(fields: Sequence[tuple[str, str | int | Sequence[str]]]) -> str:
    """Flat YAML: whole numbers, and text and lists of text double-quoted (as JSON is).

    Values without quotes, commas or backslashes stay in the subset the loader reads without
    PyYAML (`tui.notes.simple_yaml`).
    """
    lines = []
    for key, value in fields:
        if isinstance(value, int):
            lines.append(f"{key}: {value}")
        elif isinstance(value, str):
            lines.append(f"{key}: {_quote(value)}")
        else:
            lines.append(f"{key}: [{', '.join(_quote(item) for item in value)}]")
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return json.dumps(clean(value), ensure_ascii=False)

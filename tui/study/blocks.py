"""A note body cut into the blocks cards are made from: bullets, paragraphs, tables.

Line-oriented, like `tui.notes.structure`: fenced code, headings and HTML comments are
skipped, and lines already taken by authored cards are treated as blank.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_TABLE_SEPARATOR = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(?:\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$"
)
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")


@dataclass(frozen=True)
class Block:
    """Consecutive lines of one bullet or paragraph, without the bullet marker."""

    kind: str
    """`bullet` or `paragraph`."""
    lines: tuple[str, ...]
    line: int
    """0-based body line of the first of `lines`."""


@dataclass(frozen=True)
class Table:
    """A pipe table: its header cells and its rows' cells, with each row's body line."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are fenced code, the fences included."""
    inside: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            inside.add(number)
        elif fence is not None:
            inside.add(number)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
    return inside


def comment_lines(lines: list[str], skip: Set[int]) -> set[int]:
    """Indexes of the lines inside HTML comments (`<!-- … -->`)."""
    inside: set[int] = set()
    open_ = False
    for number, line in enumerate(lines):
        if number in skip:
            continue
        if open_:
            inside.add(number)
            open_ = "-->" not in line
        elif line.lstrip().startswith("<!--"):
            inside.add(number)
            open_ = "-->" not in line[line.index("<!--") + 4 :]
    return inside


def cells(row: str) -> tuple[str, ...]:
    """The cells of a pipe-table row (a `|` inside a code span or escaped does not split)."""
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    found: list[str] = []
    current: list[str] = []
    ticks = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == "`":
            ticks ^= 1
        if char == "|" and not ticks:
            found.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    found.append("".join(current).strip())
    return tuple(found)


def _is_table_row(line: str) -> bool:
    return "|" in line and not FENCE.match(line)


def _starts_block(line: str) -> bool:
    return bool(HEADING.match(line) or BULLET.match(line) or FENCE.match(line) or _RULE.match(line))


def blocks(lines: list[str], skip: Set[int]) -> Iterator[Block | Table]:
    """The bullets, paragraphs and tables of `lines`, in order; lines in `skip` count as blank."""
    number = 0
    total = len(lines)

    def blank(at: int) -> bool:
        return at in skip or not lines[at].strip()

    while number < total:
        line = lines[number]
        if blank(number) or HEADING.match(line) or _RULE.match(line):
            number += 1
            continue
        if (
            _is_table_row(line)
            and number + 1 < total
            and not blank(number + 1)
            and _TABLE_SEPARATOR.match(lines[number + 1])
        ):
            header = cells(line)
            rows: list[tuple[int, tuple[str, ...]]] = []
            number += 2
            while number < total and not blank(number) and _is_table_row(lines[number]):
                rows.append((number, cells(lines[number])))
                number += 1
            yield Table(header, tuple(rows))
            continue
        bullet = BULLET.match(line)
        start = number
        taken = [line[bullet.end() :] if bullet else line.strip()]
        number += 1
        while number < total and not blank(number) and not _starts_block(lines[number]):
            if (
                not bullet
                and _is_table_row(lines[number])
                and number + 1 < total
                and _TABLE_SEPARATOR.match(lines[number + 1])
            ):
                break
            taken.append(lines[number].strip())
            number += 1
        yield Block("bullet" if bullet else "paragraph", tuple(taken), start)

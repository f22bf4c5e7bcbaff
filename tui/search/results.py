"""What a search returns (no Whoosh here, so the UI can use it before the index exists)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.notes.model import Note
from tui.search.analysis import fold
from tui.search.highlight import Highlighter

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_SPACES = re.compile(r"[ \t\r\n\u3000]+")
_MARKUP_START = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,3}[.)]\s+|>\s*)+")
SNIPPET_WIDTH = 120
"""Snippets longer than this are cut around their first match."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with control characters (escape, C1, lone surrogates …) shown as visible
    escapes, so that it can never drive a terminal."""
    return _CONTROL.sub(_escape, text)


@dataclass(frozen=True)
class Hit:
    """One matching note."""

    note_id: str
    title: str
    category: str
    score: float
    snippet: str
    """One line of the note around the best match (control characters escaped)."""
    matches: list[tuple[int, int]] = field(default_factory=list)
    """Spans of the query's matches within `snippet`."""
    section_anchor: str | None = None
    """Anchor of the ``##``/``###`` section holding the best match, if any."""


@dataclass
class SearchResult:
    """Hits, best first, for one query."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    """A corrected query ("did you mean"), when words of the query were typos."""
    highlighter: Highlighter = field(default_factory=lambda: Highlighter(()))
    """Finds this query's matches in any text (rendered notes, n/N navigation)."""
    notice: str | None = None
    """Something the user should know about this search (index rebuilt, fallback …)."""


def _clean_line(line: str) -> str:
    line = _MARKUP_START.sub("", line)
    line = line.replace("|", " ").replace("`", "")
    return _SPACES.sub(" ", line).strip()


def make_snippet(
    note: Note, highlighter: Highlighter, folded_lines: list[str] | None = None
) -> tuple[str, list[tuple[int, int]], str | None]:
    """(snippet, matches within it, section anchor) for `note` and a query.

    The best line is the one matching the most different things (then the most matches);
    a matching heading chooses the section, and its best body line the snippet.
    """
    lines = note.body.split("\n")
    if folded_lines is None or len(folded_lines) != len(lines):
        folded_lines = fold(note.body).split("\n")
    regex = highlighter.regex
    best: tuple[int, int, int] | None = None
    heading_rows = {section.line for section in note.sections}
    if regex is not None:
        for row, folded in enumerate(folded_lines):
            if not folded or (row == 0 and folded.startswith("# ")):
                continue
            found = regex.findall(folded)
            if not found:
                continue
            key = (len(set(found)) * 10 + min(len(found), 9) + (5 if row in heading_rows else 0),
                   -row, row)
            if best is None or key > best:
                best = key
    chosen: int | None = best[2] if best is not None else None
    anchor = _section_at(note, chosen) if chosen is not None else None
    if chosen is not None and chosen in heading_rows:
        body_row = _best_body_row(note, folded_lines, heading_rows, chosen, regex)
        if body_row is not None:
            chosen = body_row
    if chosen is None:
        chosen = next((row for row, line in enumerate(lines)
                       if line.strip() and not line.lstrip().startswith("#")), None)
        if chosen is None and lines and lines[0].strip():
            chosen = 0
    text = inert(_clean_line(lines[chosen])) if chosen is not None else ""
    matches = highlighter.spans(text)
    if len(text) > SNIPPET_WIDTH:
        first = matches[0][0] if matches else 0
        start = max(0, min(first - SNIPPET_WIDTH // 4, len(text) - SNIPPET_WIDTH))
        end = start + SNIPPET_WIDTH
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        text = prefix + text[start:end] + suffix
        shift = len(prefix) - start
        matches = [(max(s + shift, len(prefix)), min(e + shift, len(prefix) + end - start))
                   for s, e in matches if e > start and s < end]
    return text, matches, anchor


def _section_at(note: Note, row: int) -> str | None:
    anchor = None
    for section in note.sections:
        if section.line <= row:
            anchor = section.anchor
        else:
            break
    return anchor


def _best_body_row(
    note: Note,
    folded_lines: list[str],
    heading_rows: set[int],
    heading: int,
    regex: re.Pattern[str] | None,
) -> int | None:
    if regex is None:
        return None
    row = heading + 1
    best: tuple[int, int] | None = None
    while row < len(folded_lines) and row not in heading_rows:
        found = regex.findall(folded_lines[row])
        if found:
            key = (len(set(found)) * 10 + min(len(found), 9), -row)
            if best is None or key > best:
                best = key
        row += 1
    return -best[1] if best is not None else None

"""What a search returns (no Whoosh here, so the UI can use it before the index exists)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from tui.notes.model import Note
from tui.notes.safe_text import inert
from tui.search.analysis import fold
from tui.search.highlight import Highlighter

_SPACES = re.compile(r"[ \t\r\n\u3000]+")
_MARKUP_START = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,3}[.)]\s+|>\s*)+")
SNIPPET_WIDTH = 120
"""Snippets longer than this are cut around their first match."""


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
    match_count: int = 0
    """How many matches the note's body has (0 when not counted: title search)."""
    complete: bool = True
    """The note holds every word of the query (else only some of them)."""
    reason: str = ""
    """Why the note matched when its text does not show the words typed (``別名: 個人情報``,
    ``読み: じゅぴたー → Jupyter``); empty when it does."""


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
    words: int = 1
    """How many things the query asks for (its clauses)."""
    complete: int = -1
    """How many hits hold every word (they come first); -1 when all of them do."""
    closest: list[str] = field(default_factory=list)
    """When nothing matched: the titles closest to the query, best first."""

    @property
    def complete_count(self) -> int:
        """How many hits hold every word of the query."""
        return len(self.hits) if self.complete < 0 else min(self.complete, len(self.hits))


def _clean_line(line: str) -> str:
    line = _MARKUP_START.sub("", line)
    line = line.replace("|", " ").replace("`", "")
    return _SPACES.sub(" ", line).strip()


def make_snippet(
    note: Note, highlighter: Highlighter, folded_body: str | None = None
) -> tuple[str, list[tuple[int, int]], str | None]:
    """(snippet, matches within it, section anchor) for `note` and a query.

    The best line is the one matching the most different things (then the most matches);
    lines of wiki links (a "related notes" list) come last. A matching heading chooses the
    section, and its best body line the snippet. When only aliases match, they are the
    snippet. `folded_body` is ``fold(note.body)`` if the caller has it.
    """
    body = note.body
    lines = body.split("\n")
    folded = fold(body) if folded_body is None else folded_body
    folded_lines = folded.split("\n")
    if len(folded_lines) != len(lines):  # cannot happen (folding keeps line breaks)
        folded_lines = [fold(line) for line in lines]
        folded = "\n".join(folded_lines)
    heading_rows = {section.line for section in note.sections}
    found = _matches_by_row(highlighter, folded, folded_lines, body)
    best: tuple[int, int] | None = None
    for row, words in found.items():
        if row == 0 and folded_lines[0].startswith("# "):
            continue
        score = len(set(words)) * 10 + min(len(words), 9)
        if row in heading_rows:
            score += 5
        if "[[" in lines[row]:
            score -= 9
        if best is None or score > best[0]:
            best = (score, row)
    chosen: int | None = best[1] if best is not None else None
    anchor = _section_at(note, chosen) if chosen is not None else None
    if chosen is not None and chosen in heading_rows:
        body_row = _best_body_row(found, heading_rows, chosen, len(lines))
        if body_row is not None:
            chosen = body_row
    if chosen is None:
        matched = [alias for alias in note.aliases if highlighter.search_folded(fold(alias), alias)]
        if matched:
            text = inert(" / ".join(matched[:4]))
            return text, highlighter.spans(text), None
        chosen = next(
            (
                row
                for row, line in enumerate(lines)
                if line.strip() and not line.lstrip().startswith("#")
            ),
            None,
        )
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
        matches = [
            (max(s + shift, len(prefix)), min(e + shift, len(prefix) + end - start))
            for s, e in matches
            if e > start and s < end
        ]
    return text, matches, anchor


def _matches_by_row(
    highlighter: Highlighter, folded: str, folded_lines: list[str], body: str
) -> dict[int, list[str]]:
    """Matched (folded) strings per line, from one pass over the whole folded body."""
    if highlighter.regex is None:
        return {}
    starts: list[int] = []
    offset = 0
    for line in folded_lines:
        starts.append(offset)
        offset += len(line) + 1
    found: dict[int, list[str]] = {}
    for match in highlighter.finditer(folded, body):
        row = bisect_right(starts, match.start()) - 1
        found.setdefault(row, []).append(match.group())
    return found


def _section_at(note: Note, row: int) -> str | None:
    anchor = None
    for section in note.sections:
        if section.line <= row:
            anchor = section.anchor
        else:
            break
    return anchor


def _best_body_row(
    found: dict[int, list[str]], heading_rows: set[int], heading: int, count: int
) -> int | None:
    best: tuple[int, int] | None = None
    row = heading + 1
    while row < count and row not in heading_rows:
        words = found.get(row)
        if words:
            key = (len(set(words)) * 10 + min(len(words), 9), -row)
            if best is None or key > best:
                best = key
        row += 1
    return -best[1] if best is not None else None

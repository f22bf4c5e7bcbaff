"""A cheap title and alias search, usable at once while the full index is being built.

Same folding as the full search (kana, width, case, long vowels, romaji → kana); no Whoosh,
no readings, no typo layer of its own (a query parsed by `SearchEngine.parse` brings them).
Every clause of the query must match the title or an alias.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.notes.model import Library, Note
from tui.notes.safe_text import inert
from tui.search.analysis import fold
from tui.search.highlight import Highlighter
from tui.search.query import ParsedQuery, parse
from tui.search.results import Hit, SearchResult


@dataclass(frozen=True)
class _Entry:
    note: Note
    folded_title: str
    folded_aliases: tuple[str, ...]


class TitleMatcher:
    """Searches note titles and aliases only."""

    def __init__(self, library: Library) -> None:
        self._entries = [
            _Entry(note, fold(note.title), tuple(fold(alias) for alias in note.aliases))
            for note in library
        ]

    def search(
        self, query: str | ParsedQuery, limit: int = 50, *, snippets: bool = True
    ) -> SearchResult:
        """Notes whose title or aliases match every clause of `query`, best first.

        `query` is text, or a query already parsed (``SearchEngine.parse`` adds the kanji of
        kana readings and typo corrections). The snippet is the matching title or alias (none
        with `snippets=False`).
        """
        parsed = query if isinstance(query, ParsedQuery) else parse(query)
        highlighter = Highlighter(parsed.patterns)
        result = SearchResult(query=parsed.text, highlighter=highlighter)
        if not parsed.clauses:
            return result
        clause_lights = [Highlighter(clause.patterns) for clause in parsed.clauses]
        # (regex, highlighter when matches need checking against the original text)
        finders = [(light.regex, light if light.needs_text else None) for light in clause_lights]
        scored: list[tuple[float, int, _Entry, str]] = []
        for order, entry in enumerate(self._entries):
            total = 0.0
            shown = entry.note.title
            for regex, checked in finders:
                best = 0.0
                if regex is None:
                    continue
                match = (
                    regex.search(entry.folded_title)
                    if checked is None
                    else checked.first(entry.folded_title, entry.note.title)
                )
                if match is not None:
                    best = 3.0 if match.start() == 0 else 2.0
                    if match.group() == entry.folded_title:
                        best = 4.0
                for alias, folded in zip(entry.note.aliases, entry.folded_aliases, strict=True):
                    match = (
                        regex.search(folded) if checked is None else checked.first(folded, alias)
                    )
                    if match is None:
                        continue
                    score = 1.5 if match.group() == folded else 1.0
                    if score > best:
                        best = score
                        shown = alias
                if best == 0.0:
                    total = 0.0
                    break
                total += best
            if total > 0:
                scored.append((total, order, entry, shown))
        scored.sort(key=lambda item: (-item[0], item[1]))
        for total, _order, entry, shown in scored[:limit]:
            snippet = inert(shown) if snippets else ""
            result.hits.append(
                Hit(
                    note_id=entry.note.id,
                    title=inert(entry.note.title),
                    category=inert(entry.note.category),
                    score=total,
                    snippet=snippet,
                    matches=highlighter.spans(snippet),
                )
            )
        return result

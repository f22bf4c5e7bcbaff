"""Why a note matched, when its text does not show the words typed.

A note can be found through an alias (``PII`` for 個人情報), a reading (``じゅぴたー`` →
Jupyter), Latin letters spelt in kana (``えーえむあい`` → AMI) or a synonym; then the status
line says so (``別名: 個人情報``, ``読み: じゅぴたー → Jupyter``) instead of a count of
matches the note does not have.
"""

from __future__ import annotations

from tui.notes.model import Note
from tui.search.analysis import fold
from tui.search.highlight import Highlighter
from tui.search.query import Clause


class Explainer:
    """Works out `Hit.reason` for the notes found for one query."""

    def __init__(self, clauses: list[Clause]) -> None:
        self._clauses = clauses
        self._labelled = [
            [
                (alt.label, Highlighter([alt.pattern]))
                for alt in clause.alternatives
                if alt.label and alt.pattern is not None
            ]
            for clause in clauses
        ]
        self._all = Highlighter([p for clause in clauses for p in clause.patterns])
        self._typed = [
            Highlighter(
                [
                    alt.pattern
                    for alt in clause.alternatives
                    if not alt.label and alt.pattern is not None
                ]
            )
            for clause in clauses
        ]

    def reason(self, note: Note, matched: tuple[int, ...], count: int, folded_body: str) -> str:
        """Why `note` matched (empty when its text shows the words typed); `count` is the
        number of matches in its body, `folded_body` its body folded."""
        head = [note.title, *note.aliases]
        for index in matched:
            for label, light in self._labelled[index]:
                shows = light.search_folded(folded_body) or any(
                    light.search_folded(fold(text)) for text in head
                )
                if shows and not self._typed_shows(index, folded_body):
                    return label  # the words typed do not show, what they were read as does
        if count:
            return ""
        for alias in note.aliases:
            if self._all.search_folded(fold(alias), alias):
                return f"別名: {alias}"
        if self._all.search_folded(fold(note.title), note.title):
            return ""
        for tag in note.tags:
            if self._all.search_folded(fold(tag), tag):
                return f"タグ: {tag}"
        sources = [self._clauses[i].source for i in matched]
        return f"読み: {' '.join(sources)}" if sources else ""

    def _typed_shows(self, index: int, folded_body: str) -> bool:
        """True when an unlabelled way of clause `index` (what was typed) is in the body."""
        typed = self._typed[index]
        return bool(typed) and typed.search_folded(folded_body)

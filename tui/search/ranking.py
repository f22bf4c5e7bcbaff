"""Ranking: which notes hold every clause of a parsed query, and in what order.

BM25 per field (`tui.search.retrieval` reads whole posting lists) with the title and
aliases boosted far over the body (headings are weighted inside the body field), so the
note that is *about* a thing (its title or an alias names it) comes before notes that
mention it in passing. Rare clauses are evaluated first and later ones only score the notes
still in the running. CJK words are ANDs of bigrams, so every candidate is then checked for
the whole word (or quoted phrase) in its folded text, dropping bigram coincidences.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from operator import itemgetter

from tui.notes.model import Library, Note
from tui.search.analysis import fold
from tui.search.highlight import Highlighter
from tui.search.indexing import TEXT_FIELDS, YOMI_FIELDS
from tui.search.query import Clause, ParsedQuery
from tui.search.retrieval import Postings

FIELD_BOOSTS = {"title": 6.0, "text": 1.0, "yomi": 1.0}
"""Boost per field (headings and readings are weighted inside their fields)."""
SCORED_FIELDS = TEXT_FIELDS + YOMI_FIELDS
TITLE_FIELDS = ("title",)
"""Where a lone first letter is looked for: in the body it would match nearly every note."""
ENOUGH_WITHOUT_READINGS = 300
"""A kana word found this often as written (a katakana term) skips the reading field: the
notes that have it only as the reading of kanji would rank below these anyway."""
MAX_CHECKED = 2000
"""At most this many candidates are checked for the whole word before giving up."""


class Ranker:
    """Ranks the notes of one index (and one library) for parsed queries; keeps the folded
    text of the notes it has checked."""

    def __init__(self, postings: Postings, doc_ids: list[str | None], library: Library) -> None:
        self._postings = postings
        self._doc_ids = doc_ids
        """Note id per document number (None for deleted documents)."""
        self._library = library
        self._folded: dict[str, str] = {}

    def _clause_size(self, clause: Clause) -> int:
        """A rough count of the notes a clause can match (to evaluate rare clauses first)."""
        postings = self._postings
        size = 0
        for alt in clause.alternatives:
            if not alt.terms or alt.yomi:
                return 1 << 30
            size += min(postings.doc_frequency("text", term) for term in alt.terms)
        return size

    def _clause_scores(
        self, clause: Clause, within: set[int] | None = None
    ) -> tuple[dict[int, float], set[int]]:
        """(score per document, documents matched through the reading field)."""
        postings = self._postings
        total: dict[int, float] = {}
        by_reading: set[int] = set()
        # Kanji found through the reading table make the reading field search redundant
        # (and it is the costliest: kana bigrams are common), so those go first.
        alternatives = sorted(clause.alternatives,
                              key=lambda alt: alt.kind not in ("reading", "compound"))
        read_hits = False
        for alt in alternatives:
            names = TITLE_FIELDS if alt.kind == "initial" else (
                TEXT_FIELDS + (YOMI_FIELDS if alt.yomi else ()))
            found = 0
            for name in names:
                if name in YOMI_FIELDS and (read_hits or found >= ENOUGH_WITHOUT_READINGS):
                    continue
                if alt.terms:
                    part = postings.score_all(name, alt.terms, within)
                elif alt.prefix:
                    part = postings.score_prefix(name, alt.prefix, alt.kind == "prefix", within)
                else:
                    continue
                if part and alt.kind in ("reading", "compound"):
                    read_hits = True
                if name in YOMI_FIELDS:
                    by_reading.update(part)
                found += len(part)
                boost = FIELD_BOOSTS[name] * alt.weight
                if not total:
                    total = {d: boost * s for d, s in part.items()}
                    continue
                get = total.get
                for d, s in part.items():
                    total[d] = get(d, 0.0) + boost * s
        return total, by_reading

    def ranked(self, parsed: ParsedQuery, limit: int) -> list[tuple[float, Note]]:
        """Notes holding every clause, best first (at most `limit`)."""
        # Rare clauses first; later clauses only score the notes still in the running.
        scores: dict[int, float] | None = None
        checks: list[tuple[set[int], Highlighter]] = []
        for clause in sorted(parsed.clauses, key=self._clause_size):
            part, by_reading = self._clause_scores(clause, None if scores is None else set(scores))
            checks.append((by_reading, Highlighter(clause.patterns)))
            scores = part if scores is None else {
                d: s + part[d] for d, s in scores.items() if d in part}
            if not scores:
                return []
        if scores is None:
            return []
        out: list[tuple[float, Note]] = []
        checked = 0
        for docnum, score in best_first(scores, limit + 20):
            note_id = self._doc_ids[docnum] if docnum < len(self._doc_ids) else None
            note = self._library.get(note_id) if note_id is not None else None
            if note is None:
                continue
            checked += 1
            if self._verified(docnum, note, checks):
                out.append((score, note))
                if len(out) >= limit:
                    break
            if checked >= MAX_CHECKED:
                break
        return out

    def _verified(
        self, docnum: int, note: Note, checks: list[tuple[set[int], Highlighter]]
    ) -> bool:
        """True when the note really holds every clause, not only its bigrams. A note
        matched through the reading field cannot be checked (its text has the kanji)."""
        text = self._folded_text(note)
        original = _original_text(note) if any(light.needs_text for _, light in checks) else None
        return all(docnum in by_reading or light.search_folded(text, original)
                   for by_reading, light in checks)

    def folded_body(self, note: Note) -> str:
        """The note's body folded (remembered per note)."""
        folded = self._folded.get(note.id)
        if folded is None:
            folded = fold(note.body)
            if len(self._folded) > 20_000:
                self._folded.clear()
            self._folded[note.id] = folded
        return folded

    def _folded_text(self, note: Note) -> str:
        key = "\x00head\x00" + note.id
        head = self._folded.get(key)
        if head is None:
            head = fold("\n".join((note.title, *note.aliases, *note.tags)))
            self._folded[key] = head
        return head + "\n" + self.folded_body(note)


def _original_text(note: Note) -> str:
    """What `Ranker._folded_text` is the folded form of."""
    return "\n".join((note.title, *note.aliases, *note.tags, note.body))


def best_first(scores: dict[int, float], first: int) -> Iterator[tuple[int, float]]:
    """(document, score) by falling score; the top `first` are found without sorting
    everything."""
    by_score = itemgetter(1)
    top = heapq.nlargest(first, scores.items(), key=by_score)
    yield from top
    if len(top) < len(scores):
        seen = {d for d, _ in top}
        yield from sorted(((d, s) for d, s in scores.items() if d not in seen),
                          key=by_score, reverse=True)

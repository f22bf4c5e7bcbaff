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
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Any, TypeVar

from tui.notes.model import Library, Note
from tui.search.analysis import fold
from tui.search.documents import head_text
from tui.search.highlight import Highlighter
from tui.search.indexing import TEXT_FIELDS, YOMI_FIELDS
from tui.search.query import Alternative, Clause, ParsedQuery
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
FIRST_CHECKED_PER_NEED = 4
"""Candidates picked out first per result wanted (more are picked only if checking goes on)."""
MAX_HELD_CHECKS = 300
"""Candidates checked before deciding that no note holds a clause (then its fallback is
searched instead)."""
SECONDARY_KINDS = frozenset(("synonym", "bare"))
OTHER_WAYS = frozenset(("english", "letters", "synonym", "bare", "split"))
"""Alternatives that say the clause another way (not its spelling, reading or prefix): they
score as the best of them and the word typed, not on top of it."""
"""Alternatives that hold a clause less than the word typed does."""
SECONDARY_STRENGTH = 0.7
PROXIMITY_BONUS = 0.5
"""A note whose words stand in one line or sentence scores up to this much more."""
PARTIAL_FLOOR = 0.5
"""Notes holding only some of the words are shown when they hold at least this share of
what the best such note holds (and, below notes holding all, this share of all)."""
T = TypeVar("T")
_BREAKS = re.compile("[\n。．!?！？]")


@dataclass
class _Evaluated:
    """A clause with its scores over the index and its checks on the text."""

    clause: Clause
    scores: dict[int, float]
    by_reading: set[int]
    primary: Highlighter
    secondary: Highlighter | None


def replace_weight(part: _Evaluated, weight: float) -> _Evaluated:
    """`part` counting `weight` times as much (a fallback keeps its clause's weight)."""
    if weight == 1.0:
        return part
    return _Evaluated(
        replace(part.clause, weight=part.clause.weight * weight),
        part.scores,
        part.by_reading,
        part.primary,
        part.secondary,
    )


@dataclass(frozen=True)
class Ranked:
    """One note found, with how much of the query it holds."""

    note: Note
    score: float
    coverage: float
    """The weight of the clauses it holds."""
    complete: bool
    """It holds every clause."""
    matched: tuple[int, ...]
    """Indexes of the clauses it holds (in `Ranking.clauses`)."""


@dataclass(frozen=True)
class Ranking:
    """The notes found for a query, and the clauses that were searched."""

    clauses: list[Clause]
    """What was searched: the query's clauses, a fallback in place of a clause no note holds."""
    notes: list[Ranked]
    complete: int
    """How many of `notes` hold every clause (they come first)."""


def _above_floor(found: list[Ranked], complete: int, parts: list[_Evaluated]) -> list[Ranked]:
    """The complete notes, and the partial ones that hold enough."""
    partial = found[complete:]
    if not partial:
        return found
    best = max(r.coverage for r in partial)
    least = PARTIAL_FLOOR * best
    if complete:
        least = max(least, PARTIAL_FLOOR * sum(p.clause.weight for p in parts))
    return found[:complete] + [r for r in partial if r.coverage >= least - 1e-9]


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
"""Kana or kanji: a query in Japanese."""


class Ranker:
    """Ranks the notes of one index (and one library) for parsed queries; keeps the folded
    text of the notes it has checked."""

    def __init__(
        self,
        postings: Postings,
        doc_ids: list[str | None],
        library: Library,
        stored_fold: Callable[[str], tuple[str, str] | None] | None = None,
    ) -> None:
        self._postings = postings
        self._doc_ids = doc_ids
        """Note id per document number (None for deleted documents)."""
        self._library = library
        self._folded: dict[str, str] = {}
        self._stored_fold = stored_fold
        """A note's folded head and body as the index stores them (None: fold them here)."""
        first = library.sources[0].key if library.sources else ""
        self._reference = tuple(
            f"{info.key}:" for info in library.sources if info.reference and info.key != first
        )
        """Id prefixes of the notes of a reference (the AWS API docset), not the learner's."""

    def _clause_scores(
        self, clause: Clause, within: set[int] | None = None
    ) -> tuple[dict[int, float], set[int]]:
        """(score per document, documents matched through the reading field)."""
        postings = self._postings
        total: dict[int, float] = {}
        by_reading: set[int] = set()
        # Kanji found through the reading table make the reading field search redundant
        # (and it is the costliest: kana bigrams are common), so those go first.
        alternatives = sorted(
            clause.alternatives,
            key=lambda alt: (alt.kind in OTHER_WAYS, alt.kind not in ("reading", "compound")),
        )
        read_hits = False
        for alt in alternatives:
            if alt.kind in OTHER_WAYS:
                # another way of saying the same thing: a note that says it both ways is not
                # more about it, so the better of the two counts
                for d, s in self._alternative_scores(alt).items():
                    if s > total.get(d, 0.0):
                        total[d] = s
                continue
            names = (
                TITLE_FIELDS
                if alt.kind == "initial"
                else (TEXT_FIELDS + (YOMI_FIELDS if alt.yomi else ()))
            )
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

    def _alternative_scores(self, alt: Alternative) -> dict[int, float]:
        """BM25 of one alternative, summed over the title and text fields."""
        scores: dict[int, float] = {}
        for name in TEXT_FIELDS:
            if alt.terms:
                part = self._postings.score_all(name, alt.terms)
            elif alt.prefix:
                part = self._postings.score_prefix(name, alt.prefix, False)
            else:
                continue
            boost = FIELD_BOOSTS[name] * alt.weight
            for d, s in part.items():
                scores[d] = scores.get(d, 0.0) + boost * s
        return scores

    def _evaluate(self, clause: Clause) -> _Evaluated:
        scores, by_reading = self._clause_scores(clause)
        primary = [
            alt.pattern
            for alt in clause.alternatives
            if alt.pattern is not None and alt.kind not in SECONDARY_KINDS
        ]
        secondary = [
            alt.pattern
            for alt in clause.alternatives
            if alt.pattern is not None and alt.kind in SECONDARY_KINDS
        ]
        return _Evaluated(
            clause,
            scores,
            by_reading,
            Highlighter(primary),
            Highlighter(secondary) if secondary else None,
        )

    def _strength(self, part: _Evaluated, docnum: int, note: Note) -> float:
        """1 when the note holds the clause as asked, less through a synonym or a bare noun,
        0 when it does not hold it (its bigrams were a coincidence)."""
        if docnum not in part.scores:
            return 0.0
        if docnum in part.by_reading:
            return 1.0
        text = self._folded_text(note)
        original = _original_text(note) if part.primary.needs_text else None
        if part.primary.search_folded(text, original):
            return 1.0
        if part.secondary is not None and part.secondary.search_folded(text, None):
            return SECONDARY_STRENGTH
        return 0.0

    def _held(self, part: _Evaluated) -> bool:
        """True when some note really holds the clause (not only its bigrams)."""
        checked = 0
        for docnum, _score in best_first(part.scores, 50):
            note = self._note(docnum)
            if note is None:
                continue
            if self._strength(part, docnum, note) > 0:
                return True
            checked += 1
            if checked >= MAX_HELD_CHECKS:
                break
        return False

    def _note(self, docnum: int) -> Note | None:
        note_id = self._doc_ids[docnum] if docnum < len(self._doc_ids) else None
        return self._library.get(note_id) if note_id is not None else None

    def _effective(self, parsed: ParsedQuery) -> list[_Evaluated] | None:
        """Every clause evaluated; a clause no note holds is replaced by its fallback
        clauses when some of those are held. None when a quoted phrase is held nowhere."""
        out: list[_Evaluated] = []
        for clause in parsed.clauses:
            part = self._evaluate(clause)
            if part.scores and (not clause.fallback or self._held(part)):
                out.append(part)
                continue
            if clause.phrase:
                return None
            found = [self._evaluate(sub) for sub in clause.fallback]
            held = [sub for sub in found if sub.scores and self._held(sub)]
            if held:
                out.extend(replace_weight(sub, clause.weight) for sub in held)
            else:
                out.append(part)  # held nowhere: it still counts against "every word"
        return out

    def rank(self, parsed: ParsedQuery, limit: int) -> Ranking:
        """Notes holding the clauses of `parsed`, best first (at most `limit`): notes holding
        every clause, then notes holding most of them, above a floor."""
        parts = self._effective(parsed)
        if not parts:
            return Ranking([], [], 0)
        clauses = [part.clause for part in parts]
        need = limit + 20
        order = _by_estimate(parts, need)
        # A Japanese query is the learner's own words: their notes first, the reference's
        # English pages after them (an API name still finds its page first, in English).
        own_first = bool(self._reference) and _JAPANESE.search(parsed.text) is not None
        reference = self._reference

        def order_key(r: Ranked) -> tuple[bool, bool, float, float]:
            own = not (own_first and r.note.id.startswith(reference))
            return (r.complete, own, round(r.coverage, 6), r.score)

        # The estimate bounds what checking can find: a note holds at most the clauses the
        # index found in it, at full strength, with the proximity bonus on top. Once `need`
        # notes are found that every later candidate's bound falls short of, checking stops
        # (a later candidate's own-notes bound may still be higher: then it is only skipped).
        total = sum(part.clause.weight for part in parts) - 1e-9
        bonus = 1 + PROXIMITY_BONUS if len(parts) > 1 else 1.0
        found: list[Ranked] = []
        best: list[tuple[bool, bool, float, float]] = []  # the best `need` keys (a min-heap)
        for docnum, estimated, estimated_score in order:
            if len(best) >= need:
                note_id = self._doc_ids[docnum] if docnum < len(self._doc_ids) else None
                own = not (own_first and note_id is not None and note_id.startswith(reference))
                bound = (estimated >= total, own, round(estimated, 6), estimated_score * bonus)
                if bound < best[0]:
                    if own_first:
                        continue
                    break
            note = self._note(docnum)
            if note is None:
                continue
            ranked = self._ranked_note(parts, docnum, note)
            if ranked is None:
                continue
            found.append(ranked)
            key = order_key(ranked)
            if len(best) < need:
                heapq.heappush(best, key)
            elif key > best[0]:
                heapq.heapreplace(best, key)
        found.sort(key=order_key, reverse=True)
        complete = sum(1 for r in found if r.complete)
        return Ranking(clauses, _above_floor(found, complete, parts)[:limit], complete)

    def _ranked_note(self, parts: list[_Evaluated], docnum: int, note: Note) -> Ranked | None:
        coverage = 0.0
        score = 0.0
        matched: list[int] = []
        for index, part in enumerate(parts):
            strength = self._strength(part, docnum, note)
            if strength <= 0:
                if part.clause.phrase:
                    return None
                continue
            matched.append(index)
            coverage += part.clause.weight * strength
            score += part.clause.weight * strength * part.scores[docnum]
        if not matched:
            return None
        if len(matched) > 1:
            score *= 1 + PROXIMITY_BONUS * self._proximity(note, [parts[i] for i in matched])
        return Ranked(note, score, coverage, len(matched) == len(parts), tuple(matched))

    def _proximity(self, note: Note, parts: list[_Evaluated]) -> float:
        """0–1: how many of the clauses a note holds stand together in one line or sentence
        (1 when all of them do)."""
        text = self._folded_text(note)
        breaks = [m.start() for m in _BREAKS.finditer(text)]
        together: dict[int, int] = {}
        for part in parts:
            rows = {bisect_right(breaks, m.start()) for m in part.primary.finditer(text)}
            if part.secondary is not None:
                rows.update(bisect_right(breaks, m.start()) for m in part.secondary.finditer(text))
            for row in rows:
                together[row] = together.get(row, 0) + 1
        best = max(together.values(), default=1)
        return (best - 1) / (len(parts) - 1)

    def folded_body(self, note: Note) -> str:
        """The note's body folded (remembered per note, with its folded head when the index
        stores both)."""
        folded = self._folded.get(note.id)
        if folded is None:
            stored = self._stored_fold(note.id) if self._stored_fold is not None else None
            if len(self._folded) > 20_000:
                self._folded.clear()
            if stored is None:
                folded = fold(note.body)
            else:
                self._folded[_HEAD + note.id], folded = stored
            self._folded[note.id] = folded
        return folded

    def _folded_text(self, note: Note) -> str:
        body = self.folded_body(note)
        key = _HEAD + note.id
        head = self._folded.get(key)
        if head is None:
            head = fold(head_text(note))
            self._folded[key] = head
        return head + "\n" + body


_HEAD = "\x00head\x00"
"""Prefix of the keys under which `Ranker` keeps folded heads (title, aliases, tags)."""


def _original_text(note: Note) -> str:
    """What `Ranker._folded_text` is the folded form of."""
    return "\n".join((note.title, *note.aliases, *note.tags, note.body))


def _by_estimate(parts: list[_Evaluated], need: int) -> Iterator[tuple[int, float, float]]:
    """(document, weight of the clauses the index found in it, their weighted score) by falling
    estimate, at most MAX_CHECKED of them (see `_best`)."""
    first = min(MAX_CHECKED, FIRST_CHECKED_PER_NEED * need)
    if len(parts) == 1:  # most keystrokes: no sums to make, ordered by the score alone
        (part,) = parts
        weight = part.clause.weight
        top = _best(part.scores, itemgetter(1), first)
        return ((docnum, weight, weight * score) for docnum, score in top)
    best = _best(_estimate(parts), _held_then_score, first)
    return ((docnum, held, score) for docnum, (held, score) in best)


def _best(
    candidates: dict[int, T], key: Callable[[tuple[int, T]], Any], first: int
) -> Iterator[tuple[int, T]]:
    """`candidates` by falling `key`, at most MAX_CHECKED: the best `first` picked without
    sorting every candidate (a one-letter prefix holds most of a large reference), the next
    ones only if they are asked for. `nlargest` orders as `sorted` does, ties included, so the
    two stages join up."""
    top = heapq.nlargest(first, candidates.items(), key=key)
    yield from top
    if len(top) == first < MAX_CHECKED:
        yield from heapq.nlargest(MAX_CHECKED, candidates.items(), key=key)[first:]


def _held_then_score(item: tuple[int, list[float]]) -> tuple[float, float]:
    return (item[1][0], item[1][1])


def _estimate(parts: list[_Evaluated]) -> dict[int, list[float]]:
    """[weight of the clauses the index found, their weighted score] per document; only
    documents holding every quoted phrase."""
    estimate: dict[int, list[float]] = {}
    for part in parts:
        weight = part.clause.weight
        if not estimate:  # the first clause: no sums to make
            estimate = {d: [weight, weight * score] for d, score in part.scores.items()}
            continue
        for docnum, score in part.scores.items():
            entry = estimate.get(docnum)
            if entry is None:
                estimate[docnum] = [weight, weight * score]
            else:
                entry[0] += weight
                entry[1] += weight * score
    required = [part for part in parts if part.clause.phrase]
    if required:
        keep = set.intersection(*(set(part.scores) for part in required))
        estimate = {d: v for d, v in estimate.items() if d in keep}
    return estimate


def best_first(scores: dict[int, float], first: int) -> Iterator[tuple[int, float]]:
    """(document, score) by falling score; the top `first` are found without sorting
    everything."""
    by_score = itemgetter(1)
    top = heapq.nlargest(first, scores.items(), key=by_score)
    yield from top
    if len(top) < len(scores):
        seen = {d for d, _ in top}
        yield from sorted(
            ((d, s) for d, s in scores.items() if d not in seen), key=by_score, reverse=True
        )

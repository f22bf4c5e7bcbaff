"""What the query builder may ask the index: its vocabulary, "did you mean" corrections for
typos, kanji words by reading, and how titles write a word.

Typos go through rapidfuzz (optimal string alignment: ``sagemkaer`` is one transposition
from ``sagemaker``) over the index's Latin vocabulary, not Whoosh's ``FuzzyTerm`` (plain
Levenshtein, slow, and noise on CJK bigrams). Kanji words by reading come from the reading
table (``rmap``: ``reading surface`` terms) written at index time. Answers are memoized:
the index does not change under a lexicon (the engine makes a new one when it does).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from tui.notes.model import Library
from tui.search.analysis import TOKEN_RE, fold
from tui.search.indexing import TEXT_FIELDS


class IndexLexicon:
    """What the query builder may ask the index (`tui.search.query.Lexicon`): vocabulary,
    typo corrections, readings, display forms."""

    MEMO = 4096
    """Answers kept per kind of question (the index does not change under a lexicon)."""

    def __init__(self, reader: Any, library: Library) -> None:
        self._reader = reader
        self._library = library
        self._vocabulary: list[str] | None = None
        self._display: dict[str, str] | None = None
        self._memo: dict[tuple[str, str, bool], Any] = {}

    def _remember(self, key: tuple[str, str, bool], value: Any) -> Any:
        if len(self._memo) > self.MEMO * 4:
            self._memo.clear()
        self._memo[key] = value
        return value

    def exists(self, term: str) -> bool:
        """True when `term` is in the title or text field."""
        key = ("exists", term, False)
        if key in self._memo:
            return bool(self._memo[key])
        reader = self._reader
        return bool(self._remember(key, any((name, term) in reader for name in TEXT_FIELDS)))

    def has_prefix(self, prefix: str) -> bool:
        """True when a longer term starts with `prefix`."""
        key = ("prefix", prefix, False)
        if key in self._memo:
            return bool(self._memo[key])
        encoded = prefix.encode("utf-8")
        found = False
        for name in TEXT_FIELDS:
            if any(term != encoded for term in islice(self._reader.expand_prefix(name, prefix), 2)):
                found = True
                break
        return bool(self._remember(key, found))

    def vocabulary(self) -> list[str]:
        """Latin terms of the text fields (they sort before all CJK terms)."""
        if self._vocabulary is None:
            words: set[str] = set()
            for name in TEXT_FIELDS:
                for term in self._reader.lexicon(name):
                    if term[:1] >= b"\x80":
                        break
                    if len(term) >= 3:
                        words.add(term.decode("ascii", "replace"))
            self._vocabulary = sorted(words)
        return self._vocabulary

    def corrections(self, word: str, prefix: bool = False) -> list[str]:
        """Vocabulary words one or two edits (transpositions count one) from `word`; with
        `prefix`, words whose first letters are that close to `word` (one edit for up to six
        letters), for a word still being typed."""
        key = ("corrections", word, prefix)
        if key in self._memo:
            return list(self._memo[key])
        return list(self._remember(key, self._corrections(word, prefix)))

    def _corrections(self, word: str, prefix: bool) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        vocabulary = self.vocabulary()
        if not vocabulary:
            return []
        if prefix:
            # The start of each longer word, as long as what was typed so far.
            size = len(word)
            starts = [term[:size] for term in vocabulary]
            limit = 1 if size <= 6 else 2
            hits = process.extract(word, starts, scorer=OSA.distance, score_cutoff=limit,
                                   limit=20)
            found = [(vocabulary[index], distance, index) for _start, distance, index in hits
                     if len(vocabulary[index]) > size]
        else:
            limit = 1 if len(word) <= 5 else 2
            found = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=limit,
                                    limit=20)
        reader = self._reader
        ranked = []
        for term, distance, _index in found:
            frequency = sum(reader.doc_frequency(name, term) for name in TEXT_FIELDS)
            if frequency:
                same_start = term[:1] == word[:1]
                ranked.append((distance, not same_start, -frequency, term))
        ranked.sort()
        return [term for *_rest, term in ranked[:3]]

    def surfaces(self, reading: str, prefix: bool) -> list[str]:
        """Kanji words of the reading table read `reading` (or starting so)."""
        memo_key = ("surfaces", reading, prefix)
        if memo_key in self._memo:
            return list(self._memo[memo_key])
        return list(self._remember(memo_key, self._surfaces(reading, prefix)))

    def _surfaces(self, reading: str, prefix: bool) -> list[str]:
        key = reading if prefix else reading + " "
        found: dict[str, tuple[int, int]] = {}
        for raw in islice(self._reader.expand_prefix("rmap", key), 64):
            text = raw.decode("utf-8", "replace")
            found_reading, _, surface = text.partition(" ")
            if surface and surface not in found:
                found[surface] = (len(found_reading) - len(reading), len(found))
        return sorted(found, key=found.__getitem__)[:6]

    def display(self, term: str) -> str:
        """`term` as titles and aliases write it."""
        if self._display is None:
            shown: dict[str, str] = {}
            for note in self._library:
                for text in (note.title, *note.aliases):
                    for match in TOKEN_RE.finditer(text):
                        if match.lastgroup == "word":
                            shown.setdefault(fold(match.group()), match.group())
            self._display = shown
        return self._display.get(term, term)

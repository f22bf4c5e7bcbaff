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
        self._english: dict[str, list[str]] | None = None
        self._english_list: list[str] | None = None

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

    def frequency(self, term: str) -> int:
        """Number of notes with `term` in the title or text field."""
        return max(int(self._reader.doc_frequency(name, term)) for name in TEXT_FIELDS)

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
            hits = process.extract(word, starts, scorer=OSA.distance, score_cutoff=limit, limit=20)
            found = [
                (vocabulary[index], distance, index)
                for _start, distance, index in hits
                if len(vocabulary[index]) > size
            ]
        else:
            limit = 1 if len(word) <= 5 else 2
            found = process.extract(
                word, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=20
            )
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

    # ----- kana, English readings, synonyms, titles -----------------------------------------

    def _readings(self) -> dict[str, list[str]]:
        """Loose katakana reading → English words of the notes read so (``kmap`` terms)."""
        if self._english is None:
            table: dict[str, list[str]] = {}
            try:
                for raw in self._reader.lexicon("kmap"):
                    reading, _, word = raw.decode("utf-8", "replace").partition(" ")
                    if reading and word:
                        words = table.setdefault(reading, [])
                        if word not in words:
                            words.append(word)
            except Exception:
                table = {}
            self._english = table
        return self._english

    def english(self, written: str) -> list[tuple[tuple[str, ...], str, int]]:
        """English words of the notes whose katakana reading is `written` (kana), as
        (index terms, how to show them, edits apart): one word read exactly or nearly so,
        else several words read one after another (``フィールドプログラマブル``)."""
        key = ("english", written, False)
        if key in self._memo:
            return list(self._memo[key])
        return list(self._remember(key, self._english_for(written)))

    def _english_for(self, written: str) -> list[tuple[tuple[str, ...], str, int]]:
        from tui.search.english_kana import loose

        table = self._readings()
        wanted = loose(written)
        if len(wanted) < 2 or not table:
            return []
        out: list[tuple[tuple[str, ...], str, int]] = []
        for word in table.get(wanted, [])[:4]:
            out.append(((fold(word),), word, 0))
        if not out and len(wanted) >= 4:
            from rapidfuzz import process
            from rapidfuzz.distance import OSA

            limit = 1 if len(wanted) <= 6 else 2
            readings = self._reading_list()
            for _found, distance, index in process.extract(
                wanted, readings, scorer=OSA.distance, score_cutoff=limit, limit=3
            ):
                for word in table[readings[index]][:2]:
                    out.append(((fold(word),), word, int(distance)))
        if not out:
            run = _reading_run(wanted, table)
            if run is not None:
                out.append((tuple(fold(word) for word in run), " ".join(run), 0))
        return out

    def _reading_list(self) -> list[str]:
        if self._english_list is None:
            self._english_list = sorted(self._readings())
        return self._english_list

    def synonyms(self, word: str) -> list[str]:
        """Words of Sudachi's synonym dictionary that mean what `word` means."""
        key = ("synonyms", word, False)
        if key in self._memo:
            return list(self._memo[key])
        return list(self._remember(key, shared_synonyms().expand(word)))

    def closest_titles(self, query: str, limit: int = 3) -> list[str]:
        """Titles of notes whose title or an alias is nearest to `query` (for an empty
        result: something to try instead of nothing)."""
        from rapidfuzz import fuzz, process

        wanted = fold(query)
        if not wanted.strip():
            return []
        choices: list[str] = []
        titles: list[str] = []
        for note in self._library:
            for text in (note.title, *note.aliases):
                folded = fold(text)
                # the whole title or alias, and each of its words (``kubernetis`` is near
                # the Kubernetes of "EKS (Elastic Kubernetes Service)")
                for choice in {
                    folded,
                    *(m.group() for m in TOKEN_RE.finditer(folded) if len(m.group()) >= 3),
                }:
                    choices.append(choice)
                    titles.append(note.title)
        out: list[str] = []
        for _found, _score, index in process.extract(
            wanted, choices, scorer=fuzz.ratio, limit=limit * 8, score_cutoff=70
        ):
            if titles[index] not in out:
                out.append(titles[index])
            if len(out) >= limit:
                break
        return out


def _reading_run(wanted: str, table: dict[str, list[str]]) -> list[str] | None:
    """Fewest English words (two or more) whose readings, one after another, are `wanted`."""
    n = len(wanted)
    if n < 4 or n > 40:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for start in range(n):
        here = best[start]
        if here is None:
            continue
        for end in range(start + 2, min(n, start + 16) + 1):
            words = table.get(wanted[start:end])
            if not words:
                continue
            candidate = [*here, words[0]]
            if best[end] is None or len(candidate) < len(best[end] or ()):
                best[end] = candidate
    found = best[n]
    return found if found is not None and len(found) >= 2 else None


_SYNONYMS: list[Any] = []


def shared_synonyms() -> Any:
    """The synonym dictionary, loaded once per process (on first use: in the search worker)."""
    if not _SYNONYMS:
        from tui.search.synonyms import Synonyms

        _SYNONYMS.append(Synonyms.load())
    return _SYNONYMS[0]

"""Kana readings of kanji, made at index time only (SudachiPy + sudachidict-small).

Why Sudachi: on the seed notes SudachiPy 0.7 with sudachidict-small read all 119 kanji
words right and loaded in 13 ms (warm); pykakasi is lighter (11 MB) but took 414 ms to
load. Measured here on a busy 2-CPU machine: import 46–69 ms plus
dictionary load 47–74 ms in a fresh process, and 0.23 ms of readings per generated 2 KB
note. Readings are only needed while indexing, so no search ever loads the dictionary;
the reading table stored in the index (`documents`, field ``rmap``) covers queries.

Only kanji clusters (with the one hiragana right after them) go through Sudachi: kana
already are their own reading, Latin has none, and each distinct cluster is read once per build.
The reading is the concatenation of the morphemes' readings; every morpheme with kanji
also yields a (reading, surface) pair, so that a romaji or kana query can be shown
highlighted on the kanji it matched (``suiron`` → ``推論``) without Sudachi at query time.
"""

from __future__ import annotations

import os
import re
from typing import Any

from tui.search import morphology
from tui.search.analysis import fold, has_kanji

_KANJI = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_PIECE = re.compile(f"[{_KANJI}]+[\u3041-\u3096]?")
"""A kanji cluster with the hiragana after it (okurigana, or a particle for context)."""
_MAX_RUN = 1000
_ENGLISH = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]{1,23}(?![A-Za-z0-9])")
"""An English word or name as notes write it (``Fargate``, ``MXNet``, ``boto3``)."""
_KATAKANA_ONLY = re.compile("[\u30a1-\u30fa\u30fc]+")


class Reader:
    """Reads kanji runs with Sudachi; falls back to no readings when it is unavailable."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self._tokenizer: Any = None
        self._cache: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
        self._english: Any = None
        self._tokenizer = morphology.tokenizer()
        if self._tokenizer is None:  # missing package or dictionary: search still works
            self.problem = f"kana readings unavailable ({morphology.problem()})"

    def english_pairs(self, text: str) -> list[str]:
        """``reading Word`` for each English word of `text`, and for each part of a CamelCase
        word (``とち PyTorch`` too): the loose katakana readings a kana query is matched with
        (`tui.search.english_kana`). Empty without the reading model."""
        words = {match.group() for match in _ENGLISH.finditer(text)}
        if not words:
            return []
        if self._english is None:
            # One BLAS thread: on a busy machine OpenBLAS's threads made 1,000 readings take
            # 2–20 s instead of 0.6 s (it reads the variable when NumPy is first imported).
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
            from tui.search.english_kana import EnglishReader

            self._english = EnglishReader()
        english = self._english
        if not english.available:
            return []
        from tui.search.english_kana import loose, word_parts

        pairs: set[str] = set()
        for word in words:
            if word.isupper() and len(word) > 5:
                continue  # a constant or an environment variable, not a name
            whole = loose(english.reading(word))
            if whole:
                pairs.add(f"{whole} {word}")
            if word.isupper() or len(word) <= 3:
                # an acronym is spelt (ジェーエスオーエヌ) or said as a word (ジェイソン, ドム)
                said = loose(english.reading(word.lower()))
                if said:
                    pairs.add(f"{said} {word}")
            parts = word_parts(word)
            if len(parts) > 1:
                for part in parts:
                    reading = loose(english.reading(part)) if part.isalpha() else ""
                    if len(reading) >= 2:
                        pairs.add(f"{reading} {word}")
        return sorted(pairs)

    @property
    def available(self) -> bool:
        """True when Sudachi loaded."""
        return self._tokenizer is not None

    def read_run(self, run: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """(reading in katakana, ((folded reading, surface) per kanji morpheme)) of a run."""
        cached = self._cache.get(run)
        if cached is not None:
            return cached
        parts: list[str] = []
        pairs: list[tuple[str, str]] = []
        try:
            for start in range(0, len(run), _MAX_RUN):
                for morpheme in morphology.tokenize(run[start : start + _MAX_RUN]):
                    surface = morpheme.surface()
                    reading = morpheme.reading_form()
                    if not _KATAKANA_ONLY.fullmatch(reading or ""):
                        reading = surface
                    parts.append(reading)
                    if has_kanji(surface) and reading != surface:
                        pairs.append((fold(reading), surface))
        except Exception:
            parts, pairs = [run], []
        result = ("".join(parts), tuple(pairs))
        if len(self._cache) < 200_000:
            self._cache[run] = result
        return result

    def readings(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Readings of the kanji clusters of `text`, space separated, and their pairs.

        Each cluster is read with the hiragana after it, which is what decides the
        reading of verbs and adjectives; clusters repeat a lot, so most are cache hits.
        """
        if not self.available or not has_kanji(text):
            return "", []
        out: list[str] = []
        pairs: list[tuple[str, str]] = []
        for piece in _PIECE.findall(text):
            reading, piece_pairs = self.read_run(piece)
            out.append(reading)
            pairs.extend(piece_pairs)
        return " ".join(out), pairs

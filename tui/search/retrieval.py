"""Boolean retrieval and BM25 over Whoosh posting lists, done by kumonote.

Whoosh stores the index (terms, postings, segments, deletions); this module reads whole
posting lists from it and does the AND/OR and the scoring itself. Why not Whoosh's
searcher: its matchers are a tree of Python objects walked one document at a time
(10–15 µs per candidate document), ``Or`` over more than two terms on an index of over
5,000 documents becomes a binary tree of ``UnionMatcher`` whose ``replace`` and
``max_quality`` recurse on every step (a one-kana prefix query took 2.4 s on 10,000
notes), and intersections of common CJK bigrams walk both lists posting by posting.
Reading a posting list block by block and intersecting with sets is 10–50× cheaper.

Scores are BM25 per field (k1 = 1.2 and b = 0.75; both 0.3 for titles and aliases) times
the field boost, summed over fields and clauses, as BM25F does with field weights.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import Any

K1 = 1.2
B = 0.75
FIELD_B = {"title": 0.3}
"""Length normalization per field. Titles with their aliases are short lists of names: a
note with many aliases is not less about each of them, so its length counts little."""
FIELD_K1 = {"title": 0.3}
"""Term-frequency saturation per field. A title or alias names a thing or it does not: two
aliases with a word weigh hardly more than one, and the body decides between such notes."""
PREFIX_LIMIT = 16
"""At most this many index terms for one prefix (``infer*``, a one-kana word) …"""
PREFIX_POSTINGS = 2000
"""… and at most about this many postings (``の`` would else read the whole index)."""
MAX_AND_TERMS = 3
"""A CJK word ANDs at most this many of its bigrams (the rarest); the whole word is then
checked in the note text, so more terms only cost time."""


@dataclass
class FieldStats:
    """Per-document length normalization of one field."""

    norms: list[float]
    """``k1 * (1 - b + b * length / average)`` per document number."""
    count: int
    """Number of live documents."""


@dataclass
class Postings:
    """Whole posting lists of an open Whoosh reader, with deleted documents left out."""

    reader: Any
    lengths: dict[str, list[int]]
    """Field → length per global document number (from the stored fields)."""
    live: int
    stats: dict[str, FieldStats] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._leaves: list[tuple[Any, int, frozenset[int]]] = []
        for leaf, offset in self.reader.leaf_readers():
            deleted = frozenset(leaf.deleted_docs_set) if leaf.has_deletions() else frozenset()
            self._leaves.append((leaf, offset, deleted))

    def get(self, name: str, term: str) -> tuple[list[int], list[float]]:
        """(document numbers, weights) of `term` in field `name`; empty lists if absent."""
        try:
            btext = term.encode("utf-8")
        except UnicodeEncodeError:
            return [], []
        ids: list[int] = []
        weights: list[float] = []
        for leaf, offset, deleted in self._leaves:
            terms = getattr(leaf, "_terms", None)
            if terms is not None and hasattr(terms, "matcher"):
                if (name, btext) not in terms:
                    continue
                found_ids, found_weights = _read_all(
                    terms.matcher(name, btext, leaf.schema[name].format)
                )
            else:  # another reader implementation: the public (filtered) matcher
                if (name, btext) not in leaf:
                    continue
                found_ids, found_weights = _read_all(leaf.postings(name, btext))
                deleted = frozenset()
            if deleted:
                keep = [i for i, docnum in enumerate(found_ids) if docnum not in deleted]
                found_ids = [found_ids[i] for i in keep]
                found_weights = [found_weights[i] for i in keep]
            ids.extend(map(offset.__add__, found_ids) if offset else found_ids)
            weights.extend(found_weights)
        return ids, weights

    def doc_frequency(self, name: str, term: str) -> int:
        """Number of documents with `term` in `name` (deleted ones included)."""
        try:
            return int(self.reader.doc_frequency(name, term))
        except Exception:
            return 0

    def expand(self, name: str, prefix: str) -> list[str]:
        """Terms of `name` starting with `prefix`: the first `PREFIX_LIMIT`, rarest first
        within about `PREFIX_POSTINGS` postings."""
        try:
            found = [
                t.decode("utf-8")
                for t in islice(self.reader.expand_prefix(name, prefix), PREFIX_LIMIT)
            ]
        except Exception:
            return []
        if len(found) <= 1:
            return found
        sized = sorted((self.doc_frequency(name, term), term) for term in found)
        chosen: list[str] = []
        total = 0
        for size, term in sized:
            if chosen and total + size > PREFIX_POSTINGS:
                break
            chosen.append(term)
            total += size
        return chosen

    def score_term(self, name: str, term: str, within: set[int] | None = None) -> dict[int, float]:
        """BM25 of `term` in field `name`, per document (of `within`, when given)."""
        ids, weights = self.get(name, term)
        return self._score(name, ids, weights, within)

    def _stats(self, name: str) -> FieldStats | None:
        """Length norms of a field, worked out on first use."""
        stats = self.stats.get(name)
        if stats is None and name in self.lengths:
            lengths = self.lengths[name]
            known = [n for n in lengths if n >= 0]
            average = max((sum(known) / len(known)) if known else 1.0, 1.0)
            b = FIELD_B.get(name, B)
            k1 = FIELD_K1.get(name, K1)
            scale = k1 * b / average
            base = k1 * (1 - b)
            stats = FieldStats(
                [base + scale * n if n > 0 else base for n in lengths], max(len(known), 1)
            )
            self.stats[name] = stats
        return stats

    def _factor(self, name: str, df: int) -> tuple[float, list[float] | None]:
        """(idf × (k1 + 1), length norms) of a term with `df` documents in `name`."""
        stats = self._stats(name)
        count = stats.count if stats else max(self.live, 1)
        idf = math.log(1 + max(count - df + 0.5, 0.0) / (df + 0.5))
        return idf * (FIELD_K1.get(name, K1) + 1), (stats.norms if stats else None)

    def _score(
        self,
        name: str,
        ids: list[int],
        weights: list[float],
        within: set[int] | None = None,
        df: int | None = None,
    ) -> dict[int, float]:
        """BM25 per document of a posting list; `df` overrides its document count."""
        if not ids:
            return {}
        df = len(ids) if df is None else df
        if within is not None:
            common = within.intersection(ids)
            if not common:
                return {}
            if len(common) < len(ids):
                return self._score_some(name, ids, weights, common, df)
        factor, norms = self._factor(name, df)
        try:
            if norms is not None:
                return {d: factor * w / (w + norms[d]) for d, w in zip(ids, weights, strict=True)}
        except IndexError:  # a document newer than the norms: score it as average length
            pass
        return {d: factor * w / (w + K1) for d, w in zip(ids, weights, strict=True)}

    def _score_some(
        self, name: str, ids: list[int], weights: list[float], common: set[int], df: int
    ) -> dict[int, float]:
        """BM25 of a term for the documents `common` (a subset of `ids`)."""
        factor, norms = self._factor(name, df)
        weight_of = dict(zip(ids, weights, strict=True))
        if norms is not None and max(common) < len(norms):
            return {d: factor * weight_of[d] / (weight_of[d] + norms[d]) for d in common}
        return {d: factor * weight_of[d] / (weight_of[d] + K1) for d in common}

    def score_all(
        self, name: str, terms: Iterable[str], within: set[int] | None = None
    ) -> dict[int, float]:
        """Documents holding every one of `terms` in `name` (and in `within`, when given),
        with their summed BM25."""
        chosen = self._rarest(name, list(dict.fromkeys(terms)))
        if not chosen:
            return {}
        lists = []
        for term in chosen:
            ids, weights = self.get(name, term)
            if not ids:
                return {}
            lists.append((ids, weights))
        if len(lists) == 1:
            return self._score(name, *lists[0], within=within)
        lists.sort(key=lambda pair: len(pair[0]))
        common = set(lists[0][0]) if within is None else within.intersection(lists[0][0])
        for ids, _weights in lists[1:]:
            common.intersection_update(ids)
            if not common:
                return {}
        total: dict[int, float] | None = None
        for ids, weights in lists:
            if len(ids) == len(common):
                part = self._score(name, ids, weights)
            else:
                part = self._score_some(name, ids, weights, common, len(ids))
            total = part if total is None else {d: s + part[d] for d, s in total.items()}
        return total or {}

    def score_prefix(
        self, name: str, prefix: str, longer_only: bool = False, within: set[int] | None = None
    ) -> dict[int, float]:
        """Best BM25 among the expansions of `prefix`, per document (with `longer_only`, the
        prefix itself is left out: the caller scores the exact word already).

        Every expansion is weighed with the rarity of the prefix as a whole (the documents of
        all of them): a word being typed is not a rare word. Scored by its own rarity, `saml`
        outranked `sagemaker` for `sa` in every note that mentions SAML once.
        """
        postings = []
        for term in self.expand(name, prefix):
            if longer_only and term == prefix:
                continue
            ids, weights = self.get(name, term)
            if ids:
                postings.append((ids, weights))
        df = sum(len(ids) for ids, _ in postings)
        best: dict[int, float] = {}
        for ids, weights in postings:
            for d, s in self._score(name, ids, weights, within, df).items():
                if s > best.get(d, 0.0):
                    best[d] = s
        return best

    def _rarest(self, name: str, terms: list[str]) -> list[str]:
        if len(terms) <= MAX_AND_TERMS:
            return terms
        sized = sorted(
            (self.doc_frequency(name, term), index, term) for index, term in enumerate(terms)
        )
        return [term for _, _, term in sized[:MAX_AND_TERMS]]


def _read_all(matcher: Any) -> tuple[list[int], list[float]]:
    """All (ids, weights) of a leaf matcher: block by block for Whoosh 3 block matchers
    (delta-decoding with ``itertools.accumulate`` instead of Whoosh's generator), posting by
    posting for anything else (inline lists, other codecs)."""
    ids: list[int] = []
    weights: list[float] = []
    if all(hasattr(matcher, attr) for attr in _BLOCK_ATTRS) and not matcher._byteids:
        while not matcher._atend:
            if matcher._data is None:
                matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            count = len(block_ids)
            ids.extend(accumulate(block_ids))
            if block_weights is None:
                weights.extend([1.0] * count)
            elif isinstance(block_weights, (int, float)):
                weights.extend([float(block_weights)] * count)
            else:
                weights.extend(block_weights)
            if matcher._lastblock:
                break
            matcher._next_block()
        return ids, weights
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


_BLOCK_ATTRS = ("_atend", "_data", "_read_data", "_lastblock", "_next_block", "_byteids")

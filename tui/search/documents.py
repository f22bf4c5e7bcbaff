"""Notes as the index sees them: fields of term frequencies (no Whoosh here).

This runs in the indexing worker processes too, so it must stay free of Whoosh and of
anything of the UI.

Fields, each a mapping of term to weight:

* ``title`` – the title and the aliases;
* ``text`` – the body, plus section headings and tags weighted `HEADING_WEIGHT`;
* ``yomi`` – kana readings of the kanji of all of these (title readings weighted
  `TITLE_READING_WEIGHT`, the rest `READING_WEIGHT`);
* ``rmap`` – ``reading surface`` pairs, never scored: the reading table used to highlight
  the kanji a romaji or kana query matched;
* ``kmap`` – ``reading Word`` pairs for the English words (the loose katakana reading of
  the word and of each part of a CamelCase word), never scored: how a katakana query
  (``ファーゲート``) finds ``Fargate``.

Headings are folded into ``text`` with a weight instead of being a field of their own, and
all readings share one field: every field is one more posting list Whoosh walks per query
term, and with 10,000 notes the per-field cost, not the scoring, dominated query time.
BM25 over weighted term frequencies is what BM25F does anyway.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from tui.notes.model import Note
from tui.search.analysis import ANALYZER_VERSION, CJK_CLASS, MAX_WORD, fold
from tui.search.readings import Reader

SCHEMA_VERSION = 11
HEADING_WEIGHT = 2.5
READING_WEIGHT = 0.6
TITLE_READING_WEIGHT = 3.0

_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\((?:<[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>")

_BIGRAMS = re.compile(f"(?=([{CJK_CLASS}]{{2}}))")
_KANJI = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_WORDS = re.compile(f"[^\\W_{CJK_CLASS}]+")


def term_counts(folded: str) -> Counter[str]:
    """Index terms of folded text: words, CJK bigrams and kanji unigrams.

    Kanji unigrams make one-kanji queries (``鍵``) a single term; one-kana queries carry no
    meaning and are answered from the bigrams they start. Three C-level ``findall`` calls:
    this is the hot path of indexing.
    """
    words = _WORDS.findall(folded)
    if words and max(map(len, words)) > MAX_WORD:
        words = [word[:MAX_WORD] for word in words]
    return Counter(chain(_BIGRAMS.findall(folded), _KANJI.findall(folded), words))


def strip_markup(body: str) -> str:
    """Markdown link and image targets removed (their text kept)."""
    body = _LINK.sub(lambda m: m.group(2), body)
    return _AUTOLINK.sub(" ", body)


def note_digest(note: Note) -> str:
    """Fingerprint of everything of a note that is indexed (to find changed notes).

    The index's version, then `Note.fingerprint` (CRC-32s of the note's title, aliases, tags,
    section titles and body, and the body's length): enough to notice an edit, and known
    without reading the note when it comes from the metadata cache. (The note's id is what
    the digest is stored under.)
    """
    return _VERSION_TAG + note.fingerprint


_VERSION_TAG = f"{ANALYZER_VERSION}.{SCHEMA_VERSION}:"


@dataclass
class DocData:
    """One note as the index sees it."""

    note_id: str
    digest: str
    fields: dict[str, Any]
    """Field name → {term: weight} (or a list of terms for ``rmap``)."""
    folded: str = ""
    """``fold(note.body)``, stored: what ranking checks a note's matches in."""
    folded_head: str = ""
    """``fold(head_text(note))``, stored: ranking checks it with the body."""

    def lengths(self) -> dict[str, int]:
        """Length of each scored field, as BM25 sees it: the sum of its term weights."""
        return {
            name: field_length(value)
            for name, value in self.fields.items()
            if isinstance(value, dict)
        }

    def document(self) -> dict[str, Any]:
        """Keyword arguments for Whoosh's ``add_document``."""
        doc: dict[str, Any] = {
            "id": self.note_id,
            "digest": self.digest,
            "n": self.lengths(),
            "f": self.folded,
            "h": self.folded_head,
        }
        doc.update({name: value for name, value in self.fields.items() if value})
        return doc


def field_length(weights: dict[str, float]) -> int:
    """Length of a field for BM25: its total term weight."""
    return max(1, int(sum(weights.values()) + 0.5)) if weights else 0


def _add(weights: dict[str, float], counts: Counter[str], factor: float) -> None:
    for term, count in counts.items():
        weights[term] = weights.get(term, 0.0) + count * factor


def _counts(parts: Iterable[str]) -> Counter[str]:
    # One line per part: no bigram or word spans two parts.
    return term_counts(fold("\n".join(parts)))


def head_text(note: Note) -> str:
    """The note's title, aliases and tags, a line each: what ranking checks, with the body."""
    return "\n".join((note.title, *note.aliases, *note.tags))


def analyze_note(note: Note, reader: Reader | None) -> DocData:
    """Terms and weights of every field of `note`."""
    title_parts = [note.title, *note.aliases]
    head_parts = [s.title for s in note.sections] + list(note.tags)
    body = strip_markup(note.body)
    title: dict[str, float] = dict(_counts(title_parts))
    text: dict[str, float] = dict(term_counts(fold(body)))
    _add(text, _counts(head_parts), HEADING_WEIGHT)
    data: dict[str, Any] = {"title": title, "text": text}
    if reader is not None and reader.available:
        title_yomi, title_pairs = reader.readings("\n".join(title_parts))
        body_yomi, body_pairs = reader.readings(body + "\n" + "\n".join(head_parts))
        yomi = {
            term: count * READING_WEIGHT for term, count in term_counts(fold(body_yomi)).items()
        }
        if title_yomi:
            _add(yomi, term_counts(fold(title_yomi)), TITLE_READING_WEIGHT)
        data["yomi"] = yomi
        data["rmap"] = list({f"{r} {s}" for r, s in (*title_pairs, *body_pairs) if r})
    if reader is not None:
        data["kmap"] = reader.english_pairs("\n".join((*title_parts, body, *head_parts)))
    return DocData(note.id, note_digest(note), data, fold(note.body), fold(head_text(note)))

"""Notes as the index sees them: fields of term frequencies (no Whoosh here).

This runs in the indexing worker processes too, so it must stay free of Whoosh and of
anything of the UI.

Fields: ``title`` (title, aliases), ``heads`` (section headings, tags), ``body``,
``ytitle``/``yomi`` (kana readings of the kanji in those), ``rmap`` (``reading surface``
pairs, never scored: the reading table for highlighting romaji and kana queries).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui.notes.model import Note
from tui.search.analysis import ANALYZER_VERSION, CJK_CLASS, MAX_WORD, fold
from tui.search.readings import Reader

SCHEMA_VERSION = 2

_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\((?:<[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>")

_BIGRAMS = re.compile(f"(?=([{CJK_CLASS}]{{2}}))")
_RUN_ENDS = re.compile(f"[{CJK_CLASS}](?![{CJK_CLASS}])")
_WORDS = re.compile(f"[^\\W_{CJK_CLASS}]+")


def term_counts(folded: str) -> Counter[str]:
    """Index terms of folded text: words, CJK bigrams, and the last character of each CJK
    run (so every character of a run starts a term and one-character queries are prefix
    lookups). Three C-level ``findall`` calls; this is the hot path of indexing."""
    counts: Counter[str] = Counter(_BIGRAMS.findall(folded))
    counts.update(_RUN_ENDS.findall(folded))
    words = _WORDS.findall(folded)
    if words:
        if max(map(len, words)) > MAX_WORD:
            words = [word[:MAX_WORD] for word in words]
        counts.update(words)
    return counts


def strip_markup(body: str) -> str:
    """Markdown link and image targets removed (their text kept)."""
    body = _LINK.sub(lambda m: m.group(2), body)
    return _AUTOLINK.sub(" ", body)


def note_digest(note: Note) -> str:
    """Hash of everything of a note that is indexed."""
    h = hashlib.blake2b(digest_size=16)
    for part in (str(ANALYZER_VERSION), str(SCHEMA_VERSION), note.id, note.title,
                 "\x1f".join(note.aliases), "\x1f".join(note.tags),
                 "\x1f".join(s.title for s in note.sections), note.body):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass
class DocData:
    """One note as the index sees it."""

    note_id: str
    digest: str
    fields: dict[str, Any]

    def document(self) -> dict[str, Any]:
        """Keyword arguments for Whoosh's ``add_document``."""
        doc: dict[str, Any] = {"id": self.note_id, "digest": self.digest}
        doc.update({name: value for name, value in self.fields.items() if value})
        return doc


def _joined_counts(parts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for part in parts:
        counts.update(term_counts(fold(part)))
    return counts


def analyze_note(note: Note, reader: Reader | None) -> DocData:
    """Terms of every field of `note`."""
    title_parts = [note.title, *note.aliases]
    head_parts = [s.title for s in note.sections] + list(note.tags)
    body = strip_markup(note.body)
    data: dict[str, Any] = {
        "title": _joined_counts(title_parts),
        "heads": _joined_counts(head_parts),
        "body": term_counts(fold(body)),
    }
    if reader is not None and reader.available:
        ytitle, title_pairs = reader.readings("\n".join(title_parts))
        yomi, body_pairs = reader.readings(body)
        data["ytitle"] = term_counts(fold(ytitle))
        data["yomi"] = term_counts(fold(yomi))
        data["rmap"] = sorted({f"{r} {s}" for r, s in (*title_pairs, *body_pairs) if r})
    return DocData(note.id, note_digest(note), data)



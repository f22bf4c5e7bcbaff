"""The full-text search engine: a Whoosh index of the library plus kumonote's own layers.

Whoosh does the inverted index, BM25F scoring and top-N collection. Everything around it
is kumonote's, because Whoosh 2.7 gets it wrong for this use (see the docstrings of
`tui.search.query`, `tui.search.highlight`, `tui.search.indexing` and
`tui.search.storage`):

* queries are built as objects from `tui.search.query.parse`, never by Whoosh's parser;
* typos go through rapidfuzz (optimal string alignment: ``sagemkaer`` is one
  transposition from ``sagemaker``) over the index's Latin vocabulary, not ``FuzzyTerm``
  (plain Levenshtein, slow, and noise on CJK bigrams);
* CJK words are ANDs of bigrams; kumonote then checks that the whole word (or quoted
  phrase) is really in the note, dropping bigram coincidences;
* snippets and highlight spans are computed by kumonote in original-text offsets.

Ranking: BM25F over fields boosted title/aliases ≫ headings ≫ body, so the note that is
*about* a thing (its title or an alias names it) comes before notes mentioning it.

Nothing here raises to the caller: a damaged index is rebuilt (in memory if need be) and a
failing search returns no hits with a notice.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh import scoring

from tui.notes.model import Library, Note
from tui.search.analysis import TOKEN_RE, fold
from tui.search.documents import DocData, analyze_note, note_digest
from tui.search.highlight import Highlighter
from tui.search.indexing import TEXT_FIELDS, YOMI_FIELDS, LimitedPrefix
from tui.search.query import Alternative, Clause, ParsedQuery, parse
from tui.search.readings import Reader
from tui.search.results import Hit, SearchResult, inert, make_snippet
from tui.search.storage import (
    DiskStore,
    LockError,
    default_cache_dir,
    memory_index,
    writer_for,
)

__all__ = ["Hit", "SearchEngine", "SearchResult"]

FIELD_BOOSTS = {"title": 6.0, "heads": 2.5, "body": 1.0, "ytitle": 3.0, "yomi": 0.6}
LOCK_WAIT = 2.0
"""Seconds to wait for another kumonote's write lock before using a private index."""
REBUILD_SHARE = 0.3
"""When more than this share of the notes changed, rebuild instead of updating."""

Progress = Callable[[int, int], None]


class _Lexicon:
    """What the query builder may ask the index: vocabulary, readings, display forms."""

    def __init__(self, searcher: Any, library: Library) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._library = library
        self._vocabulary: list[str] | None = None
        self._display: dict[str, str] | None = None

    def exists(self, term: str) -> bool:
        reader = self._reader
        return any((name, term) in reader for name in TEXT_FIELDS)

    def has_prefix(self, prefix: str) -> bool:
        encoded = prefix.encode("utf-8")
        for name in TEXT_FIELDS:
            for term in islice(self._reader.expand_prefix(name, prefix), 2):
                if term != encoded:
                    return True
        return False

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

    def corrections(self, word: str) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        vocabulary = self.vocabulary()
        if not vocabulary:
            return []
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
        key = reading if prefix else reading + " "
        found: dict[str, tuple[int, int]] = {}
        for raw in islice(self._reader.expand_prefix("rmap", key), 64):
            text = raw.decode("utf-8", "replace")
            found_reading, _, surface = text.partition(" ")
            if surface and surface not in found:
                found[surface] = (len(found_reading) - len(reading), len(found))
        return sorted(found, key=found.__getitem__)[:6]

    def display(self, term: str) -> str:
        if self._display is None:
            shown: dict[str, str] = {}
            for note in self._library:
                for text in (note.title, *note.aliases):
                    for match in TOKEN_RE.finditer(text):
                        if match.lastgroup == "word":
                            shown.setdefault(fold(match.group()), match.group())
            self._display = shown
        return self._display.get(term, term)


class SearchEngine:
    """Full-text search over a library. Create with `SearchEngine.open`."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.notice: str | None = None
        """Something to tell the user about the index (fallbacks, rebuilds), or None."""
        self.location: Path | None = None
        """Folder of the on-disk index, None for an in-memory index."""
        self._store: DiskStore | None = None
        self._ix: Any = None
        self._searcher: Any = None
        self._lexicon: _Lexicon | None = None
        self._digests: dict[str, str] = {}
        self._folded: dict[str, list[str]] = {}
        self._lock = threading.RLock()

    # ----- opening ------------------------------------------------------------------------

    @classmethod
    def open(
        cls, library: Library, cache_dir: Path | str | None = None, progress: Progress | None = None
    ) -> SearchEngine:
        """The engine for `library`, from the cache when it is there and current.

        Never raises for index problems: it rebuilds, or falls back to an in-memory index and
        sets `notice`.
        """
        engine = cls(library)
        with engine._lock:
            try:
                base = Path(cache_dir) if cache_dir is not None else default_cache_dir()
                store = DiskStore(base, library.root)
                store.prepare()
            except Exception as error:
                engine._open_memory(progress, f"cache directory not writable ({_why(error)}): "
                                    "using an in-memory index")
                return engine
            engine._store = store
            try:
                engine._open_disk(store, progress)
            except Exception as error:
                engine._open_memory(progress, f"search index could not be saved ({_why(error)}): "
                                    "using an in-memory index")
        return engine

    def _open_disk(self, store: DiskStore, progress: Progress | None) -> None:
        opened = store.open()
        notes = self.library.notes
        if opened is None:
            had_index = store.path.exists()
            ix = store.build(self._analyzed(notes, progress), _counter(progress, len(notes)))
            self._set_index(ix, {note.id: note_digest(note) for note in notes})
            if had_index:
                self.notice = "search index was out of date or damaged: rebuilt"
        else:
            ix, digests = opened
            self._set_index(ix, digests)
            self._apply_changes(progress)
        self.location = store.path

    def _open_memory(self, progress: Progress | None, notice: str) -> None:
        self._store = None
        self.location = None
        ix = memory_index()
        notes = self.library.notes
        from tui.search.indexing import bulk_write

        bulk_write(ix, self._analyzed(notes, progress), _counter(progress, len(notes)))
        self._set_index(ix, {note.id: note_digest(note) for note in notes})
        self.notice = notice

    def _rebuild(self, notice: str) -> None:
        """Replace a damaged index: on disk when possible (so the next start is fine too),
        else in memory."""
        notes = self.library.notes
        if self._store is not None:
            try:
                ix = self._store.build(self._analyzed(notes, None), None)
                self._set_index(ix, {note.id: note_digest(note) for note in notes})
                self.notice = notice
                return
            except Exception:
                pass
        self._open_memory(None, notice + " in memory")

    def _set_index(self, ix: Any, digests: dict[str, str]) -> None:
        old = self._searcher
        self._ix = ix
        self._searcher = ix.searcher(weighting=scoring.BM25F())
        self._lexicon = _Lexicon(self._searcher, self.library)
        self._digests = dict(digests)
        self._folded.clear()
        if old is not None:
            _close_quietly(old)

    def _analyzed(self, notes: list[Note], progress: Progress | None) -> Iterator[DocData]:
        reader = Reader()
        if reader.problem and not self.notice:
            self.notice = reader.problem
        with _no_gc():
            for note in notes:
                yield analyze_note(note, reader)

    # ----- updating -----------------------------------------------------------------------

    def update(self, library: Library) -> None:
        """Re-index the notes of `library` that were added, changed or removed."""
        with self._lock:
            self.library = library
            try:
                self._apply_changes(None)
            except Exception as error:
                self._open_memory(None, f"search index could not be updated ({_why(error)}): "
                                  "using an in-memory index")

    def _apply_changes(self, progress: Progress | None) -> None:
        notes = self.library.notes
        wanted = {note.id: note for note in notes}
        changed = [note for note in notes if self._digests.get(note.id) != note_digest(note)]
        removed = [note_id for note_id in self._digests if note_id not in wanted]
        if not changed and not removed:
            if self._lexicon is not None:
                self._lexicon = _Lexicon(self._searcher, self.library)
            return
        if self._store is not None and len(changed) > max(50, REBUILD_SHARE * len(notes)):
            ix = self._store.build(self._analyzed(notes, progress), _counter(progress, len(notes)))
            self._set_index(ix, {note.id: note_digest(note) for note in notes})
            return
        try:
            writer = writer_for(self._ix, LOCK_WAIT if self._store is not None else 0)
        except LockError:
            self._open_memory(progress, "search index is being updated by another kumonote: "
                              "using an in-memory index")
            return
        digests = dict(self._digests)
        try:
            for note_id in removed:
                writer.delete_by_term("id", note_id)
                digests.pop(note_id, None)
            for done, doc in enumerate(self._analyzed(changed, None), start=1):
                writer.delete_by_term("id", doc.note_id)
                writer.add_document(**doc.document())
                digests[doc.note_id] = doc.digest
                if progress is not None:
                    progress(done, len(changed))
            writer.commit()
        except BaseException:
            _cancel_quietly(writer)
            raise
        self._set_index(self._ix, digests)

    # ----- searching ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> SearchResult:
        """Notes matching `query`, best first. Never raises."""
        with self._lock:
            try:
                return self._search(query, limit)
            except Exception as error:
                notice = f"search index failed ({_why(error)}): rebuilt"
            try:
                self._rebuild(notice)
                return self._search(query, limit)
            except Exception as error:
                return SearchResult(query=str(query)[:256], notice=f"search failed: {_why(error)}")

    def _search(self, query: str, limit: int) -> SearchResult:
        limit = max(1, min(int(limit), 1000))
        parsed = parse(query, self._lexicon)
        highlighter = Highlighter(parsed.patterns)
        result = SearchResult(query=parsed.text, suggestion=parsed.suggestion,
                              highlighter=highlighter, notice=self.notice)
        if not parsed.clauses:
            return result
        ranked = self._ranked(parsed, limit, require_all=True)
        if not ranked and len(parsed.clauses) > 1:
            ranked = self._ranked(parsed, limit, require_all=False)
        for score, note in ranked[:limit]:
            snippet, matches, anchor = make_snippet(note, highlighter, self._folded_lines(note))
            result.hits.append(Hit(
                note_id=note.id,
                title=inert(note.title),
                category=inert(note.category),
                score=round(float(score), 4),
                snippet=snippet,
                matches=matches,
                section_anchor=anchor,
            ))
        return result

    def _ranked(
        self, parsed: ParsedQuery, limit: int, require_all: bool
    ) -> list[tuple[float, Note]]:
        clause_queries = [_clause_query(clause) for clause in parsed.clauses]
        whole = wq.And(clause_queries) if require_all else wq.Or(clause_queries)
        checks = [(clause, Highlighter(clause.patterns)) for clause in parsed.clauses]
        wanted = limit + 20
        out: list[tuple[float, Note]] = []
        for page in range(3):
            hits = self._searcher.search(whole, limit=wanted * (4**page))
            out = []
            for hit in hits:
                note = self.library.get(hit["id"])
                if note is None:
                    continue
                if self._verified(note, checks, require_all):
                    out.append((hit.score, note))
            if len(out) >= limit or len(hits) < wanted * (4**page):
                break
        return out

    def _verified(self, note: Note, checks: list[tuple[Clause, Highlighter]],
                  require_all: bool) -> bool:
        """True when the note really holds the clauses (not only their bigrams)."""
        text = self._folded_text(note)
        results = (clause.unverifiable or light.search_folded(text) for clause, light in checks)
        return all(results) if require_all else any(results)

    def _folded_lines(self, note: Note) -> list[str]:
        lines = self._folded.get(note.id)
        if lines is None:
            lines = fold(note.body).split("\n")
            self._folded[note.id] = lines
        return lines

    def _folded_text(self, note: Note) -> str:
        head = fold("\n".join((note.title, *note.aliases, *note.tags)))
        return head + "\n" + "\n".join(self._folded_lines(note))

    def close(self) -> None:
        """Release the index files."""
        with self._lock:
            if self._searcher is not None:
                _close_quietly(self._searcher)
                self._searcher = None


def _alternative_queries(alt: Alternative) -> list[Any]:
    names = TEXT_FIELDS + (YOMI_FIELDS if alt.yomi else ())
    out: list[Any] = []
    for name in names:
        boost = FIELD_BOOSTS[name] * alt.weight
        if alt.terms:
            if len(alt.terms) == 1:
                out.append(wq.Term(name, alt.terms[0], boost=boost))
            else:
                out.append(wq.And([wq.Term(name, term) for term in alt.terms], boost=boost))
        elif alt.prefix:
            out.append(LimitedPrefix(name, alt.prefix, boost=boost))
    return out


def _clause_query(clause: Clause) -> Any:
    parts = [q for alt in clause.alternatives for q in _alternative_queries(alt)]
    if not parts:
        return wq.NullQuery
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _counter(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    step = max(1, total // 100)

    def report(done: int) -> None:
        if done % step == 0 or done == total:
            with suppress(Exception):
                progress(done, total)

    return report


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building: it would scan the growing
    posting lists over and over (measured: 20% of a 10,000-note build)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _why(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    detail = text[0][:120] if text else ""
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def _close_quietly(thing: Any) -> None:
    with suppress(Exception):
        thing.close()


def _cancel_quietly(writer: Any) -> None:
    with suppress(Exception):
        writer.cancel()


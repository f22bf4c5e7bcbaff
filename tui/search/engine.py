"""The full-text search engine: a Whoosh index of the library plus kumonote's own layers.

Whoosh stores the inverted index (segments, term dictionary, posting lists, deletions, the
write lock). Everything around it is kumonote's, because Whoosh 2.7 gets it wrong or slow
for this use (see the docstrings of the modules named):

* queries are built as objects from `tui.search.query.parse`, never by Whoosh's parser,
  asking the index what it holds through `tui.search.lexicon` (vocabulary, "did you mean"
  corrections for typos, kanji by reading);
* retrieval and BM25 scoring read whole posting lists (`tui.search.retrieval`) instead of
  walking Whoosh's matcher trees document by document, and `tui.search.ranking` orders the
  notes and drops bigram coincidences;
* snippets and highlight spans are computed by kumonote in original-text offsets
  (`tui.search.highlight`, `tui.search.results`);
* the index lives on disk (`tui.search.storage`), large builds use helper processes
  (`tui.search.worker`).

This module ties them together: open (from the cache, or build), update (re-index the notes
that changed), search, warm up. Nothing here raises to the caller: a damaged index is
rebuilt (in memory if need be) and a failing search returns no hits with a notice.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tui.notes.model import Library, Note
from tui.notes.safe_text import inert
from tui.search import morphology
from tui.search.analysis import fold
from tui.search.documents import DocData, analyze_note, note_digest
from tui.search.explain import Explainer
from tui.search.highlight import Highlighter
from tui.search.lexicon import IndexLexicon
from tui.search.query import ParsedQuery, parse
from tui.search.ranking import SCORED_FIELDS, Ranker
from tui.search.readings import Reader
from tui.search.results import Hit, SearchResult, make_snippet
from tui.search.retrieval import Postings
from tui.search.storage import (
    DiskStore,
    Documents,
    LockError,
    default_cache_dir,
    load_documents,
    memory_index,
    read_documents,
    record_checksums,
    save_documents,
    writer_for,
)
from tui.search.worker import build_index

__all__ = ["Hit", "SearchEngine", "SearchResult"]

LOCK_WAIT = 2.0
"""Seconds to wait for another kumonote's write lock before using a private index."""
REBUILD_SHARE = 0.3
"""When more than this share of the notes changed, rebuild instead of updating."""

Progress = Callable[[int, int], None]


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
        self._reader: Any = None
        self._postings: Postings | None = None
        self._lexicon: IndexLexicon | None = None
        self._ranker: Ranker | None = None
        self._doc_ids: list[str | None] = []
        self._docnums: dict[str, int] = {}
        self._digests: dict[str, str] = {}
        self._sudachi: Reader | None = None
        self._old_segments: list[Any] = []
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
                store = DiskStore(base, library.root, library.roots[1:])
                writable = store.prepare()
            except Exception as error:
                engine._open_memory(
                    progress,
                    f"cache directory not writable ({_why(error)}): using an in-memory index",
                )
                return engine
            if not writable:
                engine._open_read_only(store, progress)
                return engine
            engine._store = store
            try:
                engine._open_disk(store, progress)
            except Exception as error:
                engine._open_memory(
                    progress,
                    f"search index could not be saved ({_why(error)}): using an in-memory index",
                )
        return engine

    def _open_read_only(self, store: DiskStore, progress: Progress | None) -> None:
        """A cache that cannot be written: use its index if it is complete and current,
        else an in-memory one."""
        opened = store.open(SCORED_FIELDS)
        if opened is not None:
            ix, documents, reader = opened
            self._set_index(ix, documents, reader)
            notes = self.library.notes
            if all(self._digests.get(n.id) == self._digest(n) for n in notes) and len(
                self._digests
            ) == len(notes):
                self.location = store.path
                return
        self._open_memory(progress, "cache directory not writable: using an in-memory index")

    def _open_disk(self, store: DiskStore, progress: Progress | None) -> None:
        opened = store.open(SCORED_FIELDS)
        if opened is None:
            had_index = store.path.exists()
            ix = self._build_disk(store, progress)
            self._set_index(ix)
            if had_index:
                self.notice = "search index was out of date or damaged: rebuilt"
        else:
            ix, documents, reader = opened
            self._set_index(ix, documents, reader)
            self._apply_changes(progress)
        self.location = store.path

    def _open_memory(self, progress: Progress | None, notice: str) -> None:
        self._store = None
        self.location = None
        ix = memory_index()
        notes = self.library.notes
        with _no_gc():
            build_index(ix, None, notes, self._reader_for_build(), _counter(progress, len(notes)))
        self._set_index(ix)
        self.notice = notice

    def _rebuild(self, notice: str) -> None:
        """Replace a damaged index: on disk when possible (so the next start is fine too),
        else in memory."""
        if self._store is not None:
            try:
                self._set_index(self._build_disk(self._store, None))
                self.notice = notice
                return
            except Exception:
                pass
        self._open_memory(None, notice + " in memory")

    def _set_index(self, ix: Any, documents: Documents | None = None, reader: Any = None) -> None:
        if reader is None:
            reader = ix.reader()
        if documents is None:
            folder = Path(ix.storage.folder) if self._store is not None else None
            documents = load_documents(ix, folder, SCORED_FIELDS, reader)
        old = self._reader
        self._ix = ix
        self._reader = reader
        self._doc_ids = documents.ids
        self._docnums = {note_id: n for n, note_id in enumerate(documents.ids) if note_id}
        self._digests = dict(documents.digests)
        self._postings = Postings(reader, documents.lengths, len(documents.digests))
        self._lexicon = IndexLexicon(reader, self.library)
        self._ranker = Ranker(self._postings, self._doc_ids, self.library, self._stored_fold)
        if old is not None:
            _close_quietly(old)

    def _stored_fold(self, note_id: str) -> tuple[str, str] | None:
        """The note's folded head (title, aliases, tags) and body as the index stores them,
        when the index holds the note as the library has it now (else None: the ranker folds
        them itself)."""
        docnum = self._docnums.get(note_id)
        note = self.library.get(note_id)
        if docnum is None or note is None or self._reader is None:
            return None
        if self._digests.get(note_id) != self._digest(note):
            return None
        try:
            stored = self._reader.stored_fields(docnum)
        except Exception:
            return None
        head, folded = stored.get("h"), stored.get("f")
        if not isinstance(head, str) or not isinstance(folded, str):
            return None
        return head, folded

    def _reader_for_build(self) -> Reader:
        """The readings reader (Sudachi), loaded once per engine."""
        if self._sudachi is None:
            self._sudachi = Reader()
        if self._sudachi.problem and not self.notice:
            self.notice = self._sudachi.problem
        return self._sudachi

    def _build_disk(self, store: DiskStore, progress: Progress | None) -> Any:
        notes = self.library.notes
        with _no_gc():
            return store.build(notes, self._reader_for_build(), _counter(progress, len(notes)))

    def _analyzed(self, notes: list[Note]) -> Iterator[DocData]:
        """The notes analyzed one by one (for incremental updates)."""
        reader = self._reader_for_build()
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
                self._open_memory(
                    None,
                    f"search index could not be updated ({_why(error)}): using an in-memory index",
                )

    def _digest(self, note: Note) -> str:
        """`note_digest`: cheap, and known without reading the note's body when it comes from
        the metadata cache (`Note.fingerprint`)."""
        return note_digest(note)

    def _apply_changes(self, progress: Progress | None) -> None:
        notes = self.library.notes
        indexed = self._digests.get
        changed = [note for note in notes if indexed(note.id) != note_digest(note)]
        wanted = {note.id for note in notes}
        removed = [note_id for note_id in self._digests if note_id not in wanted]
        if not changed and not removed:
            self._lexicon = IndexLexicon(self._reader, self.library)
            if self._postings is not None:
                self._ranker = Ranker(
                    self._postings, self._doc_ids, self.library, self._stored_fold
                )
            return
        if self._store is not None and len(changed) > max(50, REBUILD_SHARE * len(notes)):
            self._set_index(self._build_disk(self._store, progress))
            return
        try:
            writer = writer_for(self._ix, LOCK_WAIT if self._store is not None else 0)
        except LockError:
            self._remove_temp()
            self._open_memory(
                progress,
                "search index is being updated by another kumonote: using an in-memory index",
            )
            return
        except Exception:
            self._remove_temp()
            raise
        self._old_segments = list(self._ix._segments())
        before = [segment.segment_id() for segment in self._old_segments]
        added: list[tuple[str, str, dict[str, int]]] = []
        try:
            for note_id in removed:
                writer.delete_by_term("id", note_id)
            for done, doc in enumerate(self._analyzed(changed), start=1):
                writer.delete_by_term("id", doc.note_id)
                writer.add_document(**doc.document())
                added.append((doc.note_id, doc.digest, doc.lengths()))
                if progress is not None:
                    progress(done, len(changed))
            writer.commit()
        except BaseException:
            _cancel_quietly(writer)
            raise
        finally:
            self._remove_temp()
        reader = self._ix.reader()
        if self._store is not None:
            record_checksums(Path(self._ix.storage.folder), reader)
        self._set_index(
            self._ix, self._documents_after(before, set(removed), added, reader), reader
        )

    def _remove_temp(self) -> None:
        remove_temp = getattr(self._ix.storage, "remove_temp", None)
        if remove_temp is not None:
            with suppress(Exception):
                remove_temp()

    def _documents_after(
        self,
        before: list[str],
        removed: set[str],
        added: list[tuple[str, str, dict[str, int]]],
        reader: Any,
    ) -> Documents | None:
        """The documents after an update, without reading 10,000 stored documents again:
        segments that survived the commit keep their rows (minus the deleted notes), only
        segments the commit wrote (the new one, and any Whoosh merged) are read."""
        postings = self._postings
        if postings is None:
            return None
        old_rows: dict[str, tuple[int, int]] = {}
        start = 0
        for segment_id, segment in zip(before, self._old_segments, strict=True):
            old_rows[segment_id] = (start, segment.doc_count_all())
            start += segment.doc_count_all()
        gone = removed | {note_id for note_id, _digest, _sizes in added}
        ids: list[str | None] = []
        lengths: dict[str, list[int]] = {name: [] for name in postings.lengths}
        digests: dict[str, str] = {}
        for leaf, _offset in reader.leaf_readers():
            segment_id = leaf.segment().segment_id()
            if segment_id in old_rows:
                first, count = old_rows[segment_id]
                for docnum in range(first, first + count):
                    note_id = self._doc_ids[docnum] if docnum < len(self._doc_ids) else None
                    keep = note_id is not None and note_id not in gone
                    ids.append(note_id if keep else None)
                    if keep and note_id is not None:
                        digests[note_id] = self._digests[note_id]
                    for name, values in lengths.items():
                        values.append(postings.lengths[name][docnum] if keep else -1)
                continue
            fresh = read_documents(leaf, tuple(lengths))
            ids.extend(fresh.ids)
            digests.update(fresh.digests)
            for name, values in lengths.items():
                values.extend(fresh.lengths[name])
        documents = Documents(ids, digests, lengths)
        if self._store is not None:
            save_documents(Path(self._ix.storage.folder), self._ix.latest_generation(), documents)
        return documents

    # ----- searching ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, *, snippets: bool = True) -> SearchResult:
        """Notes matching `query`, best first. Never raises.

        With `snippets=False` the hits carry no snippet, matches or section (the browser needs
        none of them, and making them is most of the work for 200 hits).
        """
        with self._lock:
            try:
                return self._search(query, limit, snippets)
            except Exception as error:
                notice = f"search index failed ({_why(error)}): rebuilt"
            try:
                self._rebuild(notice)
                return self._search(query, limit, snippets)
            except Exception as error:
                return SearchResult(query=str(query)[:256], notice=f"search failed: {_why(error)}")

    def _search(self, query: str, limit: int, snippets: bool) -> SearchResult:
        limit = max(1, min(int(limit), 1000))
        parsed = parse(query, self._lexicon)
        result = SearchResult(query=parsed.text, suggestion=parsed.suggestion, notice=self.notice)
        if not parsed.clauses:
            return result
        ranker = self._ranker
        assert ranker is not None
        ranking = ranker.rank(parsed, limit)
        highlighter = Highlighter([p for clause in ranking.clauses for p in clause.patterns])
        result.highlighter = highlighter
        result.words = len(ranking.clauses)
        result.complete = ranking.complete
        explain = Explainer(ranking.clauses)
        for ranked in ranking.notes[:limit]:
            note = ranked.note
            folded_body = ranker.folded_body(note)  # folded (and kept) while ranking
            snippet, matches, anchor = (
                make_snippet(note, highlighter, folded_body) if snippets else ("", [], None)
            )
            # (the original text only when the marks need it: reading a body costs a file read)
            count = highlighter.count_in_folded(
                folded_body, note.body if highlighter.needs_text else None
            )
            result.hits.append(
                Hit(
                    note_id=note.id,
                    title=inert(note.title),
                    category=inert(note.category),
                    score=round(float(ranked.score), 4),
                    snippet=snippet,
                    matches=matches,
                    section_anchor=anchor,
                    match_count=count,
                    complete=ranked.complete,
                    reason=explain.reason(note, ranked.matched, count, folded_body),
                )
            )
        if not result.hits and self._lexicon is not None:
            result.closest = self._lexicon.closest_titles(parsed.text)
        return result

    def parse(self, query: str, wait: float = 0.05) -> ParsedQuery:
        """`query` parsed as `search` parses it (kanji by reading, typo corrections), for
        `TitleMatcher`. Never raises; when the index stays busy (a build, an update) for
        `wait` seconds, parsed without it."""
        if self._lock.acquire(timeout=wait):
            try:
                return parse(query, self._lexicon)
            except Exception:
                pass
            finally:
                self._lock.release()
        return parse(query)

    def warm_up(self) -> None:
        """Do now, in the caller's (worker) thread, what the first searches would otherwise
        pay for: import rapidfuzz, load the Sudachi dictionary and the synonyms, list the typo
        vocabulary and the English readings, fill the fold table."""
        with self._lock, suppress(Exception):
            import rapidfuzz.distance  # noqa: F401

            morphology.tokenizer()
            if self._lexicon is not None:
                self._lexicon.vocabulary()
                self._lexicon.display("")
                self._lexicon.english("あ")
                self._lexicon.synonyms("検索")
            fold("".join(note.title for note in self.library.notes[:2000]))
            self.search("warm up")
            self.search("検索の方法")

    def close(self) -> None:
        """Release the index files."""
        with self._lock:
            if self._reader is not None:
                _close_quietly(self._reader)
                self._reader = None


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

"""Where the index lives, and how it is opened, built, swapped in and updated safely.

Layout: ``<user cache>/kumonote/search/<key>/`` where `key` hashes the analyzer version,
the schema version and the content folder. Inside, a Whoosh index named ``notes`` and a
``kumonote.json`` written last, when the index is complete. Each document stores a digest
of its note, so a later start (or a live reload) re-indexes only the notes that changed. The
notes' metadata cache (`tui.notes.cache`) lives beside it, in ``<user cache>/kumonote/notes/``.

Design around Whoosh's failure modes:

* *Any* error while opening (missing or truncated segment files, a schema pickled by an
  older kumonote, unreadable files) means "no usable index": build a new one.
* Whoosh has no checksums: a scribbled term dictionary mostly still decodes, and then a
  search silently misses notes or ranks them wrongly (and which of its sub-files a given
  byte of a segment belongs to changes from build to build, so no probe of a few terms can
  catch it). Every file of the index (table of contents and segments; all are written once
  and never changed) has its size and CRC-32 in ``checksums.json``, written when the file is
  committed; opening checks them all (~10 ms for 10,000 notes), so damage shows up here and
  not in the middle of a search. A file without a recorded checksum (an index from an older
  kumonote, a process killed between commit and record) is taken as it is and recorded.
* A new index is always built aside, in ``.build-<key>-<pid>-<random>``, and renamed into
  place only when complete; the old index stays usable until then and a process killed
  mid-build leaves only a ``.build-*`` folder, removed by a later start. Two processes
  building at once both succeed; the second rename loses and uses the winner's index.
* Whoosh's write lock is only needed for incremental updates. A second kumonote that finds
  the lock taken waits briefly, then falls back to a private in-memory index and says so
  instead of failing with ``LockError``.
* Whoosh's ``RamStorage`` puts its temporary files in ``<tmp>/<indexname>.tmp``: two
  processes with the default name ``MAIN`` share and delete each other's files and lose
  commits. In-memory indexes here get a unique name and keep their temporary files in
  memory as well.
* A cache folder that cannot be created or written (read-only, full disk, ENOSPC in the
  middle of a build) falls back to an in-memory index, with a notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import time
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage

from tui.notes.cache import default_cache_dir as default_cache_dir  # where engine finds it
from tui.notes.model import Note
from tui.search.analysis import ANALYZER_VERSION
from tui.search.documents import SCHEMA_VERSION
from tui.search.indexing import codec, make_schema
from tui.search.mapped_files import use_views
from tui.search.readings import Reader
from tui.search.worker import (
    INDEX_NAME,
    PrivateTempStorage,
    build_index,
    process_alive,
    remove_stale_temp,
)

use_views()  # segments are read in place (see tui.search.mapped_files)

MARKER = "kumonote.json"
CHECKSUMS = "checksums.json"
STALE_BUILD_SECONDS = 6 * 3600


def index_key(root: Path, others: Sequence[Path] = ()) -> str:
    """Folder name of the index of the content at `root` (with the sources at `others`: the
    bundled notes alone and with a reference beside them are two indexes, not one rebuilt
    back and forth)."""
    text = f"{ANALYZER_VERSION}:{SCHEMA_VERSION}:{root}"
    if others:
        text += "\0" + "\0".join(str(path) for path in others)
    digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]
    return f"v{ANALYZER_VERSION}-{digest}"


class _MemoryStorage(RamStorage):  # type: ignore[misc]
    """RamStorage whose writers keep their temporary files in memory too."""

    def temp_storage(self, name: str | None = None) -> _MemoryStorage:
        """A fresh in-memory storage (never a shared folder in /tmp)."""
        return _MemoryStorage()


def memory_index() -> Any:
    """A new, empty in-memory index with a unique name."""
    storage = _MemoryStorage()
    return storage.create_index(make_schema(), indexname=f"mem{uuid.uuid4().hex}")


@dataclass
class Documents:
    """What the engine needs to know about every live document of an index."""

    ids: list[str | None]
    """Note id per document number (None for deleted documents)."""
    digests: dict[str, str]
    """Note id → digest of what was indexed."""
    lengths: dict[str, list[int]]
    """Field → length per document number (-1 for deleted documents)."""


def read_documents(source: Any, fields: tuple[str, ...]) -> Documents:
    """The stored data of every live document of an index (or of one segment's reader);
    raises if the index is damaged."""
    reader = source.reader() if hasattr(source, "reader") else source
    with contextlib.ExitStack() as stack:
        if reader is not source:
            stack.enter_context(reader)
        total = reader.doc_count_all()
        ids: list[str | None] = [None] * total
        lengths = {name: [-1] * total for name in fields}
        digests: dict[str, str] = {}
        for docnum, stored in reader.iter_docs():
            note_id = stored.get("id")
            digest = stored.get("digest")
            sizes = stored.get("n")
            if not isinstance(note_id, str) or not isinstance(digest, str):
                raise ValueError("index document without id or digest")
            if not isinstance(sizes, dict):
                raise ValueError("index document without field lengths")
            ids[docnum] = note_id
            digests[note_id] = digest
            for name in fields:
                lengths[name][docnum] = int(sizes.get(name, 0))
    return Documents(ids, digests, lengths)


def _documents_file(folder: Path, generation: int) -> Path:
    return folder / f"docs-{generation}.pickle"


def load_documents(
    ix: Any, folder: Path | None, fields: tuple[str, ...], reader: Any = None
) -> Documents:
    """`read_documents`, from a per-generation cache file next to the index when there is a
    valid one (reading 10,000 stored documents through Whoosh takes ~80 ms, the cache file
    ~5 ms). The file is named after the index generation it describes, so a commit by
    another process can never be paired with a stale file."""
    if folder is None:
        return read_documents(ix, fields)
    generation = ix.latest_generation()
    path = _documents_file(folder, generation)
    try:
        data = pickle.loads(path.read_bytes())
        documents = Documents(data["ids"], data["digests"], data["lengths"])
        if reader is None:
            with ix.reader() as fresh:
                total, live = fresh.doc_count_all(), fresh.doc_count()
        else:
            total, live = reader.doc_count_all(), reader.doc_count()
        if (
            len(documents.ids) == total
            and len(documents.digests) == live
            and all(len(documents.lengths.get(name, ())) == total for name in fields)
        ):
            return documents
    except Exception:
        pass
    documents = read_documents(ix if reader is None else reader, fields)
    save_documents(folder, generation, documents)
    return documents


def save_documents(folder: Path, generation: int, documents: Documents) -> None:
    """Write the cache file of `documents` for index `generation` (best effort)."""
    data = {"ids": documents.ids, "digests": documents.digests, "lengths": documents.lengths}
    target = _documents_file(folder, generation)
    temp = folder / f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:6]}"
    try:
        temp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return
    for old in folder.glob("docs-*.pickle"):
        if old != target:
            with contextlib.suppress(OSError):
                old.unlink()


def _check_schema(ix: Any) -> None:
    expected = make_schema()
    found = ix.schema
    if sorted(found.names()) != sorted(expected.names()):
        raise ValueError("index schema from another version")
    for name in expected.names():
        if type(found[name]) is not type(expected[name]):
            raise ValueError(f"index field {name} from another version")


def _probe(reader: Any) -> None:
    """Touch every segment's term index, postings and stored documents, so that damaged
    files are found now rather than in the middle of a search."""
    for leaf, _offset in reader.leaf_readers():
        for name in ("title", "text"):
            for term in islice(leaf.lexicon(name), 3):
                leaf.doc_frequency(name, term)
                matcher = leaf.postings(name, term)
                if matcher.is_active():
                    matcher.id()
                    matcher.weight()
        if leaf.doc_count_all():
            leaf.stored_fields(leaf.doc_count_all() - 1)


def _file_checksum(path: Path) -> list[int]:
    """[size, CRC-32] of a file."""
    size = crc = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            crc = zlib.crc32(chunk, crc)
    return [size, crc]


def _index_files(folder: Path, reader: Any) -> list[str]:
    """Names of the files the index generation read by `reader` consists of: its table of
    contents and every file of its segments."""
    segments = [
        segment
        for leaf, _offset in reader.leaf_readers()
        if (segment := leaf.segment()) is not None
    ]
    return _generation_files(folder, reader.generation(), segments)


def _generation_files(folder: Path, generation: int | None, segments: list[Any]) -> list[str]:
    """The table of contents of `generation` and every file of its `segments`."""
    names = [f"_{INDEX_NAME}_{generation}.toc"] if generation is not None else []
    prefixes = tuple(f"{segment.segment_id()}." for segment in segments)
    if prefixes:
        names.extend(sorted(name for name in os.listdir(folder) if name.startswith(prefixes)))
    return names


def _read_checksums(folder: Path) -> dict[str, list[int]]:
    """The recorded checksums ({} when there are none yet); raises if the file is damaged."""
    try:
        text = (folder / CHECKSUMS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict) or not all(
        isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
        for value in data.values()
    ):
        raise ValueError("damaged checksum file")
    return data


def _write_checksums(folder: Path, sums: dict[str, list[int]]) -> None:
    """Replace the checksum file (atomically), keeping only files that still exist."""
    existing = set(os.listdir(folder))
    data = {name: value for name, value in sorted(sums.items()) if name in existing}
    temp = folder / f".{CHECKSUMS}.{os.getpid()}.{uuid.uuid4().hex[:6]}"
    try:
        temp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temp, folder / CHECKSUMS)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def record_checksums(folder: Path, reader: Any) -> None:
    """Record the checksums of the files of the index generation `reader` reads that have
    none yet (call right after a commit). Best effort: a file left unrecorded is recorded
    by the next open."""
    with contextlib.suppress(OSError, ValueError):
        try:
            sums = _read_checksums(folder)
        except ValueError:
            sums = {}
        missing = [name for name in _index_files(folder, reader) if name not in sums]
        if missing:
            for name in missing:
                sums[name] = _file_checksum(folder / name)
            _write_checksums(folder, sums)


def verify_checksums(folder: Path, reader: Any, record: bool = True) -> None:
    """Raise ValueError when a file of the index generation `reader` reads differs from its
    recorded size and CRC-32 (damage). Files without a checksum are recorded when `record`."""
    verify_files(folder, _index_files(folder, reader), record)


def verify_files(folder: Path, names: list[str], record: bool = True) -> None:
    """Raise ValueError when one of the index files `names` differs from its recorded size
    and CRC-32. Files without a checksum are recorded when `record`."""
    sums = _read_checksums(folder)
    missing: dict[str, list[int]] = {}
    for name in names:
        found = _file_checksum(folder / name)
        expected = sums.get(name)
        if expected is None:
            missing[name] = found
        elif found != expected:
            raise ValueError(f"index file {name} is damaged")
    if missing and record:
        with contextlib.suppress(OSError):
            _write_checksums(folder, {**sums, **missing})


class DiskStore:
    """The on-disk home of one library's index."""

    def __init__(self, cache_dir: Path, root: Path, others: Sequence[Path] = ()) -> None:
        self.base = cache_dir / "search"
        self.key = index_key(root, others)
        self.path = self.base / self.key
        self.root = root

    def prepare(self) -> bool:
        """Create the cache folder if need be; True when it can be written. Raises OSError
        when it neither exists nor can be created."""
        try:
            self.base.mkdir(parents=True, exist_ok=True)
        except OSError:
            if not self.base.is_dir():
                raise
        writable = os.access(self.base, os.W_OK | os.X_OK)
        if writable and self.path.is_dir():
            writable = os.access(self.path, os.W_OK | os.X_OK)
        return writable

    def open(self, fields: tuple[str, ...]) -> tuple[Any, Documents, Any] | None:
        """(index, documents, open reader) of a complete, readable index; None when there is
        none."""
        if not (self.path / MARKER).is_file():
            return None
        try:
            meta = json.loads((self.path / MARKER).read_text(encoding="utf-8"))
            if meta.get("analyzer") != ANALYZER_VERSION or meta.get("schema") != SCHEMA_VERSION:
                return None
            storage = PrivateTempStorage(str(self.path), readonly=not os.access(self.path, os.W_OK))
            ix = storage.open_index(indexname=INDEX_NAME)
            _check_schema(ix)
            # Checked before anything reads the segments: damaged data decoded first could
            # unpickle into anything (a huge allocation) before the probe finds it.
            files = _generation_files(self.path, ix.latest_generation(), ix._segments())
            verify_files(self.path, files, record=not storage.readonly)
            reader = ix.reader()
        except Exception:
            return None
        try:
            _probe(reader)
            if not storage.readonly:
                remove_stale_temp(self.path)
            return ix, load_documents(ix, self.path, fields, reader), reader
        except Exception:
            with contextlib.suppress(Exception):
                reader.close()
            return None

    def build(
        self, notes: list[Note], reader: Reader, progress: Callable[[int], None] | None
    ) -> Any:
        """Build a complete index aside and swap it into place; returns the opened index."""
        self.cleanup()
        token = uuid.uuid4().hex[:8]
        aside = self.base / f".build-{self.key}-{os.getpid()}-{token}"
        aside.mkdir(parents=True)
        try:
            storage = PrivateTempStorage(str(aside))
            ix = storage.create_index(make_schema(), indexname=INDEX_NAME)
            build_index(ix, aside, notes, reader, progress)
            with ix.reader() as built:
                record_checksums(aside, built)
            meta = {
                "analyzer": ANALYZER_VERSION,
                "schema": SCHEMA_VERSION,
                "root": str(self.root),
                "built": time.time(),
            }
            (aside / MARKER).write_text(json.dumps(meta), encoding="utf-8")
        except BaseException:
            shutil.rmtree(aside, ignore_errors=True)
            raise
        return self._swap(aside)

    def _swap(self, aside: Path) -> Any:
        old = self.base / f".old-{self.key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        with contextlib.suppress(OSError):
            os.rename(self.path, old)
        try:
            os.rename(aside, self.path)
            home = self.path
        except OSError:
            # Someone else put a fresh index in place meanwhile: ours is complete too, use it
            # from where it is (a later start cleans it up).
            home = aside
        shutil.rmtree(old, ignore_errors=True)
        return PrivateTempStorage(str(home)).open_index(indexname=INDEX_NAME)

    def cleanup(self) -> None:
        """Remove leftovers of killed builds and of swapped-out indexes."""
        try:
            entries = list(self.base.iterdir())
        except OSError:
            return
        now = time.time()
        for entry in entries:
            name = entry.name
            if not name.startswith((".build-", ".old-")):
                continue
            parts = name.split("-")
            pid = int(parts[-2]) if len(parts) >= 2 and parts[-2].isdigit() else 0
            try:
                age = now - entry.stat().st_mtime
            except OSError:
                continue
            if name.startswith(".old-") or not process_alive(pid) or age > STALE_BUILD_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)


def writer_for(ix: Any, timeout: float) -> Any:
    """An index writer, waiting up to `timeout` seconds for another process's write lock;
    raises ``whoosh.index.LockError`` after that."""
    return ix.writer(timeout=timeout, delay=0.05, codec=codec())


LockError = whoosh_index.LockError

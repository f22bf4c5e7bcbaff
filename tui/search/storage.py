"""Where the index lives, and how it is opened, built, swapped in and updated safely.

Layout: ``<user cache>/kumonote/search/<key>/`` where `key` hashes the analyzer version,
the schema version and the content folder. Inside, a Whoosh index named ``notes`` and a
``kumonote.json`` written last, when the index is complete. Each document stores a digest
of its note, so a later start (or a live reload) re-indexes only the notes that changed.

Design around Whoosh's failure modes:

* *Any* error while opening (missing or truncated segment files, a schema pickled by an
  older kumonote, unreadable files) means "no usable index": build a new one. Opening also
  reads every stored document, which touches the segment files, so damage shows up here and
  not in the middle of a search.
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
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage, RamStorage

from tui.search.analysis import ANALYZER_VERSION
from tui.search.documents import SCHEMA_VERSION, DocData
from tui.search.indexing import bulk_write, make_schema

INDEX_NAME = "notes"
MARKER = "kumonote.json"
STALE_BUILD_SECONDS = 6 * 3600


def default_cache_dir() -> Path:
    """The user cache directory of kumonote (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("kumonote", appauthor=False))


def index_key(root: Path) -> str:
    """Folder name of the index of the content at `root`."""
    text = f"{ANALYZER_VERSION}:{SCHEMA_VERSION}:{root}"
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


def read_documents(ix: Any) -> dict[str, str]:
    """{note id: digest} of every live document; raises if the index is damaged."""
    out: dict[str, str] = {}
    with ix.reader() as reader:
        for _docnum, stored in reader.iter_docs():
            note_id = stored.get("id")
            digest = stored.get("digest")
            if not isinstance(note_id, str) or not isinstance(digest, str):
                raise ValueError("index document without id or digest")
            out[note_id] = digest
    return out


def _check_schema(ix: Any) -> None:
    expected = make_schema()
    found = ix.schema
    if sorted(found.names()) != sorted(expected.names()):
        raise ValueError("index schema from another version")
    for name in expected.names():
        if type(found[name]) is not type(expected[name]):
            raise ValueError(f"index field {name} from another version")


class DiskStore:
    """The on-disk home of one library's index."""

    def __init__(self, cache_dir: Path, root: Path) -> None:
        self.base = cache_dir / "search"
        self.key = index_key(root)
        self.path = self.base / self.key
        self.root = root

    def prepare(self) -> None:
        """Create the cache folder; raises OSError when that is impossible."""
        self.base.mkdir(parents=True, exist_ok=True)
        if not os.access(self.base, os.W_OK | os.X_OK):
            raise PermissionError(f"cannot write to {self.base}")

    def open(self) -> tuple[Any, dict[str, str]] | None:
        """(index, documents) of a complete, readable index; None when there is none."""
        if not (self.path / MARKER).is_file():
            return None
        try:
            meta = json.loads((self.path / MARKER).read_text(encoding="utf-8"))
            if meta.get("analyzer") != ANALYZER_VERSION or meta.get("schema") != SCHEMA_VERSION:
                return None
            storage = FileStorage(str(self.path), readonly=not os.access(self.path, os.W_OK))
            ix = storage.open_index(indexname=INDEX_NAME)
            _check_schema(ix)
            return ix, read_documents(ix)
        except Exception:
            return None

    def build(self, docs: Iterable[DocData], progress: Callable[[int], None] | None) -> Any:
        """Build a complete index aside and swap it into place; returns the opened index."""
        self.cleanup()
        token = uuid.uuid4().hex[:8]
        aside = self.base / f".build-{self.key}-{os.getpid()}-{token}"
        aside.mkdir(parents=True)
        try:
            storage = FileStorage(str(aside))
            ix = storage.create_index(make_schema(), indexname=INDEX_NAME)
            bulk_write(ix, docs, progress)
            meta = {"analyzer": ANALYZER_VERSION, "schema": SCHEMA_VERSION,
                    "root": str(self.root), "built": time.time()}
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
        return FileStorage(str(home)).open_index(indexname=INDEX_NAME)

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
            if name.startswith(".old-") or not _alive(pid) or age > STALE_BUILD_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def writer_for(ix: Any, timeout: float) -> Any:
    """An index writer, waiting up to `timeout` seconds for another process's write lock;
    raises ``whoosh.index.LockError`` after that."""
    return ix.writer(timeout=timeout, delay=0.05)


LockError = whoosh_index.LockError

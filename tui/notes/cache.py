"""The notes' metadata cache: what the tree, the first screen and the search index need to know
about every note, kept between runs so that a start reads no note it does not show.

One file per content path, ``<user cache>/kumonote/notes/<key>.pickle`` (the folder the search
index lives in, `tui.search.storage`), holding for each note file its stamp (size, mtime, ctime
and inode, from one ``stat``) and what loading it gave: the warnings, and per note its id,
title, aliases, tags, order, where its body starts, its sections (packed into one UTF-8 byte
string, decoded when first shown), its image targets and its fingerprint (`Note.fingerprint`).
A file whose stamp is unchanged is not read: its notes are `StoredNote`s, whose bodies are
read from the file when first asked for (`FileBodies`). Images are resolved again on every load
(a missing picture may have appeared).

Safety:

* the cache is written aside and renamed into place (`os.replace`): a reader sees the old file
  or the new one, never half of one; two processes writing at once both write complete files;
* anything wrong with the file (missing, truncated, another version, another Python, damaged,
  not what it should hold) means "no cache": every note is read, and the cache written anew;
* the cache is also invalid when the loader's own source files change (their stamps are part
  of the file's header), so a parsing change is never hidden by stale entries;
* a file written less than `RACY_NS` before the load that read it is not cached (it is read
  again next time), since a second write in the same clock tick, of the same size, would
  otherwise go unnoticed;
* a body read later checks the file's stamp again: a file changed since loading is parsed anew
  and the note's body taken from it, a file removed or no longer readable gives a message in
  place of the body (and a `LoadWarning` on the library), never a traceback;
* a cache folder that cannot be written is simply not written: loading works as without one.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from tui.notes.model import LoadWarning, StoredNote

CACHE_VERSION = 2
"""Bumped when what is cached, or how it is read, changes."""
RACY_NS = 3_000_000_000
"""A file modified less than this before it was stamped is not trusted on the next load."""
STALE_SECONDS = 30 * 24 * 3600
"""Cache files of content not loaded for this long are removed."""
_MAGIC = b"kumonote-notes\n"

Stamp = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a file."""


def default_cache_dir() -> Path:
    """The user cache directory of kumonote (platformdirs): the notes' cache and the search
    index (`tui.search.storage`) live in it."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("kumonote", appauthor=False))


def stamp_of(info: os.stat_result) -> Stamp:
    """The stamp of a file from its ``stat``."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class NoteRecord(NamedTuple):
    """One note as cached (its id before ids are made unique across the library).

    Stored as a plain tuple (`tuple(record)`): unpickling 10,000 tuples is several times
    faster than 10,000 objects; `NoteRecord._make` names the fields again where wanted.
    """

    id: str
    title: str
    body_line: int
    """0-based line of the file where the body starts."""
    body_end: int
    """0-based line where the body ends (exclusive); -1: the end of the file."""
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    order: int
    sections: Any
    """`pack_sections` of the note's sections."""
    images: tuple[tuple[str, str], ...]
    """(alt, target) of each image, resolved again on every load."""
    fingerprint: str


FileRecord = tuple[Stamp, tuple[str, ...], tuple[tuple[Any, ...], ...]]
"""One note file as cached: its stamp, its warnings, its notes (`NoteRecord` tuples)."""


def file_record(stamp: Stamp, warnings: tuple[str, ...], notes: list[NoteRecord]) -> FileRecord:
    """The record of a file just read, in its stored form."""
    return (stamp, warnings, tuple(tuple(note) for note in notes))


def _code_stamp() -> tuple[Stamp, ...]:
    """Stamps of the modules whose code decides what loading a note gives."""
    from tui.notes import (
        decode,
        frontmatter,
        loader,
        model,
        safe_text,
        simple_yaml,
        slug,
        structure,
    )

    stamps = []
    for module in (decode, frontmatter, loader, model, safe_text, simple_yaml, slug, structure):
        try:
            stamps.append(stamp_of(os.stat(module.__file__ or "")))
        except OSError:
            stamps.append((0, 0, 0, 0))
    return tuple(stamps)


def _header(root: Path, single: bool) -> tuple[Any, ...]:
    return (CACHE_VERSION, sys.version_info[:2], str(root), single, _code_stamp())


_memory: dict[str, tuple[tuple[Any, ...], dict[str, FileRecord]]] = {}
"""The last cache loaded or written per cache file in this process: a reload after a file
changed (the app watches the notes) does not read the cache file again."""
_memory_lock = threading.Lock()


class NotesCache:
    """The cache of one content path for one load: the records found, the records to keep."""

    def __init__(self, path: Path | None, header: tuple[Any, ...]) -> None:
        self.path = path
        """The cache file; None when there is no usable cache folder."""
        self._header = header
        self._old: dict[str, FileRecord] = {}
        self._new: dict[str, FileRecord] = {}
        self._changed = False
        self._now = time.time_ns()
        self.hits = 0
        """Files whose notes came from the cache (for tests and the benchmark)."""

    @classmethod
    def open(cls, root: Path, single: bool, cache_dir: Path | None = None) -> NotesCache:
        """The cache of the content at `root` (`single`: one Markdown file there, else the
        folder). Never raises: without a usable cache every note is read."""
        header = _header(root, single)
        try:
            base = (cache_dir if cache_dir is not None else default_cache_dir()) / "notes"
        except Exception:
            return cls(None, header)
        cache = cls(base / f"{_key(root, single)}.pickle", header)
        cache._old = cache._read()
        return cache

    def _read(self) -> dict[str, FileRecord]:
        assert self.path is not None
        key = str(self.path)
        with _memory_lock:
            remembered = _memory.get(key)
        try:
            info = os.stat(self.path)
        except OSError:
            return {}
        if remembered is not None and remembered[0] == (*self._header, stamp_of(info)):
            return remembered[1]
        try:
            data = self.path.read_bytes()
            if not data.startswith(_MAGIC):
                return {}
            header, files = pickle.loads(data[len(_MAGIC) :])
            if header != self._header or not isinstance(files, dict):
                return {}
            # A record that is not what it should be fails when used, and its file is read.
        except Exception:  # damaged, truncated, from another kumonote: read every note
            return {}
        if time.time() - info.st_mtime > 24 * 3600:
            with contextlib.suppress(OSError):
                os.utime(self.path)  # in use: not removed as stale
        with _memory_lock:
            _memory[key] = ((*self._header, stamp_of(info)), files)
        return files

    def lookup(self, rel: str, info: os.stat_result) -> FileRecord | None:
        """The cached record of the file `rel` (relative to the root) when its stamp is
        unchanged, else None (the file must be read)."""
        record = self._old.get(rel)
        try:
            if record is None or record[0] != stamp_of(info):
                return None
        except Exception:  # not a record
            return None
        self._new[rel] = record
        self.hits += 1
        return record

    def store(self, rel: str, record: FileRecord) -> None:
        """Keep the record of a file just read, for the next load; not when the file was
        written so shortly before this load that another write could share its stamp, or
        changed while it was read (its stamp is then -1)."""
        self._changed = True
        mtime = record[0][1]
        if mtime >= 0 and self._now - mtime >= RACY_NS:
            self._new[rel] = record

    def save(self) -> None:
        """Write the cache when it changed (a file was read, added or removed). Best effort."""
        if self.path is None:
            return
        if not self._changed and self._new.keys() == self._old.keys():
            return
        folder = self.path.parent
        temp = folder / f".{self.path.name}.{os.getpid()}.{os.urandom(3).hex()}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            payload = pickle.dumps(
                (self._header, _shared(self._new)), protocol=pickle.HIGHEST_PROTOCOL
            )
            temp.write_bytes(_MAGIC + payload)
            os.replace(temp, self.path)
            info = os.stat(self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
            return
        with _memory_lock:
            _memory[str(self.path)] = ((*self._header, stamp_of(info)), self._new)
        _remove_stale(folder, keep=self.path)


_SHARED_FIELDS = tuple(NoteRecord._fields.index(name) for name in ("aliases", "tags", "images"))


def _shared(files: dict[str, FileRecord]) -> dict[str, FileRecord]:
    """The records with equal warnings, aliases, tags and image lists (and equal strings in
    them) made one object each, which pickle then stores once and loads once: most notes
    share their tags, many their aliases (a third less to load at 10,000 notes). A record
    that is not what it should be is kept as it is."""
    memo: dict[Any, Any] = {}
    share = memo.setdefault

    def shared_tuple(items: tuple[Any, ...]) -> tuple[Any, ...]:
        made = tuple(share(item, item) for item in items)
        return share(made, made)  # type: ignore[no-any-return]

    out: dict[str, FileRecord] = {}
    for rel, record in files.items():
        try:
            stamp, warnings, notes = record
            kept = []
            for note in notes:
                fields = list(note)
                for index in _SHARED_FIELDS:
                    fields[index] = shared_tuple(fields[index])
                kept.append(tuple(fields))
            out[rel] = (stamp, shared_tuple(warnings), tuple(kept))
        except Exception:  # not a record: stored as it is (it fails when used)
            out[rel] = record
    return out


def _key(root: Path, single: bool) -> str:
    """The cache file's name for the content at `root`: two checksums (not hashlib: loading
    OpenSSL would cost every start 5 ms). Two paths sharing a name only share a file, which
    then holds one of them at a time (its header names its content path)."""
    data = repr((CACHE_VERSION, str(root), single)).encode("utf-8", "replace")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _remove_stale(folder: Path, keep: Path) -> None:
    """Remove cache files of content not loaded for `STALE_SECONDS`, and leftovers of
    interrupted writes."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.path == str(keep):
            continue
        with contextlib.suppress(OSError):
            age = now - entry.stat().st_mtime
            leftover = entry.name.startswith(".") and age > 3600
            if leftover or (entry.name.endswith(".pickle") and age > STALE_SECONDS):
                os.unlink(entry.path)


@dataclass
class FileBodies:
    """Reads the bodies of the `StoredNote`s of one load from their files, when first asked."""

    parse: Callable[[str, str], list[tuple[str, str]]]
    """The loader's own: (file text, file path relative to the content root) → (note id,
    body) of every note it makes of the text; used for a file that changed since loading."""
    warnings: list[LoadWarning]
    """The library's warnings: a body that cannot be read adds one."""

    def read_body(self, note: StoredNote) -> str:
        """The body of `note` from its file (see the module's notes on safety)."""
        from tui.notes.decode import decode_note

        path, rel, stamp, first, end, loaded_id = note.place
        try:
            with open(path, "rb") as stream:
                before = stamp_of(os.fstat(stream.fileno()))
                data = stream.read()
                after = stamp_of(os.fstat(stream.fileno()))
        except FileNotFoundError:
            return self._problem(note, "the file was removed after the notes were loaded")
        except OSError as error:
            return self._problem(note, f"the file cannot be read now: {error.strerror or error}")
        text = decode_note(data).text
        if text is None:
            return self._problem(note, "the file is no longer readable text")
        if before == after == stamp:
            return _lines(text, first, end)
        # Changed since it was loaded: the note as the file has it now, when it still has it.
        # (The app notices the change too, and reloads the notes.)
        for note_id, body in self.parse(text, rel):
            if note_id == loaded_id:
                return body
        return self._problem(note, "the note is no longer in its file")

    def _problem(self, note: StoredNote, reason: str) -> str:
        self.warnings.append(LoadWarning(note.path, f"{reason}; reload the notes"))
        return _missing(note, reason)


def _missing(note: StoredNote, reason: str) -> str:
    return (
        f"# {note.title}\n\n"
        f"このノートを読めませんでした (this note could not be read): {reason}.\n\n"
        f"`{note.path}`\n"
    )


def _lines(text: str, first: int, end: int) -> str:
    """Lines [first, end) of `text` (end -1: to the end), as the loader cut the body."""
    start = 0
    for _ in range(first):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    if end < 0:
        return text[start:]
    stop = start
    for _ in range(end - first):
        found = text.find("\n", stop)
        if found < 0:
            stop = len(text)
            break
        stop = found + 1
    return text[start:stop].rstrip("\n") + "\n"

"""Building large indexes with helper processes, one Whoosh segment each.

Analysis (folding, bigrams, Sudachi readings) and inverting the postings are pure Python
and take ~2 ms per note, so a 10,000-note index is built by several processes: helpers
(``python -m tui.search.worker segment FOLDER``) and this one take chunks of notes from a
shared queue whenever they are free (a helper that gets less CPU on a busy machine simply
takes fewer), each writes the notes it took as one segment of the index being built, and
this process commits one table of contents listing every segment. Whoosh reads a
multi-segment index as one (document numbers are offset per segment).

Plain subprocesses with pickled notes over a pipe, not ``multiprocessing``: its spawn
start method re-imports the parent's ``__main__`` (``python -m tui`` would start a second
kumonote), and fork is unsafe in a threaded UI. Each writer keeps its temporary files in a
folder of its own (`PrivateTempStorage`): Whoosh names them after the index, so writers of
one index would otherwise delete each other's files.

If a helper cannot start, fails or dies, the notes it was given are written by this
process; nothing is lost and nothing raises. Small libraries (and in-memory indexes) are
built in-process, and so is everything when the machine has no idle CPU: a helper that
has to share a core only slows the build down.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import struct
import subprocess
import sys
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from whoosh.filedb.filestore import FileStorage

from tui.notes.model import Note, Section
from tui.search.documents import DocData, analyze_note
from tui.search.indexing import bulk_write, segment_writer, write_segment
from tui.search.readings import Reader

MIN_NOTES = 3000
"""Fewer notes than this are indexed in this process (a helper takes ~0.3 s to start)."""
CHUNK = 100
"""Notes handed out at a time: small enough to balance a helper that gets less CPU (a busy
machine) against this process, large enough to keep the pipe traffic cheap."""
INDEX_NAME = "notes"
_HEADER = struct.Struct("<Q")


class PrivateTempStorage(FileStorage):  # type: ignore[misc]
    """A FileStorage whose writers' temporary folders are unique to the writer, and removed
    by `remove_temp` (Whoosh's per-document writer leaves its folder behind)."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        """A new temporary folder inside the index folder, never shared."""
        if self.readonly:
            from whoosh.filedb.filestore import ReadOnlyError

            raise ReadOnlyError
        unique = f"{name or 'tmp'}-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
        if not hasattr(self, "_temps"):
            self._temps: list[str] = []
        self._temps.append(os.path.join(self.folder, unique))
        return FileStorage(os.path.join(self.folder, unique)).create()

    def remove_temp(self) -> None:
        """Delete the temporary folders made through this storage."""
        for path in getattr(self, "_temps", []):
            shutil.rmtree(path, ignore_errors=True)
        self._temps = []


def remove_stale_temp(folder: Path) -> None:
    """Delete temporary folders left in an index folder by processes that are gone."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            parts = entry.name.rsplit("-", 2)
            if entry.suffix != ".tmp" or len(parts) != 3 or not parts[1].isdigit():
                continue
            pid = int(parts[1])
            if pid == os.getpid() or not process_alive(pid):
                shutil.rmtree(entry, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """True when process `pid` exists (this process included; never for pid ≤ 0, which
    would address a process group). A process of another user counts as alive."""
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


def _send(stream: IO[bytes], payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("closed")
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("cut short")
    return pickle.loads(data)


def _note_to_wire(note: Note) -> tuple[Any, ...]:
    return (
        note.id,
        note.title,
        note.category,
        note.body,
        note.aliases,
        note.tags,
        tuple((s.level, s.title, s.anchor, s.line) for s in note.sections),
    )


def _note_from_wire(wire: tuple[Any, ...]) -> Note:
    note_id, title, category, body, aliases, tags, sections = wire
    return Note(
        id=note_id,
        title=title,
        category=category,
        body=body,
        path=Path(),
        aliases=aliases,
        tags=tags,
        sections=tuple(Section(*s) for s in sections),
    )


def helper_count() -> int:
    """How many helper processes to use: one per idle CPU (the 1-minute load average
    counts this process too), at most three."""
    cpus = os.cpu_count() or 1
    try:
        busy = round(os.getloadavg()[0])
    except (AttributeError, OSError):
        busy = 1
    return max(0, min(cpus - max(busy, 1), 3))


class _Chunks:
    """The notes still to analyze, in chunks taken by whoever is free first."""

    def __init__(self, notes: list[Note], size: int) -> None:
        self._chunks = deque(notes[i : i + size] for i in range(0, len(notes), size))
        self._lock = threading.Lock()

    def take(self) -> list[Note] | None:
        """The next chunk, or None when all are taken."""
        with self._lock:
            return self._chunks.popleft() if self._chunks else None


class _Helper:
    """One helper process writing one segment. A feeder thread hands it a chunk whenever it
    has fewer than two in hand; a reader thread collects its reports."""

    AHEAD = 2

    def __init__(self, folder: Path, chunks: _Chunks, tick: Callable[[int], None]) -> None:
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, [env.get("PYTHONPATH")])])
        env["PYTHONWARNINGS"] = "ignore"
        self.given: list[Note] = []
        """Every note handed over (written here instead if the helper fails)."""
        self.segment: Any = None
        self.count = 0
        self.error: BaseException | None = None
        self._chunks = chunks
        self._tick = tick
        self._room = threading.Semaphore(self.AHEAD)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui.search.worker", "segment", str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._threads = [
            threading.Thread(target=self._feed, daemon=True),
            threading.Thread(target=self._read, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _feed(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            while self.error is None:
                self._room.acquire()
                chunk = self._chunks.take()
                if chunk is None:
                    break
                self.given.extend(chunk)
                _send(stdin, [_note_to_wire(n) for n in chunk])
            stdin.close()
        except (OSError, ValueError, pickle.PicklingError) as error:
            self.error = error

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            while True:
                kind, *rest = _receive(stdout)
                if kind == "chunk":
                    self._tick(rest[0])
                    self._room.release()
                elif kind == "segment":
                    self.segment, self.count = rest
                    return
                else:
                    self.error = RuntimeError(str(rest[0]) if rest else "helper failed")
                    return
        except Exception as error:
            self.error = error
        finally:
            self._room.release()  # never leave the feeder waiting

    def wait(self) -> Any:
        """The helper's segment, or None if it failed."""
        for thread in self._threads:
            thread.join(timeout=3600)
        self.stop()
        if self.error is not None or self.segment is None or self.count != len(self.given):
            return None
        return self.segment

    def stop(self) -> None:
        """End the helper process (it is ours; nothing else is touched)."""
        with contextlib.suppress(Exception):
            if self.process.poll() is None:
                self.process.wait(timeout=1)
        with contextlib.suppress(Exception):
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.close()


def _analyzed(notes: Iterable[Note], reader: Reader) -> Iterator[DocData]:
    """The notes analyzed for a full build. The reading tables (``rmap``, ``kmap``) are
    lookup tables, not something to score: each pair is indexed with the first note that
    has it, which saves a tenth of all postings."""
    seen: set[str] = set()
    for note in notes:
        doc = analyze_note(note, reader)
        for name in ("rmap", "kmap"):
            pairs = doc.fields.get(name)
            if pairs:
                fresh = [pair for pair in pairs if pair not in seen]
                seen.update(fresh)
                doc.fields[name] = fresh
        yield doc


def build_index(
    ix: Any,
    folder: Path | None,
    notes: list[Note],
    reader: Reader,
    progress: Callable[[int], None] | None = None,
    helpers: int | None = None,
) -> int:
    """Index `notes` into the empty index `ix` (stored in `folder`, None for memory);
    returns the number of documents."""
    count = helper_count() if helpers is None else helpers
    if folder is None or len(notes) < MIN_NOTES or count <= 0:
        try:
            return bulk_write(ix, _analyzed(notes, reader), progress)
        finally:
            remove_temp = getattr(ix.storage, "remove_temp", None)
            if remove_temp is not None:
                remove_temp()
    chunks = _Chunks(notes, CHUNK)
    done = [0] * (count + 1)
    lock = threading.Lock()

    def ticker(slot: int) -> Callable[[int], None]:
        def tick(value: int) -> None:
            with lock:
                done[slot] = value
                total = sum(done)
            if progress is not None:
                progress(total)

        return tick

    started: list[_Helper] = []
    for number in range(1, count + 1):
        with contextlib.suppress(Exception):
            started.append(_Helper(folder, chunks, ticker(number)))

    def mine() -> Iterator[Note]:
        while (chunk := chunks.take()) is not None:
            yield from chunk

    def more_segments() -> list[Any]:
        segments = []
        for helper in started:
            segment = helper.wait()
            if segment is None and helper.given:  # its notes are written here instead
                writer = segment_writer(ix)
                segment, _count = write_segment(writer, _analyzed(helper.given, reader))
                writer._finish()
            if segment is not None:
                segments.append(segment)
        return segments

    try:
        bulk_write(ix, _analyzed(mine(), reader), ticker(0), more_segments)
    finally:
        for helper in started:
            helper.stop()
        remove_temp = getattr(ix.storage, "remove_temp", None)
        if remove_temp is not None:
            remove_temp()
    return len(notes)


def _segment_main(folder: str) -> int:
    """Helper: read notes from stdin until its end, write them as one segment of the index
    in `folder`, report the segment on stdout."""
    import gc

    gc.disable()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        reader = Reader()
        ix = PrivateTempStorage(folder).open_index(indexname=INDEX_NAME)
        writer = segment_writer(ix)

        taken = [0]

        def notes() -> Iterator[Note]:
            while True:
                try:
                    chunk = _receive(stdin)
                except EOFError:
                    return
                for wire in chunk:
                    yield _note_from_wire(wire)
                taken[0] += len(chunk)
                # Reported once the chunk is analyzed (the next note is asked for): the
                # parent then hands over another one.
                _send(stdout, ("chunk", taken[0]))

        segment, count = write_segment(writer, _analyzed(notes(), reader))
        writer._finish()
        ix.storage.remove_temp()
        _send(stdout, ("segment", segment, count))
        return 0
    except Exception as error:
        with contextlib.suppress(Exception):
            _send(stdout, ("error", f"{type(error).__name__}: {error}"))
        return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of a helper process."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "segment":
        return _segment_main(args[1])
    print("usage: python -m tui.search.worker segment INDEX_FOLDER", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())

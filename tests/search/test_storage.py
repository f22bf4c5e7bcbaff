"""The on-disk index: reuse, incremental updates, damage, locks and fallbacks."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from waiting import DEADLINE

from tui.notes import bundled_library
from tui.notes.model import Library, Note
from tui.search import documents, storage, worker
from tui.search import engine as engine_module
from tui.search.engine import SearchEngine
from tui.search.readings import Reader
from tui.search.storage import MARKER, DiskStore, memory_index
from tui.search.worker import INDEX_NAME

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def count_analyzed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the notes analyzed (i.e. indexed) from now on."""
    seen: list[str] = []
    original = documents.analyze_note

    def counting(note: Note, reader: Reader) -> documents.DocData:
        seen.append(note.id)
        return original(note, reader)

    monkeypatch.setattr(worker, "analyze_note", counting)
    monkeypatch.setattr(engine_module, "analyze_note", counting)
    return seen


def edited(library: Library, note_id: str, extra: str) -> Library:
    """A copy of `library` with `extra` appended to one note's body."""
    categories = []
    for category in library.categories:
        notes = [replace(n, body=n.body + extra) if n.id == note_id else n for n in category.notes]
        categories.append(replace(category, notes=notes))
    return Library(
        root=library.root,
        categories=categories,
        warnings=library.warnings,
        image_roots=library.image_roots,
    )


def index_dir(cache: Path) -> Path:
    (found,) = [p for p in (cache / "search").iterdir() if not p.name.startswith(".")]
    return found


def test_second_open_reuses_the_cache(tmp_path: Path, count_analyzed: list[str]) -> None:
    library = bundled_library()
    first = SearchEngine.open(library, cache_dir=tmp_path)
    assert first.notice is None and first.location is not None
    assert len(count_analyzed) == len(library)
    count_analyzed.clear()
    second = SearchEngine.open(library, cache_dir=tmp_path)
    assert count_analyzed == []
    assert second.notice is None
    assert second.search("暗号").hits[0].note_id == "security/kms"


def test_changed_note_is_reindexed_alone(tmp_path: Path, count_analyzed: list[str]) -> None:
    library = bundled_library()
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    count_analyzed.clear()
    changed = edited(library, "iot/greengrass", "\n- 量子もつれの説明 (quantumzzz)\n")
    engine.update(changed)
    assert count_analyzed == ["iot/greengrass"]
    assert [h.note_id for h in engine.search("quantumzzz").hits] == ["iot/greengrass"]
    assert engine.search("量子もつれ").hits[0].note_id == "iot/greengrass"
    # ... and a later start only re-indexes what changed since the cache was written.
    count_analyzed.clear()
    again = edited(changed, "security/pii", "\n- 追記 (appendixzzz)\n")
    reopened = SearchEngine.open(again, cache_dir=tmp_path)
    assert count_analyzed == ["security/pii"]
    assert reopened.search("appendixzzz").hits[0].note_id == "security/pii"
    assert reopened.search("quantumzzz").hits[0].note_id == "iot/greengrass"


def test_removed_and_added_notes(tmp_path: Path) -> None:
    library = bundled_library()
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    first = library.categories[0]
    gone = first.notes[0]
    new = replace(gone, id="extra/new-note", title="新しいノート zebrafish")
    categories = [replace(first, notes=[*first.notes[1:], new]), *library.categories[1:]]
    engine.update(Library(root=library.root, categories=categories))
    assert [h.note_id for h in engine.search("zebrafish").hits] == ["extra/new-note"]
    ids = {h.note_id for h in engine.search(gone.title).hits}
    assert gone.id not in ids


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete"])
def test_damaged_files_mean_rebuild(tmp_path: Path, damage: str) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    folder = index_dir(tmp_path)
    for path in folder.iterdir():
        if path.name == MARKER:
            continue
        if damage == "truncate":
            path.write_bytes(path.read_bytes()[: max(0, path.stat().st_size // 3)])
        elif damage == "garbage":
            path.write_bytes(b"\x00garbage" * 7)
        else:
            path.unlink()
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    assert engine.notice is not None and "rebuilt" in engine.notice
    assert engine.search("暗号").hits[0].note_id == "security/kms"
    assert SearchEngine.open(library, cache_dir=tmp_path).notice is None


def test_older_analyzer_version_is_rebuilt(tmp_path: Path, count_analyzed: list[str]) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    marker = index_dir(tmp_path) / MARKER
    meta = json.loads(marker.read_text())
    meta["analyzer"] = -1
    marker.write_text(json.dumps(meta))
    count_analyzed.clear()
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    assert len(count_analyzed) == len(library)
    assert engine.search("kms").hits


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    engine = SearchEngine.open(bundled_library(), cache_dir=blocker)
    assert engine.location is None
    assert engine.notice is not None and "in-memory" in engine.notice
    assert engine.search("暗号").hits[0].note_id == "security/kms"


def test_full_disk_during_build_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "build_index", full)
    engine = SearchEngine.open(bundled_library(), cache_dir=tmp_path)
    assert engine.notice is not None and "in-memory" in engine.notice
    assert engine.search("kms").hits[0].note_id == "security/kms"
    leftovers = [p.name for p in (tmp_path / "search").iterdir()]
    assert not [name for name in leftovers if name.startswith(".build-")]


def test_killed_build_leaves_old_index_usable_and_is_cleaned(tmp_path: Path) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    store = DiskStore(tmp_path, library.root)
    dead = tmp_path / "search" / f".build-{store.key}-999999999-deadbeef"
    dead.mkdir()
    (dead / "_notes_1.toc").write_bytes(b"half written")
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    assert engine.notice is None
    assert engine.search("kms").hits
    store.cleanup()
    assert not dead.exists()


def test_busy_write_lock_does_not_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    monkeypatch.setattr(engine_module, "LOCK_WAIT", 0.1)
    from whoosh.filedb.filestore import FileStorage

    held = FileStorage(str(index_dir(tmp_path))).open_index(indexname=INDEX_NAME)
    lock = held.lock("WRITELOCK")
    assert lock.acquire()
    try:
        changed = edited(library, "iot/greengrass", "\n- lockedzzz\n")
        engine = SearchEngine.open(changed, cache_dir=tmp_path)
        assert engine.notice is not None and "another kumonote" in engine.notice
        assert engine.search("lockedzzz").hits[0].note_id == "iot/greengrass"
    finally:
        lock.release()


def test_memory_indexes_have_unique_names() -> None:
    first, second = memory_index(), memory_index()
    assert first.indexname != second.indexname
    assert first.storage.temp_storage() is not second.storage.temp_storage()


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path, progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1] == (len(library), len(library))


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tui.notes import bundled_library
        from tui.search.engine import SearchEngine
        engine = SearchEngine.open(bundled_library(), cache_dir={str(tmp_path)!r})
        hits = engine.search("暗号").hits
        print(hits[0].note_id if hits else "none", engine.notice)
    """)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.startswith("security/kms"), out + err
    reopened = SearchEngine.open(bundled_library(), cache_dir=tmp_path)
    assert reopened.notice is None


def flip_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x5A
    path.write_bytes(bytes(data))


QUERIES = [
    ("暗号", {"security/kms"}),
    ("suiron", {"compute/inferentia", "compute/elastic-inference"}),
    ("コンテナ", {"containers/dl-containers"}),
    ("kms", {"security/kms"}),
]


def term_dictionary(segment: Path) -> tuple[int, int]:
    """Where the term dictionary is in a compound segment file: (offset, length)."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import StructFile

    with segment.open("rb") as handle:
        compound = CompoundStorage(StructFile(handle), use_mmap=False)
        (name,) = [name for name in compound.list() if name.endswith(".trm")]
        offset, length = compound.range(name)
        return int(offset), int(length)


@pytest.mark.parametrize("seed", [0, 3, 8])
def test_scribbled_segment_is_repaired(tmp_path: Path, seed: int) -> None:
    # Scribbled over inside the term dictionary (nearly all of the segment, and what Whoosh
    # decodes without an error, missing notes), found through the segment's directory: a
    # compound segment lays out its sub-files in the listing order of randomly named files,
    # so the same offsets into the .seg file would hit another sub-file from build to build.
    import random

    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    rnd = random.Random(seed)
    (path,) = index_dir(tmp_path).glob("*.seg")
    start, length = term_dictionary(path)
    data = bytearray(path.read_bytes())
    for _ in range(30):
        at = start + rnd.randrange(length)
        end = min(at + 500, start + length)
        data[at:end] = rnd.randbytes(end - at)
    path.write_bytes(bytes(data))
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    for query, expected in QUERIES:
        result = engine.search(query)
        assert result.hits and result.hits[0].note_id in expected
    assert engine.notice is not None and "rebuilt" in engine.notice
    assert SearchEngine.open(library, cache_dir=tmp_path).notice is None


@pytest.mark.parametrize("where", [0.0, 0.25, 0.5, 0.75, 1.0])
@pytest.mark.parametrize("suffix", [".seg", ".toc"])
def test_one_changed_byte_is_found(tmp_path: Path, suffix: str, where: float) -> None:
    # Whoosh decodes most of a damaged term dictionary without an error (and then misses
    # notes); the checksums find any changed byte when the index is opened.
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    (path,) = index_dir(tmp_path).glob(f"*{suffix}")
    flip_byte(path, min(int(path.stat().st_size * where), path.stat().st_size - 1))
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    assert engine.notice is not None and "rebuilt" in engine.notice
    for query, expected in QUERIES:
        result = engine.search(query)
        assert result.hits and result.hits[0].note_id in expected
    assert SearchEngine.open(library, cache_dir=tmp_path).notice is None


def test_segments_written_by_an_update_are_checked(tmp_path: Path) -> None:
    library = bundled_library()
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    before = set(index_dir(tmp_path).glob("*.seg"))
    changed = edited(library, "iot/greengrass", "\n- checkedzz\n")
    engine.update(changed)
    engine.close()
    sums = json.loads((index_dir(tmp_path) / storage.CHECKSUMS).read_text())
    (new,) = set(index_dir(tmp_path).glob("*.seg")) - before
    assert new.name in sums
    flip_byte(new, new.stat().st_size // 2)
    reopened = SearchEngine.open(changed, cache_dir=tmp_path)
    assert reopened.notice is not None and "rebuilt" in reopened.notice
    assert [h.note_id for h in reopened.search("checkedzz").hits] == ["iot/greengrass"]


def test_index_without_checksums_is_kept_and_recorded(tmp_path: Path) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    sums = index_dir(tmp_path) / storage.CHECKSUMS
    recorded = json.loads(sums.read_text())
    sums.unlink()  # as an older kumonote left it
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    assert engine.notice is None
    assert engine.search("暗号").hits[0].note_id == "security/kms"
    assert json.loads(sums.read_text()) == recorded


def generated(count: int) -> Library:
    from bench import corpus

    return corpus.library(count, big_note=False)


@pytest.mark.parametrize("helper_fails", [False, True])
def test_parallel_build_gives_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper_fails: bool
) -> None:
    library = generated(90)
    serial = SearchEngine.open(library, cache_dir=tmp_path / "serial")
    monkeypatch.setattr(worker, "MIN_NOTES", 10)
    monkeypatch.setattr(worker, "CHUNK", 5)
    monkeypatch.setattr(worker, "helper_count", lambda: 2)
    # This process analyzes nothing until a helper has taken a chunk (its feeder thread takes
    # them here), so the helpers always get notes, however fast this process is.
    builder = threading.get_ident()
    helper_took = threading.Event()
    take = worker._Chunks.take

    def taking(self: worker._Chunks) -> list[Note] | None:
        chunk = take(self)
        if chunk is not None and threading.get_ident() != builder:
            helper_took.set()
        return chunk

    original_analyze = documents.analyze_note

    def after_a_helper(note: Note, reader: Reader) -> documents.DocData:
        assert helper_took.wait(DEADLINE), "no helper took a chunk"
        return original_analyze(note, reader)

    monkeypatch.setattr(worker._Chunks, "take", taking)
    monkeypatch.setattr(worker, "analyze_note", after_a_helper)
    if helper_fails:
        original = worker._Helper.__init__

        def broken(self: worker._Helper, folder: Path, chunks: object, tick: object) -> None:
            original(self, tmp_path / "no-such-index", chunks, tick)  # type: ignore[arg-type]

        monkeypatch.setattr(worker._Helper, "__init__", broken)
    parallel = SearchEngine.open(library, cache_dir=tmp_path / "parallel")
    assert parallel.notice is None
    segments = parallel._ix._segments()
    assert sum(s.doc_count() for s in segments) == len(library)
    if not helper_fails:
        assert len(segments) >= 2
    for query in ["暗号", "sagemaker", "こんてな", "suiron", "推論 lambda", "sagemkaer"]:
        expected = {h.note_id for h in serial.search(query, limit=200).hits}
        found = {h.note_id for h in parallel.search(query, limit=200).hits}
        assert found == expected, query
    leftovers = [p for p in (tmp_path / "parallel").rglob("*.tmp")]
    assert leftovers == []


def test_many_small_updates_merge_segments(tmp_path: Path) -> None:
    library = bundled_library()
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    current = library
    for number in range(12):
        current = edited(current, "security/kms", f"\n- 更新{number} (update{number}zz)\n")
        engine.update(current)
        assert engine.notice is None
        assert engine.search(f"update{number}zz").hits[0].note_id == "security/kms"
    assert engine.search("update0zz").hits[0].note_id == "security/kms"
    assert [h.note_id for h in engine.search("暗号").hits][:1] == ["security/kms"]
    reopened = SearchEngine.open(current, cache_dir=tmp_path)
    assert reopened.notice is None
    assert reopened.search("update11zz").hits[0].note_id == "security/kms"
    assert len(reopened._ix._segments()) <= 6


def test_note_ids_that_are_not_utf8(tmp_path: Path) -> None:
    # File names that are not UTF-8 give ids with lone surrogates.
    library = bundled_library()
    first = library.categories[0]
    odd = replace(first.notes[0], id="odd/\udcff-name", body=first.notes[0].body + "\n- oddzz\n")
    categories = [replace(first, notes=[odd, *first.notes[1:]]), *library.categories[1:]]
    odd_library = Library(root=library.root, categories=categories)
    engine = SearchEngine.open(odd_library, cache_dir=tmp_path)
    assert engine.notice is None
    assert [h.note_id for h in engine.search("oddzz").hits] == ["odd/\udcff-name"]
    changed = edited(odd_library, "odd/\udcff-name", "\n- oddyy\n")
    engine.update(changed)
    assert engine.notice is None
    assert [h.note_id for h in engine.search("oddyy").hits] == ["odd/\udcff-name"]
    assert [h.note_id for h in engine.search("oddzz").hits] == ["odd/\udcff-name"]
    engine.update(library)
    assert engine.search("oddzz").hits == []


def test_read_only_cache_is_used_when_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    before = sorted(p.name for p in index_dir(tmp_path).iterdir())
    monkeypatch.setattr(os, "access", lambda path, mode: not mode & os.W_OK)
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    assert engine.notice is None and engine.location is not None
    assert engine.search("暗号").hits[0].note_id == "security/kms"
    changed = edited(library, "iot/greengrass", "\n- readonlyzz\n")
    engine.update(changed)
    assert engine.notice is not None and "in-memory" in engine.notice
    assert engine.search("readonlyzz").hits[0].note_id == "iot/greengrass"
    other = SearchEngine.open(changed, cache_dir=tmp_path)
    assert other.notice is not None and "not writable" in other.notice
    assert other.search("readonlyzz").hits[0].note_id == "iot/greengrass"
    monkeypatch.undo()
    assert sorted(p.name for p in index_dir(tmp_path).iterdir()) == before


def test_process_alive() -> None:
    assert worker.process_alive(os.getpid())
    assert not worker.process_alive(0) and not worker.process_alive(-1)
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert not worker.process_alive(int(done.stdout))

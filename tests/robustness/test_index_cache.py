"""The index cache under real processes: killed mid-build, a full disk, a read-only folder,
several kumonote at once, and damage the user is told about.

Already covered in tests/search/test_storage.py (in one process): truncated, garbage and
deleted segment files, scribbled segments, an older analyzer version, a cache path that is
a file, ENOSPC raised by the build, a dead build's leftovers, a busy write lock, three
processes building at once.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from waiting import NeverHappened, poll_until

from tui.notes import Library, bundled_library, load_library
from tui.search.engine import SearchEngine
from tui.search.storage import MARKER, DiskStore

from .conftest import child_env, kumonote_args
from .test_app_on_bad_content import Told, ready


def index_folder(cache: Path) -> Path:
    (folder,) = [p for p in (cache / "search").iterdir() if not p.name.startswith(".")]
    return folder


def fingerprint(folder: Path) -> dict[str, str]:
    """Name → hash of every file of a complete index (what must not change)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(".tmp")
    }


# Rebuilds the bundled notes' index from scratch: 6,000 notes that all differ from the
# indexed ones (a full rebuild, built aside with two helper processes, however busy the
# machine: on an idle one kumonote would start them itself). Says when it begins.
REBUILD = """
import sys
from dataclasses import replace
from pathlib import Path
from tui.notes import bundled_library
from tui.notes.model import Category, Library
from tui.search import worker
from tui.search.engine import SearchEngine
worker.helper_count = lambda: 2
library = bundled_library()
base = library.notes[0]
notes = [replace(base, id=f"many/n{n}", title=f"ノート {n}", body=f"{base.body}\\n- re{n}zz\\n")
         for n in range(6000)]
other = Library(root=library.root, categories=[Category("many", "many", notes=notes)])
print("start", flush=True)
SearchEngine.open(other, cache_dir=Path(sys.argv[1]))
print("done", flush=True)
"""


def helpers_writing(cache: Path, process: subprocess.Popen[str]) -> bool:
    """Whether a helper of `process` has begun its segment of the build: the folder being
    built holds a writer's temporary folder (``NAME-PID-TOKEN.tmp``) of another process."""
    assert process.poll() is None, "the build ended before a helper wrote anything"
    for build in (cache / "search").iterdir():
        if not build.name.startswith(".build-"):
            continue
        with contextlib.suppress(OSError):
            for entry in build.iterdir():
                parts = entry.name.rsplit("-", 2)
                if entry.suffix == ".tmp" and len(parts) == 3 and parts[1] != str(process.pid):
                    return True
    return False


def group_gone(group: int) -> bool:
    """Whether every process of our child's group (its helpers) has ended."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def wait_group_gone(group: int) -> None:
    try:
        poll_until(lambda: group_gone(group), "the killed build's helpers ended", timeout=30)
    except NeverHappened:
        os.killpg(group, signal.SIGKILL)  # ours: the killed build's own helpers
        raise


def test_kill_9_during_a_rebuild_keeps_the_old_index(tmp_path: Path) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    folder = index_folder(tmp_path)
    before = fingerprint(folder)
    process = subprocess.Popen(
        [sys.executable, "-c", REBUILD, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        start_new_session=True,
    )
    try:
        poll_until(lambda: helpers_writing(tmp_path, process), "helpers writing segments")
        assert process.poll() is None, "the build ended before it could be killed"
        process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        out, _ = process.communicate(timeout=30)
    wait_group_gone(process.pid)
    assert process.returncode == -signal.SIGKILL and "done" not in out
    # The old index is untouched, and the next start uses it as it is.
    assert index_folder(tmp_path) == folder and fingerprint(folder) == before
    leftovers = [p for p in (tmp_path / "search").iterdir() if p.name.startswith(".build-")]
    assert leftovers, "the killed build left no folder: it was not killed mid-build"
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    assert engine.notice is None and engine.location == folder
    assert engine.search("暗号").hits[0].note_id == "security/kms"
    # The next build clears what the killed one left.
    DiskStore(tmp_path, library.root).cleanup()
    assert not [p for p in leftovers if p.exists()]


# Opens the index with a file size limit far below the segment's: every write of the new
# index fails with EFBIG, as on a full disk, in a real process. Every note changed, and
# `extra` more: few enough to update the index in place, or enough to rebuild it aside.
FULL_DISK = """
import resource, signal, sys
from dataclasses import replace
from pathlib import Path
from tui.notes import bundled_library
from tui.notes.model import Library
from tui.search.engine import SearchEngine
library = bundled_library()
extra = [replace(library.notes[0], id=f"extra/{n}") for n in range(int(sys.argv[2]))]
changed = Library(root=library.root, image_roots=library.image_roots, categories=[
    replace(c, notes=[replace(n, body=n.body + "\\n- fullzz\\n") for n in c.notes + extra])
    for c in library.categories[:1]] + [
    replace(c, notes=[replace(n, body=n.body + "\\n- fullzz\\n") for n in c.notes])
    for c in library.categories[1:]])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
engine = SearchEngine.open(changed, cache_dir=Path(sys.argv[1]))
hits = engine.search("fullzz", limit=1000).hits
print(len(hits), engine.location, engine.notice, sep="\\n")
"""


@pytest.mark.parametrize("extra", [0, 60], ids=["update in place", "rebuild aside"])
def test_full_disk_falls_back_to_memory_and_says_so(tmp_path: Path, extra: int) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    folder = index_folder(tmp_path)
    before = fingerprint(folder)
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(tmp_path), str(extra)],
        text=True,
        capture_output=True,
        env=child_env(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    count, location, notice = result.stdout.strip().split("\n", 2)
    assert int(count) == len(library) + extra and location == "None"
    assert "in-memory" in notice and "File too large" in notice
    after = fingerprint(folder)
    # Every file of the index is as it was (an update cut short may leave unreferenced
    # segment files: Whoosh removes them at the next commit).
    assert {name: after[name] for name in before} == before
    if extra:
        assert after == before
    assert not [p for p in (tmp_path / "search").iterdir() if p.name.startswith(".build-")]
    assert SearchEngine.open(library, cache_dir=tmp_path).notice is None


@contextmanager
def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`folder` and everything under it cannot be written: for real (chmod) for an ordinary
    user, and by refusing every write call under it (EROFS) for root, who ignores modes."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if p.is_dir()}
        for path in modes:
            path.chmod(0o555)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    inside = str(folder.resolve())

    def under(path: object) -> bool:
        try:
            return os.path.realpath(os.fsdecode(path)).startswith(inside)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False

    def refuse(path: object) -> OSError:
        return OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))  # type: ignore[arg-type]

    real_open, real_os_open, real_access = builtins.open, os.open, os.access

    def guarded_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+") and under(file):
            raise refuse(file)
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
        if writing and under(path):
            raise refuse(path)
        return real_os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def guarded_access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and under(path):
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    def guard(real: object) -> object:
        def call(path: object, *args: object, **kwargs: object) -> object:
            if under(path):
                raise refuse(path)
            return real(path, *args, **kwargs)  # type: ignore[operator]

        return call

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(os, "access", guarded_access)
    for name in ("mkdir", "rename", "replace", "unlink", "remove", "rmdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))
    yield
    monkeypatch.undo()


def test_read_only_cache_is_used_when_current_else_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    folder = index_folder(tmp_path)
    before = fingerprint(folder)
    changed = Library(
        root=library.root,
        image_roots=library.image_roots,
        categories=[
            replace(
                c,
                notes=[
                    replace(n, body=n.body + "\n- readonlyzz\n") if n.id == "security/kms" else n
                    for n in c.notes
                ],
            )
            for c in library.categories
        ],
    )
    with read_only(tmp_path, monkeypatch):
        current = SearchEngine.open(library, cache_dir=tmp_path)
        assert current.notice is None and current.location == folder  # used as it is
        assert current.search("暗号").hits[0].note_id == "security/kms"
        engine = SearchEngine.open(changed, cache_dir=tmp_path)  # out of date: memory
        assert engine.location is None
        assert engine.notice is not None and "cache directory not writable" in engine.notice
        assert engine.search("readonlyzz").hits[0].note_id == "security/kms"
    assert fingerprint(folder) == before
    assert SearchEngine.open(library, cache_dir=tmp_path).notice is None


def test_cache_folder_that_cannot_be_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path.joinpath("cache").mkdir()
    with read_only(tmp_path / "cache", monkeypatch):
        engine = SearchEngine.open(bundled_library(), cache_dir=tmp_path / "cache")
        assert engine.location is None
        assert engine.notice is not None and "cache directory not writable" in engine.notice
        assert engine.search("暗号").hits[0].note_id == "security/kms"


# A kumonote process: load the notes (edited by the test between rounds) and search.
SEARCHER = """
import sys
from tui.notes import load_library
from tui.search.engine import SearchEngine
engine = SearchEngine.open(load_library(sys.argv[1]), cache_dir=sys.argv[2])
hits = engine.search(sys.argv[3]).hits
print(hits[0].note_id if hits else "none")
print(engine.notice or "")
"""


def test_several_processes_at_once_never_fail_on_the_lock(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(bundled_library().root, content)
    for round_number in range(2):
        word = f"round{round_number}zz"
        with (content / "security" / "kms.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n- {word}\n")
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", SEARCHER, str(content), str(cache), word],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=child_env(),
            )
            for _ in range(3)
        ]
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert "LockError" not in err and "Traceback" not in err
            assert out.splitlines()[0] == "security/kms", out + err
    engine = SearchEngine.open(load_library(content), cache_dir=cache)
    assert engine.notice is None
    assert engine.search("round1zz").hits[0].note_id == "security/kms"


def test_damaged_index_is_rebuilt_and_the_user_is_told(tmp_path: Path) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path / "kumonote").close()
    for segment in index_folder(tmp_path / "kumonote").glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:1000])
    result = subprocess.run(
        kumonote_args("search", "暗号"),
        capture_output=True,
        text=True,
        env=child_env(XDG_CACHE_HOME=str(tmp_path)),
        timeout=120,
    )
    assert result.returncode == 0
    assert "kumonote: search index was out of date or damaged: rebuilt" in result.stderr
    assert result.stdout.startswith("1. AWS KMS")  # the notice is not repeated here
    assert (index_folder(tmp_path / "kumonote") / MARKER).is_file()


async def test_the_app_says_so_too(tmp_path: Path) -> None:
    from tui.app import KumonoteApp

    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path / "cache").close()
    (index_folder(tmp_path / "cache") / MARKER).write_text("{ truncated", encoding="utf-8")
    app = KumonoteApp(cache_dir=tmp_path / "cache", data_dir=tmp_path / "data", watch=False)
    told = Told(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert "search index was out of date or damaged: rebuilt" in told
        assert screen.engine is not None and screen.engine.search("暗号").hits

"""Real processes: killed in the middle of a write, or two writing the same file at once.

After any of that, `bookmarks.json` must be a complete file that kumonote itself wrote.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from waiting import poll_until

from tui.state.bookmarks import Bookmark, Bookmarks, parse_bookmarks
from tui.state.files import dump_json, parse_document

from .helpers import corrupt_copies

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")

SIZE = 4000
"""Bookmarks per file: big enough that a write takes a while, so kills land inside one."""

WHEN = datetime(2024, 4, 1, tzinfo=timezone.utc)

# Writes versions 1, 2, 3, ... of the file as fast as it can: `SIZE` fixed bookmarks, then
# one that names the version. Prints "ready" once the first version is on disk.
KILLED_WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from tui.state.bookmarks import Bookmark, Bookmarks

data, tag, size = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
when = datetime(2024, 4, 1, tzinfo=timezone.utc)
marks = Bookmarks((Bookmark(f"notes/{n:05d}", f"ノート {n} ({tag})", when) for n in range(size)),
                  path=data / "bookmarks.json")
version = 0
while True:
    version += 1
    marks.add(f"version/{version}", f"第{version}版", now=when)
    marks.remove(f"version/{version - 1}")
    notice = marks.save()
    if notice:
        sys.exit(notice)
    if version == 1:
        print("ready", flush=True)
"""

# Behaves like a kumonote process: load, toggle a bookmark, save, until the time is up.
BUSY_PROCESS = """
import sys, time
from pathlib import Path
from tui.state.bookmarks import Bookmarks

data, tag, seconds = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
end = time.monotonic() + seconds
rounds = 0
while time.monotonic() < end:
    marks = Bookmarks.load(data)
    if marks.load_notice:
        sys.exit(marks.load_notice)
    marks.toggle(f"{tag}/{rounds % 7}", f"{tag} の {rounds}")
    notice = marks.save()
    if notice:
        sys.exit(notice)
    rounds += 1
print(rounds)
"""


def child_env(repo_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    return env


@contextmanager
def spawn(repo_root: Path, code: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=repo_root,
        env=child_env(repo_root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def expected_text(tag: str, version: int) -> str:
    """Exactly what the killed writer's `version` of the file is."""
    marks = Bookmarks(Bookmark(f"notes/{n:05d}", f"ノート {n} ({tag})", WHEN) for n in range(SIZE))
    marks.add(f"version/{version}", f"第{version}版", now=WHEN)
    return dump_json(marks.to_json())


def read_bookmarks(path: Path) -> list[Bookmark]:
    """Parse the file without moving anything aside; raises if it is not a whole state file."""
    return parse_document(path.read_bytes(), parse_bookmarks)


def wait_for_temp_file(directory: Path) -> None:
    """Return as soon as a write has begun (its temporary file exists): looked for without
    a pause between two looks, as a write lasts only milliseconds."""

    def writing() -> bool:
        with os.scandir(directory) as entries:
            return any(entry.name.endswith(".tmp") for entry in entries)

    poll_until(writing, "the writer starting another write", interval=0)


def test_kill_during_writes_never_leaves_a_broken_file(tmp_path: Path, repo_root: Path) -> None:
    data = tmp_path / "data"
    rng = random.Random(20240401)
    mid_write = 0
    for round_ in range(30):
        tag = f"round {round_}"
        with spawn(repo_root, KILLED_WRITER, str(data), tag, str(SIZE)) as writer:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "ready", writer.communicate()[1]
            # About time: the kill lands at a random moment of the writer's loop (seeded).
            if round_ % 2:
                # Aim inside a write: between creating the temporary file and the replace.
                wait_for_temp_file(data)
                time.sleep(rng.uniform(0.0, 0.001))  # about time: a random moment of the write
            else:
                time.sleep(rng.uniform(0.0, 0.03))  # about time: a random moment of the loop
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        text = (data / "bookmarks.json").read_text(encoding="utf-8")
        marks = read_bookmarks(data / "bookmarks.json")
        assert len(marks) == SIZE + 1
        last = marks[-1].note_id
        assert last.startswith("version/")
        version = int(last.removeprefix("version/"))
        assert text == expected_text(tag, version), f"round {round_}: not a version written whole"
        leftovers = sorted(data.glob(".bookmarks.json.*.tmp"))
        mid_write += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()
    assert mid_write >= 3, "too few kills landed inside a write for the test to prove much"
    assert Bookmarks.load(data).load_notice is None
    assert corrupt_copies(data, "bookmarks.json") == []


def test_two_processes_writing_at_once(tmp_path: Path, repo_root: Path) -> None:
    data = tmp_path / "data"
    seed = Bookmarks(
        (Bookmark(f"notes/{n:05d}", f"ノート {n}", WHEN) for n in range(SIZE // 2)),
        path=data / "bookmarks.json",
    )
    assert seed.save(force=True) is None
    seconds = 1.5
    reads = 0
    with (
        spawn(repo_root, BUSY_PROCESS, str(data), "left", str(seconds)) as left,
        spawn(repo_root, BUSY_PROCESS, str(data), "right", str(seconds)) as right,
    ):
        while left.poll() is None or right.poll() is None:
            marks = read_bookmarks(data / "bookmarks.json")
            assert [b.note_id for b in marks[: SIZE // 2]] == [b.note_id for b in seed]
            reads += 1
        outputs = [left.communicate(timeout=30), right.communicate(timeout=30)]
    for process, (out, err) in zip((left, right), outputs, strict=True):
        assert process.returncode == 0, err
        assert int(out) > 5, "each process saved many times"
    assert reads > 5
    final = Bookmarks.load(data)
    assert final.load_notice is None and len(final) >= SIZE // 2
    assert corrupt_copies(data, "bookmarks.json") == []
    assert list(data.glob(".*.tmp")) == []

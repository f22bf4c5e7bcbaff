"""Two kumonote processes on one data directory: each save merges with what the other saved.

Each `StateStore` here stands for one running kumonote. Nothing either of them added may be
lost because the other saved later.
"""

from __future__ import annotations

import errno
import fcntl
import itertools
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from waiting import DEADLINE

from tui.state import HistoryEntry, StateStore
from tui.state import files as state_files
from tui.state.bookmarks import Bookmarks
from tui.state.files import LOCK_NAME, state_lock
from tui.state.history import History

from .helpers import corrupt_copies

T0 = datetime(2024, 6, 1, 9, 0, tzinfo=timezone.utc)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ids(store: StateStore | Bookmarks) -> list[str]:
    marks = store.bookmarks if isinstance(store, StateStore) else store
    return [b.note_id for b in marks]


def places(history: History) -> list[str]:
    return [e.note_id + (f"#{e.anchor}" if e.anchor else "") for e in history.entries]


# --- bookmarks ------------------------------------------------------------------------------


def test_bookmarks_added_by_both_are_kept(data: Path) -> None:
    left, right = StateStore.open(data), StateStore.open(data)
    left.bookmarks.add("left/1", "左 1", now=at(1))
    right.bookmarks.add("right/1", "右 1", now=at(2))
    assert left.save() == []
    assert right.save() == []
    assert ids(right) == ["left/1", "right/1"], "the window shows the merged list"
    left.bookmarks.add("left/2", "左 2", now=at(3))
    assert left.save() == []
    assert ids(left) == ["left/1", "right/1", "left/2"]
    right.bookmarks.add("right/2", "右 2", now=at(4))
    right.bookmarks.remove("right/1")
    assert right.save() == []
    assert ids(right) == ["left/1", "left/2", "right/2"]
    assert ids(StateStore.open(data)) == ["left/1", "left/2", "right/2"]
    assert list(data.iterdir()) == [data / "bookmarks.json"], "no lock file is left behind"


def test_a_removal_stays_removed_unless_added_again_elsewhere(data: Path) -> None:
    first = StateStore.open(data)
    for n, note_id in enumerate(("a", "b", "c")):
        first.bookmarks.add(note_id, note_id.upper(), now=at(n))
    first.save()
    left, right = StateStore.open(data), StateStore.open(data)
    left.bookmarks.remove("a")
    left.bookmarks.remove("b")
    right.bookmarks.remove("b")
    right.bookmarks.add("b", "B again", now=at(10))  # re-added after the one left removed
    right.bookmarks.add("d", "D", now=at(11))
    right.save()
    left.save()
    assert ids(left) == ["c", "b", "d"]
    assert left.bookmarks.get("b") == right.bookmarks.get("b")
    assert ids(StateStore.open(data)) == ["c", "b", "d"]


def test_the_same_note_added_twice_is_one_bookmark_with_the_newer_title(data: Path) -> None:
    left, right = StateStore.open(data), StateStore.open(data)
    left.bookmarks.add("x", "古い題名", now=at(1))
    left.bookmarks.add("y", "Y", now=at(2))
    right.bookmarks.add("x", "新しい題名", now=at(3))
    left.save()
    right.save()
    assert ids(right) == ["x", "y"]
    bookmark = right.bookmarks.get("x")
    assert bookmark is not None and bookmark.title == "新しい題名"


def test_moves_are_replayed_onto_the_other_list(data: Path) -> None:
    first = StateStore.open(data)
    for n, note_id in enumerate(("a", "b", "c")):
        first.bookmarks.add(note_id, note_id, now=at(n))
    first.save()
    left, right = StateStore.open(data), StateStore.open(data)
    right.bookmarks.add("d", "d", now=at(5))
    right.save()
    left.bookmarks.move("c", -1)
    left.save()
    assert ids(left) == ["a", "c", "b", "d"]
    assert ids(StateStore.open(data)) == ["a", "c", "b", "d"]


def test_bookmarks_objects_save_merged_too(data: Path) -> None:
    left, right = Bookmarks.load(data), Bookmarks.load(data)
    left.add("left", "L")
    right.add("right", "R")
    assert left.save() is None and right.save() is None
    assert ids(Bookmarks.load(data)) == ["left", "right"] == ids(right)


# --- history --------------------------------------------------------------------------------


def test_visits_of_both_are_kept_and_each_stays_where_it_is(data: Path) -> None:
    left, right = StateStore.open(data), StateStore.open(data)
    left.history.visit(HistoryEntry("a"))
    left.save()
    right.history.visit(HistoryEntry("b"))
    right.history.visit(HistoryEntry("c", "節"))
    right.save()
    left.history.visit(HistoryEntry("d"))
    left.save()
    assert places(left.history) == ["a", "b", "c#節", "d"]
    assert left.history.current == HistoryEntry("d")
    right.history.update_current(scroll=40)
    right.save()
    assert places(right.history) == ["a", "b", "c#節", "d"]
    assert right.history.current == HistoryEntry("c", "節", 40), "right still reads c"
    assert right.history.can_go_forward
    again = StateStore.open(data)
    assert again.history.entries == right.history.entries
    assert again.history.last == HistoryEntry("c", "節", 40)


def test_a_place_visited_by_both_in_a_row_is_one_entry(data: Path) -> None:
    left, right = StateStore.open(data), StateStore.open(data)
    left.history.visit(HistoryEntry("a"))
    left.history.visit(HistoryEntry("same"))
    left.save()
    right.history.visit(HistoryEntry("same", scroll=7))
    right.save()
    assert places(right.history) == ["a", "same"]
    assert right.history.current == HistoryEntry("same", scroll=7)


def test_scroll_of_the_entry_left_goes_to_that_entry(data: Path) -> None:
    first = StateStore.open(data)
    first.history.visit(HistoryEntry("a"))
    first.history.visit(HistoryEntry("b"))
    first.save()
    left, right = StateStore.open(data), StateStore.open(data)
    right.history.visit(HistoryEntry("r"))
    right.save()
    left.history.update_current(scroll=25)  # what the screen does before going back
    assert left.history.back() == HistoryEntry("a")
    left.save()
    assert left.history.entries == (
        HistoryEntry("a"),
        HistoryEntry("b", scroll=25),
        HistoryEntry("r"),
    )
    assert left.history.current == HistoryEntry("a")


def test_merged_history_keeps_the_cap(data: Path) -> None:
    left, right = History.load(data, cap=5), History.load(data, cap=5)
    for n in range(4):
        left.visit(HistoryEntry(f"left/{n}"))
        right.visit(HistoryEntry(f"right/{n}"))
    assert left.save() is None and right.save() is None
    assert places(right) == ["left/3", "right/0", "right/1", "right/2", "right/3"]
    assert right.current == HistoryEntry("right/3")


def test_alone_history_still_works_like_a_browser(data: Path) -> None:
    history = History.load(data)
    for place in ("a", "b", "c"):
        history.visit(HistoryEntry(place))
    history.save()
    history.back()
    history.back()
    history.visit(HistoryEntry("d"))
    history.save()
    assert places(History.load(data)) == ["a", "d"]


# --- settings -------------------------------------------------------------------------------


def test_settings_changed_here_win_the_others_are_kept(data: Path) -> None:
    left, right = StateStore.open(data), StateStore.open(data)
    left.settings.theme = "nord"
    left.settings.set("wrap", False)
    left.save()
    right.settings.set("width", 80)
    right.save()
    assert right.settings.theme == "nord" and right.settings.values == {"wrap": False, "width": 80}
    right.settings.remove("wrap")
    right.settings.theme = "dracula"
    right.save()
    left.settings.set("width", 100)
    left.save()
    again = StateStore.open(data)
    assert again.settings.theme == "dracula"
    assert again.settings.values == {"width": 100}


# --- the file on disk, and the lock -----------------------------------------------------------


def test_a_file_broken_since_loading_is_set_aside_and_this_copy_saved(data: Path) -> None:
    store = StateStore.open(data)
    store.bookmarks.add("mine", "自分の")
    store.save()
    store.bookmarks.add("mine/2", "自分の 2")
    (data / "bookmarks.json").write_bytes(b"\x00 broken")
    notices = store.save()
    assert len(notices) == 1 and notices[0].startswith("bookmarks.json was unreadable (")
    assert notices[0].endswith("; saved this session's copy instead")
    assert store.notices == notices
    (moved,) = corrupt_copies(data, "bookmarks.json")
    assert moved.read_bytes() == b"\x00 broken"
    assert ids(StateStore.open(data)) == ["mine", "mine/2"]


def test_changes_of_a_failed_save_are_merged_by_the_next(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left, right = StateStore.open(data), StateStore.open(data)
    left.bookmarks.add("left", "L")
    left.history.visit(HistoryEntry("left"))

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert len(left.save()) == 2
    monkeypatch.undo()
    right.bookmarks.add("right", "R")
    right.history.visit(HistoryEntry("right"))
    assert right.save() == []
    assert left.save() == []
    assert ids(left) == ["right", "left"]
    assert places(left.history) == ["right", "left"]
    assert left.history.current == HistoryEntry("left")


def test_a_busy_lock_delays_a_save_by_a_second_at_most(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left, right = StateStore.open(data), StateStore.open(data)
    left.bookmarks.add("left", "L")
    left.save()
    right.bookmarks.add("right", "R")
    # How long the save waited is the benchmark's to measure; this records that it asked
    # for the lock with the one-second limit and went on without it.
    asked: list[tuple[float, int | None]] = []
    take_lock = state_files._take_lock

    def recorded(path: Path, timeout: float) -> int | None:
        fd = take_lock(path, timeout)
        asked.append((timeout, fd))
        return fd

    with state_lock(data) as held:
        assert held
        monkeypatch.setattr(state_files, "_take_lock", recorded)
        assert right.save() == []
        assert (data / LOCK_NAME).exists(), "the lock held here was left alone"
    assert state_files.LOCK_TIMEOUT <= 1.0
    assert asked == [(state_files.LOCK_TIMEOUT, None)], "one try, given up at the limit"
    assert ids(StateStore.open(data)) == ["left", "right"], "merged even without the lock"
    assert not (data / LOCK_NAME).exists()


def test_a_save_waits_for_the_other_save_to_finish(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    right = StateStore.open(data)
    right.bookmarks.add("right", "R")
    order: list[str] = []
    other_holds, right_waits = threading.Event(), threading.Event()

    def flock(fd: int, operation: int) -> None:
        """fcntl.flock, telling the other save when this one found the lock taken."""
        try:
            fcntl.flock(fd, operation)
        except BlockingIOError:
            right_waits.set()
            raise

    monkeypatch.setattr(
        state_files,
        "fcntl",
        SimpleNamespace(flock=flock, LOCK_EX=fcntl.LOCK_EX, LOCK_NB=fcntl.LOCK_NB),
    )

    def other_process() -> None:
        with state_lock(data) as held:
            assert held
            order.append("other holds the lock")
            other_holds.set()
            # Saves only once the save below has found the lock taken and waits for it.
            assert right_waits.wait(DEADLINE), "the save never tried the lock"
            left = StateStore.open(data)
            left.bookmarks.add("left", "L")
            for part in (left.bookmarks, left.history, left.settings):
                part.write_merged()
            order.append("other saved")

    thread = threading.Thread(target=other_process)
    thread.start()
    assert other_holds.wait(DEADLINE), "the other save never took the lock"
    right.save()
    order.append("saved")
    thread.join()
    assert order == ["other holds the lock", "other saved", "saved"]
    assert ids(right) == ["left", "right"]


def test_without_fcntl_saves_still_merge(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_files, "fcntl", None)
    left, right = StateStore.open(data), StateStore.open(data)
    left.bookmarks.add("left", "L")
    right.bookmarks.add("right", "R")
    assert left.save() == [] and right.save() == []
    assert ids(right) == ["left", "right"]
    assert not (data / LOCK_NAME).exists()


def test_nothing_to_save_takes_no_lock(data: Path) -> None:
    store = StateStore.open(data)
    assert store.save() == []
    assert not data.exists()


# --- any interleaving -----------------------------------------------------------------------

STORES = 3
steps = st.lists(
    st.tuples(
        st.integers(0, STORES - 1),
        st.sampled_from(["add", "remove", "move", "visit", "back", "save", "reopen"]),
        st.integers(0, 5),
    ),
    max_size=40,
)


@settings(max_examples=60)
@given(steps=steps)
def test_any_interleaving_loses_nothing(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, str, int]]
) -> None:
    data = tmp_path_factory.mktemp("data")
    stores = [StateStore.open(data) for _ in range(STORES)]
    # Each store bookmarks and visits names of its own; what it should have on disk:
    marked: list[set[str]] = [set() for _ in range(STORES)]
    visits: list[list[str]] = [[] for _ in range(STORES)]
    unsaved: list[list[str]] = [[] for _ in range(STORES)]
    for counter, (who, action, n) in enumerate(steps, start=1):
        store, mine = stores[who], f"s{who}/{n}"
        if action == "add":
            if store.bookmarks.add(mine, f"題 {counter}", now=at(counter)):
                marked[who].add(mine)
        elif action == "remove":
            if store.bookmarks.remove(mine):
                marked[who].discard(mine)
        elif action == "move":
            store.bookmarks.move(mine, n - 2)
        elif action == "visit":
            store.history.visit(HistoryEntry(f"s{who}/visit/{counter}"))
            visits[who].append(f"s{who}/visit/{counter}")
            unsaved[who].append(f"s{who}/visit/{counter}")
        elif action == "back":
            store.history.back()
        else:  # "save", or quit and start again (after saving: unsaved changes go by design)
            current = store.history.current
            saves = store.bookmarks.changed, store.history.changed
            assert store.save() == []
            on_disk = StateStore.open(data)
            # What was saved is what the window shows now, with this window's current place.
            if saves[0]:
                assert on_disk.bookmarks.items == store.bookmarks.items
            if saves[1]:
                assert on_disk.history.entries == store.history.entries
                assert on_disk.history.current == current == store.history.current
            if unsaved[who]:
                assert unsaved[who][-1] in places(on_disk.history), "the latest visit is kept"
            unsaved[who] = []
            if action == "reopen":
                stores[who] = on_disk
    for store in stores:
        assert store.save() == []
    final = StateStore.open(data)
    assert set(ids(final)) == set().union(*marked)
    for who in range(STORES):
        # Going back and visiting drops the places ahead, as in a browser; the visits that
        # are left keep their order.
        kept = [p for p in places(final.history) if p.startswith(f"s{who}/")]
        assert kept == [p for p in visits[who] if p in kept]


# --- real processes -------------------------------------------------------------------------

# One kumonote: opens the store once, then bookmarks, visits and saves in a loop, removing
# every third of its own bookmarks again. Waits for "go" on its input so both run at once.
INSTANCE = """
import sys, time
from pathlib import Path
from tui.state import HistoryEntry, StateStore

data, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = StateStore.open(data)
print("ready", flush=True)
if sys.stdin.readline() != "go\\n":  # the event: both are told at once
    sys.exit("never told to go")
for n in range(rounds):
    store.bookmarks.add(f"{tag}/{n}", f"{tag} の {n}")
    if n % 3 == 2:
        store.bookmarks.remove(f"{tag}/{n - 1}")
    store.history.visit(HistoryEntry(f"{tag}/{n}"))
    problems = store.save()
    if problems:
        sys.exit(problems[0])
    time.sleep(0.002)  # about time: a reader's pace, at a few hundred times a human's
print(len(store.bookmarks))
"""


def test_two_processes_saving_in_a_loop_lose_nothing(tmp_path: Path, repo_root: Path) -> None:
    data = tmp_path / "data"
    rounds = 90
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", INSTANCE, str(data), tag, str(rounds)],
            cwd=repo_root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("left", "right")
    ]
    for process in processes:  # each has opened its store and waits to be told to go
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n", process.communicate()[1]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.strip().isdigit(), out
    final = StateStore.open(data)
    assert final.notices == []
    expected = {
        f"{tag}/{n}"
        for tag in ("left", "right")
        for n in range(rounds)
        if not (n % 3 == 1 and n + 1 < rounds)
    }
    assert set(ids(final)) == expected
    for tag in ("left", "right"):
        kept = [p for p in places(final.history) if p.startswith(f"{tag}/")]
        assert kept == [f"{tag}/{n}" for n in range(rounds)]
    tags = [p.split("/")[0] for p in places(final.history)]
    switches = sum(a != b for a, b in itertools.pairwise(tags))
    assert switches >= 10, f"the two processes did not take turns ({switches} switches)"
    assert corrupt_copies(data, "bookmarks.json") == []
    assert sorted(p.name for p in data.iterdir()) == ["bookmarks.json", "history.json"]

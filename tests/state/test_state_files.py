"""The load and save every state file shares (`StateFile`): a small kind of file of its own
shows the shared part, and the three real ones load files written before it was shared."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.state.bookmarks import Bookmarks
from tui.state.files import VERSION, StateError, StateFile
from tui.state.history import History, HistoryEntry
from tui.state.settings import Settings
from tui.state.store import StateStore

from .helpers import corrupt_copies, temp_files


class Tally(StateFile[dict[str, int]]):
    """Counts by name in `tally.json`; a save adds the counts made here to the file's."""

    file_name = "tally.json"

    def __init__(self, counts: dict[str, int] | None = None, *, path: Path | None = None) -> None:
        super().__init__(path)
        self.counts = dict(counts or {})
        self.added: dict[str, int] = {}

    @classmethod
    def from_content(cls, content: dict[str, int] | None, path: Path) -> Tally:
        return cls(content, path=path)

    def add(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1
        self.added[name] = self.added.get(name, 0) + 1
        self.changed = True

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "counts": dict(self.counts)}

    @staticmethod
    def parse(document: dict[str, Any]) -> dict[str, int]:
        counts = document["counts"]
        if not isinstance(counts, dict) or not all(type(n) is int for n in counts.values()):
            raise StateError("wrong shape: counts are not whole numbers")
        return dict(counts)

    def merged(self, on_disk: dict[str, int]) -> tuple[dict[str, Any], Callable[[], None]]:
        counts = dict(on_disk)
        for name, n in self.added.items():
            counts[name] = counts.get(name, 0) + n

        def adopt() -> None:
            self.counts = counts

        return {"version": VERSION, "counts": counts}, adopt

    def forget_changes(self) -> None:
        self.added = {}


def test_a_missing_file_loads_empty_without_a_notice(data: Path) -> None:
    tally = Tally.load(data)
    assert isinstance(tally, Tally)
    assert tally.counts == {} and tally.load_notice is None
    assert tally.path == data / "tally.json" and tally.merges and not tally.changed
    assert not data.exists()  # loading writes nothing


def test_save_then_load_gives_the_same_content(data: Path) -> None:
    tally = Tally.load(data)
    tally.add("kms")
    tally.add("kms")
    assert tally.save() is None and not tally.changed
    assert json.loads((data / "tally.json").read_text()) == {"version": 1, "counts": {"kms": 2}}
    assert Tally.load(data).counts == {"kms": 2}
    assert temp_files(data) == []
    assert tally.save() is None  # nothing changed: nothing written
    assert Tally.load(data).counts == {"kms": 2}


def test_a_save_merges_with_what_another_process_saved(data: Path) -> None:
    left, right = Tally.load(data), Tally.load(data)
    left.add("kms")
    right.add("kms")
    right.add("sqs")
    assert left.save() is None and right.save() is None
    assert Tally.load(data).counts == {"kms": 2, "sqs": 1}
    assert right.counts == {"kms": 2, "sqs": 1}  # the memory follows the file it wrote


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"version": 1, "counts": {"kms": "two"}}', "counts are not whole numbers"),
        (b'{"version": 1}', "wrong shape"),
        (b'{"version": 1, "counts": {', "not valid JSON"),
        (b'{"version": 7, "counts": {}}', "unsupported version 7"),
    ],
)
def test_a_broken_file_is_set_aside_with_a_notice(data: Path, raw: bytes, reason: str) -> None:
    data.mkdir()
    (data / "tally.json").write_bytes(raw)
    tally = Tally.load(data)
    assert tally.counts == {}
    assert tally.load_notice is not None
    assert tally.load_notice.startswith("tally.json was unreadable (")
    assert reason in tally.load_notice and tally.load_notice.endswith("; starting fresh")
    (moved,) = corrupt_copies(data, "tally.json")
    assert moved.read_bytes() == raw  # kept for the user, not lost
    assert str(moved) in tally.load_notice
    tally.add("kms")
    assert tally.save() is None
    assert Tally.load(data).counts == {"kms": 1} and moved.read_bytes() == raw


def test_a_file_broken_before_a_save_is_set_aside_and_this_copy_written(data: Path) -> None:
    tally = Tally.load(data)
    tally.add("kms")
    assert tally.save() is None
    (data / "tally.json").write_bytes(b"scribbled")
    tally.add("sqs")
    notice = tally.save()
    assert notice is not None and "saved this session's copy instead" in notice
    assert [p.read_bytes() for p in corrupt_copies(data, "tally.json")] == [b"scribbled"]
    assert Tally.load(data).counts == {"kms": 1, "sqs": 1}


def test_a_failed_save_keeps_the_changes_for_later(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tally = Tally.load(data)
    tally.add("kms")
    real_replace = os.replace

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    notice = tally.save()
    assert notice is not None and "could not save tally.json (Permission denied)" in notice
    assert tally.changed and not (data / "tally.json").exists() and temp_files(data) == []
    monkeypatch.setattr(os, "replace", real_replace)
    assert tally.save() is None
    assert Tally.load(data).counts == {"kms": 1}


# Files as kumonote wrote them before loading was shared: they must keep loading.
OLD_FILES = {
    "bookmarks.json": (
        '{\n  "version": 1,\n  "bookmarks": [\n'
        '    {"note_id": "security/kms", "title": "AWS KMS キー",'
        ' "added": "2024-05-01T09:30:00+00:00"},\n'
        '    {"note_id": "ai-services/polly", "title": "Polly", "added": "2024-05-02T10:00:00Z"}\n'
        "  ]\n}\n"
    ),
    "history.json": (
        '{\n  "version": 1,\n  "current": 0,\n  "entries": [\n'
        '    {"note_id": "security/kms", "anchor": "", "scroll": 12},\n'
        '    {"note_id": "ai-services/polly", "anchor": "関連-related", "scroll": 0}\n'
        "  ]\n}\n"
    ),
    "settings.json": '{\n  "version": 1,\n  "theme": "nord",\n  "values": {"tree_width": 30}\n}\n',
}


def test_files_written_before_keep_loading(data: Path) -> None:
    data.mkdir()
    for name, text in OLD_FILES.items():
        (data / name).write_text(text, encoding="utf-8")
    store = StateStore.open(data)
    assert store.notices == []
    assert [b.note_id for b in store.bookmarks] == ["security/kms", "ai-services/polly"]
    assert store.bookmarks.items[1].added.isoformat() == "2024-05-02T10:00:00+00:00"
    assert store.history.entries == (
        HistoryEntry("security/kms", "", 12),
        HistoryEntry("ai-services/polly", "関連-related", 0),
    )
    assert store.history.current == HistoryEntry("security/kms", "", 12)
    assert store.settings.theme == "nord" and store.settings.get_int("tree_width") == 30
    assert all(part.merges and part.path is not None for part in store.parts)
    # Saving untouched state writes the same documents back (a time in Z written as +00:00).
    assert store.save(force=True) == []
    for name, text in OLD_FILES.items():
        expected = json.loads(text.replace(':00Z"', ':00+00:00"'))
        assert json.loads((data / name).read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize("kind", [Bookmarks, History, Settings])
def test_each_kind_loads_through_the_shared_path(data: Path, kind: type[StateFile[Any]]) -> None:
    data.mkdir()
    (data / kind.file_name).write_bytes(b"\x00broken")
    state = kind.load(data)
    assert type(state) is kind and state.merges
    assert state.load_notice is not None and kind.file_name in state.load_notice
    assert [p.read_bytes() for p in corrupt_copies(data, kind.file_name)] == [b"\x00broken"]
    assert state.to_json() == kind.from_content(None, data / kind.file_name).to_json()


def test_history_load_keeps_its_cap(data: Path) -> None:
    history = History.load(data, cap=3)
    for n in range(5):
        history.visit(HistoryEntry(f"note/{n}"))
    assert history.save() is None
    again = History.load(data, cap=3)
    assert again.cap == 3 and [e.note_id for e in again.entries] == ["note/2", "note/3", "note/4"]
    assert History.load(data).cap == History().cap

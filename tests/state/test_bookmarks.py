"""Bookmarks: toggling, order, round trips, unknown notes, and saves that fail."""

from __future__ import annotations

import errno
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.notes.model import Library
from tui.state.bookmarks import Bookmark, Bookmarks

from .helpers import temp_files

JST = timezone(timedelta(hours=9))
WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=JST)


def test_toggle_adds_then_removes(data: Path) -> None:
    bookmarks = Bookmarks.load(data)
    assert bookmarks.toggle("sagemaker/intro", "SageMaker 入門", now=WHEN) is True
    assert bookmarks.contains("sagemaker/intro") and "sagemaker/intro" in bookmarks
    assert bookmarks.items == (Bookmark("sagemaker/intro", "SageMaker 入門", WHEN),)
    assert bookmarks.toggle("sagemaker/intro", "ignored") is False
    assert not bookmarks.contains("sagemaker/intro") and len(bookmarks) == 0
    assert bookmarks.changed


def test_order_is_kept_and_can_be_changed(data: Path) -> None:
    bookmarks = Bookmarks.load(data)
    for note_id in ("a", "b", "c", "d"):
        bookmarks.add(note_id, note_id.upper(), now=WHEN)
    assert bookmarks.add("b", "again") is False
    assert bookmarks.get("b") == Bookmark("b", "B", WHEN) and bookmarks.get("z") is None
    assert [b.note_id for b in bookmarks] == ["a", "b", "c", "d"]
    assert bookmarks.move("d", -2) is True
    assert bookmarks.move("a", -1) is False
    assert [b.note_id for b in bookmarks] == ["a", "d", "b", "c"]
    assert bookmarks.move("c", 1) is False
    assert bookmarks.move("a", 99) is True
    assert bookmarks.move("zzz", 1) is False
    assert bookmarks.remove("b") is True and bookmarks.remove("b") is False
    assert [b.note_id for b in bookmarks.items] == ["d", "c", "a"]
    assert bookmarks.save() is None
    assert [b.note_id for b in Bookmarks.load(data)] == ["d", "c", "a"]


def test_round_trip_keeps_everything(data: Path) -> None:
    bookmarks = Bookmarks.load(data)
    bookmarks.add("bedrock/models", "Bedrock のモデル 「基盤」", now=WHEN)
    earlier = datetime(2023, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    bookmarks.add("sagemaker/intro#概要", "", now=earlier)
    bookmarks.add("gone/forever", "消えたノート")
    assert bookmarks.save() is None
    assert not bookmarks.changed
    again = Bookmarks.load(data)
    assert again.load_notice is None
    assert again.items == bookmarks.items
    document = json.loads((data / "bookmarks.json").read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert document["bookmarks"][0] == {
        "note_id": "bedrock/models",
        "title": "Bedrock のモデル 「基盤」",
        "added": "2024-05-01T09:30:00+09:00",
    }
    assert "Bedrock のモデル" in (data / "bookmarks.json").read_text(encoding="utf-8")


def test_new_bookmarks_get_an_aware_time() -> None:
    bookmarks = Bookmarks()
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    bookmarks.add("a", "A")
    (bookmark,) = bookmarks.items
    assert bookmark.added.tzinfo is not None and bookmark.added >= before


def test_hand_written_times_and_duplicates_are_accepted(data: Path) -> None:
    data.mkdir()
    (data / "bookmarks.json").write_text(
        json.dumps(
            {
                "version": 1,
                "bookmarks": [
                    {"note_id": "a", "title": "A", "added": "2024-01-01T00:00:00Z"},
                    {"note_id": "b", "title": "B", "added": "2024-01-01T00:00:00"},
                    {"note_id": "a", "title": "A again", "added": "2024-02-01T00:00:00+00:00"},
                ],
            }
        )
    )
    bookmarks = Bookmarks.load(data)
    assert bookmarks.load_notice is None
    utc = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert bookmarks.items == (Bookmark("a", "A", utc), Bookmark("b", "B", utc))


def test_unknown_notes_are_kept_but_can_be_filtered(data: Path, library: Library) -> None:
    bookmarks = Bookmarks.load(data)
    bookmarks.add("gone/note", "消えた", now=WHEN)
    bookmarks.add("bedrock/models", "古い題名", now=WHEN)
    bookmarks.add("sagemaker/intro", "SageMaker 入門", now=WHEN)
    bookmarks.save()
    again = Bookmarks.load(data)
    assert len(again) == 3
    resolved = again.resolve(library)
    assert [(b.note_id, note.title) for b, note in resolved] == [
        ("bedrock/models", "Bedrock のモデル"),
        ("sagemaker/intro", "SageMaker 入門"),
    ]
    assert [b.note_id for b in again.missing(library)] == ["gone/note"]
    assert len(again) == 3 and not again.changed


def test_unchanged_bookmarks_are_not_written(data: Path) -> None:
    bookmarks = Bookmarks.load(data)
    assert bookmarks.save() is None
    assert not data.exists()
    bookmarks.add("a", "A")
    bookmarks.remove("a")
    assert bookmarks.save() is None
    assert Bookmarks.load(data).items == ()


def test_in_memory_bookmarks_never_touch_disk(data: Path) -> None:
    bookmarks = Bookmarks()
    bookmarks.add("a", "A")
    assert bookmarks.save(force=True) is None
    assert not data.exists()


def test_empty_note_id_is_refused() -> None:
    with pytest.raises(ValueError):
        Bookmarks().add("", "nothing")


@pytest.mark.parametrize(
    ("where", "error", "reason"),
    [
        ("replace", PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
        ("replace", OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        ("write", OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        ("open", PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
    ],
)
def test_failed_save_gives_notice_and_keeps_state(
    data: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: OSError, reason: str
) -> None:
    bookmarks = Bookmarks.load(data)
    bookmarks.add("a", "A", now=WHEN)
    assert bookmarks.save() is None
    bookmarks.add("b", "B", now=WHEN)

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(os, where, fail)
    notice = bookmarks.save()
    monkeypatch.undo()
    assert notice == (
        f"could not save bookmarks.json ({reason}); changes are kept until kumonote exits"
    )
    assert bookmarks.changed and [b.note_id for b in bookmarks] == ["a", "b"]
    assert temp_files(data) == []
    assert [b.note_id for b in Bookmarks.load(data)] == ["a"]
    # Once the disk has room again, the next save writes everything.
    assert bookmarks.save() is None
    assert [b.note_id for b in Bookmarks.load(data)] == ["a", "b"]


def test_data_directory_that_cannot_be_created(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    bookmarks = Bookmarks.load(data)
    bookmarks.add("a", "A")
    monkeypatch.setattr(os, "mkdir", refuse)
    notice = bookmarks.save()
    monkeypatch.undo()
    assert notice is not None and "Permission denied" in notice
    assert not data.exists() and bookmarks.contains("a")


def test_data_directory_is_a_file(data: Path) -> None:
    data.write_text("not a directory")
    bookmarks = Bookmarks.load(data)
    assert bookmarks.load_notice == (
        "bookmarks.json could not be read (Not a directory); starting fresh"
    )
    bookmarks.add("a", "A")
    notice = bookmarks.save()
    assert notice is not None and notice.startswith("could not save bookmarks.json (")
    assert data.read_text() == "not a directory"

"""StateStore: one data directory, all three files, and notices collected for the user."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.state import HistoryEntry, StateStore

from .helpers import corrupt_copies, temp_files


def test_everything_survives_a_restart(data: Path) -> None:
    store = StateStore.open(data)
    assert store.data_dir == data and store.notices == []
    store.bookmarks.toggle("sagemaker/intro", "SageMaker 入門")
    store.history.visit(HistoryEntry("sagemaker/intro"))
    store.history.visit(HistoryEntry("bedrock/models", "料金"))
    store.history.update_current(scroll=30)
    store.settings.theme = "nord"
    store.settings.set("wrap", False)
    assert store.save() == []
    assert sorted(p.name for p in data.iterdir()) == [
        "bookmarks.json",
        "history.json",
        "settings.json",
    ]

    again = StateStore.open(data)
    assert again.notices == []
    assert [b.note_id for b in again.bookmarks] == ["sagemaker/intro"]
    assert again.history.last == HistoryEntry("bedrock/models", "料金", 30)
    assert again.history.back() == HistoryEntry("sagemaker/intro")
    assert again.settings.theme == "nord" and again.settings.get_bool("wrap", True) is False


def test_data_dir_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUMONOTE_DATA_DIR", str(tmp_path / "from-env"))
    store = StateStore.open()
    assert store.data_dir == tmp_path / "from-env"
    store.settings.theme = "gruvbox"
    store.save()
    assert (tmp_path / "from-env" / "settings.json").is_file()
    assert StateStore.open(tmp_path / "other").settings.theme is None


def test_load_notices_are_collected(data: Path) -> None:
    data.mkdir()
    (data / "bookmarks.json").write_bytes(b"\x89PNG\r\n\x1a\n")
    (data / "settings.json").write_text('{"version": 9}')
    (data / "history.json").write_text('{"version": 1, "entries": [], "current": null}')
    store = StateStore.open(data)
    assert len(store.notices) == 2
    assert store.notices[0].startswith("bookmarks.json was unreadable (not UTF-8 text); moved")
    assert store.notices[1].startswith("settings.json was unreadable (unsupported version 9)")
    assert all(n.endswith("; starting fresh") for n in store.notices)
    assert corrupt_copies(data, "bookmarks.json")[0].read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert store.take_notices() and store.notices == []


def test_only_changed_files_are_written(data: Path) -> None:
    store = StateStore.open(data)
    store.settings.theme = "nord"
    store.save()
    assert [p.name for p in data.iterdir()] == ["settings.json"]
    store.save(force=True)
    assert len(list(data.iterdir())) == 3


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
)
def test_full_or_read_only_disk(
    data: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    store = StateStore.open(data)
    store.bookmarks.toggle("a", "A")
    store.history.visit(HistoryEntry("a"))

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, "replace", fail)
    failures = store.save()
    assert len(failures) == 2
    assert all(f"({error.strerror})" in notice for notice in failures)
    store.bookmarks.toggle("b", "B")
    assert store.save() == failures
    assert store.notices == failures, "the same failure is not reported twice"
    assert temp_files(data) == []
    monkeypatch.undo()
    assert store.save() == []
    again = StateStore.open(data)
    assert [b.note_id for b in again.bookmarks] == ["a", "b"]
    assert again.history.last == HistoryEntry("a")


def test_state_layer_imports_no_ui(repo_root: Path) -> None:
    code = "import sys, tui.state; print(sorted(m for m in sys.modules if m.startswith('textual')))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"

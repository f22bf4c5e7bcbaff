"""Atomic writes, the data directory, and corrupt files being moved aside instead of raising."""

from __future__ import annotations

import errno
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.state import files
from tui.state.bookmarks import Bookmarks, parse_bookmarks
from tui.state.files import (
    StateError,
    StateFile,
    atomic_write_text,
    data_dir,
    parse_document,
    read_json,
    remove_stale_temps,
)
from tui.state.history import History, parse_history
from tui.state.settings import Settings, parse_settings

from .helpers import corrupt_copies, temp_files

LOADERS: dict[str, Callable[[Path], StateFile[Any]]] = {
    "bookmarks.json": Bookmarks.load,
    "history.json": History.load,
    "settings.json": Settings.load,
}

CORRUPT: dict[str, bytes] = {
    "empty file": b"",
    "truncated JSON": b'{"version": 1, "bookmarks": [{"note_id": "a", "tit',
    "binary garbage": bytes(range(256)) * 4,
    "not UTF-8": '{"version": 1, "theme": "夜"}'.encode("shift_jis"),
    "JSON but a list": b"[1, 2, 3]",
    "JSON but a string": b'"version 1"',
    "no version": b'{"bookmarks": [], "entries": [], "values": {}}',
    "newer version": b'{"version": 2, "bookmarks": [], "entries": [], "values": {}}',
    "version as text": b'{"version": "1", "bookmarks": [], "entries": [], "values": {}}',
    "version true": b'{"version": true, "bookmarks": [], "entries": [], "values": {}}',
    "deeply nested": b'{"version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "NUL bytes": b"\x00" * 64,
    "BOM then JSON": b"\xef\xbb\xbf{}",
}

NOTICE = re.compile(
    r"^(?P<name>[a-z]+\.json) was unreadable \((?P<reason>.+)\); "
    r"moved aside to (?P<dest>.+\.corrupt-\d{8}-\d{6}(-\d+)?); starting fresh$"
)


def is_empty(state: StateFile[Any]) -> bool:
    if isinstance(state, Bookmarks | History):
        return len(state) == 0
    assert isinstance(state, Settings)
    return state.theme is None and state.values == {}


# --- the data directory ---------------------------------------------------------------------


def test_data_dir_prefers_argument_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUMONOTE_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert data_dir(str(tmp_path / "arg")) == tmp_path / "arg"
    assert data_dir() == tmp_path / "env"
    monkeypatch.setenv("KUMONOTE_DATA_DIR", "")
    assert data_dir() == Path(platformdirs.user_data_dir("kumonote"))
    monkeypatch.delenv("KUMONOTE_DATA_DIR")
    assert data_dir() == Path(platformdirs.user_data_dir("kumonote"))


def test_loading_creates_nothing(data: Path) -> None:
    for name, load in LOADERS.items():
        state = load(data)
        assert state.load_notice is None and is_empty(state), name
    assert not data.exists()


# --- atomic writes --------------------------------------------------------------------------


def test_atomic_write_creates_directory_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "state.json"
    atomic_write_text(target, "一つ目\n")
    atomic_write_text(target, "二つ目\n")
    assert target.read_bytes() == "二つ目\n".encode()
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("replace", PermissionError(errno.EACCES, "Permission denied")),
        ("replace", OSError(errno.ENOSPC, "No space left on device")),
        ("write", OSError(errno.ENOSPC, "No space left on device")),
        ("fsync", OSError(errno.EIO, "Input/output error")),
        ("open", PermissionError(errno.EACCES, "Permission denied")),
    ],
)
def test_failed_write_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: OSError
) -> None:
    target = tmp_path / "state.json"
    atomic_write_text(target, "old\n")

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(os, where, fail)
    with pytest.raises(OSError) as raised:
        atomic_write_text(target, "new\n" * 10_000)
    monkeypatch.undo()
    assert raised.value is error
    assert target.read_text() == "old\n"
    assert temp_files(tmp_path) == []


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def trickle(fd: int, data: bytes | memoryview) -> int:
        return real_write(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", trickle)
    atomic_write_text(tmp_path / "state.json", "ゆっくり書く" * 50)
    assert (tmp_path / "state.json").read_text() == "ゆっくり書く" * 50


def test_unencodable_text_is_escaped_not_lost(data: Path) -> None:
    bookmarks = Bookmarks(path=data / "bookmarks.json")
    bookmarks.add("odd/\udcff", "名前\ud800")
    assert bookmarks.save() is None
    assert (data / "bookmarks.json").read_bytes().isascii()
    again = Bookmarks.load(data)
    assert again.load_notice is None
    assert [(b.note_id, b.title) for b in again] == [("odd/\udcff", "名前\ud800")]


def test_stale_temps_are_removed_fresh_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.json"
    stale = tmp_path / ".bookmarks.json.123.abc.tmp"
    fresh = tmp_path / ".bookmarks.json.456.def.tmp"
    other = tmp_path / ".history.json.123.abc.tmp"
    for path in (stale, fresh, other):
        path.write_text("{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    remove_stale_temps(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, other.name])


# --- corrupt files --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(LOADERS))
@pytest.mark.parametrize("kind", list(CORRUPT))
def test_corrupt_file_is_moved_aside(data: Path, name: str, kind: str) -> None:
    data.mkdir()
    raw = CORRUPT[kind]
    (data / name).write_bytes(raw)
    state = LOADERS[name](data)
    assert is_empty(state)
    assert state.load_notice is not None
    match = NOTICE.match(state.load_notice)
    assert match, state.load_notice
    assert match["name"] == name
    (moved,) = corrupt_copies(data, name)
    assert match["dest"] == str(moved)
    assert moved.read_bytes() == raw
    assert not (data / name).exists()
    # Starting fresh works: the next save writes a good file and the copy stays.
    assert state.save(force=True) is None
    assert LOADERS[name](data).load_notice is None
    assert moved.read_bytes() == raw


@pytest.mark.parametrize(
    ("name", "document", "reason"),
    [
        ("bookmarks.json", {"bookmarks": {}}, "bookmarks is not a list"),
        ("bookmarks.json", {"bookmarks": [1]}, "bookmarks[0] is not an object"),
        (
            "bookmarks.json",
            {"bookmarks": [{"title": "t", "added": "2024-01-01T00:00:00"}]},
            "bookmarks[0].note_id",
        ),
        (
            "bookmarks.json",
            {"bookmarks": [{"note_id": "", "title": "t", "added": "2024-01-01T00:00:00"}]},
            "bookmarks[0].note_id",
        ),
        (
            "bookmarks.json",
            {"bookmarks": [{"note_id": "a", "title": 3, "added": "2024-01-01T00:00:00"}]},
            "bookmarks[0].title",
        ),
        (
            "bookmarks.json",
            {"bookmarks": [{"note_id": "a", "title": "t", "added": 1}]},
            "bookmarks[0].added",
        ),
        (
            "bookmarks.json",
            {"bookmarks": [{"note_id": "a", "title": "t", "added": "昨日"}]},
            "bookmarks[0].added",
        ),
        ("history.json", {"entries": None}, "entries is not a list"),
        (
            "history.json",
            {"entries": [{"note_id": "a", "scroll": -1}], "current": 0},
            "entries[0].scroll",
        ),
        (
            "history.json",
            {"entries": [{"note_id": "a", "scroll": 1.5}], "current": 0},
            "entries[0].scroll",
        ),
        (
            "history.json",
            {"entries": [{"note_id": "a", "scroll": True}], "current": 0},
            "entries[0].scroll",
        ),
        (
            "history.json",
            {"entries": [{"note_id": "a", "anchor": None}], "current": 0},
            "entries[0].anchor",
        ),
        ("history.json", {"entries": [{"note_id": "a"}], "current": 1}, "current"),
        ("history.json", {"entries": [{"note_id": "a"}]}, "current"),
        ("history.json", {"entries": [], "current": 0}, "current"),
        ("settings.json", {"theme": 7}, "theme is not a string"),
        ("settings.json", {"values": []}, "values is not an object"),
        ("settings.json", {"values": {"width": 1.5}}, "values['width']"),
        ("settings.json", {"values": {"nested": {"a": 1}}}, "values['nested']"),
        ("settings.json", {"values": {"none": None}}, "values['none']"),
    ],
)
def test_wrong_shape_or_types_are_moved_aside(
    data: Path, name: str, document: dict[str, object], reason: str
) -> None:
    data.mkdir()
    raw = json.dumps({"version": 1, **document}).encode()
    (data / name).write_bytes(raw)
    state = LOADERS[name](data)
    assert is_empty(state)
    assert state.load_notice is not None and reason in state.load_notice
    (moved,) = corrupt_copies(data, name)
    assert moved.read_bytes() == raw


def test_version_mismatch_says_so(data: Path) -> None:
    data.mkdir()
    (data / "bookmarks.json").write_text('{"version": 2, "bookmarks": []}')
    notice = Bookmarks.load(data).load_notice
    assert notice is not None and "unsupported version 2" in notice


def test_oversized_file_is_not_read(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    data.mkdir()
    raw = json.dumps({"version": 1, "theme": "x" * 200}).encode()
    (data / "settings.json").write_bytes(raw)
    settings = Settings.load(data)
    assert settings.load_notice is not None and "too large" in settings.load_notice
    assert corrupt_copies(data, "settings.json")[0].read_bytes() == raw


def test_directory_in_place_of_file_is_moved_aside(data: Path) -> None:
    (data / "history.json").mkdir(parents=True)
    (data / "history.json" / "inside").write_text("keep me")
    history = History.load(data)
    assert history.load_notice is not None
    assert "not a regular file" in history.load_notice or "cannot read" in history.load_notice
    (moved,) = corrupt_copies(data, "history.json")
    assert (moved / "inside").read_text() == "keep me"
    assert history.save(force=True) is None
    assert History.load(data).load_notice is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_in_place_of_file_does_not_hang(data: Path) -> None:
    data.mkdir()
    os.mkfifo(data / "settings.json")
    settings = Settings.load(data)
    assert settings.load_notice is not None and "not a regular file" in settings.load_notice
    assert len(corrupt_copies(data, "settings.json")) == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_saving_writes_through_a_symbolic_link(data: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "settings.json").write_text('{"version": 1, "theme": "nord"}')
    data.mkdir()
    (data / "settings.json").symlink_to(dotfiles / "settings.json")
    settings = Settings.load(data)
    assert settings.theme == "nord"
    settings.theme = "dracula"
    assert settings.save() is None
    assert (data / "settings.json").is_symlink()
    assert json.loads((dotfiles / "settings.json").read_text())["theme"] == "dracula"
    assert temp_files(data) == [] and temp_files(dotfiles) == []


def test_set_aside_names_are_unique_within_a_second(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "strftime", lambda fmt: "20240102-030405")
    data.mkdir()
    for n in range(3):
        (data / "bookmarks.json").write_bytes(b"broken %d" % n)
        assert Bookmarks.load(data).load_notice is not None
    names = [p.name for p in corrupt_copies(data, "bookmarks.json")]
    assert names == [
        "bookmarks.json.corrupt-20240102-030405",
        "bookmarks.json.corrupt-20240102-030405-2",
        "bookmarks.json.corrupt-20240102-030405-3",
    ]
    assert [(data / n).read_bytes() for n in names] == [b"broken 0", b"broken 1", b"broken 2"]


def test_set_aside_without_hard_links(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    data.mkdir()
    (data / "settings.json").write_bytes(b"\xff\xfe")
    assert Settings.load(data).load_notice is not None
    assert corrupt_copies(data, "settings.json")[0].read_bytes() == b"\xff\xfe"


def test_corrupt_file_that_cannot_be_moved_gives_notice(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "replace", refuse)
    data.mkdir()
    (data / "bookmarks.json").write_bytes(b"{")
    bookmarks = Bookmarks.load(data)
    assert len(bookmarks) == 0
    assert bookmarks.load_notice == (
        "bookmarks.json was unreadable (not valid JSON: Expecting property name enclosed in"
        " double quotes) and could not be moved aside (Permission denied); starting fresh"
    )
    assert (data / "bookmarks.json").read_bytes() == b"{"


def test_read_json_reports_missing_and_good_files(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    assert read_json(path, dict) == (None, None)
    path.write_text('{"version": 1, "a": [1]}')
    assert read_json(path, lambda d: d["a"]) == ([1], None)


def test_hand_edited_file_with_byte_order_mark_loads(data: Path) -> None:
    data.mkdir()
    (data / "settings.json").write_bytes(b"\xef\xbb\xbf" + b'{"version": 1, "theme": "nord"}')
    settings = Settings.load(data)
    assert settings.load_notice is None and settings.theme == "nord"


def test_unexpected_validator_errors_count_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"version": 1}')
    value, notice = read_json(path, lambda d: d["missing"])
    assert value is None
    assert notice is not None and "wrong shape" in notice


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
field_names = st.sampled_from(
    [
        "version",
        "bookmarks",
        "entries",
        "current",
        "theme",
        "values",
        "note_id",
        "title",
        "added",
        "anchor",
        "scroll",
    ]
)
documents = st.recursive(
    json_values,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(field_names, inner, max_size=6),
    max_leaves=30,
)


def load_or_refuse(raw: bytes) -> list[str]:
    """Read `raw` as each state file: the value must survive being saved and read again,
    a refusal must give a reason that fits the one-line notice. The refusals' reasons."""
    reasons = []
    round_trips: list[tuple[Callable[[dict[str, Any]], Any], Callable[[Any], StateFile[Any]]]] = [
        (parse_bookmarks, lambda items: Bookmarks(items)),
        (parse_history, lambda value: History(*value)),
        (parse_settings, lambda value: Settings(*value)),
    ]
    for parse, state_of in round_trips:
        try:
            value = parse_document(raw, parse)
        except StateError as error:
            reason = str(error)
            assert reason and reason.isprintable(), reason
            reasons.append(reason)
            continue
        saved = files.encode_json(state_of(value).to_json())
        assert parse_document(saved, parse) == value, "not what kumonote writes back"
    return reasons


@settings(max_examples=120)
@given(document=documents, version=st.sampled_from([1, 1, 1, 2, "1", None]))
def test_any_json_either_loads_or_is_rejected_cleanly(document: object, version: object) -> None:
    if isinstance(document, dict):
        document = {**document, "version": version}
    reasons = load_or_refuse(json.dumps(document).encode())
    if not isinstance(document, dict):
        assert reasons == ["not a JSON object"] * 3
    elif version != 1:
        assert all(reason.startswith("unsupported version") for reason in reasons)


@settings(max_examples=100)
@given(raw=st.binary(max_size=200))
def test_any_bytes_either_load_or_are_rejected_cleanly(raw: bytes) -> None:
    reasons = load_or_refuse(raw)
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert reasons == ["not UTF-8 text"] * 3

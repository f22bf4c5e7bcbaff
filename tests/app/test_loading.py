"""The first screen: notes loaded early are drawn at once; a slow library is awaited."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import tui.screens.loading as loading_module
from tui.i18n import _
from tui.notes import bundled_library
from tui.notes.early import EarlyLoad
from tui.notes.model import Library
from tui.screens.main import MainScreen
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import SearchBar

from .helpers import Posted, make_app, note_ids, settle, wait_until


def test_early_load_reports_not_ready_then_the_library_or_its_error() -> None:
    gate = threading.Event()
    library = bundled_library()

    def slow() -> Library:
        gate.wait(5)
        return library

    early = EarlyLoad(slow)
    assert early.result(timeout=0.01) is None
    gate.set()
    assert early.wait() is library
    assert early.result(timeout=0) is library

    def broken() -> Library:
        raise OSError("disk on fire")

    failing = EarlyLoad(broken)
    with pytest.raises(OSError, match="disk on fire"):
        failing.wait()


async def test_notes_loaded_before_the_first_frame_are_in_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        tree = screen.query_one(NoteTree)
        assert screen.library is not None
        assert len(tree.root.children) == len(screen.library.categories)


async def test_a_slow_library_is_awaited_and_a_query_typed_meanwhile_is_answered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    library = bundled_library()

    def slow() -> Library:
        gate.wait(10)
        return library

    monkeypatch.setattr(loading_module, "FIRST_SCREEN_WAIT", 0.01)
    monkeypatch.setattr(EarlyLoad, "of", classmethod(lambda cls, content: cls(slow)))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        tree = screen.query_one(NoteTree)
        assert screen.library is None and not tree.root.children
        assert _("Loading notes…") in "\n".join(screen.query_one(NoteView).lines)
        await pilot.press("slash", *"polly")
        await pilot.pause()
        assert screen.query_one(SearchBar).value == "polly"
        gate.set()
        await wait_until(
            pilot,
            lambda: screen.library is not None and tree.filtered,
            "the query typed while loading searched",
        )
        await settle(pilot)
        assert "loading notes" not in "\n".join(screen.query_one(NoteView).lines)
        assert tree.filtered, "the query typed while loading was never searched"
        assert note_ids(tree)[0] == "ai-services/polly"


@pytest.mark.parametrize("wait", [0.5, 0.0])
async def test_a_failing_load_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wait: float
) -> None:
    def broken() -> Library:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loading_module, "FIRST_SCREEN_WAIT", wait)
    monkeypatch.setattr(EarlyLoad, "of", classmethod(lambda cls, content: cls(broken)))
    app = make_app(tmp_path)
    posted = Posted()
    async with app.run_test(size=(100, 30), message_hook=posted) as pilot:
        await wait_until(pilot, posted.notifications, "a notification")
        await settle(pilot)
        messages = posted.notified()
        assert any("disk on fire" in m for m in messages), messages
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.library is not None
        assert len(screen.library) == 0

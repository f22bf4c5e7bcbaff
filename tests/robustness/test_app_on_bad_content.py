"""The app on the bad corpus: it opens, shows the good notes, says what it skipped, shows
control characters inert, and refuses links and images that lead out of the content folder.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from waiting import wait_until

from tui.app import KumonoteApp
from tui.i18n import ngettext
from tui.notes.safe_text import has_controls, inert
from tui.notes.sources import Source
from tui.screens.content_notices import check_command
from tui.screens.main import MainScreen
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import SearchBar

from .corpus import CANARY, GOOD, expected_lines, honour_permissions


class Told:
    """Every notification the app showed."""

    def __init__(self, app: KumonoteApp) -> None:
        self.messages: list[str] = []
        original = app.notify

        def notify(message: str, *args: Any, **kwargs: Any) -> None:
            self.messages.append(str(message))
            original(message, *args, **kwargs)

        app.notify = notify  # type: ignore[method-assign]

    def __contains__(self, text: str) -> bool:
        return any(text in message for message in self.messages)


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the notes are loaded and the full index is open."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await wait_until(
        pilot,
        lambda: screen.library is not None and screen.engine is not None,
        "the notes loaded and the full index open",
    )
    await settle(pilot)
    return screen


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def labels(tree: NoteTree) -> list[str]:
    out = []
    stack = [tree.root]
    while stack:
        node = stack.pop()
        out.append(str(node.label))
        stack.extend(node.children)
    return out


@pytest.fixture
def app(
    corpus: Path, tmp_path: Path, warm_cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[KumonoteApp]:
    launched: list[list[str]] = []
    # The image viewer is started with subprocess.Popen (tui/screens/lab.py).
    monkeypatch.setattr(subprocess, "Popen", lambda args, **_: launched.append(args))
    with honour_permissions(monkeypatch):
        yield KumonoteApp(
            content=corpus,
            cache_dir=warm_cache_home / "kumonote",
            data_dir=tmp_path / "data",
            watch=False,
        )
    assert launched == []  # no image viewer was ever started on a refused image


async def test_opens_and_shows_every_good_note(app: KumonoteApp, corpus: Path) -> None:
    told = Told(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.library is not None
        assert sorted(n.title for n in screen.library) == sorted(GOOD.values())
        problems = expected_lines(corpus)
        files = len({path for path, _reason in problems})
        assert files > 1 and len(problems) > files  # some files have more than one problem
        said = ngettext(
            "{count} problem in {files}: see `{command}`",
            "{count} problems in {files}: see `{command}`",
            len(problems),
        ).format(
            count=len(problems),
            files=ngettext("{count} file of notes", "{count} files of notes", files).format(
                count=files
            ),
            command=check_command([Source(corpus)], named=True),  # the same --content as the app
        )
        assert said in told, told.messages
        tree = screen.query_one(NoteTree)
        for branch in tree.root.children:  # categories fill when first unfolded
            branch.expand()
        await settle(pilot)
        tree_text = "\n".join(labels(tree))
        for title in GOOD.values():
            assert inert(title) in tree_text
        assert not has_controls(tree_text) and CANARY not in tree_text
        view = screen.query_one(NoteView)
        for note in screen.library:
            screen.reading.show(note.id)
            await pilot.pause()
            text = "\n".join(view.lines) + str(view.border_title) + str(view.border_subtitle)
            assert not has_controls(text), note.id
            assert CANARY not in text


async def test_search_finds_notes_read_from_legacy_encodings(app: KumonoteApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        bar = screen.query_one(SearchBar)
        view = screen.query_one(NoteView)
        for query, title in [
            ("暗号化", "暗号化の手順"),
            ("かきくけこ", "ひらがなのノート"),
            ("ワードパッド", "ユーティーエフ十六"),
            ("crlfzz", "改行 CRLF と BOM"),
            ("dangerzz", "危険 ␛]0;pwned␇ title"),
            ("canary", None),
        ]:
            await pilot.press("slash")
            bar.value = query
            await settle(pilot)
            if title is None:
                assert view.note is None  # no results: the outside note was never loaded
            else:
                assert view.border_title == title, query
            assert not has_controls("\n".join(view.lines))
            assert CANARY not in "\n".join(view.lines)


async def test_escaping_links_and_images_are_refused_with_a_message(app: KumonoteApp) -> None:
    told = Told(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.library is not None
        view = screen.query_one(NoteView)
        good = next(n for n in screen.library if n.title == "良いノート")
        screen.open_note(good.id)
        await settle(pilot)
        hrefs = [spot.href for spot in view.links]
        assert hrefs == ["../../outside/secret.md"]
        view.post_message(NoteView.LinkClicked(view, hrefs[0]))
        await settle(pilot)
        assert "refused: ../../outside/secret.md points outside the content root" in told
        assert view.note is not None and view.note.id == good.id  # nothing else opened

        images = next(n for n in screen.library if n.title == "画像")
        screen.open_note(images.id)
        await settle(pilot)
        text = "\n".join(view.lines)
        assert text.count("画像が見つかりません") == 4 and "refused" in text
        await pilot.press("o")
        await settle(pilot)
        assert "画像が見つかりません: ../../outside/secret.png" in told


async def test_corrupt_state_files_are_set_aside_and_the_user_is_told(
    tmp_path: Path, warm_cache_home: Path
) -> None:
    # The state layer itself (atomic writes, kill -9, every kind of corrupt file) is tested
    # in tests/state; this is the app telling the user.
    data = tmp_path / "data"
    data.mkdir()
    (data / "bookmarks.json").write_bytes(b'{"version": 1, "bookmarks": [')
    (data / "history.json").write_bytes(b"\x00\xff garbage")
    app = KumonoteApp(cache_dir=warm_cache_home / "kumonote", data_dir=data, watch=False)
    told = Told(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("b")  # a bookmark can still be made, in a fresh file
        await settle(pilot)
    set_aside = sorted(p.name.split(".corrupt-")[0] for p in data.glob("*.corrupt-*"))
    assert set_aside == ["bookmarks.json", "history.json"]
    assert sum("corrupt" in message for message in told.messages) == 2, told.messages
    assert b'"bookmarks"' in (data / "bookmarks.json").read_bytes()

"""Rough edges a newcomer hit, each held down by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual import events
from textual.widgets import Label

from tui.i18n import _, set_language
from tui.screens.choose import ChooseScreen
from tui.screens.main import MainScreen
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import SearchBar

from .helpers import Posted, make_app, ready, status, type_query, wait_until


def _key(character: str) -> events.Key:
    names = {"/": "slash", " ": "space"}
    return events.Key(names.get(character, character), character)


async def test_a_slash_in_a_burst_of_typing_stays_where_it_was_typed(tmp_path: Path) -> None:
    """A paste without bracketed paste (or tmux send-keys -l) delivers keys all at once."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        bar = app.screen.query_one(SearchBar)
        assert app.focused is bar
        for character in "A/Bテスト x/y/z":
            app.post_message(_key(character))  # queued together: no pause between them
        await wait_until(pilot, lambda: len(bar.value) >= 12, "the burst typed")
        assert bar.value == "A/Bテスト x/y/z"


async def test_slash_from_the_tree_still_jumps_to_the_search_bar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        for character in "/kms":
            app.post_message(_key(character))
        bar = app.screen.query_one(SearchBar)
        await wait_until(pilot, lambda: bar.value == "kms", "the query typed after /")
        assert app.focused is bar


async def test_the_status_line_is_drawn_again_for_its_new_room_after_a_resize(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 24)) as pilot:
        await ready(pilot)
        await type_query(pilot, "sagemkaer")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        narrow = status(screen)
        assert "SageMaker?" in narrow and "件" not in narrow  # no room for the count
        await pilot.resize_terminal(160, 40)
        await wait_until(
            pilot, lambda: status(screen).startswith("もしかして SageMaker? · "), "a wider status"
        )


@pytest.mark.parametrize("width", [80, 120, 160])
@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_category_labels_are_not_cut_at_common_widths(
    tmp_path: Path, width: int, lang: str
) -> None:
    set_language(lang)
    app = make_app(tmp_path)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        labels = [tree.render_label(node, Style(), Style()).plain for node in tree.root.children]
        assert len(labels) > 5
        assert not [label for label in labels if label.endswith("…")], labels
        if width == 160:  # room for both languages of every category
            assert any("SageMaker と機械学習 (SageMaker and ML)" in label for label in labels)


async def test_copy_finds_the_block_below_the_view_and_says_so_when_there_is_none(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content" / "lab"
    content.mkdir(parents=True)
    filler = "\n".join(f"- 行 {n}" for n in range(60))
    (content / "code.md").write_text(
        f"# Code\n\n{filler}\n\n```sh\naws s3 ls\n```\n", encoding="utf-8"
    )
    (content / "plain.md").write_text("# Plain\n\n- 文だけ\n", encoding="utf-8")
    posted = Posted()
    app = make_app(tmp_path, content=content.parent)
    async with app.run_test(size=(80, 24), message_hook=posted) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(NoteView)
        screen.open_note("lab/code")
        await pilot.pause()
        assert view.top_line == 0
        await pilot.press("c")
        await wait_until(
            pilot, lambda: app.clipboard.strip() == "aws s3 ls" or None, "the block copied"
        )
        assert view.top_line > 40  # scrolled to the block copied
        screen.open_note("lab/plain")
        await pilot.pause()
        await pilot.press("c")
        await wait_until(
            pilot,
            lambda: _("this note has no code block or table to copy") in posted.notified(),
            "told there is nothing to copy",
        )


async def test_o_without_a_viewer_says_what_to_do_and_copies_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    posted = Posted()
    app = make_app(tmp_path, open_note="concepts/three-layers")
    async with app.run_test(size=(100, 30), message_hook=posted) as pilot:
        await ready(pilot)
        await pilot.press("o")
        told = await wait_until(
            pilot, lambda: [m for m in posted.notified() if "xdg-open" in m], "the advice"
        )
        assert "site-packages" not in told[0]
        assert app.clipboard.endswith(".png")


async def test_the_bookmark_list_names_the_key_bound_now(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.set_keymap({"lab.bookmark": "m"})
        await pilot.press("B")
        dialog = await wait_until(
            pilot, lambda: app.screen if isinstance(app.screen, ChooseScreen) else None, "list"
        )
        shown = "\n".join(str(label.render()) for label in dialog.query(Label))
        assert _("No bookmarks yet: press {keys} on a note.").format(keys="m") in shown

"""Rough edges a newcomer hit, each held down by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path

from textual import events

from tui.screens.main import MainScreen
from tui.widgets.search_bar import SearchBar

from .helpers import make_app, ready, status, type_query, wait_until


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
        assert "SageMaker?" in narrow and not narrow.startswith("もしかして")
        await pilot.resize_terminal(160, 40)
        await wait_until(
            pilot, lambda: status(screen).startswith("もしかして SageMaker?"), "a wider status"
        )

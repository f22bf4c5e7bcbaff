"""Switching the interface language from the palette, and palette commands in both languages."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style

from tui.i18n import language
from tui.screens.palette import PaletteCommand, command_score, language_command
from tui.widgets.key_bar import KeyBar
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView

from .helpers import make_app, ready, status, type_query


def _never(query: str, name: str) -> float:
    return 0.0


def _command(title: str, reading: str) -> PaletteCommand:
    return PaletteCommand(title, "", lambda: None, reading)


def test_commands_match_in_both_languages_and_in_kana_and_romaji() -> None:
    theme = _command("Theme", "てーま")
    bookmarks = _command("Bookmarks", "ぶっくまーく")
    for query in ("てーま", "テーマ", "teema", "theme"):
        assert command_score(query, theme, _never) > 0, query
        assert command_score(query, bookmarks, _never) == 0, query
    for query in ("bukkumaaku", "ぶっくま", "ブックマーク一覧", "bookm"):
        assert command_score(query, bookmarks, _never) > 0, query
    switch = language_command(lambda: None)
    for query in ("language", "gengo", "げんご", "日本語", "English", "言語", "nihongo"):
        assert command_score(query, switch, _never) > 0, query


def _footer(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return str(app.screen.query_one(KeyBar).render())


async def test_the_palette_switches_the_language_and_what_is_shown_follows(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert language() == "ja" and "ヘルプ" in _footer(app)
        await type_query(pilot, "暗号")
        assert "件" in status(screen)
        (switch,) = [c for c in app.palette_commands(screen) if "日本語" in c.title]
        switch.callback()
        await pilot.pause()
        await type_query(pilot, "暗号 ")  # the same search, said again
        assert language() == "en"
        assert "Help" in _footer(app) and "ヘルプ" not in _footer(app)
        assert "note" in status(screen) and "件" not in status(screen)
        assert app.store.settings.get_str("language") == "en"  # remembered
        switch.callback()
        await pilot.pause()
        assert language() == "ja" and "ヘルプ" in _footer(app)


async def test_what_is_on_screen_is_said_again_in_the_new_language(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_note="concepts/three-layers")  # an image card on it
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(NoteView)
        tree = screen.query_one(NoteTree)

        def labels() -> str:
            return "\n".join(
                tree.render_label(node, Style(), Style()).plain for node in tree.root.children
            )

        assert "o で画像を開く" in "\n".join(view.lines)
        assert "SageMaker と機械学習" in labels()  # cut to its Japanese half at 80 columns
        (switch,) = [c for c in app.palette_commands(screen) if "日本語" in c.title]
        switch.callback()
        await pilot.pause()
        assert "press o to open the image" in "\n".join(view.lines)
        assert "SageMaker and ML" in labels()

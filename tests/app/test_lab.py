"""Lab workflow with Pilot: history, bookmarks, links, copy, editor, live reload, themes, NOTE."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tui.app import KumonoteApp
from tui.i18n import _
from tui.screens.choose import ChooseScreen, ConfirmUrlScreen
from tui.screens.main import MainScreen
from tui.state import StateStore
from tui.widgets.note_view import NoteView

from .helpers import Posted, choose_in_palette, ready, shown, wait_until, watching


def make_app(tmp_path: Path, **kwargs: Any) -> KumonoteApp:
    kwargs.setdefault("watch", False)
    kwargs.setdefault("data_dir", tmp_path / "data")
    return KumonoteApp(cache_dir=tmp_path / "index", **kwargs)


def write_notes(root: Path) -> Path:
    (root / "lab").mkdir(parents=True)
    (root / "lab" / "a.md").write_text(
        "# Alpha\n- see [[Beta]] and [the web](https://example.com/x)\n- [bad](../../etc/passwd)\n"
        "\n## 手順\n\n```bash\naws s3 ls\n```\n",
        encoding="utf-8",
    )
    (root / "lab" / "b.md").write_text(
        "---\naliases: [ベータ]\n---\n# Beta\n- back to [a](a.md)\n", encoding="utf-8"
    )
    return root


async def test_history_back_and_forward(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        screen.open_note("security/kms")
        screen.open_note("ai-services/polly")
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert shown(screen) == "security/kms"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert shown(screen) == "ai-services/polly"
        await pilot.press("alt+left")
        await pilot.pause()
        assert shown(screen) == "security/kms"


async def test_back_returns_to_the_place_left_when_the_tree_previewed_another_note(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(NoteView)
        await pilot.press("enter", "end")  # read the first note to its end
        await pilot.pause()
        first, place = shown(screen), view.scroll_y
        assert place > 0
        await pilot.press("escape", "j")  # back in the tree: the next note is previewed
        await pilot.pause()
        assert shown(screen) != first and view.scroll_y == 0
        await pilot.press("enter", "left_square_bracket")  # read it, then go back
        await pilot.pause()
        await pilot.pause()
        assert shown(screen) == first
        assert view.scroll_y == place


async def test_bookmarks_and_last_note_survive_a_restart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        screen.open_note("iot/greengrass")
        await pilot.press("b")
        await pilot.pause()
        screen.open_note("security/kms")
        await pilot.press("q")
    saved = StateStore.open(tmp_path / "data")
    assert saved.bookmarks.contains("iot/greengrass")
    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert shown(screen) == "security/kms"
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(again.screen, ChooseScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert shown(screen) == "iot/greengrass"
        await pilot.press("b")  # toggles it off
        await pilot.pause()
        assert not again.store.bookmarks.contains("iot/greengrass")


async def test_named_note_wins_over_the_last_one(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_note="polly")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert shown(screen) == "ai-services/polly"


async def test_links_open_notes_and_web_links_ask_first(tmp_path: Path) -> None:
    content = write_notes(tmp_path / "content")
    app = make_app(tmp_path, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(NoteView)
        assert shown(screen) == "lab/a"
        view.post_message(NoteView.LinkClicked(view, "Beta"))
        await wait_until(pilot, lambda: shown(screen) == "lab/b", "[[Beta]] opened")
        view.post_message(NoteView.LinkClicked(view, "a.md"))
        await wait_until(pilot, lambda: shown(screen) == "lab/a", "a.md opened")
        view.post_message(NoteView.LinkClicked(view, "../../etc/passwd"))
        await pilot.pause()
        assert shown(screen) == "lab/a"
        view.post_message(NoteView.LinkClicked(view, "https://example.com/x"))
        await wait_until(
            pilot, lambda: isinstance(app.screen, ConfirmUrlScreen), "the web link asked about"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f")  # the keyboard way: a list of the note's links
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        details = {value: detail for value, _label, detail in app.screen._items}
        assert details["Beta"] == _("note")  # the link reads as the title already
        assert details["https://example.com/x"] == _("web")
        assert details["../../etc/passwd"].startswith("✗ 拒否")  # said in the language
        await pilot.press("enter")  # the first link: [[Beta]]
        await wait_until(pilot, lambda: shown(screen) == "lab/b", "[[Beta]] opened from the list")


async def test_copy_note_and_code_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_notes(tmp_path / "content")
    app = make_app(tmp_path, content=content)
    copied: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        screen = await ready(pilot)
        view = screen.query_one(NoteView)
        view.focus()
        await pilot.press("y")
        assert copied[-1].startswith("# Alpha") and "aws s3 ls" in copied[-1]
        assert view.goto_anchor("手順")
        await pilot.pause()
        await pilot.press("c")
        assert copied[-1].strip() == "aws s3 ls"


async def test_edit_opens_the_editor_at_the_section_and_reloads(
    tmp_path: Path, monkeypatch: Any
) -> None:
    content = write_notes(tmp_path / "content")
    log = tmp_path / "editor.log"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        f"open({str(log)!r}, 'w').write(' '.join(sys.argv[1:]))\n"
        "open(sys.argv[-1], 'a').write('- 追記した行\\n')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(tmp_path, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(NoteView)
        screen.open_note("lab/a", "手順")
        await pilot.pause()
        await pilot.press("e")
        await wait_until(pilot, lambda: "追記した行" in "\n".join(view.lines), "the edit shown")
        assert log.read_text().startswith("+5 ")  # the `## 手順` heading is line 5
        assert shown(screen) == "lab/a"


async def test_live_reload_updates_the_list_and_open_note(tmp_path: Path) -> None:
    content = write_notes(tmp_path / "content")
    app = make_app(tmp_path, content=content, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        view = screen.query_one(NoteView)
        await watching(pilot, content / "lab" / "probe.md", "lab/probe")
        (content / "lab" / "c.md").write_text("# Gamma\n- 新しいノート\n", encoding="utf-8")
        a = content / "lab" / "a.md"
        a.write_text(a.read_text(encoding="utf-8") + "- ライブ更新\n", encoding="utf-8")
        await wait_until(
            pilot,
            lambda: screen.library is not None and screen.library.get("lab/c"),
            "the new note listed",
        )
        await wait_until(
            pilot, lambda: "ライブ更新" in "\n".join(view.lines), "the open note updated"
        )
        await wait_until(
            pilot,
            lambda: (
                screen.engine is not None
                and [h.note_id for h in screen.engine.search("Gamma").hits] == ["lab/c"]
            ),
            "the new note searchable",
        )


async def test_theme_choice_persists(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert StateStore.open(tmp_path / "data").settings.theme == "nord"
    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert again.theme == "nord"


async def test_bookmarks_are_in_the_command_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        screen.open_note("security/pii")
        await pilot.pause()
        await choose_in_palette(pilot, "toggle bookmark")
        await wait_until(
            pilot, lambda: app.store.bookmarks.contains("security/pii"), "the note bookmarked"
        )
        await choose_in_palette(pilot, "bookmarks")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ChooseScreen), "the bookmarks listed"
        )


async def test_a_note_deleted_while_shown_is_said_to_be_gone(tmp_path: Path) -> None:
    content = write_notes(tmp_path / "content")
    app = make_app(tmp_path, content=content)
    posted = Posted()
    async with app.run_test(size=(100, 30), message_hook=posted) as pilot:
        screen = await ready(pilot)
        screen.open_note("lab/a")
        await pilot.pause()
        assert shown(screen) == "lab/a"
        (content / "lab" / "a.md").unlink()
        screen.reload_content()
        await wait_until(
            pilot,
            lambda: screen.library is not None and screen.library.get("lab/a") is None,
            "the deleted note gone from the list",
        )
        await pilot.pause()
        view = screen.query_one(NoteView)
        assert shown(screen) is None
        assert "なくなりました" in "\n".join(view.lines)
        assert "lab/a.md" in "\n".join(view.lines)
        await pilot.press("b", "y")
        await pilot.pause()
        assert not screen.store.bookmarks.items  # nothing was bookmarked
        assert sum(_("no note is open: pick one in the tree") in m for m in posted.notified()) == 2


async def test_a_state_file_broken_by_another_program_is_reported_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    posted = Posted()
    async with app.run_test(size=(100, 30), message_hook=posted) as pilot:
        screen = await ready(pilot)
        screen.query_one(NoteView).focus()
        await pilot.press("b")  # bookmarks.json now exists
        (tmp_path / "data" / "bookmarks.json").write_text("{not json", encoding="utf-8")
        await pilot.press("b")  # saving reads it first: it is set aside, this copy saved
        await pilot.pause()
        await pilot.press("b")  # a save that goes well says nothing more
        await pilot.pause()
        warnings = [n.message for n in posted.notifications() if n.severity == "warning"]
        assert len(warnings) == 1 and "bookmarks.json" in warnings[0]
        assert StateStore.open(tmp_path / "data").bookmarks.items  # the last press saved one
        assert list((tmp_path / "data").glob("bookmarks.json.corrupt-*"))

"""Search keystrokes repaint the tree and the note without a layout of the screen, and their
scrollbars still follow what they show."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widget import Widget

from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView

from .helpers import make_app, note_ids, ready, settle, status


def count_layouts(screen: Screen[None], watcher: Widget) -> list[Screen[None]]:
    """A list that grows by one with every layout of `screen` (Textual announces each)."""
    layouts: list[Screen[None]] = []
    screen.screen_layout_refresh_signal.subscribe(watcher, layouts.append, immediate=True)
    return layouts


def scrollbar_agrees(widget: NoteTree | NoteView) -> bool:
    """Do the widget's scroll limit and its vertical scrollbar fit the content it has now?"""
    height = widget.scrollable_content_region.height
    return (
        widget.max_scroll_y == max(0, widget.virtual_size.height - height)
        and widget.vertical_scrollbar.window_virtual_size == widget.virtual_size.height
        and widget.vertical_scrollbar.window_size == height
    )


async def test_typing_a_query_changes_tree_and_note_without_a_layout(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree, view = screen.query_one(NoteTree), screen.query_one(NoteView)
        await pilot.press("slash", "s")
        await settle(pilot)
        layouts = count_layouts(screen, view)
        seen = set()
        for key in ("q", "s", "backspace", "backspace", "t", "e", "p"):  # sqs, then step
            await pilot.press(key)
            await settle(pilot)
            seen.add((tuple(note_ids(tree)), view.note.id if view.note else None, status(screen)))
        assert len({trees for trees, _, _ in seen}) > 1, "the keys should have changed the tree"
        assert len({notes for _, notes, _ in seen}) > 1, "and the note shown"
        assert layouts == []
        assert scrollbar_agrees(tree) and scrollbar_agrees(view)


async def test_scrollbars_follow_a_longer_and_a_shorter_result(tmp_path: Path) -> None:
    content = tmp_path / "content" / "notes"
    content.mkdir(parents=True)
    long_lines = "\n".join(f"- 長い行 {i} のキュー" for i in range(80))
    (content / "long.md").write_text(f"# 長いノート\n\n{long_lines}\n", encoding="utf-8")
    (content / "short.md").write_text("# 短いノート\n\nトピックだけ。\n", encoding="utf-8")
    for i in range(40):
        (content / f"many{i:02}.md").write_text(f"# 話 {i}\n\nサービスの話。\n", encoding="utf-8")
    app = make_app(tmp_path, content=tmp_path / "content")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree, view = screen.query_one(NoteTree), screen.query_one(NoteView)

        await pilot.press("slash", *"キュー")
        await settle(pilot)
        assert view.note is not None and view.note.id == "notes/long"
        assert view.max_scroll_y > 0 and scrollbar_agrees(view)
        await pilot.press("enter", "end")  # read it to the end: the last line is in view
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y and view.max_scroll_y > 0

        await pilot.press("slash", "ctrl+w", *"トピック")
        await settle(pilot)
        assert view.note is not None and view.note.id == "notes/short"
        assert view.max_scroll_y == 0 and view.scroll_y == 0 and scrollbar_agrees(view)

        await pilot.press("ctrl+w", *"サービス")
        await settle(pilot)
        assert len(note_ids(tree)) == 40
        assert tree.max_scroll_y > 0 and scrollbar_agrees(tree)
        await pilot.press("ctrl+w", *"トピック")
        await settle(pilot)
        assert tree.max_scroll_y == 0 and tree.scroll_y == 0 and scrollbar_agrees(tree)

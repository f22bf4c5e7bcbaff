"""NoteView in a tiny app, driven by the Pilot."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from waiting import wait_until

from tui.i18n import _
from tui.notes.model import ImageRef, Note
from tui.notes.structure import sections
from tui.render.image_card import MISSING_IMAGE
from tui.render.spots import image_of
from tui.widgets.note_view import EMPTY_TITLE, NoteView

FILLER = (
    "- Amazon SageMaker は、機械学習モデルを構築、トレーニング、デプロイするためのサービスです。\n"
)

BODY = (
    "# 機械学習ノート\n\n"
    + FILLER * 12
    + "\n## 概要\n\n"
    + "Amazon SQS（Simple Queue Service）はキューです。"
    + "詳しくは [公式](https://aws.amazon.com/sqs/) へ。\n\n"
    + FILLER * 12
    + '\n## コード\n\n```python\nimport boto3\nsqs = boto3.client("sqs")\n```\n\n'
    + "| 項目 | 説明 |\n|---|---|\n| キュー | メッセージ |\n\n"
    + "![構成図](images/missing.png)\n\n"
    + FILLER * 12
)


class Finder:
    """A stand-in for the search layer's highlighter."""

    def __init__(self, word: str) -> None:
        self.word = word

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = []
        start = text.find(self.word)
        while start >= 0:
            found.append((start, start + len(self.word)))
            start = text.find(self.word, start + 1)
        return found


def make_note(body: str = BODY, images: tuple[ImageRef, ...] = ()) -> Note:
    return Note(
        id="ml/note",
        title="機械学習ノート",
        category="ml",
        body=body,
        path=Path("ml/note.md"),
        sections=sections(body),
        images=images,
    )


class ViewApp(App[None]):
    """Only a NoteView; records the messages it posts."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield NoteView()

    def on_note_view_link_clicked(self, message: NoteView.LinkClicked) -> None:
        self.messages.append(message)

    def on_note_view_matches_changed(self, message: NoteView.MatchesChanged) -> None:
        self.messages.append(message)

    def on_note_view_section_changed(self, message: NoteView.SectionChanged) -> None:
        self.messages.append(message)

    def on_note_view_image_clicked(self, message: NoteView.ImageClicked) -> None:
        self.messages.append(message)


def screen_lines(view: NoteView) -> list[str]:
    """The view's visible lines as painted."""
    height = view.scrollable_content_region.height
    return [view.render_line(y).text for y in range(height)]


async def test_empty_state_and_message() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        await pilot.pause()
        assert view.can_focus
        assert _(EMPTY_TITLE) in screen_lines(view)[0]
        view.show_message("一致するノートがありません", "no results")
        await pilot.pause()
        assert screen_lines(view)[0].startswith("一致するノートがありません")
        assert view.note is None


async def test_goto_anchor_scrolls_a_japanese_heading_to_the_top() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        note = make_note()
        view.show(note)
        await pilot.pause()
        assert [s.anchor for s in note.sections] == ["概要", "コード"]
        assert view.goto_anchor("概要")
        await pilot.pause()
        assert screen_lines(view)[0].startswith("概要")
        assert view.current_section_anchor() == "概要"
        assert view.goto_anchor("コード")
        await pilot.pause()
        assert screen_lines(view)[0].startswith("コード")
        assert not view.goto_anchor("ない見出し")
        sections_seen = [m.anchor for m in app.messages if isinstance(m, NoteView.SectionChanged)]
        assert sections_seen[-2:] == ["概要", "コード"]


async def test_highlight_counts_and_n_and_shift_n_move_the_current_match() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note())
        await pilot.pause()
        count = view.highlight(Finder("SageMaker"))
        assert count == 36 == view.match_count
        assert view.next_match() == (0, 36)
        assert view.next_match() == (1, 36)
        assert view.previous_match() == (0, 36)
        assert view.previous_match() == (35, 36)  # wraps around
        assert view.current_match == 35
        await pilot.pause()
        # The current match was scrolled into view, and is styled differently.
        top = view.top_line
        assert top > 0
        current = view._current_lines
        (line,) = current
        assert top <= line < top + view.scrollable_content_region.height
        strip = view.render_line(line - top)
        styles = {seg.style for seg in strip if "SageMaker" in seg.text}
        assert len(styles) == 1
        other = next(
            y for y in range(5) if "SageMaker" in view.render_line(y).text and y + top != line
        )
        assert {seg.style for seg in view.render_line(other) if "SageMaker" in seg.text} != styles
        changes = [m for m in app.messages if isinstance(m, NoteView.MatchesChanged)]
        assert (changes[-1].index, changes[-1].total) == (35, 36)
        assert view.highlight(None) == 0
        assert view.next_match() == (-1, 0)
        assert view.current_match == -1


async def test_missing_image_card_is_shown() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        refused = ImageRef("構成図", "images/missing.png", None, "missing")
        view.show(make_note(images=(refused,)))
        await pilot.pause()
        line = next(i for i, text in enumerate(view.lines) if _(MISSING_IMAGE) in text)
        view.scroll_to(y=line - 1, animate=False)
        await pilot.pause()
        painted = screen_lines(view)
        assert painted[0].lstrip().startswith("┌")
        assert f"{_(MISSING_IMAGE)}: images/missing.png" in painted[1]
        near = view.block_near_view(("image",))
        assert near is not None and near[1] == "view" and image_of(near[0]) == refused
        await pilot.click(NoteView, offset=(5, 2))
        await pilot.pause()
        clicked = [m.image for m in app.messages if isinstance(m, NoteView.ImageClicked)]
        assert clicked == [refused]


async def test_control_characters_are_never_painted_raw() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        body = "# 危険\x1b[2J\n\n本文\x1b]52;c;aGk=\x07 \x9b1m\n\n```\n\x1b[31mred\n```\n"
        view.show(None, text=body)
        await pilot.pause()
        painted = "".join(seg.text for y in range(6) for seg in view.render_line(y))
        assert "\x1b" not in painted and "\x07" not in painted and "\x9b" not in painted
        assert "␛[2J" in painted and "␛]52;c;aGk=␇" in painted


async def test_rewraps_on_resize_and_keeps_the_place() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note())
        await pilot.pause()
        wide = view.lines
        assert view.goto_anchor("コード")
        await pilot.pause()
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        narrow = view.lines
        width = view.scrollable_content_region.width
        assert width < 40
        assert len(narrow) > len(wide)
        assert all(cell_len(line) <= width for line in narrow)
        assert screen_lines(view)[0].startswith("コード")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.lines == wide


async def test_scroll_keys() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note())
        view.focus()
        await pilot.pause()
        height = view.scrollable_content_region.height
        await pilot.press("j", "j", "down")
        assert view.top_line == 3
        await pilot.press("k", "up")
        assert view.top_line == 1
        await pilot.press("space")
        assert view.top_line == 1 + height - 1
        await pilot.press("pageup")
        assert view.top_line == 1
        await pilot.press("G")
        assert view.top_line == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.top_line == 0
        await pilot.press("end")
        assert view.top_line == view.max_scroll_y
        await pilot.press("home")
        assert view.top_line == 0
        assert view.has_focus
        ids = {b.binding.id for b in app.screen.active_bindings.values() if b.node is view}
        assert {"note.scroll_down", "note.scroll_up", "note.page_down", "note.top"} <= ids


async def test_click_on_a_link_posts_link_clicked() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        body = "見出し\n\n本文 [公式サイト](https://aws.amazon.com/sqs/) と [[AWS Lambda]]。"
        view.show(None, text=body)
        await pilot.pause()
        links = view.links
        assert [link.href for link in links] == ["https://aws.amazon.com/sqs/", "AWS Lambda"]
        region = view.content_region
        for link in links:
            offset = (region.x - view.region.x + link.start + 1, link.line)
            await pilot.click(NoteView, offset=offset)
        await pilot.pause()
        clicked = [m.href for m in app.messages if isinstance(m, NoteView.LinkClicked)]
        assert clicked == ["https://aws.amazon.com/sqs/", "AWS Lambda"]
        assert view.visible_links() == links


def block_source(view: NoteView) -> tuple[str, str] | None:
    """The code block or table `c` copies, and where it was (`view`, `below`, `above`)."""
    near = view.block_near_view(("code", "table"))
    return None if near is None else (near[0].source, near[1])


async def test_block_at_cursor_copies_code_or_table() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note())
        await pilot.pause()
        near = block_source(view)
        assert near is not None and near[1] == "below"  # none in view at the top
        view.goto_anchor("コード")
        await pilot.pause()
        assert block_source(view) == ('import boto3\nsqs = boto3.client("sqs")', "view")
        table = next(i for i, text in enumerate(view.lines) if text.startswith("┌"))
        view.scroll_to(y=table + 1, animate=False)
        await pilot.pause()
        assert block_source(view) == ("| 項目 | 説明 |\n|---|---|\n| キュー | メッセージ |", "view")


LONG_BODY = "# 長いノート\n\n" + "".join(f"## 節 {n}\n\n" + FILLER * 8 + "\n" for n in range(1, 80))


async def whole_note(pilot: Pilot[None], view: NoteView) -> None:
    """Wait until the rest of a long note has been parsed off the UI thread and applied."""
    await pilot.app.workers.wait_for_complete()
    await wait_until(pilot, lambda: not view.partial, "the rest of the note applied")


async def test_a_long_note_paints_its_head_first_then_the_rest() -> None:
    note = make_note(LONG_BODY)
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(note)
        assert view.partial  # only the head was parsed
        await whole_note(pilot, view)
        assert view.goto_anchor("節-70")
        await pilot.pause()
        assert screen_lines(view)[0].startswith("節 70")
        # A section past the head, asked for before the rest arrives, is scrolled to when
        # it does: the UI thread never parses the whole note.
        view.show(note)
        assert view.goto_anchor("節-60")
        assert view.partial
        await whole_note(pilot, view)
        await pilot.pause()
        assert screen_lines(view)[0].startswith("節 60")
        # so is the end (G)
        view.show(note)
        view.action_bottom()
        assert view.partial
        await whole_note(pilot, view)
        await pilot.pause()
        assert view.top_line == view.max_scroll_y > 0


async def test_highlighting_a_long_note_counts_all_of_it_off_the_ui_thread() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note(LONG_BODY))
        assert view.highlight(None) == 0
        head_count = view.highlight(Finder("節"))
        assert view.partial and 0 < head_count < 79  # the head is marked at once
        assert view.previous_match() == (-1, 0)  # moved once the whole note is there
        await whole_note(pilot, view)
        await pilot.pause()
        counts = [m.total for m in app.messages if isinstance(m, NoteView.MatchesChanged)]
        assert counts[-2:] == [79, 79]  # the whole count, then the move to the last match
        assert view.match_count == 79
        assert view.current_match == 78
        assert screen_lines(view)[min(view._current_lines) - view.top_line].startswith("節 79")


async def test_a_new_search_while_a_long_note_is_parsed_marks_the_new_matches() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note(LONG_BODY))
        view.highlight(Finder("節"))
        view.next_match()
        view.highlight(Finder("SageMaker"))  # forgets the move asked for the old search
        await whole_note(pilot, view)
        await pilot.pause()
        assert view.match_count == 79 * 8
        assert view.current_match == -1


async def test_show_then_goto_anchor_in_the_same_breath() -> None:
    """The screen shows a note and scrolls to a section without waiting for a repaint."""
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        await pilot.pause()
        view.show(make_note())
        assert view.goto_anchor("コード")
        await pilot.pause()
        assert screen_lines(view)[0].startswith("コード")
        view.show(make_note())
        view.highlight(Finder("boto3"))
        assert view.next_match() == (0, 2)
        await pilot.pause()
        assert view.top_line > 0

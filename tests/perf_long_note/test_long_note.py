"""The whole of a long note, off the UI thread: wrapped once, freed in pieces, nothing left on.

What this measures in time is `python -m bench render` (the 4 MB note); here only behaviour.
"""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.worker import Worker
from waiting import wait_until

from tui.notes.model import Note
from tui.notes.structure import sections
from tui.render.blocks import Highlighter, Rendered
from tui.render.markdown import Document, parse
from tui.widgets.note_view import NoteView

FILLER = "- キューのメッセージは可視性タイムアウトの間ほかの受信者から見えない。SQS\n"
LONG_BODY = "# 長いノート\n\n" + "".join(
    f"## 節 {n}\n\n" + FILLER * 8 + "\n```python\nprint('節')\n```\n\n" for n in range(1, 400)
)


class Finder:
    """Marks every occurrence of one word."""

    def __init__(self, word: str) -> None:
        self.word = word

    def spans(self, text: str) -> list[tuple[int, int]]:
        found, start = [], text.find(self.word)
        while start >= 0:
            found.append((start, start + len(self.word)))
            start = text.find(self.word, start + 1)
        return found


def make_note(body: str = LONG_BODY) -> Note:
    return Note(
        id="t/long",
        title="長いノート",
        category="t",
        body=body,
        path=Path("t/long.md"),
        sections=sections(body),
    )


async def whole(pilot: Pilot[None], view: NoteView) -> None:
    """Wait until the whole long note is shown and its workers are done."""
    await wait_until(pilot, lambda: not view.partial, "the whole note")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteView(id="view")


async def test_a_search_that_comes_while_the_note_is_parsed_is_wrapped_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        wraps: list[Highlighter | None] = []
        real = view.render_document

        def counting(document: Document, width: int, marks: Highlighter | None) -> Rendered:
            wraps.append(marks)
            return real(document, width, marks)

        monkeypatch.setattr(view, "render_document", counting)
        first, second = Finder("節"), Finder("SQS")
        view.show_marked(make_note(), first)
        assert view.partial
        view.next_match()
        view.highlight(second)  # before the worker is done parsing
        await whole(pilot, view)
        assert wraps == [second]  # wrapped once, with the newest marks
        assert view.match_count == 399 * 8
        assert view.current_match == -1  # the move asked for the older search was dropped


async def test_the_worker_is_never_described_with_the_note() -> None:
    # Textual describes a @work call with the repr of its arguments: 100 ms for a 4 MB body.
    app = ViewApp()
    seen: set[str] = set()

    def record(message: Message) -> None:
        if isinstance(message, Worker.StateChanged):
            seen.add(message.worker.description)

    async with app.run_test(size=(80, 24), message_hook=record) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note())
        await whole(pilot, view)
        assert "parse the whole of a long note" in seen
        assert not any("長いノート" in text or "節" in text for text in seen), seen


async def test_a_long_note_shown_no_more_is_freed_and_nothing_is_left_paused() -> None:
    app = ViewApp()
    interval = sys.getswitchinterval()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show(make_note())
        await whole(pilot, view)
        shown = view._renders.shown
        assert shown is not None and len(shown.lines) > 5000
        view.show(make_note("# 短いノート\n\n本文\n"))
        await wait_until(pilot, lambda: not shown.lines, "the long note's lines freed")
        await pilot.pause()
        assert view.lines[0].startswith("短いノート")
    assert gc.isenabled()
    assert sys.getswitchinterval() == interval


async def test_a_new_search_or_width_on_the_whole_note_is_wrapped_off_the_ui_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(NoteView)
        view.show_marked(make_note(), Finder("節"))
        await whole(pilot, view)
        on_ui_thread: list[int] = []
        real_render = Document.render

        def render(document: Document, width: int, *args: object, **kwargs: object) -> Rendered:
            if threading.current_thread() is threading.main_thread():
                on_ui_thread.append(len(document.blocks))
            return real_render(document, width, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Document, "render", render)
        old = view._renders.shown
        view.highlight(Finder("SQS"))
        assert view.partial and view._renders.shown is old  # the old lines stay meanwhile
        assert view.match_count == 0  # not the old search's count
        assert view.next_match() == (-1, 0)  # done once the new lines are there
        await wait_until(pilot, lambda: not view.partial, "the note marked again")
        await pilot.pause()
        assert view.match_count == 399 * 8
        assert view.current_match == 0
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        await wait_until(pilot, lambda: not view.partial, "the note wrapped again")
        await pilot.pause()
        width = view.scrollable_content_region.width
        assert view._renders.shown is not None and view._renders.shown.width == width
        assert max(line.cell_len for line in view._renders.shown.lines) <= width
        assert on_ui_thread == []  # only small documents would be wrapped there


def test_line_ends_and_nul_read_as_before() -> None:
    # markdown-it's own normalize rule is replaced by a cheaper one; what it did still holds
    # (and NUL and lone carriage returns never reach it: they are made visible first).
    plain = parse("# 見出し\n\n本文です\n\n- 項目\n")
    crlf = parse("# 見出し\r\n\r\n本文です\r\n\r\n- 項目\r\n")
    assert [b.kind for b in crlf.blocks] == [b.kind for b in plain.blocks]
    assert [b.text.plain for b in crlf.blocks] == [b.text.plain for b in plain.blocks]
    odd = parse("本文\x00です\rまだ本文")
    assert odd.blocks[0].text.plain == "本文␀です␍まだ本文"

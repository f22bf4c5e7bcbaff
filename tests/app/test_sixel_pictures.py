"""Sixel pictures in the browser: a picture widget over the lines kept for it.

There is no Sixel terminal here. These tests check what kumonote controls: the blank lines, the
widget's place on screen as the note scrolls and changes, the crop Textual hands it, and that
what the screen would write to the terminal carries Sixel data (ESC P … q, sized to the visible
part) at the picture's top left. Whether a terminal then paints it correctly is not checked.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from textual._compositor import CompositorUpdate
from textual.app import ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import WorkerCancelled
from waiting import DEADLINE, wait_until

from tui.app import KumonoteApp
from tui.i18n import _
from tui.render.image_card import IMAGE_HINT, MISSING_IMAGE
from tui.render.spots import image_of
from tui.screens.main import MainScreen
from tui.widgets import image_support
from tui.widgets.note_view import NoteView
from tui.widgets.sixel_picture import SixelPicture

from .helpers import wheel_down
from .sixel_decode import close, decode_sixel

NOTE = """---
title: 図のノート
---
# 図のノート

正しい図:

![構成図](images/good.png)

壊れた図:

![壊れた図](images/broken.png)

ない図:

![ない図](images/absent.png)

{tail}
"""

OTHER = """---
title: 別のノート
---
# 別のノート

![別の図](images/other.png)
"""

RED = (200, 40, 40)
BLUE = (40, 40, 200)
GREEN = (40, 200, 40)

SIXEL_HEADER = re.compile(r'\x1bP[0-9;]*q"1;1;(\d+);(\d+)')
"""The start of Sixel data and its raster attributes (width and height in pixels)."""


class Corner(ModalScreen[None]):
    """A small dialog in the bottom right corner, far from the picture."""

    DEFAULT_CSS = """
    Corner { align: right bottom; }
    Corner > Static { width: 12; height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield Static("ダイアログ")


@pytest.fixture(autouse=True)
def _sixel_mode() -> Iterator[None]:
    """Sixel forced (as `KUMONOTE_IMAGES=sixel` does); cards again afterwards."""
    image_support.reset()
    assert image_support.prepare({"KUMONOTE_IMAGES": "sixel"}, tty=False)
    yield
    image_support.reset()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "figures").mkdir(parents=True)
    (root / "images").mkdir()
    tail = "\n\n".join(f"段落 {number} です。" for number in range(40))
    (root / "figures" / "pictures.md").write_text(NOTE.format(tail=tail), encoding="utf-8")
    (root / "figures" / "zz-other.md").write_text(OTHER, encoding="utf-8")
    good = Image.new("RGB", (240, 120), RED)
    good.paste(BLUE, (0, 60, 240, 120))  # the lower half blue
    good.save(root / "images" / "good.png")
    Image.new("RGB", (100, 100), (40, 40, 200)).save(root / "images" / "other.png")
    (root / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    return root


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish (an encoding superseded by a newer crop is cancelled) and repaint."""
    for _attempt in range(4):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def shown(pilot: Pilot[None], title: str = "図のノート") -> NoteView:
    """The note view showing `title`, once loading, indexing and picture workers are done."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await wait_until(
        pilot,
        lambda: screen.library is not None and screen.engine is not None,
        "the notes loaded and the full index open",
    )
    await settle(pilot)
    assert screen.library is not None
    view = screen.query_one(NoteView)
    view.show(next(note for note in screen.library.notes if note.title == title))
    await settle(pilot)
    return view


def written(pilot: Pilot[None]) -> str:
    """What the app would write to the terminal for a full redraw (screens below included).

    Textual has no public way to see the bytes meant for the terminal (the headless driver
    drops them), so this asks the screen's compositor, as the app does before writing.
    """
    app = pilot.app
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, CompositorUpdate)
    return update.render_segments(app.console)


def only_picture(view: NoteView) -> SixelPicture:
    pictures = list(view.query(SixelPicture))
    assert len(pictures) == 1
    return pictures[0]


async def test_picture_widget_sits_over_blank_lines_and_sends_sixel(
    tmp_path: Path, content: Path
) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        picture = only_picture(view)
        place = picture.place
        assert place.path.name == "good.png"
        # 240x120 pixels in 10x20 cells: 24 columns, 6 rows, kept blank in the note's lines.
        assert (place.left, place.columns, place.rows) == (0, 24, 6)
        assert view.lines[place.top : place.top + 6] == [" " * 24] * 6
        assert not [line for line in view.lines if "good.png" in line]
        # The corrupt file keeps its card, the missing one says so.
        assert any("broken.png" in line for line in view.lines)
        assert any(_(IMAGE_HINT) in line for line in view.lines)
        assert any(f"{_(MISSING_IMAGE)}: images/absent.png" in line for line in view.lines)
        # On screen, the widget covers exactly those lines.
        content_region = view.scrollable_content_region
        assert picture.region.x == content_region.x
        assert picture.region.y == content_region.y + place.top
        assert picture.region.size == (24, 6)
        assert picture.ready
        # The screen's output moves the cursor to the picture's top left and sends Sixel data
        # for the whole picture (240x120 pixels).
        output = written(pilot)
        move = f"\x1b[{picture.region.y + 1};{picture.region.x + 1}H"
        assert move + "\x1bP" in output
        header = SIXEL_HEADER.search(output)
        assert header is not None and header.groups() == ("240", "120")
        # Then the cursor goes right of the picture's last row, where the row goes on.
        last_row = picture.region.bottom  # 1-based: the row above `bottom`
        after = output[output.index("\x1b\\", header.end()) + 2 :]
        assert after.startswith(f"\x1b[{last_row};{picture.region.right + 1}H")
        pixels = decode_sixel(output)
        assert close(pixels[0][0], RED) and close(pixels[59][239], RED)
        assert close(pixels[60][0], BLUE) and close(pixels[119][239], BLUE)
        assert all(pixel is not None for row in pixels for pixel in row)  # every pixel painted
        # The strip the widget renders for its last row starts the Sixel data.
        strips = picture.render_lines(picture.size.region)
        assert [strip.cell_length for strip in strips[:-1]] == [0] * 5
        assert "\x1bP" in "".join(segment.text for segment in strips[-1])
        # `o` still finds the picture at the top of the view.
        view.scroll_to(y=place.top, animate=False, force=True)
        await settle(pilot)
        near = view.block_near_view(("image",))
        assert near is not None and near[1] == "view"
        image = image_of(near[0])
        assert image.path is not None and image.path.name == "good.png"


async def test_scrolling_moves_and_crops_the_picture(tmp_path: Path, content: Path) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        picture = only_picture(view)
        top = picture.region.y
        view.scroll_to(y=2, animate=False, force=True)
        await settle(pilot)
        assert picture.region.y == top - 2  # moved with its lines
        assert picture.ready
        header = SIXEL_HEADER.search(written(pilot))
        assert header is not None and header.groups() == ("240", "120")
        # Two of its rows scrolled out of view: only the lower four are sent.
        view.scroll_to(y=picture.place.top + 2, animate=False, force=True)
        await settle(pilot)
        content_region = view.scrollable_content_region
        visible = app.screen.find_widget(picture).visible_region
        assert visible == (content_region.x, content_region.y, 24, 4)
        assert picture.ready
        output = written(pilot)
        assert f"\x1b[{content_region.y + 1};{content_region.x + 1}H\x1bP" in output
        header = SIXEL_HEADER.search(output)
        assert header is not None and header.groups() == ("240", "80")
        # The lower four rows: 20 pixels of red above the blue half.
        pixels = decode_sixel(output)
        assert close(pixels[0][0], RED) and close(pixels[19][120], RED)
        assert close(pixels[20][0], BLUE) and close(pixels[79][239], BLUE)
        # Scrolled past: nothing of it is drawn.
        view.scroll_to(y=picture.place.top + 10, animate=False, force=True)
        await settle(pilot)
        assert not app.screen.find_widget(picture).visible_region
        assert "\x1bP" not in written(pilot)


async def test_another_note_takes_its_pictures_along(tmp_path: Path, content: Path) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        assert only_picture(view).place.path.name == "good.png"
        await shown(pilot, "別のノート")
        assert only_picture(view).place.path.name == "other.png"
        view.show_message("一致するノートがありません")
        await settle(pilot)
        assert not view.query(SixelPicture)
        assert "\x1bP" not in written(pilot)


async def test_a_screen_on_top_hides_the_pixels(tmp_path: Path, content: Path) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        picture = only_picture(view)
        assert "\x1bP" in written(pilot)
        await app.push_screen(Corner())
        await settle(pilot)
        # Blank cells (which erase Sixel pixels), no data, under a dialog that leaves it uncovered.
        strips = picture.render_lines(picture.size.region)
        assert [strip.cell_length for strip in strips] == [24] * 6
        assert not any("\x1bP" in segment.text for strip in strips for segment in strip)
        under_help = written(pilot)
        assert "段落" in under_help  # the note below the dialog is drawn (tinted)
        assert "\x1bP" not in under_help
        app.pop_screen()
        await settle(pilot)
        assert "\x1bP" in written(pilot)


async def test_resize_rewraps_and_moves_the_picture(tmp_path: Path, content: Path) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        assert only_picture(view).place.columns == 24
        await pilot.resize_terminal(26, 40)  # the note alone, 21 columns wide
        await settle(pilot)
        picture = only_picture(view)
        width = view.scrollable_content_region.width
        assert width < 24
        assert (picture.place.columns, picture.place.rows) == (width, round(width / 4))
        assert picture.region.size == (picture.place.columns, picture.place.rows)
        assert view.lines[picture.place.top].strip() == ""


async def test_wheel_and_clicks_on_the_picture_reach_the_note(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        picture = only_picture(view)
        assert app.screen.get_widget_at(picture.region.x + 3, picture.region.y + 2)[0] is picture
        posted: list[Message] = []
        post = view.post_message

        def record(message: Message) -> bool:
            posted.append(message)
            return post(message)

        monkeypatch.setattr(view, "post_message", record)
        await pilot.click(picture, offset=(3, 2))
        clicked = [message for message in posted if isinstance(message, NoteView.ImageClicked)]
        assert [message.image.target for message in clicked] == ["images/good.png"]
        assert view.scroll_y == 0
        await wheel_down(pilot, picture, (3, 2))
        await settle(pilot)
        assert view.scroll_y > 0


async def test_scrolling_fast_encodes_only_the_last_crop(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import textual_image._sixel

    encode = textual_image._sixel.image_to_sixels
    heights: list[int] = []
    release = threading.Event()

    def held(image: Image.Image, *args: Any) -> str:
        """The encoder, held until the test has scrolled (a large picture takes a while)."""
        heights.append(image.height)
        assert release.wait(DEADLINE), "the test never let the encoding finish"
        return encode(image, *args)

    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        picture = only_picture(view)
        monkeypatch.setattr(textual_image._sixel, "image_to_sixels", held)
        try:
            for step in range(1, 6):  # one line at a time, all while the first crop encodes
                view.scroll_to(y=picture.place.top + step, animate=False, force=True)
                await pilot.pause()
                if step == 1:
                    await wait_until(pilot, lambda: heights, "the first crop being encoded")
        finally:
            release.set()
        await settle(pilot)
        # The first crop (5 rows, 100 pixels), then only the last one asked for: 1 row, 20.
        assert heights == [100, 20]
        assert picture.ready
        header = SIXEL_HEADER.search(written(pilot))
        assert header is not None and header.groups() == ("240", "20")


async def test_a_picture_gone_since_it_was_drawn_becomes_a_card(
    tmp_path: Path, content: Path
) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        picture = only_picture(view)
        (content / "images" / "good.png").unlink()
        # Scrolling keeps what was decoded; a new width measures the file again.
        view.scroll_to(y=picture.place.top + 1, animate=False, force=True)
        await settle(pilot)
        assert picture.ready and "\x1bP" in written(pilot)
        await pilot.resize_terminal(26, 40)
        await settle(pilot)
        assert not view.query(SixelPicture)
        assert "\x1bP" not in written(pilot)
        assert any("good.png" in line for line in view.lines)  # the card
        await pilot.press("j")  # the app goes on
        await settle(pilot)
        assert view.scroll_y > 0


async def test_a_changed_picture_is_drawn_anew(tmp_path: Path, content: Path) -> None:
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        before = only_picture(view)
        path = content / "images" / "good.png"
        Image.new("RGB", (240, 120), GREEN).save(path)  # same size, new pixels
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        await shown(pilot)  # shown again (as a reload does)
        after = only_picture(view)
        assert after is not before and after.place.version == path.stat().st_mtime_ns
        assert after.ready
        pixels = decode_sixel(written(pilot))
        assert close(pixels[0][0], GREEN) and close(pixels[119][239], GREEN)

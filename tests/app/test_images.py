"""Pictures in the browser: inline when switched on, the card otherwise and on any failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from textual.pilot import Pilot

from tui.app import KumonoteApp
from tui.i18n import _
from tui.render.image_card import IMAGE_HINT, MISSING_IMAGE
from tui.render.spots import image_of
from tui.widgets import image_support
from tui.widgets.note_view import NoteView

from .helpers import ready

PLACEHOLDER = "\U0010eeee"
"""The Kitty graphics protocol's Unicode placeholder: a cell the terminal paints a picture in."""

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
"""


@pytest.fixture(autouse=True)
def _cards_again() -> Iterator[None]:
    """Every test starts and ends with pictures off, as the rest of the suite expects."""
    image_support.reset()
    yield
    image_support.reset()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "figures").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "figures" / "pictures.md").write_text(NOTE, encoding="utf-8")
    Image.new("RGB", (240, 120), (200, 40, 40)).save(root / "images" / "good.png")
    (root / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    return root


async def shown(pilot: Pilot[None]) -> NoteView:
    """The note view once loading, indexing and picture workers have finished."""
    screen = await ready(pilot)
    return screen.query_one(NoteView)


def card_lines(view: NoteView, name: str) -> list[str]:
    return [line for line in view.lines if name in line]


async def test_pictures_on_draws_placeholders_and_keeps_cards_for_failures(
    tmp_path: Path, content: Path
) -> None:
    assert image_support.prepare({"KUMONOTE_IMAGES": "on", "TERM": "xterm-kitty"}, tty=False)
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 60)) as pilot:
        view = await shown(pilot)
        picture = [line for line in view.lines if PLACEHOLDER in line]
        # 240x120 pixels in 10x20 cells: 24 columns, 6 rows, no card for it.
        assert len(picture) == 6
        assert all(line.count(PLACEHOLDER) == 24 for line in picture)
        assert not card_lines(view, "good.png")
        # The corrupt file keeps its card (name and key), the missing one says so.
        assert card_lines(view, "broken.png")
        assert any(_(IMAGE_HINT) in line for line in view.lines)
        assert card_lines(view, f"{_(MISSING_IMAGE)}: images/absent.png")
        # `o` still finds the picture at the top of the view.
        view.scroll_to(y=view.lines.index(picture[0]), animate=False, force=True)
        await pilot.pause()
        near = view.block_near_view(("image",))
        assert near is not None and near[1] == "view"
        image = image_of(near[0])
        assert image.path is not None and image.path.name == "good.png"


async def test_pictures_off_shows_cards(tmp_path: Path, content: Path) -> None:
    assert not image_support.prepare({"KUMONOTE_IMAGES": "off", "TERM": "xterm-kitty"}, tty=True)
    app = KumonoteApp(content=content, cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 60)) as pilot:
        view = await shown(pilot)
        assert not any(PLACEHOLDER in line for line in view.lines)
        assert card_lines(view, "good.png")
        assert card_lines(view, "broken.png")
        assert card_lines(view, f"{_(MISSING_IMAGE)}: images/absent.png")


async def test_bundled_start_note_draws_its_figure_when_on(tmp_path: Path) -> None:
    image_support.prepare({"KUMONOTE_IMAGES": "kitty"}, tty=False)
    app = KumonoteApp(cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await shown(pilot)
        picture = [line for line in view.lines if PLACEHOLDER in line]
        assert picture, "the start note's figure should be drawn inline"
        # As wide as the note (the figure is 1200 pixels wide), no taller than its ratio asks.
        width = view.scrollable_content_region.width
        assert all(line.count(PLACEHOLDER) == width for line in picture)
        assert len(picture) == round(width * 10 * 700 / 1200 / 20)

"""Room for Sixel pictures: blank marked lines of the right size, found again after wrapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from rich.text import Text

from tui.notes.model import ImageRef, Note
from tui.render.markdown import parse
from tui.widgets.image_lines import MAX_ROWS, InlinePictures
from tui.widgets.sixel_places import PicturePlace, picture_places, reserve_picture


def make_note(body: str, images: tuple[ImageRef, ...]) -> Note:
    return Note(
        id="test/note",
        title="図",
        category="test",
        body=body,
        path=Path("test/note.md"),
        images=images,
    )


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.png"
    Image.new("RGB", (240, 120), (200, 40, 40)).save(path)
    return path


def test_reserve_picture_keeps_blank_lines_as_large_as_the_picture(good: Path) -> None:
    # Cells are 10x20 pixels without a terminal: 240x120 pixels take 24 columns, 6 rows.
    lines, sent = reserve_picture(good, 80)
    assert [line.plain for line in lines] == [" " * 24] * 6
    sent.cleanup()  # nothing was sent: nothing to free, no error
    narrow, _ = reserve_picture(good, 12)
    assert [len(line.plain) for line in narrow] == [12] * 3


def test_reserve_picture_caps_tall_pictures(tmp_path: Path) -> None:
    tall = tmp_path / "tall.png"
    Image.new("RGB", (100, 4000)).save(tall)
    lines, _ = reserve_picture(tall, 80)
    assert len(lines) == MAX_ROWS


def test_reserve_picture_raises_for_broken_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    with pytest.raises(OSError):  # Pillow: cannot identify image file
        reserve_picture(broken, 80)
    with pytest.raises(OSError):
        reserve_picture(tmp_path / "absent.png", 80)


def test_places_are_found_after_wrapping_even_inside_a_list(good: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    refs = (ImageRef("図", "good.png", good), ImageRef("壊", "broken.png", broken))
    body = (
        "# 見出し\n\n本文です。\n\n![図](good.png)\n\n"
        "- 項目\n\n  ![図](good.png)\n\n![壊](broken.png)\n"
    )
    requested: list[tuple[Path, int]] = []
    pictures = InlinePictures(lambda path, width: requested.append((path, width)), reserve_picture)
    document = parse(body, make_note(body, refs))
    assert picture_places(document.render(60, None, image_lines=pictures)) == []  # still cards
    # The list item's picture is asked for narrower: its bullet's indent takes 3 cells.
    assert sorted(requested) == sorted([(good, 60), (good, 57), (broken, 60)])
    assert [pictures.load(path, width) for path, width in requested] == [
        path == good for path, _ in requested
    ]
    rendered = document.render(60, None, image_lines=pictures)
    places = picture_places(rendered)
    assert len(places) == 2
    first, nested = places
    assert first == PicturePlace(good, first.top, 0, 24, 6, good.stat().st_mtime_ns)
    assert rendered.lines[first.top - 1].plain == ""
    assert rendered.lines[first.top + 6].plain == ""
    assert nested.left == 3 and (nested.columns, nested.rows) == (24, 6)
    assert nested.top > first.top + 6
    # The broken picture keeps its card, which is no place.
    assert any("broken.png" in line.plain for line in rendered.lines[nested.top + 6 :])


def test_lines_without_marks_are_no_places() -> None:
    body = "![図](x.png)\n"
    rendered = parse(body).render(40)
    assert picture_places(rendered) == []
    assert isinstance(rendered.lines[0], Text)

"""Pictures as placeholder lines: sizes, the cache, and failures that leave the card."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image
from rich.cells import cell_len
from rich.text import Text

from tui.notes.model import ImageRef
from tui.widgets.image_lines import MAX_CACHED, MAX_ROWS, InlinePictures, picture_size

PLACEHOLDER = "\U0010eeee"


@pytest.mark.parametrize(
    ("pixels", "cell", "width", "expected"),
    [
        ((1200, 700), (10, 20), 80, (80, 23)),  # as wide as the note
        ((1200, 700), (10, 20), 200, (103, 30)),  # 35 rows would be too tall: narrower
        ((240, 120), (10, 20), 80, (24, 6)),  # never wider than the picture itself
        ((100, 2000), (10, 20), 80, (3, 30)),  # tall: as many rows as allowed, narrower
        ((0, 10), (10, 20), 80, (0, 0)),
        ((10, 10), (10, 20), 0, (0, 0)),
        ((3, 1), (10, 20), 80, (1, 1)),  # tiny pictures still take a cell
    ],
)
def test_picture_size(
    pixels: tuple[int, int], cell: tuple[int, int], width: int, expected: tuple[int, int]
) -> None:
    assert picture_size(pixels, cell, width, max_rows=30) == expected


def test_default_row_limit_is_about_a_screenful() -> None:
    assert 20 <= MAX_ROWS <= 40
    assert picture_size((100, 5000), (10, 20), 80)[1] == MAX_ROWS


def test_tall_picture_keeps_its_ratio() -> None:
    columns, rows = picture_size((1200, 700), (10, 20), 200, max_rows=10)
    assert rows == 10
    assert columns == round(10 * 20 * 1200 / 700 / 10)


class Sent:
    def __init__(self) -> None:
        self.freed = False

    def cleanup(self) -> None:
        self.freed = True


class FakeDraw:
    """Draws `width` x 2 placeholder lines, or raises for files named bad*."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path, int]] = []
        self.sent: list[Sent] = []

    def __call__(self, path: Path, width: int) -> tuple[list[Text], Sent]:
        self.calls.append((path, width))
        if path.name.startswith("bad"):
            raise OSError("cannot identify image file")
        self.sent.append(Sent())
        return [Text(PLACEHOLDER * width) for _ in range(2)], self.sent[-1]


def ref(path: Path) -> ImageRef:
    return ImageRef(alt="図", target=f"images/{path.name}", path=path)


def test_miss_requests_once_then_serves_lines(tmp_path: Path) -> None:
    path = tmp_path / "good.png"
    path.write_bytes(b"x")
    requested: list[tuple[Path, int]] = []
    draw = FakeDraw()
    pictures = InlinePictures(lambda p, w: requested.append((p, w)), draw)
    assert pictures(ref(path), 10) is None
    assert pictures(ref(path), 10) is None  # still loading: asked only once
    assert requested == [(path, 10)]
    assert pictures.load(path, 10)
    lines = pictures(ref(path), 10)
    assert lines is not None and [cell_len(line.plain) for line in lines] == [10, 10]
    lines[0].append("changed")  # callers get copies
    again = pictures(ref(path), 10)
    assert again is not None and again[0].plain == PLACEHOLDER * 10
    assert pictures(ref(path), 12) is None  # another width is another picture
    assert requested[-1] == (path, 12)


def test_failures_and_missing_files_stay_cards(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a picture")
    requested: list[tuple[Path, int]] = []
    pictures = InlinePictures(lambda p, w: requested.append((p, w)), FakeDraw())
    assert pictures(ref(bad), 10) is None
    assert not pictures.load(bad, 10)
    assert pictures(ref(bad), 10) is None
    assert requested == [(bad, 10)]  # not asked again
    gone = tmp_path / "gone.png"
    assert pictures(ref(gone), 10) is None
    assert pictures(ImageRef(alt="", target="x.png", path=None, problem="missing"), 10) is None
    assert requested == [(bad, 10)]


def test_a_changed_file_is_drawn_again_and_the_old_one_freed(tmp_path: Path) -> None:
    path = tmp_path / "good.png"
    path.write_bytes(b"x")
    requested: list[tuple[Path, int]] = []
    draw = FakeDraw()
    pictures = InlinePictures(lambda p, w: requested.append((p, w)), draw)
    pictures(ref(path), 10)
    pictures.load(path, 10)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert pictures(ref(path), 10) is None
    assert len(requested) == 2


def test_cache_is_bounded_and_clear_frees_pictures(tmp_path: Path) -> None:
    draw = FakeDraw()
    pictures = InlinePictures(lambda p, w: None, draw)
    path = tmp_path / "good.png"
    path.write_bytes(b"x")
    for width in range(1, MAX_CACHED + 3):
        pictures.load(path, width)
    assert [sent.freed for sent in draw.sent[:2]] == [True, True]
    assert not any(sent.freed for sent in draw.sent[2:])
    pictures.clear()
    assert all(sent.freed for sent in draw.sent)


def test_real_drawing_and_corrupt_file(tmp_path: Path) -> None:
    good = tmp_path / "good.png"
    Image.new("RGB", (240, 120), (0, 128, 255)).save(good)
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    pictures = InlinePictures(lambda p, w: None)
    assert pictures.load(good, 80)
    lines = pictures(ref(good), 80)
    assert lines is not None and len(lines) == 6
    assert all(line.plain.count(PLACEHOLDER) == 24 and cell_len(line.plain) == 24 for line in lines)
    # Every placeholder carries the picture's id in its colour.
    assert all(line.spans and line.spans[0].style for line in lines)
    assert not pictures.load(corrupt, 80)
    assert pictures(ref(corrupt), 80) is None
    pictures.clear()

"""A Sixel picture drawn over the blank lines a note keeps for it.

Sixel pixels cannot be drawn as characters, so the note view mounts one `SixelPicture` per
picture as its own child, absolutely placed at the picture's first line and column
(`sync_pictures`). Textual's compositor scrolls such children with the note, clips them to the
view and passes the visible part as `crop` to `render_lines`, which injects the Sixel data for
exactly that part (as textual-image's Sixel widget does): empty strips for the rows above, and on
the last row a cursor move to the top left, the data, and a move to the end of that row.

Decoding, scaling and encoding take a fifth of a second for a large picture, so they run in a
thread worker; until the data for a crop is ready, and while another screen is on top, the
picture's cells are blank (blank cells also erase whatever Sixel pixels were there before).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.control import Control
from rich.segment import ControlType, Segment
from rich.style import Style
from textual import work
from textual.dom import NoScreen
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.sixel_encode import encode_part, scaled_picture
from tui.widgets.sixel_places import PicturePlace

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

_NULL_STYLE = Style()
MAX_CROPS = 6
"""Encoded crops kept per picture (scrolling back to one costs nothing)."""

CropKey = tuple[Region, Size, tuple[int, int], tuple[int, int, int, float]]
"""The visible part, the widget's size, the cell size in pixels and the background colour."""


def sixel_segments(data: str, visible: Region) -> list[Segment]:
    """Segments that draw Sixel `data` with its top left at `visible`'s, then put the cursor
    just right of `visible`'s last row."""
    # All three are control segments (no cells): Textual cuts strips at other widgets' edges,
    # and a cut inside an escape sequence would print half of it. The cursor ends where writing
    # the row's cells would leave it: a full redraw writes the rest of the row from there.
    return [
        _move(visible.x, visible.y),
        Segment(data, _NULL_STYLE, control=((ControlType.CURSOR_FORWARD, 0),)),
        _move(visible.right, visible.bottom - 1),
    ]


def _move(x: int, y: int) -> Segment:
    text = Control.move_to(x, y).segment.text
    return Segment(text, _NULL_STYLE, control=((ControlType.CURSOR_MOVE_TO, x + 1, y + 1),))


class SixelPicture(Widget, can_focus=False):
    """One picture of a note, in Sixel, placed by `PicturePlace` in its parent's lines."""

    DEFAULT_CSS = """
    SixelPicture {
        position: absolute;
    }
    """

    def __init__(self, place: PicturePlace) -> None:
        super().__init__()
        self.place = place
        """Where the picture is, in the note's rendered lines."""
        self._sixels: OrderedDict[CropKey, str] = OrderedDict()
        self._wanted: CropKey | None = None
        """The crop on screen whose data is not encoded yet."""
        self._encoding = False
        """One encoding at a time: scrolling asks for many crops, only the last one matters."""
        self._failed = False
        self._scaled: tuple[tuple[int, int], PILImage] | None = None
        """The picture scaled to a pixel size (only touched by the encoding worker)."""
        self._apply_place()

    @property
    def ready(self) -> bool:
        """Whether Sixel data for the part now visible has been encoded."""
        return self._wanted is None and bool(self._sixels)

    def move_to(self, place: PicturePlace) -> None:
        """Put the picture at `place` (same file, size and version) after a new wrap."""
        if place != self.place:
            self.place = place
            self._apply_place()

    def _apply_place(self) -> None:
        place = self.place
        self.styles.offset = (place.left, place.top)
        self.styles.width = place.columns
        self.styles.height = place.rows

    def render_lines(self, crop: Region) -> list[Strip]:
        """The Sixel data for the visible part `crop`, or blank cells until it is encoded."""
        blank = [Strip.blank(crop.width, self.rich_style)] * crop.height
        try:
            active = self.screen.is_active
        except NoScreen:
            return blank
        if not active or self._failed or not crop:
            return blank  # a screen on top may be tinted over this: no pixels under it
        key = self._crop_key(crop)
        data = self._sixels.get(key)
        if data is None:
            self._wanted = key
            if not self._encoding:
                self._encoding = True
                self._encode(key)
            return blank
        self._wanted = None
        self._sixels.move_to_end(key)
        visible = Region(self.region.x + crop.x, self.region.y + crop.y, crop.width, crop.height)
        last = Strip(sixel_segments(data, visible), cell_length=crop.width)
        return [Strip([])] * (crop.height - 1) + [last]

    def _crop_key(self, crop: Region) -> CropKey:
        from textual_image._terminal import get_cell_size

        cell = get_cell_size()
        color = self.background_colors[1]
        return (crop, self.size, (cell.width, cell.height), (color.r, color.g, color.b, color.a))

    @work(thread=True, group="sixel-picture", exit_on_error=False)
    def _encode(self, key: CropKey) -> None:
        """Decode, scale, crop and encode the picture off the UI thread."""
        crop, size, (cell_width, cell_height), background = key
        try:
            scaled = self._scaled_picture((size.width * cell_width, size.height * cell_height))
            box = (
                crop.x * cell_width,
                crop.y * cell_height,
                crop.right * cell_width,
                crop.bottom * cell_height,
            )
            data: str | None = encode_part(scaled, box, background)
        except Exception:  # a file changed or vanished since it was measured: blank, not a crash
            data = None
        self.app.call_from_thread(self._encoded, key, data)

    def _scaled_picture(self, pixels: tuple[int, int]) -> PILImage:
        if self._scaled is None or self._scaled[0] != pixels:
            self._scaled = (pixels, scaled_picture(self.place.path, pixels))
        return self._scaled[1]

    def _encoded(self, key: CropKey, data: str | None) -> None:
        self._encoding = False
        if not self.is_attached:
            return  # another note is shown: this picture is gone
        if data is None:
            self._failed = True
        else:
            self._sixels[key] = data
            while len(self._sixels) > MAX_CROPS:
                self._sixels.popitem(last=False)
        wanted = self._wanted
        if wanted is not None and wanted not in self._sixels and not self._failed:
            self._encoding = True
            self._encode(wanted)  # the picture moved on while this crop was encoded
        self.refresh()


def _picture_of(place: PicturePlace) -> tuple[Path, int, int, int]:
    """What a picture widget can be reused for: the same file, size and version."""
    return (place.path, place.columns, place.rows, place.version)


def sync_pictures(host: Widget, places: Sequence[PicturePlace]) -> None:
    """Give `host` one `SixelPicture` child per place: keep and move the ones it has (same file,
    size and version), mount the new ones, remove the rest."""
    spare: dict[tuple[Path, int, int, int], list[SixelPicture]] = {}
    for child in host.children:
        if isinstance(child, SixelPicture):
            spare.setdefault(_picture_of(child.place), []).append(child)
    new: list[SixelPicture] = []
    for place in places:
        kept = spare.get(_picture_of(place))
        if kept:
            kept.pop(0).move_to(place)
        else:
            new.append(SixelPicture(place))
    for gone in spare.values():
        for child in gone:
            child.remove()
    if new:
        host.mount_all(new)

"""The card of a review: its front, and its back once revealed, wrapped the Japanese way.

Rich breaks lines at spaces only, which would strand a whole Japanese sentence on the next
line; the lines here are broken by `tui.render.wrap` (kinsoku rules) for the widget's width.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.widget import Widget

from tui.notes.safe_text import inert
from tui.render.wrap import wrap_text


@dataclass(frozen=True)
class CardFace:
    """What the card shows: the front, the back (None: hidden), a hint below."""

    front: str
    back: str | None = None
    hint: str = ""


class ReviewCard(Widget, can_focus=False):
    """The card shown: front, a rule, the back when revealed, and a hint."""

    DEFAULT_CSS = """
    ReviewCard {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._face = CardFace("")

    @property
    def face(self) -> CardFace:
        """What the card shows now."""
        return self._face

    def show(self, face: CardFace) -> None:
        """Show `face` (its height may differ: the layout follows)."""
        if face != self._face:
            self._face = face
            self.refresh(layout=True)

    def text(self) -> str:
        """Everything shown, as plain text (for tests and screen readers)."""
        return self._lines(max(self.content_region.width, 1)).plain

    def _lines(self, width: int) -> Text:
        face = self._face
        out = Text(end="")

        def add(text: str, style: str) -> None:
            for paragraph in inert(text).split("\n"):
                for line in wrap_text(paragraph, width) or [""]:
                    out.append(line + "\n", style=style)

        add(face.front, "bold")
        if face.back is not None:
            out.append("─" * min(width, 40) + "\n", style="dim")
            add(face.back, "")
        if face.hint:
            out.append("\n")
            add(face.hint, "italic dim")
        out.rstrip()
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the card needs at `width`."""
        return len(self._lines(max(width, 1)).plain.split("\n"))

    def render(self) -> RenderResult:
        """The card's lines for the width it has."""
        return self._lines(max(self.content_region.width, 1))

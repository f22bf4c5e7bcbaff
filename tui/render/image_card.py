"""The card that stands for a picture the terminal does not draw, or a missing one.

A resolved picture shows its alt text, its file name and the key that opens it (or, in printed
output where no key works, its full path); a missing one says 画像が見つかりません with the target
as written. No Textual here.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text

from tui.i18n import N_, _
from tui.notes.model import ImageRef
from tui.notes.safe_text import inert
from tui.render.cells import pad, wrapped

IMAGE_HINT = N_("press o to open the image")
MISSING_IMAGE = N_("image not found")


def card_lines(
    ref: ImageRef | None,
    alt: Text,
    target: Text,
    width: int,
    mark: Callable[[Text], Text],
    *,
    show_path: bool = False,
) -> list[Text]:
    """A box of at most `width` cells; `alt` and `target` come marked, `mark` marks the rest.

    With `show_path` a resolved picture's card ends with its full path instead of the key hint.
    """
    content: list[tuple[Text, str]] = []
    border = "md.image_border"
    if ref is None or ref.path is None:
        border = "md.image_missing"
        missing = Text(f"✗ {_(MISSING_IMAGE)}: ", "md.image_missing")
        missing.append_text(target)
        content.append((missing, ""))
        if ref is not None and ref.problem:
            content.append((Text(f"({ref.problem})"), "md.image_file"))
        if alt.plain:
            content.append((alt, "md.image_alt"))
    else:
        title = Text("▣ ")
        title.append_text(alt if alt.plain else Text(ref.path.name))
        content.append((title, "md.image_alt"))
        content.append((mark(Text(ref.path.name)), "md.image_file"))
        hint = inert(str(ref.path)) if show_path else _(IMAGE_HINT)
        content.append((Text(hint), "md.image_hint"))
    inner = max(2, width - 4)
    lines_in: list[Text] = []
    for text, style in content:
        if style:
            text.stylize_before(style)
        lines_in.extend(wrapped(text, inner))
    size = min(inner, max(cell_len(line.plain) for line in lines_in))
    lines = [Text("┌" + "─" * (size + 2) + "┐", border)]
    for line in lines_in:
        row = Text.assemble(("│ ", border))
        row.append_text(pad(line, size))
        row.append(" │", border)
        lines.append(row)
    lines.append(Text("└" + "─" * (size + 2) + "┘", border))
    return lines

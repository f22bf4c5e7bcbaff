"""The renderings a reading pane keeps: the last few widths, the one shown, stale lines."""

from __future__ import annotations

from tui.render.markdown import parse
from tui.render.renderings import KEPT_WIDTHS, Renderings

DOCUMENT = parse("# 見出し\n\n本文の一行目。\n")


def test_the_last_few_widths_are_kept() -> None:
    renders = Renderings()
    made = {width: DOCUMENT.render(width) for width in range(20, 20 + KEPT_WIDTHS + 1)}
    for width, rendered in made.items():
        renders.keep(width, rendered)
    assert renders.at(20) is None  # the oldest went
    assert all(renders.at(w) is made[w] for w in range(21, 21 + KEPT_WIDTHS))


def test_the_one_shown_fits_its_width_unless_it_is_stale() -> None:
    renders = Renderings()
    narrow = DOCUMENT.render(30)
    renders.keep(30, narrow)
    renders.show(narrow)
    assert renders.current(30) is narrow
    assert renders.current(40) is None
    renders.show(narrow, stale=True)
    assert renders.current(40) is narrow  # old lines until the new ones arrive


def test_forgetting_gives_back_every_rendering_once() -> None:
    renders = Renderings()
    kept, shown = DOCUMENT.render(30), DOCUMENT.render(40)
    renders.keep(30, kept)
    renders.show(kept)
    renders.show(shown, stale=True)
    renders.stale_marks = True
    held = renders.forget()
    assert len(held) == 2 and kept in held and shown in held
    assert renders.shown is None and not renders.stale and not renders.stale_marks
    assert renders.forget() == []

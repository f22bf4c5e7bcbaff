"""`kumonote show`: the note as plain output, with image cards that give the picture's path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tui.i18n import _
from tui.notes import load_library
from tui.render.image_card import IMAGE_HINT
from tui.render.layout import plain_lines
from tui.render.markdown import parse
from tui.show import render_note


def show(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "show", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "100"},
    )


def card_text(output: str) -> str:
    """What the cards in `output` say, their wrapped lines joined."""
    inside = [
        line.strip().strip("│").strip()
        for line in output.splitlines()
        if line.strip().startswith("│")
    ]
    return "".join(inside)


def notes_with_a_picture(root: Path) -> Path:
    (root / "c" / "images").mkdir(parents=True)
    (root / "c" / "images" / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    body = "# Pic\n![構成図](images/fig.png)\n![無い](images/none.png)\n"
    (root / "c" / "pic.md").write_text(body, encoding="utf-8")
    return root / "c" / "images" / "fig.png"


def test_show_card_gives_the_image_path_not_a_key(tmp_path: Path) -> None:
    picture = notes_with_a_picture(tmp_path)
    result = show("Pic", "--content", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "press o" not in result.stdout and _(IMAGE_HINT) not in result.stdout
    cards = card_text(result.stdout)
    assert "構成図" in cards and str(picture.resolve()) in cards
    assert "画像が見つかりません: images/none.png" in cards


def test_render_note_cards_give_paths_and_the_browser_keeps_its_hint(tmp_path: Path) -> None:
    picture = notes_with_a_picture(tmp_path)
    (note,) = load_library(tmp_path).notes
    printed = "\n".join(render_note(note, 300))
    assert str(picture.resolve()) in printed and _(IMAGE_HINT) not in printed
    browser = "\n".join(plain_lines(parse(note.body, note).render(300)))
    assert _(IMAGE_HINT) in browser and str(picture.resolve()) not in browser

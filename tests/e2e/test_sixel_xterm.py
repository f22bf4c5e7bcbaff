"""End to end: a picture in a real Sixel terminal, xterm as a VT340, on a virtual X display.

kumonote starts with `KUMONOTE_IMAGES` unset: xterm's environment (`XTERM_VERSION`) makes it
ask about Sixel, xterm answers, and the picture must then appear on the screen in its colours
(red above blue), scroll with the note, and leave nothing behind when another note is shown.
Skipped where xterm, Xvfb, xwd or xwdtopnm (netpbm) are missing.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from waiting import poll_until

TOOLS = ("xterm", "Xvfb", "xwd", "xwdtopnm")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="needs xterm, Xvfb, xwd and xwdtopnm (apt-get install xterm xvfb x11-apps netpbm)",
)

RED = (200, 40, 40)
BLUE = (40, 40, 200)

NOTE = """---
title: 図のノート
---
# 図のノート

正しい図:

![構成図](images/two.png)

{tail}
"""

OTHER = """---
title: 別のノート
---
# 別のノート

文字だけのノートです。
"""


def near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 8 for a, b in zip(pixel[:3], colour, strict=True))


def box_of(screen: Image.Image, colour: tuple[int, int, int]) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of the pixels of `colour`."""
    pixels = screen.load()
    assert pixels is not None
    found = [
        (x, y)
        for y in range(screen.height)
        for x in range(screen.width)
        if near(pixels[x, y], colour)  # type: ignore[arg-type]
    ]
    if not found:
        return None
    xs, ys = [x for x, _ in found], [y for _, y in found]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


@pytest.fixture
def display() -> Iterator[str]:
    """A private virtual X display."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        answer = b""
        while not answer.endswith(b"\n"):  # the number, then a newline (kept open till then)
            chunk = os.read(read, 16)
            if not chunk:
                break
            answer += chunk
        number = answer.decode().strip()
        assert number, "Xvfb did not start"
        name = f":{number}"
        probe = ["xwd", "-root", "-silent", "-display", name]
        poll_until(  # it names the display a moment before it answers
            lambda: subprocess.run(probe, capture_output=True).returncode == 0,
            "the X display answering",
            interval=0.1,
        )
        yield name
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.close(read)


def screenshot(display: str) -> Image.Image:
    dump = subprocess.run(
        ["xwd", "-root", "-silent", "-display", display], capture_output=True, check=True
    ).stdout
    pnm = subprocess.run(["xwdtopnm"], input=dump, capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(pnm)).convert("RGB")


def wait_for(display: str, ready: Callable[[Image.Image], bool], what: str) -> Image.Image:
    """The first screenshot that is `ready` (the event `what`)."""

    def shot() -> Image.Image | None:
        taken = screenshot(display)
        return taken if ready(taken) else None

    return poll_until(shot, what, interval=0.3)


def test_xterm_shows_the_picture_in_its_colours(tmp_path: Path, display: str) -> None:
    content = tmp_path / "content"
    (content / "figures").mkdir(parents=True)
    (content / "images").mkdir()
    tail = "\n\n".join(f"段落 {number} です。" for number in range(30))
    (content / "figures" / "pictures.md").write_text(NOTE.format(tail=tail), encoding="utf-8")
    (content / "figures" / "other.md").write_text(OTHER, encoding="utf-8")
    picture = Image.new("RGB", (240, 120), RED)
    picture.paste(BLUE, (0, 60, 240, 120))
    picture.save(content / "images" / "two.png")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TMUX", "STY", "NO_COLOR", "KUMONOTE_IMAGES", "SSH_TTY", "SSH_CONNECTION")
    }
    env.update(
        DISPLAY=display,
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        KUMONOTE_DATA_DIR=str(tmp_path / "data"),
    )
    command = [sys.executable, "-m", "tui", "--content", str(content), "図のノート"]
    terminal = subprocess.Popen(
        [
            "xterm",
            "-ti",
            "vt340",
            "-xrm",
            "XTerm*numColorRegisters: 256",
            "-geometry",
            "100x30",
            "-e",
            *command,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        shot = wait_for(display, lambda shot: box_of(shot, BLUE) is not None, "the picture shown")
        red, blue = box_of(shot, RED), box_of(shot, BLUE)
        assert red is not None and blue is not None, "no picture on the screen"
        # Red above blue, as wide as each other, the two halves as tall as each other.
        assert red[3] <= blue[1] + 1 and (red[0], red[2]) == (blue[0], blue[2])
        width, height = red[2] - red[0], blue[3] - red[1]
        assert abs(width / height - 2) < 0.15
        assert abs((red[3] - red[1]) - (blue[3] - blue[1])) <= 8
    finally:
        terminal.terminate()
        terminal.wait(timeout=10)

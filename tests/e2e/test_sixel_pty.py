"""End to end: `kumonote` with Sixel pictures forced, in a pseudo-terminal, writes Sixel data.

No terminal here paints Sixel: this reads what the app writes to its terminal and checks that a
picture's data arrives (ESC P … q with the picture's size in pixels and its colour), at the
place on screen where the note keeps room for it. It does not check what a terminal paints.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from PIL import Image

SIXEL = re.compile(rb'\x1b\[(\d+);(\d+)H\x1bP[0-9;]*q"1;1;(\d+);(\d+)')
"""A cursor move, then Sixel data with its raster attributes (width, height in pixels)."""

NOTE = """---
title: 図のノート
---
# 図のノート

![構成図](images/good.png)
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def read_until(fd: int, pattern: re.Pattern[bytes], seconds: float) -> bytes:
    """Everything read from `fd` until `pattern` matches or `seconds` pass."""
    output = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not pattern.search(output):
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    return output


def test_the_app_writes_sixel_data_where_the_picture_is(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "figures").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "figures" / "pictures.md").write_text(NOTE, encoding="utf-8")
    Image.new("RGB", (240, 120), (200, 40, 40)).save(content / "images" / "good.png")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TMUX", "STY", "NO_COLOR", "TEXTUAL")
    }
    env.update(
        TERM="xterm-256color",
        KUMONOTE_IMAGES="sixel",
        COLUMNS="100",
        LINES="30",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        KUMONOTE_DATA_DIR=str(tmp_path / "data"),
    )
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--content", str(content), "図のノート"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    try:
        output = read_until(leader, SIXEL, 60)
        found = SIXEL.search(output)
        assert found is not None, output[-2000:]
        row, column, width, height = (int(value) for value in found.groups())
        # 240x120 pixels in 10x20 cells (no answer about the cell size): 24x6 cells, all visible.
        assert (width, height) == (240, 120)
        # Below the search row and the note's border and title, right of the tree.
        assert row > 3 and column > 30
        # The palette holds the picture's red (200, 40, 40 → 78%, 16%, 16%).
        data = output[found.start() :]
        assert b"2;78;16;16" in data[: data.index(b"\x1b\\")]
        os.write(leader, b"q")
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        os.close(leader)

"""Terminals: tiny, resized in a hurry, without UTF-8, without colour, dumb, or none at all.

The CLI commands work everywhere; the app runs on any real terminal it can draw on, and
says in one line (exit 2) when it cannot. tests/e2e/test_tmux.py drives the app in tmux.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import KumonoteApp
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import SearchBar

from .conftest import Pty, child_env, kumonote_args
from .test_app_on_bad_content import ready, settle

# The command line's messages are asserted in English here (tests/test_i18n.py has both).
pytestmark = pytest.mark.usefixtures("english")

COMMANDS = [("search", "暗号"), ("show", "kms")]
"""`list`, `check` and the JSON and Markdown variants print the same kinds of text (all of
them are run in a terminal and a pipe in test_terminal_safety.py)."""
LOCALES = {
    "LANG=C": {"LANG": "C", "LC_ALL": "C"},
    "ASCII (C locale, no UTF-8 mode)": {
        "LC_ALL": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
    },
    "Latin-1 output": {"PYTHONIOENCODING": "latin-1"},
    "NO_COLOR": {"NO_COLOR": "1"},
    "TERM=dumb": {"TERM": "dumb"},
}
COLOUR = re.compile(rb"\x1b\[(?:[0-9]*;)*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("name", LOCALES)
def test_cli_commands_work_in_any_locale_and_terminal(
    name: str, command: tuple[str, ...], pty_run: Callable[..., Pty]
) -> None:
    env = LOCALES[name]
    piped = subprocess.run(
        kumonote_args(*command), capture_output=True, env=child_env(**env), timeout=60
    )
    assert piped.returncode == 0, piped.stderr
    assert b"Traceback" not in piped.stderr and piped.stdout
    if "PYTHONUTF8" in env:
        piped.stdout.decode("ascii")  # Japanese escaped (\u6697), never an encoding error
    if name not in ("NO_COLOR", "TERM=dumb", "LANG=C"):
        return  # the encoding is the point; a terminal adds nothing
    term = pty_run(kumonote_args(*command), **env)
    assert term.finish() == 0
    assert b"Traceback" not in term.output
    if name == "TERM=dumb":
        assert b"\x1b" not in term.output
    if name == "NO_COLOR":
        assert not COLOUR.search(term.output)


def test_the_app_refuses_a_dumb_terminal_in_one_line(pty_run: Callable[..., Pty]) -> None:
    term = pty_run(kumonote_args(), TERM="dumb")
    assert term.finish() == 2
    text = term.output.decode()
    assert text.strip().count("\n") == 0 and "TERM=dumb" in text and "\x1b" not in text


def test_the_app_refuses_a_terminal_without_utf8(pty_run: Callable[..., Pty]) -> None:
    term = pty_run(kumonote_args(), LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    assert term.finish() == 2
    assert b"needs a UTF-8 terminal" in term.output and b"\x1b" not in term.output


@pytest.mark.parametrize("streams", ["stdin", "stdout", "both"])
def test_the_app_refuses_to_run_without_a_terminal(streams: str, tmp_path: Path) -> None:
    # pytest's own stdin and stdout are not terminals; give the app a real one for the rest.
    master, slave = os.openpty()
    try:
        stdin = subprocess.DEVNULL if streams in ("stdin", "both") else slave
        stdout = (tmp_path / "out").open("wb") if streams in ("stdout", "both") else slave
        result = subprocess.run(
            kumonote_args(),
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=child_env(TERM="xterm-256color"),
            timeout=60,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert message.count("\n") == 1 and "needs a terminal" in message
    assert "list`, `search` and `show` work anywhere" in message
    if streams != "stdin":
        assert (tmp_path / "out").read_bytes() == b""  # no escape codes into the file


def test_the_app_runs_in_a_tiny_terminal_resized_in_a_hurry(
    pty_run: Callable[..., Pty], tmp_path: Path
) -> None:
    term = pty_run(
        kumonote_args(),
        size=(20, 5),
        KUMONOTE_DATA_DIR=str(tmp_path / "data"),
        LANG="C",
        LC_ALL="C",
    )
    # the search bar's placeholder (/ to search) must fit even 20 columns
    assert b"search" in term.read_until(lambda out: b"search" in out, timeout=15)
    for width, height in [(1, 1), (200, 60), (10, 3), (20, 5), (300, 2), (2, 300), (80, 24)] * 2:
        term.resize(width, height)
        term.drain()  # as fast as the terminal can: no waiting for the app between two
    term.resize(20, 5)
    # Still drawing after the last resize: the search bar's placeholder comes again.
    term.wait_for(b"search", "the app drawing after the resizes")
    assert term.process.poll() is None, term.output[-3000:]
    term.write(b"q")
    assert term.finish() == 0, term.output[-3000:]
    assert b"Traceback" not in term.output


async def test_tiny_terminal_and_resizes_in_the_app(tmp_path: Path, warm_cache_home: Path) -> None:
    app = KumonoteApp(
        cache_dir=warm_cache_home / "kumonote", data_dir=tmp_path / "data", watch=False
    )
    async with app.run_test(size=(20, 5)) as pilot:
        screen = await ready(pilot)
        for size in [(1, 1), (20, 5), (200, 60), (3, 2), (59, 5), (61, 5), (20, 5)] * 2:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("slash")
        screen.query_one(SearchBar).value = "暗号"
        await settle(pilot)
        view = screen.query_one(NoteView)
        assert view.note is not None and view.note.id == "security/kms"
        await pilot.press("escape", "ctrl+t", "ctrl+t", "down", "enter", "question_mark")
        await settle(pilot)
        await pilot.press("escape", "q")
    assert app.return_code in (0, None)

"""End to end: the installed `kumonote` in a real terminal (tmux), driven like a person would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from waiting import NeverHappened, poll_until

from tui.i18n import in_language

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")


def kumonote_command() -> str:
    script = Path(sys.executable).parent / "kumonote"
    return str(script) if script.exists() else f"{sys.executable} -m tui"


class Terminal:
    """A tmux session on a private socket."""

    def __init__(self, width: int, height: int, env: dict[str, str]) -> None:
        self.socket = f"kumonote-test-{uuid.uuid4().hex[:8]}"
        self.session = "e2e"
        self.env = env
        self.width, self.height = width, height

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=20,
        )

    def start(self, command: str) -> None:
        result = self.tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            command,
        )
        assert result.returncode == 0, result.stderr

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.session).returncode == 0

    def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        """The first screen for which `check` holds (the event `what`)."""
        last = [""]

        def matched() -> str | None:
            last[0] = self.screen()
            return last[0] if check(last[0]) else None

        try:
            return poll_until(matched, what, interval=0.1)
        except NeverHappened as error:
            raise NeverHappened(f"{error}; the last screen:\n{last[0]}") from None

    def kill(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = dict(
        os.environ,
        TERM="xterm-256color",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        TMUX_TMPDIR=str(tmp_path),
    )
    env.pop("TMUX", None)
    term = Terminal(100, 30, env)
    yield term
    term.kill()


def test_search_escape_and_quit_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    done = tmp_path / "exit-status"
    terminal.start(f"{kumonote_command()}; echo $? > {done}")
    terminal.wait_for(lambda s: "コンテナ" in s and "AI サービス" in s, "the tree shown")
    terminal.keys("/")
    terminal.wait_for(
        lambda s: in_language("Clear search", "ja") in s, "the search bar focused (in the key bar)"
    )
    terminal.keys("暗号", literal=True)
    screen = terminal.wait_for(
        lambda s: "暗号" in s and "KMS" in s and "件" in s, "the search answered"
    )
    assert "Key Management Service" in screen or "KMS" in screen
    terminal.keys("Escape")
    terminal.wait_for(
        lambda s: "件" not in s and "コンテナ (Containers)" in s, "the search cleared"
    )
    terminal.keys("q")
    poll_until(lambda: not terminal.alive(), "kumonote exited on q", interval=0.1)
    assert done.read_text().strip() == "0"


def showing(text: str) -> Callable[[str], bool]:
    """A check that the screen shows `text`."""
    return lambda screen: text in screen


def test_ratings_made_in_a_real_terminal_are_kept(terminal: Terminal, tmp_path: Path) -> None:
    import json

    done = tmp_path / "exit-status"
    terminal.start(f"{kumonote_command()}; echo $? > {done}")
    terminal.wait_for(lambda s: "コンテナ" in s and "AI サービス" in s, "the tree shown")
    terminal.keys("Tab")  # to the note: `r` then reviews every note
    terminal.keys("r")
    terminal.wait_for(lambda s: "答えを見る" in s and "済み 0" in s, "the first card shown")
    for rated in range(1, 4):
        terminal.keys("Space")
        terminal.wait_for(lambda s: "評価:" in s, "the answer shown")
        terminal.keys("3")
        terminal.wait_for(showing(f"済み {rated}"), f"{rated} cards rated")
    terminal.keys("q")  # leaves the review
    terminal.wait_for(lambda s: "/ で検索" in s and "要復習" in s, "back on the browser")
    terminal.keys("q")
    poll_until(lambda: not terminal.alive(), "kumonote exited on q", interval=0.1)
    assert done.read_text().strip() == "0"

    def kumonote(*args: str) -> object:
        found = subprocess.run(
            [sys.executable, "-m", "tui", *args],
            capture_output=True,
            text=True,
            env=terminal.env,
            timeout=60,
            check=True,
        )
        return json.loads(found.stdout)

    every = kumonote("cards", "--json")
    due = kumonote("cards", "--due", "--json")
    stats = kumonote("stats", "--json")
    assert isinstance(every, list) and isinstance(due, list) and isinstance(stats, dict)
    reviewed = [card for card in every if card["reviews"] == 1]
    assert len(reviewed) == 3 and len(due) == len(every) - 3
    assert not {card["id"] for card in reviewed} & {card["id"] for card in due}
    assert stats["reviews_today"] == 3

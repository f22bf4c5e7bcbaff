"""When pictures are drawn inline: the environment rule, the opt-out and the terminal's answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.widgets import image_support
from tui.widgets.image_support import decide, image_mode, prepare

KITTY = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}


@pytest.fixture(autouse=True)
def _cards_again() -> Iterator[None]:
    image_support.reset()
    yield
    image_support.reset()


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        (None, "auto"),
        ("", "auto"),
        ("auto", "auto"),
        ("off", "off"),
        ("OFF", "off"),
        ("0", "off"),
        ("no", "off"),
        ("on", "on"),
        (" On ", "on"),
        ("1", "on"),
        ("sometimes", "auto"),
    ],
)
def test_image_mode_reads_the_variable(value: str | None, mode: str) -> None:
    env = {} if value is None else {"KUMONOTE_IMAGES": value}
    assert image_mode(env) == mode


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        # Kitty and Ghostty, named by the environment: ask the terminal.
        (KITTY, True, "ask"),
        ({"TERM": "xterm-kitty"}, True, "ask"),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, True, "ask"),
        ({"TERM": "xterm-ghostty"}, True, "ask"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "ghostty"}, True, "ask"),
        # Everything else gets cards without a question.
        ({"TERM": "xterm-256color"}, True, "off"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, True, "off"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, True, "off"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "vscode"}, True, "off"),
        ({}, True, "off"),
        ({"TERM": "dumb", "KITTY_WINDOW_ID": "1"}, True, "off"),
        # Kitty, but not a place to ask: no terminal, tmux, screen, SSH, NO_COLOR.
        (KITTY, False, "off"),
        ({**KITTY, "TMUX": "/tmp/tmux-0/default,1,0"}, True, "off"),
        ({"TERM": "tmux-256color", "KITTY_WINDOW_ID": "1"}, True, "off"),
        ({**KITTY, "STY": "1234.pts-0"}, True, "off"),
        ({**KITTY, "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"}, True, "off"),
        ({**KITTY, "SSH_TTY": "/dev/pts/1"}, True, "off"),
        ({**KITTY, "NO_COLOR": ""}, True, "off"),
        # The variable wins over everything.
        ({**KITTY, "KUMONOTE_IMAGES": "off"}, True, "off"),
        ({"TERM": "xterm-256color", "KUMONOTE_IMAGES": "on"}, False, "on"),
        ({**KITTY, "TMUX": "x", "KUMONOTE_IMAGES": "on"}, True, "on"),
        ({**KITTY, "KUMONOTE_IMAGES": "auto"}, True, "ask"),
    ],
)
def test_decide(env: dict[str, str], tty: bool, expected: str) -> None:
    assert decide(env, tty=tty) == expected


def test_prepare_asks_the_terminal_only_when_the_environment_names_kitty() -> None:
    asked: list[bool] = []

    def load(ask: bool) -> bool:
        asked.append(ask)
        return True

    assert not prepare({"TERM": "xterm-256color"}, tty=True, load=load)
    assert not prepare({**KITTY, "TMUX": "x"}, tty=True, load=load)
    assert not prepare({**KITTY, "KUMONOTE_IMAGES": "off"}, tty=True, load=load)
    assert asked == []
    assert prepare(KITTY, tty=True, load=load)
    assert asked == [True]
    assert image_support.inline_images()


def test_prepare_follows_the_terminal_answer() -> None:
    assert not prepare(KITTY, tty=True, load=lambda ask: False)
    assert not image_support.inline_images()


def test_on_loads_without_asking_and_off_undoes_it() -> None:
    asked: list[bool] = []

    def load(ask: bool) -> bool:
        asked.append(ask)
        return True

    assert prepare({"KUMONOTE_IMAGES": "on"}, tty=False, load=load)
    assert asked == [False]
    assert image_support.inline_images()
    assert not prepare({"KUMONOTE_IMAGES": "off"}, tty=False, load=load)
    assert not image_support.inline_images()


def test_on_without_a_terminal_really_loads_textual_image() -> None:
    # Standard output is not a terminal under pytest: textual-image asks nothing.
    assert prepare({"KUMONOTE_IMAGES": "on"}, tty=False)
    assert image_support.inline_images()


def test_nothing_is_inline_before_prepare() -> None:
    assert not image_support.inline_images()

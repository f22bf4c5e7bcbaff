"""When and how pictures are drawn inline: the environment rule, the opt-out, the answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.widgets import image_support
from tui.widgets.image_support import Decision, Protocol, decide, image_mode, prepare

KITTY = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}
WEZTERM = {"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}


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
        ("kitty", "kitty"),
        ("Sixel", "sixel"),
        ("sometimes", "auto"),
    ],
)
def test_image_mode_reads_the_variable(value: str | None, mode: str) -> None:
    env = {} if value is None else {"KUMONOTE_IMAGES": value}
    assert image_mode(env) == mode


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        # Kitty and Ghostty, named by the environment: ask the terminal about Kitty graphics.
        (KITTY, True, "ask-kitty"),
        ({"TERM": "xterm-kitty"}, True, "ask-kitty"),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, True, "ask-kitty"),
        ({"TERM": "xterm-ghostty"}, True, "ask-kitty"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "ghostty"}, True, "ask-kitty"),
        # Terminals that may draw Sixel, named by the environment: ask about Sixel.
        (WEZTERM, True, "ask-sixel"),
        ({"TERM": "xterm-256color", "WEZTERM_EXECUTABLE": "/usr/bin/wezterm"}, True, "ask-sixel"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, True, "ask-sixel"),
        ({"TERM": "xterm-256color", "ITERM_SESSION_ID": "w0t0p0:1"}, True, "ask-sixel"),
        ({"TERM": "foot"}, True, "ask-sixel"),
        ({"TERM": "foot-extra"}, True, "ask-sixel"),
        ({"TERM": "mlterm"}, True, "ask-sixel"),
        ({"TERM": "xterm-256color", "KONSOLE_VERSION": "240802"}, True, "ask-sixel"),
        ({"TERM": "xterm", "XTERM_VERSION": "XTerm(390)"}, True, "ask-sixel"),
        # Kitty wins when both are named (Kitty draws no Sixel).
        ({**KITTY, "TERM_PROGRAM": "WezTerm"}, True, "ask-kitty"),
        # Everything else gets cards without a question.
        ({"TERM": "xterm-256color"}, True, "off"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "vscode"}, True, "off"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}, True, "off"),
        ({}, True, "off"),
        ({"TERM": "dumb", "KITTY_WINDOW_ID": "1"}, True, "off"),
        ({"TERM": "dumb", "TERM_PROGRAM": "WezTerm"}, True, "off"),
        # Named, but not a place to ask: no terminal, tmux, screen, SSH, NO_COLOR.
        (KITTY, False, "off"),
        ({**KITTY, "TMUX": "/tmp/tmux-0/default,1,0"}, True, "off"),
        ({"TERM": "tmux-256color", "KITTY_WINDOW_ID": "1"}, True, "off"),
        ({**KITTY, "STY": "1234.pts-0"}, True, "off"),
        ({**KITTY, "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"}, True, "off"),
        ({**KITTY, "SSH_TTY": "/dev/pts/1"}, True, "off"),
        ({**KITTY, "NO_COLOR": ""}, True, "off"),
        (WEZTERM, False, "off"),
        ({**WEZTERM, "TMUX": "/tmp/tmux-0/default,1,0"}, True, "off"),
        ({"TERM": "screen-256color", "TERM_PROGRAM": "WezTerm"}, True, "off"),
        ({"TERM": "foot", "STY": "1234.pts-0"}, True, "off"),
        ({**WEZTERM, "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"}, True, "off"),
        ({"TERM": "foot", "SSH_TTY": "/dev/pts/1"}, True, "off"),
        ({**WEZTERM, "NO_COLOR": "1"}, True, "off"),
        # The variable wins over everything; `on` picks Kitty where named, else Sixel.
        ({**KITTY, "KUMONOTE_IMAGES": "off"}, True, "off"),
        ({**WEZTERM, "KUMONOTE_IMAGES": "off"}, True, "off"),
        ({"TERM": "xterm-256color", "KUMONOTE_IMAGES": "on"}, False, "sixel"),
        ({"TERM": "xterm-kitty", "KUMONOTE_IMAGES": "on"}, False, "kitty"),
        ({**KITTY, "TMUX": "x", "KUMONOTE_IMAGES": "on"}, True, "kitty"),
        ({**WEZTERM, "SSH_TTY": "x", "KUMONOTE_IMAGES": "on"}, True, "sixel"),
        ({**KITTY, "KUMONOTE_IMAGES": "sixel"}, True, "sixel"),
        ({**WEZTERM, "KUMONOTE_IMAGES": "kitty"}, False, "kitty"),
        ({**KITTY, "KUMONOTE_IMAGES": "auto"}, True, "ask-kitty"),
    ],
)
def test_decide(env: dict[str, str], tty: bool, expected: str) -> None:
    assert decide(env, tty=tty) == expected


def test_prepare_asks_the_terminal_only_when_the_environment_names_a_terminal() -> None:
    asked: list[Decision] = []

    def load(decision: Decision) -> Protocol | None:
        asked.append(decision)
        return "kitty" if decision == "ask-kitty" else "sixel"

    assert not prepare({"TERM": "xterm-256color"}, tty=True, load=load)
    assert not prepare({**KITTY, "TMUX": "x"}, tty=True, load=load)
    assert not prepare({**KITTY, "KUMONOTE_IMAGES": "off"}, tty=True, load=load)
    assert not prepare({**WEZTERM, "TMUX": "x"}, tty=True, load=load)
    assert asked == []
    assert prepare(KITTY, tty=True, load=load)
    assert asked == ["ask-kitty"]
    assert image_support.inline_images()
    assert image_support.inline_protocol() == "kitty"
    assert prepare(WEZTERM, tty=True, load=load)
    assert asked == ["ask-kitty", "ask-sixel"]
    assert image_support.inline_protocol() == "sixel"


def test_prepare_follows_the_terminal_answer() -> None:
    assert not prepare(KITTY, tty=True, load=lambda decision: None)
    assert not image_support.inline_images()
    assert not prepare(WEZTERM, tty=True, load=lambda decision: None)
    assert image_support.inline_protocol() is None


def test_on_loads_without_asking_and_off_undoes_it() -> None:
    asked: list[Decision] = []

    def load(decision: Decision) -> Protocol | None:
        asked.append(decision)
        return "sixel"

    assert prepare({"KUMONOTE_IMAGES": "on"}, tty=False, load=load)
    assert asked == ["sixel"]
    assert image_support.inline_protocol() == "sixel"
    assert not prepare({"KUMONOTE_IMAGES": "off"}, tty=False, load=load)
    assert not image_support.inline_images()
    assert image_support.inline_protocol() is None


@pytest.mark.parametrize(
    ("env", "protocol"),
    [
        ({"KUMONOTE_IMAGES": "on", "TERM": "xterm-kitty"}, "kitty"),
        ({"KUMONOTE_IMAGES": "on"}, "sixel"),
        ({"KUMONOTE_IMAGES": "kitty"}, "kitty"),
        ({"KUMONOTE_IMAGES": "sixel", "TERM": "xterm-kitty"}, "sixel"),
    ],
)
def test_forced_modes_really_load_textual_image(env: dict[str, str], protocol: str) -> None:
    # Standard output is not a terminal under pytest: textual-image asks nothing.
    assert prepare(env, tty=False)
    assert image_support.inline_protocol() == protocol


def test_asking_without_a_terminal_finds_nothing() -> None:
    # textual-image found neither protocol (no terminal to answer): cards.
    assert image_support._load("ask-sixel") is None
    assert image_support._load("ask-kitty") is None


def test_nothing_is_inline_before_prepare() -> None:
    assert not image_support.inline_images()
    assert image_support.inline_protocol() is None

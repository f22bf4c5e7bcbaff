"""Whether this terminal shows pictures inline, and how; decided once, before the app starts.

Two ways to draw a picture, both through textual-image:

- Kitty graphics Unicode placeholders (`kitty`): each picture becomes ordinary lines of placeholder
  characters, so it scrolls and crops like the rest of a note. Kitty and Ghostty show them.
- Sixel (`sixel`): the note keeps blank lines where a picture goes and a small widget over them
  sends the picture's pixels (see `sixel_picture`). WezTerm, iTerm2, foot, mlterm, Konsole and
  xterm (as a VT340) show them.

Elsewhere a note shows a card with the alt text, the file name and `o` to open the picture in the
system viewer. The environment variable `KUMONOTE_IMAGES` chooses:

- `auto` (the default): inline only in a terminal named by the environment (Kitty, Ghostty, or
  one of the Sixel terminals above), outside tmux, screen and SSH, and only when the terminal
  answers textual-image's query for that protocol;
- `off`: always cards;
- `on`: always inline, without asking the terminal: Kitty placeholders when the environment
  names Kitty or Ghostty, else Sixel;
- `kitty` or `sixel`: always inline with that protocol, without asking.

textual-image asks the terminal on import, reading the answer from standard input. Once Textual
runs, its input thread owns standard input and would receive the answer as keys, so the question
is asked only before the app starts (`prepare`), only when the environment already names such a
terminal, and bounded by textual-image's 0.1 s time-outs: nothing is asked in tmux, in tests
or when standard input or output is not a terminal.

No Textual import here: this runs before the app exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import Literal

ENV_VAR = "KUMONOTE_IMAGES"

ImageMode = Literal["off", "auto", "on", "kitty", "sixel"]
Protocol = Literal["kitty", "sixel"]
"""How pictures are drawn inline: Kitty placeholders or Sixel."""
Decision = Literal["off", "ask-kitty", "ask-sixel", "kitty", "sixel"]
"""Cards, ask the terminal about a protocol, or draw with a protocol without asking."""

_MODES: dict[str, ImageMode] = {
    "off": "off",
    "0": "off",
    "no": "off",
    "false": "off",
    "never": "off",
    "auto": "auto",
    "": "auto",
    "on": "on",
    "1": "on",
    "yes": "on",
    "true": "on",
    "always": "on",
    "kitty": "kitty",
    "sixel": "sixel",
}

_KITTY_TERMS = frozenset({"xterm-kitty", "xterm-ghostty"})
_KITTY_PROGRAMS = frozenset({"kitty", "ghostty"})
_SIXEL_TERMS = ("foot", "mlterm", "contour")
"""TERM values (or their beginnings: `foot-extra`) of terminals that draw Sixel."""
_SIXEL_PROGRAMS = frozenset({"wezterm", "iterm.app", "mlterm", "contour"})
_SIXEL_VARIABLES = ("WEZTERM_EXECUTABLE", "ITERM_SESSION_ID", "KONSOLE_VERSION", "XTERM_VERSION")
"""Variables only these terminals set (xterm draws Sixel only as a VT340: it is asked)."""

_protocol: Protocol | None = None


def image_mode(env: Mapping[str, str]) -> ImageMode:
    """The mode `KUMONOTE_IMAGES` asks for; an unknown value counts as `auto`."""
    return _MODES.get(env.get(ENV_VAR, "").strip().lower(), "auto")


def names_kitty_terminal(env: Mapping[str, str]) -> bool:
    """Whether the environment says this is a Kitty or Ghostty window."""
    return (
        env.get("TERM", "") in _KITTY_TERMS
        or env.get("TERM_PROGRAM", "").lower() in _KITTY_PROGRAMS
        or bool(env.get("KITTY_WINDOW_ID"))
    )


def names_sixel_terminal(env: Mapping[str, str]) -> bool:
    """Whether the environment names a terminal that may draw Sixel (WezTerm, iTerm2, foot, …)."""
    return (
        env.get("TERM", "").startswith(_SIXEL_TERMS)
        or env.get("TERM_PROGRAM", "").lower() in _SIXEL_PROGRAMS
        or any(env.get(name) for name in _SIXEL_VARIABLES)
    )


def decide(env: Mapping[str, str], *, tty: bool) -> Decision:
    """What to do for this environment; `tty`: standard input and output are terminals."""
    mode = image_mode(env)
    if mode in ("off", "kitty", "sixel"):
        return mode
    if mode == "on":
        return "kitty" if names_kitty_terminal(env) else "sixel"
    if not tty or env.get("TERM", "") in ("", "dumb", "unknown"):
        return "off"
    if env.get("TMUX") or env.get("STY") or env.get("TERM", "").startswith(("tmux", "screen")):
        return "off"  # multiplexers pass graphics through only when configured to
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return "off"  # a slow answer would arrive after Textual starts, as keys
    if "NO_COLOR" in env:
        return "off"  # placeholders carry the picture's id in their colour; no colour, no pictures
    if names_kitty_terminal(env):
        return "ask-kitty"
    return "ask-sixel" if names_sixel_terminal(env) else "off"


def _stdio_is_tty() -> bool:
    try:
        return (
            sys.__stdin__ is not None
            and sys.__stdin__.isatty()
            and (sys.__stdout__ is not None and sys.__stdout__.isatty())
        )
    except (AttributeError, ValueError, OSError):
        return False


def _load(decision: Decision) -> Protocol | None:
    """Import textual-image (it asks the terminal when output is one) and note the cell size.

    When asking, the protocol only if textual-image found it: Sixel for `ask-sixel`; for
    `ask-kitty`, the graphics protocol and no Sixel (which it prefers).
    """
    try:
        import textual_image.renderable as renderable
        from textual_image._terminal import get_cell_size

        get_cell_size()  # cached now: later it might ask the terminal, which Textual then owns
    except Exception:  # no Pillow, no terminal attributes, an odd answer: cards
        return None
    if decision == "ask-kitty":
        return "kitty" if renderable.Image is renderable.TGPImage else None
    if decision == "ask-sixel":
        return "sixel" if renderable.Image is renderable.SixelImage else None
    return "kitty" if decision == "kitty" else "sixel" if decision == "sixel" else None


def prepare(
    env: Mapping[str, str] | None = None,
    *,
    tty: bool | None = None,
    load: Callable[[Decision], Protocol | None] = _load,
) -> bool:
    """Decide, once and before the app starts, whether (and how) pictures are drawn inline."""
    global _protocol
    env = os.environ if env is None else env
    decision = decide(env, tty=_stdio_is_tty() if tty is None else tty)
    _protocol = None if decision == "off" else load(decision)
    return _protocol is not None


def inline_images() -> bool:
    """Whether `prepare` chose inline pictures (False until it runs)."""
    return _protocol is not None


def inline_protocol() -> Protocol | None:
    """How `prepare` chose to draw pictures inline; None for cards (and until it runs)."""
    return _protocol


def reset() -> None:
    """Back to cards (for tests)."""
    global _protocol
    _protocol = None

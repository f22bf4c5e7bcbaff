"""Whether this terminal shows pictures inline, decided once, before the app starts.

kumonote draws pictures with the Kitty graphics protocol's Unicode placeholders (through
textual-image): each picture becomes ordinary lines of placeholder characters, so it scrolls,
wraps and copies like the rest of a note. Kitty and Ghostty show them; elsewhere a note shows a
card with the alt text, the file name and `o` to open the picture in the system viewer.

The environment variable `KUMONOTE_IMAGES` chooses:

- `auto` (the default): inline only in a Kitty or Ghostty window named by the environment, outside
  tmux, screen and SSH, and only when the terminal answers textual-image's query for the graphics
  protocol;
- `off`: always cards;
- `on`: always inline, without asking the terminal (for terminals the rule above misses).

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

ImageMode = Literal["off", "auto", "on"]
Decision = Literal["off", "ask", "on"]
"""Cards, ask the terminal, or draw inline without asking."""

_MODES: dict[str, ImageMode] = {
    "off": "off", "0": "off", "no": "off", "false": "off", "never": "off",
    "auto": "auto", "": "auto",
    "on": "on", "1": "on", "yes": "on", "true": "on", "always": "on",
}

_KITTY_TERMS = frozenset({"xterm-kitty", "xterm-ghostty"})
_KITTY_PROGRAMS = frozenset({"kitty", "ghostty"})

_enabled = False


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


def decide(env: Mapping[str, str], *, tty: bool) -> Decision:
    """What to do for this environment; `tty`: standard input and output are terminals."""
    mode = image_mode(env)
    if mode != "auto":
        return mode
    if not tty or env.get("TERM", "") in ("", "dumb", "unknown"):
        return "off"
    if env.get("TMUX") or env.get("STY") or env.get("TERM", "").startswith(("tmux", "screen")):
        return "off"  # multiplexers pass graphics through only when configured to
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return "off"  # a slow answer would arrive after Textual starts, as keys
    if "NO_COLOR" in env:
        return "off"  # placeholders carry the picture's id in their colour
    return "ask" if names_kitty_terminal(env) else "off"


def _stdio_is_tty() -> bool:
    try:
        return sys.__stdin__ is not None and sys.__stdin__.isatty() and (
            sys.__stdout__ is not None and sys.__stdout__.isatty()
        )
    except (AttributeError, ValueError, OSError):
        return False


def _load(ask: bool) -> bool:
    """Import textual-image (it asks the terminal when output is one) and note the cell size.

    With `ask`, True only when textual-image found the graphics protocol (and no Sixel, which
    it prefers and kumonote cannot draw line by line).
    """
    try:
        import textual_image.renderable as renderable
        from textual_image._terminal import get_cell_size

        get_cell_size()  # cached now: later it might ask the terminal, which Textual then owns
    except Exception:  # no Pillow, no terminal attributes, an odd answer: cards
        return False
    return not ask or renderable.Image is renderable.TGPImage


def prepare(
    env: Mapping[str, str] | None = None,
    *,
    tty: bool | None = None,
    load: Callable[[bool], bool] = _load,
) -> bool:
    """Decide, once and before the app starts, whether pictures are drawn inline."""
    global _enabled
    env = os.environ if env is None else env
    decision = decide(env, tty=_stdio_is_tty() if tty is None else tty)
    _enabled = decision != "off" and load(decision == "ask")
    return _enabled


def inline_images() -> bool:
    """Whether `prepare` chose inline pictures (False until it runs)."""
    return _enabled


def reset() -> None:
    """Back to cards (for tests)."""
    global _enabled
    _enabled = False

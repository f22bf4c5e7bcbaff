"""argparse help laid out by display width: Japanese takes two cells a character.

argparse measures text with `len()`, so Japanese help ran past the terminal's edge and its
columns came apart. This formatter measures in cells and breaks lines where Japanese may be
broken (`tui.render.wrap`).
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.cells import cell_len

from tui.render.wrap import wrap_text


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


class CellHelpFormatter(argparse.HelpFormatter):
    """argparse's default help, measured in terminal cells."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_text(" ".join(text.split()), max(width, 11)) or [""]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = wrap_text(" ".join(text.split()), max(width - cell_len(indent), 11))
        return "\n".join(indent + line for line in lines)

    def _format_usage(self, *args: Any, **kwargs: Any) -> str:
        # argparse wraps the usage when its `len()` passes the width: give it the width less
        # the cells its wide characters take beyond their length
        usage: str = super()._format_usage(*args, **kwargs)
        extra = max(cell_len(line) - len(line) for line in usage.splitlines() or [""])
        if extra <= 0 or all(cell_len(line) <= self._width for line in usage.splitlines()):
            return usage
        width, self._width = self._width, self._width - extra
        try:
            narrower: str = super()._format_usage(*args, **kwargs)
            return narrower
        finally:
            self._width = width

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is argparse.SUPPRESS:
            return
        invocations = [self._format_action_invocation(action)]
        invocations += [
            self._format_action_invocation(a) for a in self._iter_indented_subactions(action)
        ]
        widest = max(cell_len(text) for text in invocations) + self._current_indent
        self._action_max_length = max(self._action_max_length, widest)

    def _format_action(self, action: argparse.Action) -> str:
        # argparse's own layout, with the invocation measured and padded in cells
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        indent_first = help_position
        if not action.help:
            parts = [f"{indent}{header}\n"]
        elif cell_len(header) <= action_width:
            parts = [f"{indent}{_pad(header, action_width)}  "]
            indent_first = 0
        else:
            parts = [f"{indent}{header}\n"]
        if action.help and action.help.strip():
            help_text = self._expand_help(action)
            if help_text:
                lines = self._split_lines(help_text, help_width)
                parts.append(" " * indent_first + lines[0] + "\n")
                parts += [" " * help_position + line + "\n" for line in lines[1:]]
        elif not parts[0].endswith("\n"):
            parts.append("\n")
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

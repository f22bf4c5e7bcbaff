"""Make text inert for a terminal: control characters become visible escapes, never raw bytes."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates from bad pastes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block: ␀ ␁ … ␟
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with every control character (but tab and newline) shown as a visible escape."""
    return _CONTROL.sub(_escape, text)


def has_controls(text: str) -> bool:
    """True when `text` holds characters `inert` would replace."""
    return _CONTROL.search(text) is not None

"""Make text inert for a terminal: control characters become visible escapes, never raw bytes."""

from __future__ import annotations

import json
import re

# C0 controls except tab and newline, DEL, C1 controls, line and paragraph separators, and lone
# surrogates from bad pastes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


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


# Characters JSON leaves raw that a terminal may still act on: DEL and C1 controls (0x9b is
# CSI on some terminals), line and paragraph separators, and lone surrogates.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def safe_json(data: object) -> str:
    """`data` as indented JSON that keeps Japanese readable but can never drive a terminal.

    `json.dumps` already escapes C0 controls (ESC is ``\\u001b``); the rest are escaped here
    too. The result is still the same JSON value: only its spelling changes.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)

"""Note bytes to text: UTF-8 first, then the legacy Japanese encodings, or a clear refusal."""

from __future__ import annotations

from dataclasses import dataclass

MAX_NOTE_BYTES = 4 * 1024 * 1024
"""Larger files are skipped with a warning: a note is something a person reads."""

_LEGACY = (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"))


@dataclass(frozen=True)
class Decoded:
    """Decoded text, or the reason there is none, and a note on the encoding if it was not UTF-8."""

    text: str | None
    problem: str = ""
    encoding_note: str = ""


def _japanese_ratio(text: str) -> float:
    if not text:
        return 0.0
    jp = sum(
        1
        for ch in text
        if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff01" <= ch <= "\uff9f"
    )
    return jp / max(1, sum(1 for ch in text if not ch.isascii()))


def decode_note(data: bytes) -> Decoded:
    """Decode note bytes; never raises. Binary or undecodable data is refused, not garbled."""
    if len(data) > MAX_NOTE_BYTES:
        size = len(data) / (1024 * 1024)
        return Decoded(None, f"too large to show ({size:.1f} MB; the limit is 4 MB)")
    if b"\x00" in data[:8192]:
        return Decoded(None, "binary file (contains NUL bytes), not Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"))
    candidates = []
    for codec, name in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_japanese_ratio(text), name, text))
    if candidates:
        ratio, name, text = max(candidates, key=lambda c: c[0])
        if ratio >= 0.6:
            return Decoded(
                text.replace("\r\n", "\n").replace("\r", "\n"),
                encoding_note=f"not UTF-8: read as {name} (consider saving it as UTF-8)",
            )
    return Decoded(None, "not UTF-8 text, and not recognisably Shift_JIS or EUC-JP")

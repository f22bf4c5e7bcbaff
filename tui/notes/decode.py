"""Note bytes to text: UTF-8 first, then the legacy Japanese encodings, or a clear refusal."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from functools import cache

MAX_NOTE_BYTES = 4 * 1024 * 1024
"""Larger files are skipped with a warning: a note is something a person reads."""

_LEGACY = (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"))
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _japanese() -> re.Pattern[str]:
    # Compiled on first use: only notes that are not UTF-8 need it, and compiling it costs
    # milliseconds of every start-up.
    return re.compile("[\u3040-\u30ff\u4e00-\u9fff\uff01-\uff9f]")


@dataclass(frozen=True)
class Decoded:
    """Decoded text, or the reason there is none, and a note on the encoding if it was not UTF-8."""

    text: str | None
    problem: str = ""
    encoding_note: str = ""


def _japanese_ratio(text: str) -> float:
    """How much the non-ASCII characters of `text` look like ordinary Japanese (0 to 1).

    Half-width katakana count for little: they are rare in real notes, and EUC-JP kana read as
    Shift_JIS come out as exactly that (``あい`` → ``､｢､､``), so they must not win a tie.
    """
    total = score = 0.0
    for ch in text:
        if ch.isascii():
            continue
        total += 1
        if "\u3000" <= ch <= "\u30ff":  # CJK punctuation, hiragana, katakana
            score += 1.0
        elif "\u4e00" <= ch <= "\u9fff":
            score += 0.9
        elif "\uff01" <= ch <= "\uff5e":  # full-width ASCII
            score += 0.8
        elif "\uff61" <= ch <= "\uff9f":  # half-width katakana and punctuation
            score += 0.3
    return score / total if total else 0.0


def _plausible(text: str) -> bool:
    """Mostly ASCII and Japanese, no NUL: text, not binary that happened to decode."""
    if "\x00" in text:
        return False
    usual = len(_japanese().findall(text)) + sum(1 for ch in text if ch.isascii())
    return usual >= 0.6 * len(text)


def too_large(size: int) -> str:
    """The reason given for a note of `size` bytes over `MAX_NOTE_BYTES`."""
    limit = MAX_NOTE_BYTES / (1024 * 1024)
    return f"too large to show ({size / (1024 * 1024):.1f} MB; the limit is {limit:g} MB)"


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_note(data: bytes) -> Decoded:
    """Decode note bytes; never raises. Binary or undecodable data is refused, not garbled."""
    if len(data) > MAX_NOTE_BYTES:
        return Decoded(None, too_large(len(data)))
    if data.startswith(_UTF16_BOMS):  # Windows editors' "Unicode": NUL bytes, but text
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            if _plausible(text):
                return Decoded(
                    _lines(text.lstrip("\ufeff")),
                    encoding_note=("not UTF-8: read as UTF-16 (consider saving it as UTF-8)"),
                )
    if b"\x00" in data[:8192]:
        return Decoded(None, "binary file (contains NUL bytes), not Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(_lines(text))
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
                _lines(text),
                encoding_note=f"not UTF-8: read as {name} (consider saving it as UTF-8)",
            )
    return Decoded(None, "not UTF-8 text, and not recognisably Shift_JIS or EUC-JP")


def readable_name(name: str) -> tuple[str, str]:
    """A file or folder name fit to show, and a note when its bytes were not UTF-8.

    Names that are not valid UTF-8 reach Python with lone surrogates (``\\udcff``); a name
    written by a Japanese Windows system is usually Shift_JIS and is shown as such. Names the
    file system's encoding could not read but that are UTF-8 (a C locale) are simply shown.
    """
    if not _SURROGATE.search(name):
        return name, ""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    for codec, label in _LEGACY:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _japanese_ratio(text) >= 0.6:
            return text, f"file name is not UTF-8: shown as {label}"
    shown = raw.decode("utf-8", "replace")
    return shown, "file name is not UTF-8: unreadable bytes shown as \ufffd"

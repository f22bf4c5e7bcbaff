"""Morphemes of Japanese text with SudachiPy, for readings at index time and queries.

One tokenizer per process, loaded on first use (import and dictionary take about 0.15 s, so
the app loads it in its search worker, never on the UI thread). Without SudachiPy or its
dictionary, `analyze` answers None and callers fall back to splitting by script.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

_lock = threading.Lock()
_state: dict[str, Any] = {}


def tokenizer() -> Any | None:
    """The process's Sudachi tokenizer (split mode C), or None when it cannot be loaded."""
    if "tokenizer" in _state:
        return _state["tokenizer"]
    with _lock:
        if "tokenizer" not in _state:
            try:
                from sudachipy import Dictionary, SplitMode

                dictionary = Dictionary(dict="small")
                make = getattr(dictionary, "tokenizer", None) or dictionary.create
                _state["tokenizer"] = make(mode=SplitMode.C)
                _state["problem"] = None
            except Exception as error:  # missing package or dictionary: search still works
                _state["tokenizer"] = None
                _state["problem"] = f"{type(error).__name__}: {error}"
    return _state["tokenizer"]


def problem() -> str | None:
    """Why the tokenizer could not be loaded (None when it loaded or was not tried)."""
    return _state.get("problem")


def loaded() -> bool:
    """True once the tokenizer was tried (so asking for it costs nothing more)."""
    return "tokenizer" in _state


@dataclass(frozen=True)
class Morpheme:
    """One morpheme: where it is in the text analysed, its word class, its dictionary form."""

    start: int
    end: int
    surface: str
    pos: tuple[str, str]
    """Sudachi's first two part-of-speech levels (``("名詞", "普通名詞")``)."""
    base: str
    """Dictionary form (``動かす`` for ``動かし``)."""


def tokenize(text: str) -> list[Any]:
    """Sudachi's own morphemes of `text` (the tokenizer must have loaded). The search and
    index threads share one tokenizer, so calls take turns."""
    tok = _state.get("tokenizer")
    if tok is None:
        raise RuntimeError("no Sudachi tokenizer")
    with _lock:
        return list(tok.tokenize(text))


def analyze(text: str) -> list[Morpheme] | None:
    """The morphemes of `text`, or None without Sudachi. Never raises."""
    if tokenizer() is None:
        return None
    if not text:
        return []
    try:
        out = []
        for m in tokenize(text):
            pos = m.part_of_speech()
            out.append(
                Morpheme(m.begin(), m.end(), m.surface(), (pos[0], pos[1]), m.dictionary_form())
            )
        return out
    except Exception:
        return None

"""Katakana readings of the English words in notes, so that ``ファーゲート`` finds ``Fargate``.

A word is cut into parts at CamelCase, acronym and digit boundaries (`word_parts`). Each part
is read on its own and the readings are joined:

* a single letter, an all-capital part of up to five letters, or a lower-case one of up to
  five letters with no vowel (``kms``, ``ssh``), is spelt with letter names
  (`tui.search.letters.spell`): ``iPhone`` → ``アイフォン``;
* a single digit is read in English (``3`` → ``スリー``); longer numbers are left out, since
  ``2024`` or ``100`` are read in too many ways;
* ``Py`` is read ``パイ`` (Python names: PyTorch, NumPy);
* any other part goes through the e2k English → katakana model.

Words the model reads badly get no reading: longer than 24 characters, a part longer than 20
letters, three or more digit runs (hashes, ids), no letter, or anything but ASCII letters and
digits. `loose` is the kana-tolerant key that both the readings and the query go through.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.search.analysis import fold
from tui.search.letters import kana_text, spell

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_PART_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_WORD_RE = re.compile(r"[A-Za-z0-9]+")
_VOWELS = frozenset("aeiouy")
_DIGITS = (
    "ゼロ",
    "ワン",
    "ツー",
    "スリー",
    "フォー",
    "ファイブ",
    "シックス",
    "セブン",
    "エイト",
    "ナイン",
)
_FIXED = {"py": "パイ"}
"""Parts the model reads unlike Japanese writers do (it gives ``ピー`` for ``py``)."""
MAX_WORD = 24
MAX_PART = 20
MAX_SPELT = 5
_BATCH = 128


def word_parts(word: str) -> list[str]:
    """`word` cut at CamelCase, acronym and digit boundaries (``MXNet`` → ``MX``, ``Net``)."""
    return _PART_RE.findall(word)


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


def _spelt(part: str) -> bool:
    """Whether `part` is read as letter names."""
    if len(part) > MAX_SPELT or not part.isalpha():
        return False
    return len(part) == 1 or part.isupper() or not _VOWELS.intersection(part.lower())


_LOOSE_PAIRS = {
    "ゔぁ": "ば",
    "ゔぃ": "び",
    "ゔぇ": "べ",
    "ゔぉ": "ぼ",
    "ゔゅ": "びゅ",
    "てぃ": "ち",
    "でぃ": "じ",
    "とぅ": "つ",
    "どぅ": "ず",
    "すぃ": "し",
    "ずぃ": "じ",
    "うぃ": "ゐ",
    "うい": "ゐ",
    "うぇ": "ゑ",
    "うえ": "ゑ",
    "うぉ": "を",
    "うお": "を",
}
_LOOSE_PAIR_RE = re.compile("|".join(_LOOSE_PAIRS))
_DROPPED = str.maketrans({"っ": None, "ー": None})
_LOOSE_CHARS = str.maketrans(
    {
        "ゔ": "ぶ",
        "ぢ": "じ",
        "づ": "ず",
        "ぁ": "あ",
        "ぃ": "い",
        "ぅ": "う",
        "ぇ": "え",
        "ぉ": "お",
        "ゃ": "や",
        "ゅ": "ゆ",
        "ょ": "よ",
        "ゎ": "わ",
        "ゕ": "か",
        "ゖ": "け",
    }
)


def loose(kana: str) -> str:
    """A key that ignores how loan words are spelt in kana (used for readings and queries).

    On the text in hiragana (`tui.search.letters.kana_text`), in this order:

    * ``ッ`` and every ``ー`` dropped (ドッカー = ドカー, パーティー = パーティ);
    * ``ヴァ ヴィ ヴ ヴェ ヴォ`` → ``ば び ぶ べ ぼ`` (ヴァイオリン = バイオリン);
    * ``ティ`` → ``ち``, ``ディ`` → ``じ`` (プラスティック = プラスチック, ディーゼル = ジーゼル);
    * ``トゥ`` → ``つ``, ``ドゥ`` → ``ず`` (トゥール = ツール);
    * ``スィ`` → ``し``, ``ズィ`` → ``じ``; ``ヂ ヅ`` → ``じ ず`` (same sounds);
    * ``ウィ ウェ ウォ`` and ``ウイ ウエ ウオ`` → ``ゐ ゑ を`` (ウィルス = ウイルス; one kana,
      so that folding does not take the ``ウ`` of ``ドウォ`` for a long vowel);
    * other small kana written full size: ``フィ`` = ``フイ``, ``クァ`` = ``クア``;
    * then `tui.search.analysis.fold`, which drops lengthening vowels (メイン = メーン).

    ``ファ``/``ハ`` and ``フィ``/``ヒ`` are kept apart (ファイル is not はいる), and so are
    ``ディ``/``デ`` (デジタル and ディジタル differ).
    """
    text = kana_text(kana).translate(_DROPPED)
    text = _LOOSE_PAIR_RE.sub(lambda match: _LOOSE_PAIRS[match.group()], text)
    return fold(text.translate(_LOOSE_CHARS))


class _Decoder:
    """e2k's sequence-to-sequence model run on many words at once (numpy, greedy decoding).

    e2k reads one word per call, with numpy overhead dominating; the same weights applied to a
    batch give the same readings many times faster.
    """

    def __init__(self, model: Any) -> None:
        import numpy as np

        s2s = model.s2s
        self.in_table: dict[str, int] = dict(model.in_table)
        self.out_table: list[str] = list(model.out_table)
        self.sos = int(s2s.sos_idx)
        self.eos = int(s2s.eos_idx)
        self.max_len = int(s2s.max_len)

        def linear(layer: Any) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
            return np.ascontiguousarray(layer.weight.T), np.asarray(layer.bias)

        def cell(gru: Any) -> tuple[NDArray[np.float32], ...]:
            return (*linear(gru.cell.ih), *linear(gru.cell.hh))

        self.e_emb: NDArray[np.float32] = np.asarray(s2s.e_emb.weight)
        self.k_emb: NDArray[np.float32] = np.asarray(s2s.k_emb.weight)
        self.encoder = cell(s2s.encoder)
        self.encoder_reverse = cell(s2s.encoder_reverse)
        self.encoder_fc = linear(s2s.encoder_fc)
        self.pre_decoder = cell(s2s.pre_decoder)
        self.post_decoder = cell(s2s.post_decoder)
        attn = s2s.attn
        self.q_proj = linear(attn.q_proj)
        self.k_proj = linear(attn.k_proj)
        self.v_proj = linear(attn.v_proj)
        self.o_proj = linear(attn.o_proj)
        self.heads = int(attn.num_heads)
        self.scale = float(attn.scale)
        self.fc = linear(s2s.fc)

    @staticmethod
    def _step(
        x: NDArray[np.float32], h: NDArray[np.float32], weights: tuple[NDArray[np.float32], ...]
    ) -> NDArray[np.float32]:
        import numpy as np

        w_ih, b_ih, w_hh, b_hh = weights
        gi = x @ w_ih + b_ih
        gh = h @ w_hh + b_hh
        size = h.shape[-1]
        rz = 1 / (1 + np.exp(-(gi[:, : 2 * size] + gh[:, : 2 * size])))
        r, z = rz[:, :size], rz[:, size:]
        n = np.tanh(gi[:, 2 * size :] + r * gh[:, 2 * size :])
        out: NDArray[np.float32] = (1 - z) * n + z * h
        return out

    def _run(
        self, x: NDArray[np.float32], weights: tuple[NDArray[np.float32], ...]
    ) -> NDArray[np.float32]:
        import numpy as np

        batch, steps, _ = x.shape
        size = weights[2].shape[0]
        h = np.zeros((batch, size), dtype=weights[2].dtype)
        out = np.empty((batch, steps, size), dtype=h.dtype)
        for t in range(steps):
            h = self._step(x[:, t], h, weights)
            out[:, t] = h
        return out

    def __call__(self, words: list[str]) -> list[str]:
        """The katakana of each of `words` (lower case ASCII)."""
        import numpy as np

        table = self.in_table
        ids = [[self.sos, *(table[c] for c in word if c in table), self.eos] for word in words]
        lengths = np.array([len(row) for row in ids])
        batch, steps = len(ids), int(lengths.max())
        src = np.full((batch, steps), self.eos, dtype=np.int64)
        for i, row in enumerate(ids):
            src[i, : len(row)] = row
        positions = np.arange(steps)
        valid = positions[None, :] < lengths[:, None]
        # Reading each row backwards maps position p to length-1-p; padding stays put.
        backwards = np.where(valid, lengths[:, None] - 1 - positions[None, :], positions[None, :])
        forward = self._run(self.e_emb[src], self.encoder)
        reverse = self._run(self.e_emb[np.take_along_axis(src, backwards, 1)], self.encoder_reverse)
        reverse = np.take_along_axis(reverse, backwards[:, :, None], 1)
        w, b = self.encoder_fc
        enc = np.tanh(np.concatenate([forward, reverse], -1) @ w + b)
        heads = self.heads
        dim = enc.shape[-1]
        d_head = dim // heads
        w, b = self.k_proj
        keys = (enc @ w + b).reshape(batch, steps, heads, d_head).transpose(0, 2, 3, 1)
        w, b = self.v_proj
        values = (enc @ w + b).reshape(batch, steps, heads, d_head).transpose(0, 2, 1, 3)
        mask = valid[:, None, None, :]

        previous = np.full(batch, self.sos, dtype=np.int64)
        h1 = np.zeros((batch, self.pre_decoder[2].shape[0]), dtype=enc.dtype)
        h2 = np.zeros((batch, self.post_decoder[2].shape[0]), dtype=enc.dtype)
        done = np.zeros(batch, dtype=bool)
        produced: list[NDArray[np.int64]] = []
        for _ in range(self.max_len):
            h1 = self._step(self.k_emb[previous], h1, self.pre_decoder)
            w, b = self.q_proj
            query = (h1 @ w + b).reshape(batch, heads, 1, d_head)
            weights = np.where(mask, np.exp((query @ keys) / self.scale), 0)
            weights = weights / weights.sum(-1, keepdims=True)
            w, b = self.o_proj
            attended = (weights @ values).reshape(batch, dim) @ w + b
            h2 = self._step(np.concatenate([h1, attended], -1), h2, self.post_decoder)
            w, b = self.fc
            previous = np.argmax(h2 @ w + b, -1)
            produced.append(previous)
            done |= previous == self.eos
            if done.all():
                break
        tokens = np.stack(produced, 1)
        out: list[str] = []
        for row in tokens.tolist():
            kana = []
            for token in row:
                if token == self.eos:
                    break
                kana.append(self.out_table[token])
            out.append("".join(kana))
        return out


class EnglishReader:
    """Katakana readings of Latin words; loads e2k on first use and never raises."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self._model: Any = None
        self._decoder: _Decoder | None = None
        self._problem: str | None = None
        self._parts: dict[str, str] = {}
        self._words: dict[str, str] = {}

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            module = importlib.import_module("e2k")
            self._model = module.C2K()
        except Exception as error:  # e2k missing or its model unreadable
            self._problem = f"e2k could not be loaded: {error}"
            return
        try:
            decoder = _Decoder(self._model)
            probe = ["fargate", "endpoint", "x"]
            if decoder(probe) == [str(self._model(word)) for word in probe]:
                self._decoder = decoder
        except Exception:  # another e2k layout: read one word per call instead
            self._decoder = None

    @property
    def available(self) -> bool:
        """Whether the English → katakana model could be loaded."""
        with self._lock:
            self._load()
            return self._problem is None

    @property
    def problem(self) -> str | None:
        """Why the model is unavailable, or None."""
        with self._lock:
            self._load()
            return self._problem

    def reading(self, word: str) -> str:
        """The katakana reading of one Latin word (``MXNet`` → ``エムエックスネット``); empty
        when it has none."""
        return self.readings([word]).get(word, "")

    def readings(self, words: Iterable[str]) -> dict[str, str]:
        """The readings of `words`; words without one are left out."""
        with self._lock:
            return self._readings(words)

    def _readings(self, words: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        pending: dict[str, list[str]] = {}
        for word in words:
            if word in self._words:
                if self._words[word]:
                    found[word] = self._words[word]
                continue
            parts = _plan(word)
            if parts is None:
                self._words[word] = ""
                continue
            pending[word] = parts
        if not pending:
            return found
        needed = sorted(
            {
                part
                for parts in pending.values()
                for part in parts
                if part.startswith("?") and part[1:] not in self._parts
            }
        )
        if needed:
            self._load()
            self._read_parts([part[1:] for part in needed])
        for word, parts in pending.items():
            pieces: list[str] = []
            for part in parts:
                piece = self._parts.get(part[1:], "") if part.startswith("?") else part
                if not piece and part:
                    pieces = []
                    break
                pieces.append(piece)
            reading = "".join(pieces)
            self._words[word] = reading
            if reading:
                found[word] = reading
        return found

    def _read_parts(self, parts: list[str]) -> None:
        """Fill the part cache with the model's readings of `parts` (lower case)."""
        if self._problem is not None:
            return
        try:
            if self._decoder is not None:
                parts = sorted(parts, key=len)
                for start in range(0, len(parts), _BATCH):
                    chunk = parts[start : start + _BATCH]
                    for part, kana in zip(chunk, self._decoder(chunk), strict=True):
                        self._parts[part] = kana
            else:
                for part in parts:
                    self._parts[part] = str(self._model(part))
        except Exception as error:
            self._problem = f"e2k failed: {error}"


def _plan(word: str) -> list[str] | None:
    """How to read `word`: fixed katakana for each part, or ``?part`` for the model's reading
    of a lower-case part (empty strings are parts left out); None when it gets no reading."""
    if len(word) > MAX_WORD or not _WORD_RE.fullmatch(word) or word.isdigit():
        return None
    parts = word_parts(word)
    if sum(part.isdigit() for part in parts) >= 3:
        return None
    plan: list[str] = []
    for part in parts:
        if part.isdigit():
            plan.append(_DIGITS[int(part)] if len(part) == 1 else "")
        elif len(part) > MAX_PART:
            return None
        elif _spelt(part):
            plan.append(_katakana(spell(part)))
        elif part.lower() in _FIXED:
            plan.append(_FIXED[part.lower()])
        else:
            plan.append("?" + part.lower())
    return plan

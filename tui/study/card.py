"""A review card: what it asks, what it answers, and where in which note it came from."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """How a card was made from its note."""

    WHAT_IS = "what-is"
    """The note's title asked about; the back is its first bullet or paragraph."""
    DEFINITION = "definition"
    """A definition-like bullet: `Xは、…です。` or `X is …`."""
    TABLE = "table"
    """One cell of a table: its row's first cell and its column name."""
    BASIC = "basic"
    """Authored: `front::back`, or a multi-line front and back around a `?` line."""
    REVERSE = "reverse"
    """The back-to-front twin of an authored `front:::back` (or `??`) card."""
    CLOZE = "cloze"
    """Authored: a line with a `==term==` hidden."""

    @property
    def authored(self) -> bool:
        """Whether the note's writer asked for this card in the card syntax."""
        return self in (Kind.BASIC, Kind.REVERSE, Kind.CLOZE)


@dataclass(frozen=True)
class Card:
    """One card of one note."""

    id: str
    """Stable identity: from the note id, the kind and the front (see `card_id`)."""
    note_id: str
    kind: Kind
    front: str
    back: str
    section: str
    """Anchor of the `##`/`###` section the card came from, empty before the first one."""
    line: int
    """0-based line of the note's body the card came from (moves with edits; not identity)."""


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def card_id(note_id: str, kind: Kind, front: str, ordinal: int = 1) -> str:
    """The id of a card: a digest of its note id, kind and front (NFKC, spaces collapsed).

    Line numbers play no part, so edits to other lines keep it; a card whose back changed
    but whose front did not keeps it, and with it its review history. `ordinal` tells apart
    cards of one note with the same kind and front (the second is 2, and so on).
    """
    key = "\x1f".join((note_id, kind.value, _normal(front)))
    if ordinal > 1:
        key += f"\x1f{ordinal}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()

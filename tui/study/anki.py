"""Export the cards as an Anki deck (`.apkg`), so nobody is locked in.

genanki knows Anki's collection format (the `col` table's models, decks and options); the
file is written here: genanki's own `write_to_file` leaves its temporary database behind
in the system's temporary folder, and writes the target in place. Each kumonote card becomes
one Anki note of a "kumonote" note type (Front, Back, Source), in the sub-deck of its
category, with a guid derived from the card's id, so importing a newer export again updates
the notes instead of adding copies.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import genanki

from tui.notes.model import Library
from tui.study.card import Card

MODEL_ID = 1_607_392_319
"""The id of the "kumonote" note type (fixed: Anki matches note types by id on import)."""
DECK_NAME = "kumonote"
CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
_MODEL = genanki.Model(
    MODEL_ID,
    "kumonote",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<br><small>{{Source}}</small>',
        }
    ],
    css=CSS,
)


def _html(text: str) -> str:
    """Plain card text as an Anki field (HTML): escaped, newlines as line breaks."""
    return html.escape(text).replace("\n", "<br>")


def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name (Anki wants one in 2^30–2^31)."""
    digest = int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=4).digest(), "big")
    return (1 << 30) + digest % (1 << 30)


def _tag(text: str) -> str:
    return "".join("_" if char.isspace() else char for char in text)


def anki_decks(
    cards: Iterable[Card], titles: Mapping[str, str], categories: Mapping[str, str]
) -> list[genanki.Deck]:
    """The Anki decks for `cards`: one per category, `kumonote::<category>`."""
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        category = categories.get(card.note_id, "")
        name = f"{DECK_NAME}::{category}" if category else DECK_NAME
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(deck_id(name), name)
        source = titles.get(card.note_id, card.note_id)
        deck.add_note(
            genanki.Note(
                model=_MODEL,
                fields=[_html(card.front), _html(card.back), _html(source)],
                guid=genanki.guid_for("kumonote", card.id),
                tags=[DECK_NAME, _tag(card.kind.value), _tag(card.note_id)],
            )
        )
    return list(decks.values())


def export_apkg(
    cards: Iterable[Card], library: Library, target: Path, *, timestamp: float | None = None
) -> int:
    """Write `cards` as an Anki package at `target` (replaced whole, never left half
    written); returns how many cards were written. Raises OSError when it cannot be written."""
    cards = list(cards)
    titles = {note.id: note.title for note in library}
    categories = {note.id: note.category for note in library}
    package = genanki.Package(anki_decks(cards, titles, categories))
    moment = time.time() if timestamp is None else timestamp
    target = target.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    with tempfile.TemporaryDirectory(prefix="kumonote-anki-") as scratch:
        collection = Path(scratch) / "collection.anki2"
        db = sqlite3.connect(collection)
        try:
            package.write_to_db(db.cursor(), moment, itertools.count(int(moment * 1000)))
            db.commit()
        finally:
            db.close()
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(collection, "collection.anki2")
                archive.writestr("media", json.dumps({}))
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise
    return len(cards)

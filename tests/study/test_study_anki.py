"""The Anki export: an `.apkg` file read back as Anki would read it (a zip with a SQLite
collection: the note type, the decks, a note per card)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from tui.notes.model import Library
from tui.study import Deck
from tui.study.anki import MODEL_ID, export_apkg


def _read(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        assert json.loads(archive.read("media")) == {}
        archive.extract("collection.anki2", tmp_path / "read")
    return sqlite3.connect(tmp_path / "read" / "collection.anki2")


def test_the_export_holds_every_card_in_its_categorys_deck(
    library: Library, db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "kumonote.apkg"
    target.parent.mkdir()
    with Deck.open(library, db) as deck:
        cards = deck.cards
        assert export_apkg(cards, library, target, timestamp=1_700_000_000.0) == len(cards)
    collection = _read(target, tmp_path)
    notes = collection.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
    assert len(notes) == len(cards)
    assert {mid for _guid, mid, _flds, _tags in notes} == {MODEL_ID}
    fields = {tuple(flds.split("\x1f")) for _guid, _mid, flds, _tags in notes}
    sqs = next(card for card in cards if card.front == "SQS — 用途")
    assert (sqs.front, sqs.back, "Amazon SQS") in fields
    what_is = next(card for card in cards if card.front == "What is AWS KMS?")
    assert (what_is.front, what_is.back, "AWS KMS") in fields
    assert len({guid for guid, *_rest in notes}) == len(cards)
    assert collection.execute("SELECT count(*) FROM cards").fetchone()[0] == len(cards)
    decks = json.loads(collection.execute("SELECT decks FROM col").fetchone()[0])
    names = {deck["name"] for deck in decks.values()}
    assert {"kumonote::ML", "kumonote::Security"} <= names
    models = json.loads(collection.execute("SELECT models FROM col").fetchone()[0])
    assert [f["name"] for f in models[str(MODEL_ID)]["flds"]] == ["Front", "Back", "Source"]
    collection.close()
    assert sorted(p.name for p in target.parent.iterdir()) == ["kumonote.apkg"]


def test_exporting_again_gives_the_same_notes_the_same_guids(
    library: Library, db: Path, tmp_path: Path
) -> None:
    with Deck.open(library, db) as deck:
        export_apkg(deck.cards, library, tmp_path / "a.apkg")
        export_apkg(deck.cards, library, tmp_path / "b.apkg")
    guids = []
    for name in ("a.apkg", "b.apkg"):
        collection = _read(tmp_path / name, tmp_path / name.split(".")[0])
        guids.append(sorted(row[0] for row in collection.execute("SELECT guid FROM notes")))
        collection.close()
    assert guids[0] == guids[1]


def test_markup_like_text_is_escaped_for_anki(tmp_path: Path) -> None:
    from .conftest import library_of, make_note

    note = make_note("<b>タグ</b> & 記号::a < b\n", "x/y")
    library = library_of(note)
    with Deck.open(library, tmp_path / "s.sqlite3") as deck:
        export_apkg(deck.cards, library, tmp_path / "e.apkg")
    collection = _read(tmp_path / "e.apkg", tmp_path)
    (flds,) = collection.execute("SELECT flds FROM notes").fetchone()
    collection.close()
    front, back, _source = flds.split("\x1f")
    assert back == "a &lt; b"
    assert "&amp;" in front and "<" not in front

"""The review store: scheduling after ratings, persistence, retired cards, damaged files."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.notes import load_library
from tui.notes.model import Library, StoredNote
from tui.study import Deck, Kind, Phase, Rating, ReviewStore, StudyStoreError, cards_of
from tui.study.store import SCHEMA_VERSION

from .conftest import SQS, library_of, make_note

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def _end_of_day(moment: datetime) -> datetime:
    local = moment.astimezone()
    return (
        local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    ).astimezone(timezone.utc)


def test_every_card_is_new_and_due_at_first(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        due = deck.due(now=NOW)
        assert due == deck.cards
        assert len(due) >= 6
        assert {memory.phase for memory in deck.memories().values()} == {Phase.NEW}


def test_a_card_rated_good_is_not_due_again_today(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW, fuzz=False) as deck:
        card = deck.due(now=NOW)[0]
        memory = deck.rate(card, Rating.GOOD, now=NOW)
        assert memory.phase is Phase.REVIEW
        assert memory.due is not None and memory.due >= _end_of_day(NOW)
        assert card not in deck.due(now=_end_of_day(NOW) - timedelta(seconds=1))
        assert card in deck.due(now=memory.due)


def test_again_brings_a_card_back_within_minutes_and_easy_waits_longest(
    library: Library, db: Path
) -> None:
    with Deck.open(library, db, now=NOW, fuzz=False) as deck:
        again, hard, good, easy = deck.due(now=NOW)[:4]
        dues = {}
        for card, rating in ((again, 1), (hard, 2), (good, 3), (easy, 4)):
            memory = deck.rate(card, rating, now=NOW)
            assert memory.due is not None
            dues[rating] = memory.due - NOW
        assert dues[1] == timedelta(minutes=1)
        assert dues[1] < dues[2] < timedelta(hours=1) < dues[3] < dues[4]
        assert again not in deck.due(now=NOW)
        assert again in deck.due(now=NOW + timedelta(minutes=2))


def test_a_second_good_waits_longer_than_the_first(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW, fuzz=False) as deck:
        card = deck.cards[0]
        first = deck.rate(card, Rating.GOOD, now=NOW)
        assert first.due is not None
        second = deck.rate(card, Rating.GOOD, now=first.due)
        assert second.due is not None
        assert second.due - first.due > first.due - NOW


def test_ratings_and_memories_survive_reopening(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        rated = deck.cards[:3]
        memories = [deck.rate(card, Rating.GOOD, now=NOW) for card in rated]
    with Deck.open(library, db, now=NOW) as deck:
        assert [deck.memories()[card.id] for card in rated] == memories
        log = deck.store.reviews()
        assert [(r.card_id, r.rating, r.reviewed_at) for r in log] == [
            (card.id, Rating.GOOD, NOW) for card in rated
        ]
        assert all(r.phase_before is Phase.NEW and r.phase_after is Phase.REVIEW for r in log)
        assert not {card.id for card in rated} & {card.id for card in deck.due(now=NOW)}


def test_a_card_the_notes_no_longer_make_keeps_its_history_but_is_not_due(db: Path) -> None:
    note = make_note(SQS, "integration/sqs")
    with Deck.open(library_of(note), db, now=NOW) as deck:
        gone = next(card for card in deck.cards if card.front == "SNS — 用途")
        deck.rate(gone, Rating.AGAIN, now=NOW)
    shorter = make_note(SQS.replace("| SNS | 通知 |\n", ""), "integration/sqs")
    later = NOW + timedelta(days=3)
    with Deck.open(library_of(shorter), db, now=later) as deck:
        assert deck.card(gone.id) is None
        assert gone.id not in {card.id for card in deck.due(now=later)}
        assert gone.id not in deck.memories()
        kept = {card.id: card for card in deck.store.stored_cards()}[gone.id]
        assert not kept.active and kept.memory.phase is Phase.LEARNING
        assert [r.card_id for r in deck.store.reviews()] == [gone.id]
    with Deck.open(library_of(note), db, now=later) as deck:
        assert deck.memories()[gone.id].phase is Phase.LEARNING
        assert gone.id in {card.id for card in deck.due(now=later)}


def test_an_edited_back_keeps_the_cards_history(db: Path) -> None:
    note = make_note(SQS, "integration/sqs")
    with Deck.open(library_of(note), db, now=NOW) as deck:
        card = next(card for card in deck.cards if card.front == "SQS — 用途")
        memory = deck.rate(card, Rating.GOOD, now=NOW)
    edited = make_note(SQS.replace("| SQS | キュー |", "| SQS | メッセージキュー |"), note.id)
    with Deck.open(library_of(edited), db, now=NOW) as deck:
        again = deck.card(card.id)
        assert again is not None and again.back == "メッセージキュー"
        assert deck.memories()[card.id] == memory
        stored = {c.id: c for c in deck.store.stored_cards()}[card.id]
        assert stored.back == "メッセージキュー"


def test_desired_retention_is_kept_and_checked(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW, fuzz=False) as deck:
        assert deck.store.desired_retention() == 0.9
        deck.set_desired_retention(0.8)
        with pytest.raises(ValueError):
            deck.set_desired_retention(1.5)
        low = deck.rate(deck.cards[0], Rating.GOOD, now=NOW)
    with Deck.open(library, db, now=NOW, fuzz=False) as deck:
        assert deck.scheduler.desired_retention == 0.8
        deck.set_desired_retention(0.97)
        high = deck.rate(deck.cards[1], Rating.GOOD, now=NOW)
    assert low.due is not None and high.due is not None
    assert low.due - NOW > high.due - NOW


def _aside(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.iterdir() if p.name != db.name and ".sqlite3." in p.name)


def test_a_corrupt_database_is_moved_aside_and_a_new_one_started(
    library: Library, db: Path
) -> None:
    db.parent.mkdir(parents=True)
    junk = b"this is not a database at all " * 200
    db.write_bytes(junk)
    with Deck.open(library, db, now=NOW) as deck:
        assert len(deck.notices) == 1
        assert str(db) in deck.notices[0]
        deck.rate(deck.cards[0], Rating.GOOD, now=NOW)
        assert deck.store.review_count() == 1
    moved = _aside(db)
    assert [p.name.split("-")[0] for p in moved] == ["study.sqlite3.corrupt"]
    assert moved[0].read_bytes() == junk
    assert moved[0].name in deck.notices[0]
    with Deck.open(library, db, now=NOW) as deck:
        assert deck.notices == []
        assert deck.store.review_count() == 1


def test_a_damaged_page_is_found_and_the_file_moved_aside(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        for card in deck.cards:
            deck.rate(card, Rating.GOOD, now=NOW)
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(db.read_bytes())
    assert len(data) > 4096 * 2
    data[4096 : 4096 * 3] = b"\xff" * 4096 * 2  # pages 2 and 3: tables' pages
    db.write_bytes(bytes(data))
    with Deck.open(library, db, now=NOW) as deck:
        assert len(deck.notices) == 1
        assert deck.store.review_count() == 0
    assert len(_aside(db)) == 1


def test_a_newer_database_is_moved_aside(library: Library, db: Path) -> None:
    db.parent.mkdir(parents=True)
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE future (x)")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    with Deck.open(library, db, now=NOW) as deck:
        assert len(deck.notices) == 1
        assert "newer" in deck.notices[0] or "新しい" in deck.notices[0]
        assert deck.store.review_count() == 0
    names = [p.name for p in _aside(db)]
    assert len(names) == 1
    assert names[0].startswith("study.sqlite3.newer-")
    check = sqlite3.connect(db.parent / names[0])
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    check.close()


def test_someone_elses_database_is_not_used(library: Library, db: Path) -> None:
    db.parent.mkdir(parents=True)
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE notes (x)")
    connection.commit()
    connection.close()
    with Deck.open(library, db, now=NOW) as deck:
        assert len(deck.notices) == 1
    assert len(_aside(db)) == 1


def test_a_folder_that_cannot_hold_the_database_is_an_error_not_a_traceback(
    library: Library, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StudyStoreError) as error:
        ReviewStore.open(blocker / "study.sqlite3")
    assert str(blocker) in str(error.value)


def test_rating_a_card_the_store_has_not_seen_adds_it(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        extra = make_note("X::Y\n", "other/x")
        card = cards_of(extra)[0]
        assert card.kind is Kind.BASIC
        deck.store.rate(card, Rating.GOOD, deck.scheduler, NOW)
        assert deck.store.memory(card.id).phase is Phase.REVIEW


def _write(path: Path, text: str, when: float = 1_700_000_000) -> None:
    """A note dated `when` (the notes cache does not trust files written just now)."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))


def test_reopening_unchanged_notes_reads_no_body_and_gives_the_same_cards(
    tmp_path: Path, db: Path
) -> None:
    content = tmp_path / "content" / "ml"
    content.mkdir(parents=True)
    _write(content / "sqs.md", SQS)
    _write(content / "kms.md", "# KMS\n- KMS is a key service.\nA::B\n")
    with Deck.open(load_library(content.parent), db, now=NOW) as deck:
        first = deck.cards
    again = load_library(content.parent)
    assert all(isinstance(note, StoredNote) for note in again)
    with Deck.open(again, db, now=NOW) as deck:
        assert deck.cards == first
        assert not any(isinstance(n, StoredNote) and n.body_loaded for n in again)
    _write(content / "kms.md", "# KMS\n- KMS is a key service.\nA::C\nD::E\n", when=1_700_000_100)
    edited = load_library(content.parent)
    with Deck.open(edited, db, now=NOW) as deck:
        kms = [(card.front, card.back) for card in deck.cards if card.note_id == "ml/kms"]
        assert kms == [("What is KMS?", "KMS is a key service."), ("A", "C"), ("D", "E")]
        assert [card for card in deck.cards if card.note_id == "ml/sqs"] == [
            card for card in first if card.note_id == "ml/sqs"
        ]
        sqs = edited.get("ml/sqs")
        assert isinstance(sqs, StoredNote) and not sqs.body_loaded
        assert not isinstance(edited.get("ml/kms"), StoredNote)  # changed: read again
        gone = next(card for card in deck.cards if card.front == "D")
    _write(content / "kms.md", "# KMS\n- KMS is a key service.\nA::C\n", when=1_700_000_200)
    with Deck.open(load_library(content.parent), db, now=NOW) as deck:
        assert gone not in deck.cards and len(deck.cards) == len(first)
        stored = {card.id: card.active for card in deck.store.stored_cards()}
        assert stored[gone.id] is False
        assert sum(stored.values()) == len(first)


def test_cards_another_library_retired_are_still_due_for_this_one(
    library: Library, db: Path
) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        other = Deck.open(library_of(make_note("X::Y\n", "other/x")), db, now=NOW)
        other.close()
        assert deck.due(now=NOW) == deck.cards
        assert sum(deck.due_counts(now=NOW).values()) == len(deck.cards)


def test_due_cards_of_many_notes_are_the_same_however_they_are_asked_for(
    library: Library, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        deck.rate(deck.cards[0], Rating.GOOD, now=NOW)
        notes = ["integration/sqs", "security/kms"]
        narrow = deck.due(notes, now=NOW)
        monkeypatch.setattr("tui.study.store.MAX_NOTES_IN_QUERY", 1)
        assert deck.due(notes, now=NOW) == narrow == deck.due(now=NOW)
        assert deck.cards[0] not in narrow


@pytest.mark.parametrize("rating", [0, 5, -1])
def test_a_rating_outside_one_to_four_is_refused_and_not_logged(
    library: Library, db: Path, rating: int
) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        with pytest.raises(ValueError):
            deck.rate(deck.cards[0], rating, now=NOW)
        assert deck.store.review_count() == 0


def test_the_store_is_one_wal_file_that_other_programs_can_read(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        deck.rate(deck.cards[0], Rating.GOOD, now=NOW)
        reader = sqlite3.connect(db)
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert reader.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
        reader.close()
    assert sorted(p.name for p in db.parent.iterdir()) == ["study.sqlite3"]

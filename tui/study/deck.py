"""A library's cards together with their review state: what a review screen and the CLI use."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, tzinfo
from pathlib import Path
from types import TracebackType

from tui.notes.model import Library
from tui.study.card import Card
from tui.study.extract import EXTRACTION_VERSION, cards_of
from tui.study.schedule import Memory, Phase, Rating, Scheduler, utc_now
from tui.study.stats import Stats, compute_stats
from tui.study.store import FILE_NAME, ReviewStore, SyncResult


def study_path(data_dir: Path) -> Path:
    """The review store's file in a data directory."""
    return data_dir / FILE_NAME


def _order(phase: Phase) -> int:
    """Learning cards first, then reviews, then new cards."""
    if phase in (Phase.LEARNING, Phase.RELEARNING):
        return 0
    return 1 if phase is Phase.REVIEW else 2


class Deck:
    """The cards of a library, the review store that remembers them, and the scheduler."""

    def __init__(self, store: ReviewStore, *, fuzz: bool = True) -> None:
        """A deck with no cards yet over `store` (`open` makes one with a library's cards)."""
        self.store = store
        self.fuzz = fuzz
        self.scheduler = Scheduler(store.desired_retention(), fuzz=fuzz)
        self.cards: list[Card] = []
        """Every card the notes make now, in the library's order."""
        self._by_id: dict[str, Card] = {}
        self._category: dict[str, str] = {}

    @classmethod
    def open(
        cls,
        library: Library,
        path: Path | str,
        *,
        now: datetime | None = None,
        fuzz: bool = True,
    ) -> Deck:
        """The deck of `library` with the review store at `path` (opened or created, its cards
        brought up to date with the notes). Raises `StudyStoreError` only when no database can
        be opened there; a damaged one is set aside (see `notices`)."""
        deck = cls(ReviewStore.open(path), fuzz=fuzz)
        try:
            deck.reload(library, now=now)
        except BaseException:
            deck.close()
            raise
        return deck

    @property
    def notices(self) -> list[str]:
        """Problems the user should hear about (a database set aside), oldest first."""
        return self.store.notices

    def reload(self, library: Library, *, now: datetime | None = None) -> SyncResult:
        """Make the cards again from `library` (after its notes changed) and tell the store.

        A note whose fingerprint is the one it had when its cards were last stored is not
        read again: its cards come from the store (so a library from the metadata cache
        opens without reading every body)."""
        marks = {note.id: f"{EXTRACTION_VERSION}:{note.fingerprint}" for note in library}
        cached = self.store.cached_cards(marks)
        cards: list[Card] = []
        for note in library:
            found = cached.get(note.id)
            cards.extend(cards_of(note) if found is None else found)
        result = self.store.sync(
            cards, now or utc_now(), fingerprints=marks, unchanged=cached.keys()
        )
        # Replaced whole, so that a reader in another thread sees the old cards or the new.
        self.cards = cards
        self._by_id = {card.id: card for card in cards}
        self._category = {note.id: note.category for note in library}
        return result

    def card(self, card_id: str) -> Card | None:
        """The card with this id, or None when the notes no longer make it."""
        return self._by_id.get(card_id)

    def cards_of_notes(self, note_ids: Iterable[str] | None = None) -> list[Card]:
        """The cards of these notes (of every note when None), in the library's order."""
        if note_ids is None:
            return list(self.cards)
        wanted = set(note_ids)
        return [card for card in self.cards if card.note_id in wanted]

    def memories(self) -> dict[str, Memory]:
        """Every current card's memory, read from the store now (other processes' ratings in)."""
        found = self.store.memories(active_only=False)
        return {card.id: found.get(card.id, Memory()) for card in self.cards}

    def due(
        self, note_ids: Iterable[str] | None = None, *, now: datetime | None = None
    ) -> list[Card]:
        """The cards to review now, of these notes (of all when None): cards in their learning
        steps first, then reviews (most overdue first), then new cards in note order."""
        wanted = None if note_ids is None else set(note_ids)
        entries = self.store.due_entries(now or utc_now(), wanted)
        picked: list[tuple[int, float, int, Card]] = []
        for index, card in enumerate(self.cards_of_notes(wanted)):
            entry = entries.get(card.id)
            if entry is not None:
                phase, due = entry
                picked.append((_order(phase), due or 0.0, index, card))
        picked.sort(key=lambda item: item[:3])
        return [item[3] for item in picked]

    def rate(
        self,
        card: Card | str,
        rating: Rating | int,
        *,
        now: datetime | None = None,
        duration_ms: int | None = None,
    ) -> Memory:
        """Rate a card (1 Again … 4 Easy); committed to the store before this returns.

        Raises KeyError for an id the notes do not make, ValueError for a rating outside 1–4,
        `StudyStoreError` when the store cannot be written now (the rating is then not kept).
        """
        found = card if isinstance(card, Card) else self._by_id[card]
        return self.store.rate(
            found, Rating(int(rating)), self.scheduler, now, duration_ms=duration_ms
        )

    def due_counts(self, *, now: datetime | None = None) -> dict[str, int]:
        """How many cards are due now in each note (notes with none are left out)."""
        entries = self.store.due_entries(now or utc_now())
        counts: Counter[str] = Counter(card.note_id for card in self.cards if card.id in entries)
        return dict(counts)

    def category_due_counts(self, *, now: datetime | None = None) -> dict[str, int]:
        """How many cards are due now in each category (by its display name)."""
        counts: Counter[str] = Counter()
        for note_id, count in self.due_counts(now=now).items():
            counts[self._category.get(note_id, "")] += count
        return dict(counts)

    def stats(self, *, now: datetime | None = None, zone: tzinfo | None = None) -> Stats:
        """The review statistics at `now`, days counted in `zone` (local when None)."""
        return compute_stats(self.store.reviews(), self.memories(), now or utc_now(), zone)

    def set_desired_retention(self, value: float) -> None:
        """Keep `value` (0.70–0.99) as the desired retention; later ratings schedule with it."""
        self.store.set_desired_retention(value)
        self.scheduler = Scheduler(value, fuzz=self.fuzz)

    def close(self) -> None:
        """Close the review store."""
        self.store.close()

    def __enter__(self) -> Deck:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

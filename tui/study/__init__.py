"""Study mode without the UI: cards from the notes, FSRS scheduling, the review store (SQLite),
statistics and the Anki export (`tui.study.anki`, imported only when exporting). No Textual here.

A review screen holds a `ReviewSession` over a `Deck`: `Deck.open(library, path)` makes the
cards and opens the store, `ReviewSession(deck, note_ids)` queues what is due, `reveal()` and
`rate(1–4)` answer the keys, `Deck.due_counts()` / `category_due_counts()` feed the tree and
`Deck.stats()` the stats screen.
"""

from tui.study.card import Card, Kind, card_id
from tui.study.deck import Deck, study_path
from tui.study.extract import cards_of
from tui.study.schedule import DEFAULT_RETENTION, Memory, Phase, Rating, Scheduler
from tui.study.session import ReviewSession
from tui.study.stats import DayCount, Stats, compute_stats, stats_to_json
from tui.study.store import FILE_NAME, Review, ReviewStore, StudyStoreError

__all__ = [
    "DEFAULT_RETENTION",
    "FILE_NAME",
    "Card",
    "DayCount",
    "Deck",
    "Kind",
    "Memory",
    "Phase",
    "Rating",
    "Review",
    "ReviewSession",
    "ReviewStore",
    "Scheduler",
    "Stats",
    "StudyStoreError",
    "card_id",
    "cards_of",
    "compute_stats",
    "stats_to_json",
    "study_path",
]

"""Statistics on a known review log: reviews per day, the forecast, true retention."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from tui.notes.model import Library
from tui.study import Deck, Memory, Phase, Rating, Review, compute_stats, stats_to_json

TOKYO = timezone(timedelta(hours=9))
NOW = datetime(2026, 3, 10, 3, 0, tzinfo=timezone.utc)  # 12:00 on 10 March in Tokyo


def _review(day: int, hour: int, rating: Rating, before: Phase) -> Review:
    when = datetime(2026, 3, day, hour, tzinfo=TOKYO)
    return Review("c", rating, when.astimezone(timezone.utc), before, Phase.REVIEW, None)


LOG = [
    _review(1, 23, Rating.GOOD, Phase.NEW),  # 1 March in Tokyo (14:00 UTC)
    _review(2, 8, Rating.AGAIN, Phase.REVIEW),  # 1 March 23:00 UTC, 2 March in Tokyo
    _review(2, 9, Rating.GOOD, Phase.RELEARNING),
    _review(8, 10, Rating.HARD, Phase.REVIEW),
    _review(10, 9, Rating.GOOD, Phase.REVIEW),
    _review(10, 11, Rating.EASY, Phase.REVIEW),
    _review(10, 11, Rating.GOOD, Phase.LEARNING),
]


def _due(days: float) -> Memory:
    return Memory(Phase.REVIEW, None, 3.0, 5.0, NOW + timedelta(days=days), NOW)


MEMORIES = {
    "overdue": _due(-4),
    "later-today": _due(0.4),  # 21:36 in Tokyo: still today
    "tomorrow": _due(0.6),  # 02:24 on 11 March in Tokyo
    "in-a-week": _due(7),
    "beyond": _due(45),
    "new": Memory(),
    "learning": Memory(Phase.LEARNING, 0, 1.0, 5.0, NOW + timedelta(minutes=5), NOW),
}


def test_stats_of_a_known_log() -> None:
    stats = compute_stats(LOG, MEMORIES, NOW, TOKYO)
    per_day = {d.day: d.count for d in stats.reviews_per_day}
    assert len(stats.reviews_per_day) == 30
    assert stats.reviews_per_day[-1].day == date(2026, 3, 10)
    assert per_day[date(2026, 3, 1)] == 1
    assert per_day[date(2026, 3, 2)] == 2
    assert per_day[date(2026, 3, 8)] == 1
    assert per_day[date(2026, 3, 10)] == 3
    assert sum(per_day.values()) == 7
    assert stats.reviews_today == 3
    assert stats.total_reviews == 7
    # Reviews of cards in review state: Again, Hard, Good, Easy -> 3 of 4 remembered.
    assert stats.retention == 0.75
    assert stats.retention_reviews == 4
    forecast = {d.day: d.count for d in stats.forecast}
    assert len(stats.forecast) == 30 and stats.forecast[0].day == date(2026, 3, 10)
    assert forecast[date(2026, 3, 10)] == 3  # overdue, later today, learning in 5 minutes
    assert forecast[date(2026, 3, 11)] == 1
    assert forecast[date(2026, 3, 17)] == 1
    assert sum(forecast.values()) == 5  # `beyond` is past the 30 days, `new` is not scheduled
    assert (stats.cards, stats.new, stats.learning, stats.review) == (7, 1, 1, 5)
    assert stats.due_now == 2  # the overdue card and the new one


def test_reviews_older_than_the_window_are_counted_in_all_but_not_per_day() -> None:
    old = _review(1, 9, Rating.AGAIN, Phase.REVIEW)
    stats = compute_stats([old], {}, NOW + timedelta(days=60), TOKYO)
    assert stats.total_reviews == 1
    assert sum(d.count for d in stats.reviews_per_day) == 0
    assert stats.retention is None and stats.retention_reviews == 0


def test_stats_as_json() -> None:
    data = stats_to_json(compute_stats(LOG, MEMORIES, NOW, TOKYO))
    assert data["retention"] == 0.75
    assert data["reviews_per_day"][-1] == {"day": "2026-03-10", "count": 3}  # type: ignore[index]
    assert data["forecast"][1] == {"day": "2026-03-11", "count": 1}  # type: ignore[index]


def test_a_decks_stats_count_its_ratings(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=NOW) as deck:
        first, second = deck.cards[:2]
        deck.rate(first, Rating.GOOD, now=NOW)
        deck.rate(second, Rating.AGAIN, now=NOW)
        stats = deck.stats(now=NOW, zone=TOKYO)
    assert stats.reviews_today == 2
    assert stats.new == len(deck.cards) - 2
    assert stats.learning == 1 and stats.review == 1
    assert stats.due_now == len(deck.cards) - 2
    assert stats.retention is None  # neither was in review state when rated

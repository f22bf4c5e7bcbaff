"""History: browser-like back and forward, the cap, scroll offsets, and persistence."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.notes.model import Library
from tui.state.history import DEFAULT_CAP, History, HistoryEntry, parse_history

A = HistoryEntry("sagemaker/intro")
B = HistoryEntry("bedrock/models", "料金", 12)
C = HistoryEntry("gone/note", "", 3)


def test_empty_history() -> None:
    history = History()
    assert history.current is None and history.last is None and history.index == -1
    assert not history.can_go_back and not history.can_go_forward
    assert history.back() is None and history.forward() is None
    history.update_current(scroll=10)
    assert len(history) == 0 and not history.changed


def test_back_and_forward_like_a_browser() -> None:
    history = History()
    for entry in (A, B, C):
        history.visit(entry)
    assert history.current == C and history.can_go_back and not history.can_go_forward
    assert history.back() == B
    assert history.back() == A
    assert history.back() is None and history.current == A
    assert history.forward() == B
    assert history.can_go_forward
    history.visit(HistoryEntry("new/note"))
    assert history.entries == (A, B, HistoryEntry("new/note"))
    assert not history.can_go_forward and history.forward() is None


def test_revisiting_the_current_place_updates_it() -> None:
    history = History()
    history.visit(A)
    history.visit(replace(A, scroll=40))
    assert history.entries == (replace(A, scroll=40),)
    history.visit(replace(A, anchor="概要"))
    assert len(history) == 2


def test_update_current_changes_only_the_scroll() -> None:
    history = History([A, B], current=0)
    history.update_current(scroll=7.6)
    assert history.current == replace(A, scroll=8)
    assert history.forward() == B
    history.update_current(scroll=-3)
    assert history.current == replace(B, scroll=0)
    history.update_current(scroll=float("nan"))
    assert history.current == replace(B, scroll=0)
    assert history.back() == replace(A, scroll=8)


def test_default_cap_drops_the_oldest() -> None:
    history = History()
    for n in range(DEFAULT_CAP + 50):
        history.visit(HistoryEntry(f"note/{n}"))
    assert len(history) == DEFAULT_CAP
    assert history.entries[0].note_id == "note/50"
    assert history.current == HistoryEntry(f"note/{DEFAULT_CAP + 49}")


def test_round_trip_keeps_position_and_last(data: Path) -> None:
    history = History.load(data)
    for entry in (A, B, C):
        history.visit(entry)
    history.back()
    history.update_current(scroll=99)
    assert history.save() is None
    again = History.load(data)
    assert again.load_notice is None
    assert again.entries == history.entries
    assert again.last == replace(B, scroll=99)
    assert again.can_go_forward and again.forward() == C
    document = json.loads((data / "history.json").read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["current"] == 1
    assert document["entries"][1] == {"note_id": "bedrock/models", "anchor": "料金", "scroll": 99}


def test_longer_file_than_the_cap_is_trimmed_not_rejected(data: Path) -> None:
    data.mkdir()
    entries = [{"note_id": f"n{n}"} for n in range(10)]
    (data / "history.json").write_text(json.dumps({"version": 1, "entries": entries, "current": 9}))
    history = History.load(data, cap=4)
    assert history.load_notice is None
    assert [e.note_id for e in history.entries] == ["n6", "n7", "n8", "n9"]
    assert history.current == HistoryEntry("n9")


def test_prune_forgets_missing_notes(library: Library) -> None:
    history = History([A, C, B, C, A], current=3)
    assert history.prune(library) == 2
    assert history.entries == (A, B, A)
    assert history.current == B and history.changed
    assert History([C], current=0).prune(library) == 1
    kept = History([A, B], current=1)
    assert kept.prune(library) == 0 and not kept.changed


def test_prune_collapses_neighbours_that_meet() -> None:
    a2 = replace(A, scroll=50)
    history = History([A, C, a2, B], current=2)

    class OnlyAB:
        def get(self, note_id: str) -> object | None:
            return None if note_id == C.note_id else object()

    history.prune(OnlyAB())  # type: ignore[arg-type]
    assert history.entries == (a2, B) and history.current == a2


def test_position_out_of_range_is_clamped() -> None:
    assert History([A, B], current=5).current == B
    assert History([A, B], current=-3).current == A
    assert History([], current=2).current is None


def test_visit_refuses_an_empty_note_id() -> None:
    with pytest.raises(ValueError):
        History().visit(HistoryEntry(""))
    with pytest.raises(ValueError):
        History(cap=0)


def test_clear(data: Path) -> None:
    history = History.load(data)
    history.visit(A)
    history.clear()
    assert history.current is None and history.changed
    assert history.save() is None
    assert len(History.load(data)) == 0


# --- properties of any sequence of operations ---------------------------------------------

entries = st.builds(
    HistoryEntry,
    note_id=st.sampled_from(["a", "b", "c", "ノート/d"]),
    anchor=st.sampled_from(["", "x", "概要"]),
    scroll=st.integers(0, 5),
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("visit"), entries),
        st.tuples(st.just("back"), st.none()),
        st.tuples(st.just("forward"), st.none()),
        st.tuples(st.just("scroll"), st.integers(0, 5)),
    ),
    max_size=60,
)


def check_invariants(history: History) -> None:
    entries_now = history.entries
    assert len(entries_now) <= history.cap
    if entries_now:
        assert 0 <= history.index < len(entries_now)
        assert history.current == entries_now[history.index]
    else:
        assert history.index == -1 and history.current is None
    assert history.can_go_back == (history.index > 0)
    assert history.can_go_forward == (history.index < len(entries_now) - 1)
    for before, after in itertools.pairwise(entries_now):
        assert not before.same_place(after)


@settings(max_examples=300)
@given(cap=st.integers(1, 6), steps=operations)
def test_any_sequence_keeps_the_invariants(cap: int, steps: list[tuple[str, object]]) -> None:
    history = History(cap=cap)
    for name, argument in steps:
        before = (history.entries, history.index)
        if name == "visit":
            assert isinstance(argument, HistoryEntry)
            history.visit(argument)
            # The forward part is gone; the current place is replaced or followed by the visit.
            kept = list(before[0][: before[1] + 1])
            if kept and kept[-1].same_place(argument):
                kept.pop()
            assert history.entries == (*kept, argument)[-cap:]
            assert history.current == argument and not history.can_go_forward
        elif name == "back":
            could = history.can_go_back
            was = history.current
            back = history.back()
            if could:
                assert back == history.current
                assert history.forward() == was
                assert history.back() == back
            else:
                assert back is None and (history.entries, history.index) == before
        elif name == "forward":
            could = history.can_go_forward
            was = history.current
            ahead = history.forward()
            if could:
                assert ahead == history.current
                assert history.back() == was
                assert history.forward() == ahead
            else:
                assert ahead is None and (history.entries, history.index) == before
        else:
            assert isinstance(argument, int)
            history.update_current(scroll=argument)
            if history.current is not None:
                assert history.current.scroll == argument
                assert len(history) == len(before[0]) and history.index == before[1]
        check_invariants(history)
        # Saving and loading gives back the same history.
        entries_back, current = parse_history(history.to_json())
        again = History(entries_back, current, cap=cap)
        assert (again.entries, again.index) == (history.entries, history.index)


@settings(max_examples=200)
@given(
    cap=st.integers(1, 6),
    loaded=st.lists(entries, max_size=12),
    position=st.integers(0, 20),
    keep=st.sets(st.sampled_from(["a", "b", "c", "ノート/d"])),
)
def test_any_loaded_or_pruned_history_is_normal(
    cap: int, loaded: list[HistoryEntry], position: int, keep: set[str]
) -> None:
    current = min(position, len(loaded) - 1) if loaded else None
    history = History(loaded, current, cap=cap)
    check_invariants(history)
    if current is not None and cap >= len(loaded):
        assert history.current is not None and history.current.same_place(loaded[current])

    class Keep:
        def get(self, note_id: str) -> object | None:
            return object() if note_id in keep else None

    history.prune(Keep())  # type: ignore[arg-type]
    check_invariants(history)
    assert all(entry.note_id in keep for entry in history.entries)

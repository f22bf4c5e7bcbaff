"""The search bar's session rules, without an app: coalescing, stale results, the result held."""

from __future__ import annotations

from pathlib import Path

from tui.notes.model import Library
from tui.search.highlight import Highlighter
from tui.search.results import Hit, SearchResult
from tui.search.session import RESULT_LIMIT, Outcome, SearchSession, ShownHit, run_search


def outcome(seq: int, query: str, count: int = 1, **extra: object) -> Outcome:
    hits = [ShownHit(f"n{index}", 1, complete=index % 2 == 0) for index in range(count)]
    return Outcome(seq, query, hits, highlighter=Highlighter(()), **extra)  # type: ignore[arg-type]


def test_an_edit_starts_a_search_with_a_new_number() -> None:
    session = SearchSession()
    assert session.edit("kms", can_search=True) == 1
    assert session.running and session.query == "kms"


def test_edits_while_a_search_runs_coalesce_into_the_last() -> None:
    session = SearchSession()
    first = session.edit("k", can_search=True)
    assert session.edit("km", can_search=True) is None
    assert session.edit("kms", can_search=True) is None
    current, following = session.finish(outcome(first or 0, "k"))
    assert not current  # the query moved on: the result of "k" is stale
    assert following == "kms"
    assert session.found is None


def test_a_current_result_is_held() -> None:
    session = SearchSession()
    seq = session.edit("暗号", can_search=True)
    current, following = session.finish(outcome(seq or 0, "暗号", count=3, suggestion="kms"))
    assert current and following is None
    assert session.found is not None and session.found.shown == 3
    assert session.found.complete == 2
    assert set(session.hits) == {"n0", "n1", "n2"}
    assert session.suggestion == "kms" and session.marks is session.highlighter


def test_more_results_than_are_listed_say_plus() -> None:
    session = SearchSession()
    seq = session.edit("a", can_search=True)
    session.finish(outcome(seq or 0, "a", count=RESULT_LIMIT + 1))
    assert session.found is not None
    assert session.found.shown == RESULT_LIMIT and session.found.more
    assert session.found.count() == f"{RESULT_LIMIT}+ 件"


def test_nothing_found_holds_no_marks() -> None:
    session = SearchSession()
    seq = session.edit("zzqx", can_search=True)
    session.finish(outcome(seq or 0, "zzqx", count=0, suggestion="sqs"))
    assert session.found is None and session.marks is None and session.suggestion == "sqs"


def test_clearing_the_query_makes_a_running_search_stale() -> None:
    session = SearchSession()
    seq = session.edit("kms", can_search=True)
    assert session.edit("  ", can_search=True) is None
    assert not session.active and session.pending is None
    current, following = session.finish(outcome(seq or 0, "kms"))
    assert not current and following is None
    assert session.marks is None


def test_a_query_typed_before_anything_can_search_waits_for_retry() -> None:
    session = SearchSession()
    assert session.edit("kms", can_search=False) is None
    assert not session.running
    assert session.retry() == 1


def test_the_index_opening_mid_search_searches_the_same_query_again() -> None:
    session = SearchSession()
    seq = session.edit("kms", can_search=True)  # title search running
    assert session.retry() is None  # the index opened meanwhile
    current, following = session.finish(outcome(seq or 0, "kms"))
    assert current
    assert following == "kms"  # searched again, with the index this time


def test_a_pending_query_equal_to_the_finished_one_is_not_searched_twice() -> None:
    session = SearchSession()
    seq = session.edit("kms", can_search=True)
    session.edit("km", can_search=True)
    session.edit("kms", can_search=True)
    current, following = session.finish(outcome(seq or 0, "kms"))
    assert current  # the query came back to the text searched: its result is the one wanted
    assert following is None


def test_reason_for_a_listed_note() -> None:
    session = SearchSession()
    seq = session.edit("pii", can_search=True)
    hits = [ShownHit("kms", 0, reason="別名: PII")]
    session.finish(Outcome(seq or 0, "pii", hits, highlighter=Highlighter(())))
    assert session.reason("kms") == "別名: PII"
    assert session.reason("other") == "" and session.reason(None) == ""


class _Titles:
    """A searcher that finds one note and counts nothing, as title search does."""

    def search(self, query: str, limit: int = 50, *, snippets: bool = True) -> SearchResult:
        hit = Hit("a", "A", "c", 1.0, "")
        return SearchResult(query, [hit], highlighter=Highlighter(()))


def test_run_search_without_a_searcher_finds_nothing() -> None:
    assert run_search(None, None, 3, "kms") == Outcome(3, "kms")


def test_run_search_passes_what_the_searcher_found() -> None:
    done = run_search(_Titles(), Library(root=Path("."), categories=[]), 1, "q")
    assert [hit.note_id for hit in done.hits] == ["a"]
    assert done.seq == 1 and done.query == "q"

"""Any query, typed, pasted or passed on the command line: no exception, inert output.

tests/search/test_query_fuzz.py proves that the query builder, the engine and the title
matcher never raise and print inert text; this adds queries up to 1 MB, the search bar of the
running app, and `kumonote search` as a real process. How long such searches take is the
benchmark's to measure (bench/), not a test's: a test only asserts what happened.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events

from tui.app import KumonoteApp
from tui.notes import bundled_library
from tui.notes.safe_text import has_controls
from tui.search.engine import SearchEngine
from tui.search.query import MAX_CLAUSES, MAX_INPUT, parse
from tui.search.report import format_results
from tui.search.titles import TitleMatcher
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import MAX_QUERY_CHARS, SearchBar

from .conftest import child_env, kumonote_args
from .test_app_on_bad_content import ready, settle

HEAD = MAX_INPUT * 4
"""Characters of a query read at all (controls among them are dropped, then `MAX_INPUT` kept)."""

HOSTILE = [
    "\x1b[31m",
    "\x1b]0;x\x07",
    "\x00",
    "\x9b",
    "\ud800",
    "\udfff",
    "\u200b",
    "\n",
    "\t",
    "\u3000",
    '"',
    "(",
    "*",
    "~",
    "NOT",
    "暗号",
    "こんてな",
    "ｺﾝﾃﾅ",
    "sagemkaer",
    "angou",
    "𠮷",
    "\ufeff",
    "ー",
    "゛",
]
any_char = st.integers(0, 0x10FFFF).map(chr)
piece = st.one_of(st.sampled_from(HOSTILE), st.text(any_char, max_size=8))
query = st.tuples(st.lists(piece, max_size=30).map(" ".join), st.integers(1, 40_000)).map(
    lambda pair: (pair[0] * pair[1])[:1_000_000]
)


@pytest.fixture(scope="module")
def engine(warm_cache_home: Path) -> SearchEngine:
    return SearchEngine.open(bundled_library(), cache_dir=warm_cache_home / "kumonote")


@pytest.fixture(scope="module")
def titles() -> TitleMatcher:
    return TitleMatcher(bundled_library())


@settings(max_examples=60)
@given(query)
def test_any_query_is_answered(engine: SearchEngine, titles: TitleMatcher, text: str) -> None:
    parsed = parse(text)
    assert len(parsed.text) <= MAX_INPUT, "a long query is cut before any work is done"
    assert len(parsed.clauses) <= MAX_CLAUSES
    for search in (engine.search, titles.search):
        result = search(text)
        out = format_results(result, color=True)
        assert "\x1b]" not in out and "\x9b" not in out and "\x07" not in out


MEGABYTES = {
    "latin": "a" * 1_000_000,
    "japanese": "暗号 " * 333_333,
    "escapes": "\x1b[2J\ud800" * 200_000,
    "lines": "\n".join(["kms"] * 250_000),
    "every character": "".join(chr(c) for c in range(0x20, 0x2FFFF) if not 0xD800 <= c <= 0xDFFF)[
        :1_000_000
    ],
}


@pytest.mark.parametrize("text", MEGABYTES.values(), ids=MEGABYTES.keys())
def test_megabyte_queries(engine: SearchEngine, titles: TitleMatcher, text: str) -> None:
    # The rest of a long query is never looked at, so it costs what its head costs.
    assert len(parse(text).text) <= MAX_INPUT
    for search in (engine.search, titles.search):
        assert search(text).hits == search(text[:HEAD]).hits


PASTE = "\x1b]0;pwned\x07暗号\ud800\x00\x9b" + "x" * 1_000_000 + "\n二行目\n"


async def test_search_bar_takes_a_megabyte_paste_and_any_value(
    tmp_path: Path, warm_cache_home: Path
) -> None:
    app = KumonoteApp(
        cache_dir=warm_cache_home / "kumonote", data_dir=tmp_path / "data", watch=False
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        bar = screen.query_one(SearchBar)
        await pilot.press("slash")
        bar.post_message(events.Paste(PASTE))
        await settle(pilot)
        assert len(bar.value) <= MAX_QUERY_CHARS
        assert bar.value.startswith("]0;pwned暗号") and not has_controls(bar.value)
        # Whatever reaches the bar (a program, a terminal that passes controls through):
        for value in ["\x1b[31m暗号\ud800", "\x00" * 1000, "暗号 " * 500, "\udfff", "kms"]:
            bar.value = value
            await settle(pilot)
        view = screen.query_one(NoteView)
        assert view.note is not None and view.note.id == "security/kms"
        await pilot.press("escape")
        await settle(pilot)
        assert not bar.value


ARGUMENTS = {
    "controls": b"\x1b]0;pwned\x07 kms \x9b31m \t\r\x7f -- --json",
    "invalid utf-8": b"\xff\xfe\xed\xa0\x80 x",
    "100 KB": b"a" * 100_000,
    "84 KB Japanese": "暗号 ".encode() * 12_000,
}
"""One argument may hold at most 128 KB (Linux), so longer queries are tested above."""


@pytest.mark.parametrize("arg", ARGUMENTS.values(), ids=ARGUMENTS.keys())
def test_kumonote_search_takes_any_argument(arg: bytes, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            os.fsencode(sys.executable),
            *map(os.fsencode, kumonote_args()[1:]),
            b"search",
            b"--",
            arg,
        ],
        capture_output=True,
        env=child_env(),
        timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: nothing matched
    assert b"Traceback" not in result.stderr
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert b"\xc2\x9b" not in result.stdout

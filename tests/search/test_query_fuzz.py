"""Hostile input: nothing the user can type or paste makes the search raise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.notes import Library, bundled_library
from tui.notes.safe_text import inert
from tui.search.engine import SearchEngine
from tui.search.highlight import Highlighter
from tui.search.query import MAX_CLAUSES, MAX_INPUT, parse
from tui.search.report import format_results, results_to_json
from tui.search.titles import TitleMatcher

SYNTAX = [
    '"',
    "“",
    "”",
    "「",
    "」",
    "'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "AND",
    "OR",
    "NOT",
    "and",
    "or",
    "not",
    "*",
    "?",
    "~",
    "~1/20",
    "~9",
    "^2",
    ":",
    "field:",
    "title:",
    "body:",
    "-",
    "+",
    "\\",
    "/",
    "|",
    "&",
    "!",
    "\x00",
    "\x1b[31m",
    "\x07",
    "\x7f",
    "\x9b",
    "\ud800",
    "\udfff",
    "\u200b",
    "\u3000",
    "\n",
    "\t",
    "sagemaker",
    "暗号",
    "こんてな",
    "ｺﾝﾃﾅ",
    "suiron",
    "ー",
    "ｰ",
    "゛",
    "ﾞ",
    "\ufeff",
    "\u2028",
    "𠮷",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "①",
    "㍿",
    "8888",
]

any_char = st.integers(min_value=0, max_value=0x10FFFF).map(chr)
hostile = st.lists(
    st.one_of(st.sampled_from(SYNTAX), st.text(any_char, max_size=4)), max_size=40
).map(" ".join) | st.lists(
    st.one_of(st.sampled_from(SYNTAX), st.text(any_char, max_size=4)), max_size=40
).map("".join)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    cache: Path = tmp_path_factory.mktemp("fuzz-cache")
    return SearchEngine.open(bundled_library(), cache_dir=cache)


@settings(max_examples=400)
@given(hostile)
def test_query_builder_never_raises(text: str) -> None:
    parsed = parse(text)
    assert len(parsed.text) <= MAX_INPUT
    assert len(parsed.clauses) <= MAX_CLAUSES
    light = Highlighter(parsed.patterns)
    light.spans(text)


@settings(max_examples=250)
@given(hostile)
def test_search_never_raises(engine: SearchEngine, text: str) -> None:
    result = engine.search(text)
    json.dumps(results_to_json(result), ensure_ascii=False).encode("utf-8")
    out = format_results(result, color=True)
    out.encode("utf-8")
    assert "\x1b[31m" not in out and "\x07" not in out and "\x9b" not in out
    for hit in result.hits:
        for start, end in hit.matches:
            assert 0 <= start < end <= len(hit.snippet)
    result.highlighter.spans(text)


@pytest.fixture(scope="module")
def library() -> Library:
    return bundled_library()


@settings(max_examples=150)
@given(hostile)
def test_title_matcher_never_raises(library: Library, text: str) -> None:
    result = TitleMatcher(library).search(text)
    for hit in result.hits:
        # The snippet is the title or alias that matched, shown inert; the marks are on it.
        note = library.get(hit.note_id)
        assert note is not None
        names = (note.title, *note.aliases)
        assert hit.snippet in {inert(name) for name in names}
        for start, end in hit.matches:
            assert 0 <= start < end <= len(hit.snippet)
    assert len(result.query) <= MAX_INPUT
    result.highlighter.spans(text)


@pytest.mark.parametrize(
    "text",
    [
        'NOT OR "',
        '"~',
        "sagemaker~1/20",
        "sagemaker~9",
        "NOT sagemaker",
        "*",
        "?",
        "~",
        "title:",
        "(((",
        ")))",
        '"""',
        "AND AND",
        "a" * 100_000,
        "暗号 " * 50_000,
        "\x00" * 1000,
        "\ud800\udc00\udfff",
        "x" * 257,
        "ｰｰｰ",
        "゛",
        "ﾞﾞﾞ",
        "''",
        "n'",
        "-",
        "--",
        "ー",
    ],
)
def test_known_hostile_queries(engine: SearchEngine, text: str) -> None:
    result = engine.search(text)
    assert isinstance(result.hits, list)
    json.dumps(results_to_json(result))
    format_results(result, color=False)


def test_not_is_an_ordinary_word(engine: SearchEngine) -> None:
    # Whoosh's parser would return nearly every note for this; here it is two words.
    hits = engine.search("NOT sagemaker").hits
    assert len(hits) < len(bundled_library())


def test_control_characters_in_notes_are_escaped(tmp_path: Path) -> None:
    from dataclasses import replace

    library = bundled_library()
    note = library.notes[0]
    evil = replace(
        note, title="evil\x1b]0;pwn\x07 title", body="# evil\n- 暗号 \x1b[2J\x9b31m danger \x07\n"
    )
    library.categories[0].notes[0] = evil
    library._by_id = None
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    result = engine.search("danger")
    assert result.hits and result.hits[0].note_id == note.id
    text = format_results(result, color=True)
    for raw in ("\x1b]", "\x07", "\x9b", "\x1b[2J"):
        assert raw not in text
    data = results_to_json(result)
    assert "\x1b" not in data[0]["snippet"] and "\x9b" not in data[0]["snippet"]
    assert "\x07" not in data[0]["title"]


def test_no_query_parser_anywhere() -> None:
    root = Path(__file__).resolve().parents[2] / "tui"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "QueryParser" in path.read_text(encoding="utf-8")
        or "MultifieldParser" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_importing_the_package_is_cheap() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui.search, tui.search.titles, tui.search.report; "
        "print(sorted(m for m in ('whoosh', 'sudachipy', 'rapidfuzz') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip() == "[]"

"""Kinsoku-aware wrapping of mixed Japanese and Latin text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.render.wrap import NO_END, NO_START, is_cjk, wrap, wrap_text

SQS = (
    "Amazon SQS（Simple Queue Service）は、分散アプリケーション間でメッセージを送受信するための"
    "完全マネージド型のメッセージキューサービスです。"
)


def check_lines(text: str, width: int, spans: list[tuple[int, int]]) -> None:
    """The invariants every wrap must keep."""
    position = 0
    for index, (start, end) in enumerate(spans):
        assert position <= start <= end, (text, spans)
        gap = text[position:start]
        if index == 0:
            assert gap == "", (text, spans)
        else:
            # Only the whitespace of the break, and at most one newline, is dropped.
            assert gap.strip(" ") in ("", "\n"), (text, spans, gap)
        line = text[start:end]
        assert cell_len(line) <= width, (line, width)
        position = end
    assert text[position:].strip(" ") in ("", "\n") or text[position:] == "", (text, spans)


def _breakable(text: str, position: int) -> bool:
    """May a line break before text[position] at all (a space, or CJK within kinsoku)?"""
    before, after = text[position - 1], text[position]
    if " " in (before, after):
        return True
    return (is_cjk(before) or is_cjk(after)) and before not in NO_END and after not in NO_START


def _unbreakable_run_wider_than(text: str, position: int, width: int) -> bool:
    """Is the run around `position` that has no allowed break wider than `width`? Then no
    wrapping can keep the rules there (``あぁ、、、、、`` on a 12-cell line)."""
    start = position
    while start > 0 and not _breakable(text, start):
        start -= 1
    end = position
    while end < len(text) - 1 and not _breakable(text, end + 1):
        end += 1
    return cell_len(text[start : end + 1]) > width


def kinsoku_violations(
    text: str, spans: list[tuple[int, int]], width: int | None = None
) -> list[str]:
    """Lines that start with a no-start character or end with a no-end one (soft breaks only).

    With `width`, a break inside a run with no allowed break wider than the line is not
    counted: there, a rule must give (the other choice is a line wider than `width`).
    """
    problems = []
    for (start, end), (next_start, _) in itertools.pairwise(spans):
        if "\n" in text[end:next_start]:
            continue  # a hard break in the source is not ours to judge
        if width is not None and _unbreakable_run_wider_than(text, next_start, width):
            continue
        if end > start and text[end - 1] in NO_END:
            problems.append(f"ends with {text[end - 1]!r}: {text[start:end]!r}")
        if next_start < len(text) and text[next_start] in NO_START:
            problems.append(f"starts with {text[next_start]!r} at {next_start}")
    return problems


@pytest.mark.parametrize("width", [6, 10, 16, 20, 30, 40, 80])
def test_sqs_sentence_at_several_widths(width: int) -> None:
    spans = wrap(SQS, width)
    check_lines(SQS, width, spans)
    assert kinsoku_violations(SQS, spans) == []


def test_japanese_is_not_stranded_after_latin() -> None:
    lines = wrap_text(SQS, 30)
    # Rich would put "Amazon SQS（Simple Queue" alone and start the next line with Japanese
    # only after the next space; here the first line is filled.
    assert lines[0] == "Amazon SQS（Simple Queue"
    assert lines[1].startswith("Service）は、")
    assert all(cell_len(line) >= 24 for line in lines[:-1])


def test_punctuation_and_small_kana_never_start_a_line() -> None:
    text = "ああああ、いいいいっうううう。ええええー"
    for width in range(4, 24):
        spans = wrap(text, width)
        check_lines(text, width, spans)
        assert kinsoku_violations(text, spans) == [], width


def test_opening_bracket_never_ends_a_line() -> None:
    text = "これは「かぎかっこ」と（丸括弧）のテストです"
    for width in range(4, 30):
        spans = wrap(text, width)
        check_lines(text, width, spans)
        assert kinsoku_violations(text, spans) == [], width


def test_latin_words_wrap_at_spaces_and_are_not_split() -> None:
    lines = wrap_text("the quick brown fox jumps over the lazy dog", 10)
    assert lines == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]


def test_long_words_are_split_only_when_wider_than_the_line() -> None:
    lines = wrap_text("see https://docs.aws.amazon.com/sagemaker/ now", 12)
    # Cut points move so that no piece starts with "." (a no-start character).
    assert lines == ["see", "https://doc", "s.aws.amazo", "n.com/sagema", "ker/ now"]


def test_full_width_characters_take_two_cells() -> None:
    assert wrap_text("あいうえおかきくけこ", 6) == ["あいう", "えおか", "きくけ", "こ"]
    assert wrap_text("あいう", 5) == ["あい", "う"]


def test_hard_breaks_and_empty_lines_are_kept() -> None:
    assert wrap_text("a\n\nb", 10) == ["a", "", "b"]
    assert wrap_text("", 10) == [""]


def test_leading_spaces_are_indentation() -> None:
    assert wrap_text("    code", 20) == ["    code"]


def test_width_smaller_than_a_character_still_progresses() -> None:
    assert wrap_text("あい", 1) == ["あ", "い"]


JAPANESE = "あいうえおかきくけこアイウエオ漢字仮名交文章機械学習"
SMALL = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー・"
CLOSE = "、。，．）」』】〕〉》”’！？"
OPEN = "（「『【〔〈《“"
LATIN = ["AWS", "SageMaker", "Lambda", "EC2", "P3", "x", "boto3", "API", "endpoint"]


@st.composite
def mixed_text(draw: st.DrawFn) -> str:
    """Japanese and Latin text where every kinsoku cluster is short."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["ja", "ja", "ja", "latin", "space", "close", "open"]))
        if kind == "ja":
            parts.append(draw(st.text(alphabet=JAPANESE, min_size=1, max_size=6)))
            if draw(st.booleans()):
                parts.append(draw(st.sampled_from(SMALL)))
        elif kind == "latin":
            parts.append(draw(st.sampled_from(LATIN)))
        elif kind == "space":
            parts.append(" " * draw(st.integers(1, 2)))
        elif kind == "close":
            parts.append(draw(st.sampled_from(CLOSE)))
        else:
            parts.append(draw(st.sampled_from(OPEN)) + draw(st.sampled_from(JAPANESE)))
    return "".join(parts)


@settings(max_examples=300)
@given(mixed_text(), st.integers(12, 80))
def test_wrap_properties(text: str, width: int) -> None:
    spans = wrap(text, width)
    check_lines(text, width, spans)
    # The lines are the text minus the whitespace dropped at breaks.
    joined = "".join(text[s:e] for s, e in spans)
    assert joined.replace(" ", "") == text.replace(" ", "")
    assert kinsoku_violations(text, spans, width) == []


def test_a_run_that_cannot_be_broken_by_the_rules_is_cut_where_it_must() -> None:
    # あぁ、、、、、 has no allowed break and is 14 cells: a 12-cell line must break a rule in it.
    text = "あああああああああぁ、、、、、"
    spans = wrap(text, 12)
    check_lines(text, 12, spans)
    assert kinsoku_violations(text, spans) != []
    assert kinsoku_violations(text, spans, 12) == []
    # With room for the run, the rules hold.
    assert kinsoku_violations(text, wrap(text, 14)) == []


@settings(max_examples=200)
@given(st.text(max_size=200), st.integers(1, 40))
def test_any_text_keeps_its_characters(text: str, width: int) -> None:
    spans = wrap(text, width)
    joined = "".join(text[s:e] for s, e in spans)
    assert joined.replace(" ", "").replace("\t", "") == text.replace(" ", "").replace(
        "\n", ""
    ).replace("\t", "")
    for start, end in spans:
        line = text[start:end]
        assert cell_len(line) <= max(width, 2) or len(line) == 1


def test_cjk_characters_are_told_from_others_at_the_edges_of_their_ranges() -> None:
    for char in "あア漢ｱ한〜、😀\U00020000\u2e80\u9fff\uffef":
        assert is_cjk(char), repr(char)
    for char in ["a", "é", " ", "", "\u10ff", "\u2e7f", "\ufff0", "\U00040000"]:
        assert not is_cjk(char), repr(char)
    assert is_cjk("漢a") and not is_cjk("a漢")  # the first character decides

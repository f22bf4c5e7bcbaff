"""The status line while searching: a pure function of what was found, and on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tui.screens.search_status import empty_status, status_line
from tui.search.session import Found
from tui.widgets.note_tree import NoteTree

from .helpers import make_app, ready, status, type_query


def test_one_word_says_only_the_count() -> None:
    assert status_line(Found(12, False), matches=3) == "12 件 · 3 箇所 · n/N"
    assert status_line(Found(1, False), matches=1) == "1 件 · 1 箇所 · n/N"
    assert status_line(Found(100, True), matches=0) == "100+ 件"


def test_several_words_say_whether_notes_hold_all_of_them() -> None:
    assert status_line(Found(2, False, words=2, complete=2), matches=4).startswith("全語一致 2 件")
    assert status_line(Found(5, False, words=3, complete=0), matches=1).startswith("一部一致 5 件")
    mixed = status_line(Found(7, False, words=2, complete=2), matches=0)
    assert mixed == "全語一致 2 件 · 一部 5 件"


def test_the_reason_replaces_a_count_of_nothing() -> None:
    assert status_line(Found(1, False), matches=0, reason="別名: SAML") == "1 件 · 別名: SAML"
    text = status_line(Found(3, False), matches=2, reason="読み: じゅぴたー → Jupyter")
    assert text == "3 件 · 読み: じゅぴたー → Jupyter · 2 箇所 · n/N"
    short = status_line(Found(1, False), matches=1, reason="読み: ファーゲート → Fargate", room=25)
    assert short == "1 件 · 読み → Fargate"


def test_a_narrow_status_drops_its_end_first() -> None:
    found = Found(7, False, words=2, complete=2)
    assert status_line(found, matches=3) == "全語一致 2 件 · 一部 5 件 · 3 箇所 · n/N"
    assert status_line(found, matches=3, room=37) == "全語一致 2 件 · 一部 5 件 · 3 箇所"
    narrow = status_line(found, matches=3, room=30)
    assert narrow == "全語 2 · 一部 5 件 · 3 箇所" and cell_len(narrow) <= 30
    assert status_line(found, matches=3, room=25) == "全語一致 2 件 · 一部 5 件"
    assert status_line(found, matches=3, room=20) == "全語 2 · 一部 5 件"
    assert status_line(Found(7, False), matches=3, room=8) == "7 件"
    assert status_line(found, matches=3, room=10) == "2/7 件"


def test_did_you_mean_comes_first_and_shortens() -> None:
    assert (
        status_line(Found(12, False), matches=3, suggestion="SageMaker")
        == "もしかして SageMaker? · 12 件"
    )
    assert (  # "did you mean" before the count, when only one of them fits
        status_line(Found(12, False), matches=3, suggestion="SageMaker", room=22)
        == "もしかして SageMaker?"
    )
    assert (
        status_line(Found(12, False), matches=3, suggestion="SageMaker", room=20)
        == "SageMaker? · 12 件"
    )
    assert empty_status(None) == "0 件"
    assert empty_status("kms") == "もしかして kms? · 0 件"


@pytest.mark.usefixtures("english")
def test_the_status_in_english_keeps_the_same_order_and_shortens_by_width() -> None:
    assert status_line(Found(12, False), matches=3) == "12 notes · 3 matches · n/N"
    assert status_line(Found(1, False), matches=1) == "1 note · 1 match · n/N"
    assert status_line(Found(100, True), matches=0) == "100+ notes"
    found = Found(7, False, words=2, complete=2)
    assert status_line(found, matches=3) == "2 with all words · 5 with some · 3 matches · n/N"
    narrow = status_line(found, matches=3, room=30)
    assert narrow == "all 2 · some 5 · 3 matches" and cell_len(narrow) <= 30
    assert status_line(found, matches=3, room=20) == "all 2 · some 5"
    text = status_line(Found(3, False), matches=2, reason="読み: じゅぴたー → Jupyter")
    assert text == "3 notes · reading: じゅぴたー → Jupyter · 2 matches · n/N"
    assert status_line(Found(1, False), matches=0, reason="別名: SAML") == "1 note · alias: SAML"
    assert status_line(Found(12, False), matches=3, suggestion="SageMaker") == (
        "did you mean SageMaker? · 12 notes"
    )
    assert empty_status(None) == "0 notes"
    for room in range(10, 60):  # whatever the width, what is said fits it
        assert cell_len(status_line(found, matches=3, room=room)) <= room


async def test_a_partial_match_says_so_on_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(pilot)
        # the DescribeJob note holds ジョブ, 失敗 and 理由, but no note holds 学習ジョブ too
        await type_query(pilot, "学習ジョブが失敗した理由")
        tree = screen.query_one(NoteTree)
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.note_id == "sagemaker/describe-job-api"
        assert status(screen).startswith("一部一致"), status(screen)
        await pilot.press("escape")
        await type_query(pilot, "暗号化の方法")
        assert status(screen).startswith("全語一致 1 件"), status(screen)

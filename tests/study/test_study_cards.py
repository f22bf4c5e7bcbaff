"""Cards from notes: the kinds made without extra writing, the authored syntax, stable ids."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.notes import bundled_library
from tui.notes.model import Note
from tui.study.card import Card, Kind
from tui.study.extract import cards_of, definition_term
from tui.study.text import plain

from .conftest import make_note


def _loose(text: str) -> str:
    """Text with Markdown markup and spacing taken out, independently of `tui.study.text`:
    link targets, brackets, emphasis and code marks, table pipes, list markers, spaces."""
    text = re.sub(r"\]\([^)]*\)", "", text)
    text = re.sub(r"\[\[([^\]|]*\|)?", "", text)
    text = re.sub(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", "", text, flags=re.MULTILINE)
    text = re.sub(r"[\[\]*`=~|!]", "", text)
    return re.sub(r"\s+", "", text)


def _in_note(back: str, note: Note) -> bool:
    return _loose(back) in _loose(note.body)


def test_every_bundled_note_makes_cards_whose_backs_are_in_it() -> None:
    library = bundled_library()
    assert len(library) > 10
    for note in library:
        cards = cards_of(note)
        assert cards, f"{note.id} makes no card"
        for card in cards:
            assert card.note_id == note.id
            assert card.back.strip(), card
            assert _in_note(card.back, note), f"{note.id}: {card.back!r} is not in the note"
            assert card.section in {"", *(s.anchor for s in note.sections)}
        assert len({card.id for card in cards}) == len(cards), note.id


def test_the_bundled_kms_note_makes_every_kind_it_can() -> None:
    kms = bundled_library().get("security/kms")
    assert kms is not None
    cards = cards_of(kms)
    kinds = {card.kind for card in cards}
    assert {Kind.WHAT_IS, Kind.DEFINITION, Kind.TABLE} <= kinds
    what_is = next(card for card in cards if card.kind is Kind.WHAT_IS)
    assert what_is.front == "AWS KMS キー とは？"
    assert what_is.back.startswith("AWS KMS（Key Management Service）は、")
    table = {card.front: card for card in cards if card.kind is Kind.TABLE}
    held = table["SSE-C — 鍵を管理・保持 (Key held by)"]
    assert held.back == "顧客 (customer)"
    assert held.section == "図の内容-what-the-figure-shows"


AUTHORED = """# 認証と暗号
SQS の正式名::Simple Queue Service
KMS:::Key Management Service

IAM ロールを引き受ける API は
どれか
?
AssumeRole
(STS の API)

- KMS のキーは ==リージョン== ごとに作られ、==AWS アカウント== に属する。
"""


def test_a_note_with_authored_cards_makes_exactly_those() -> None:
    cards = cards_of(make_note(AUTHORED))
    found = [(card.kind, card.front, card.back) for card in cards]
    assert found == [
        (Kind.BASIC, "SQS の正式名", "Simple Queue Service"),
        (Kind.BASIC, "KMS", "Key Management Service"),
        (Kind.REVERSE, "Key Management Service", "KMS"),
        (Kind.BASIC, "IAM ロールを引き受ける API は\nどれか", "AssumeRole\n(STS の API)"),
        (
            Kind.CLOZE,
            "KMS のキーは […] ごとに作られ、AWS アカウント に属する。",
            "KMS のキーは リージョン ごとに作られ、AWS アカウント に属する。",
        ),
        (
            Kind.CLOZE,
            "KMS のキーは リージョン ごとに作られ、[…] に属する。",
            "KMS のキーは リージョン ごとに作られ、AWS アカウント に属する。",
        ),
    ]
    assert [card.line for card in cards] == [1, 2, 2, 4, 10, 10]
    assert all(card.kind.authored for card in cards)


def test_authored_lines_make_no_other_card_but_the_rest_of_the_note_does() -> None:
    body = "# SQS\n- SQS は、キューのサービスです。\n- 可視性タイムアウト::既定で 30 秒\n"
    cards = cards_of(make_note(body, title="Amazon SQS"))
    assert [(card.kind, card.front) for card in cards] == [
        (Kind.WHAT_IS, "Amazon SQS とは？"),
        (Kind.BASIC, "可視性タイムアウト"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "```python\nfront::back\nx = ==y==\n```\n",
        "- `std::vector` と `a==b` はコードです\n",
        "<!--\nhidden::card\n-->\n",
        "::: note\n",
        "# 見出し::ではない\n",
    ],
)
def test_card_syntax_in_code_comments_or_headings_makes_no_authored_card(body: str) -> None:
    assert not [card for card in cards_of(make_note(body)) if card.kind.authored]


def test_definitions_in_japanese_and_english() -> None:
    assert definition_term("Amazon SQSは、キューのサービスです。") == "Amazon SQS"
    assert definition_term("Invokeとは、呼び出すことを意味します。") == "Invoke"
    assert definition_term("KMS is a service that manages keys.") == "KMS"
    assert definition_term("コンテナには、ライブラリが含まれています。") is None
    assert definition_term("これは、例です。") is None
    assert definition_term("It is a service that manages keys.") is None
    assert definition_term("APIの呼び出し履歴を記録することができる。") is None


def test_english_notes_ask_in_english() -> None:
    body = "# KMS\n- KMS is a service that manages keys.\n- A key policy is a document.\n"
    cards = cards_of(make_note(body, title="AWS KMS"))
    assert [(card.kind, card.front, card.back) for card in cards] == [
        (Kind.WHAT_IS, "What is AWS KMS?", "KMS is a service that manages keys."),
        (Kind.DEFINITION, "A key policy", "A key policy is a document."),
    ]


def test_table_rows_make_a_card_per_filled_cell() -> None:
    body = (
        "## 比較\n\n| 方式 | 場所 | 鍵 |\n| --- | --- | --- |\n"
        "| **SSE-S3** | サーバー側 | S3 |\n| SSE-C | サーバー側 | |\n"
    )
    cards = [card for card in cards_of(make_note(body)) if card.kind is Kind.TABLE]
    assert [(card.front, card.back, card.section) for card in cards] == [
        ("SSE-S3 — 場所", "サーバー側", "比較"),
        ("SSE-S3 — 鍵", "S3", "比較"),
        ("SSE-C — 場所", "サーバー側", "比較"),
    ]


def test_markup_is_stripped_the_same_way_everywhere() -> None:
    assert plain("**太字** と *斜体* と [[KMS|鍵]] と [リンク](https://x.example)") == (
        "太字 と 斜体 と 鍵 と リンク"
    )
    assert plain("`a::b` と ==印== と ~~消~~<br>改行") == "a::b と 印 と 消 改行"
    assert plain(r"エスケープ \*そのまま\*") == "エスケープ *そのまま*"


BEFORE = """# SQS
- SQS は、キューのサービスです。
- 可視性タイムアウト::30 秒
- ==FIFO== キューは順序を守る。

| 種類 | 順序 |
| --- | --- |
| FIFO | 守る |
"""


def _ids(cards: list[Card]) -> dict[tuple[Kind, str], str]:
    return {(card.kind, card.front): card.id for card in cards}


def test_ids_survive_edits_to_other_lines() -> None:
    before = _ids(cards_of(make_note(BEFORE)))
    edited = BEFORE.replace("# SQS\n", "# SQS\n\n段落を足した。\n\n## 新しい見出し\n")
    edited = edited.replace(
        "| 種類 | 順序 |\n| --- | --- |\n", "| 種類 | 順序 |\n| --- | --- |\n| 標準 | 守らない |\n"
    )
    after = _ids(cards_of(make_note(edited)))
    for key, card_id in before.items():
        if key[0] is not Kind.WHAT_IS:  # its back is now the new paragraph; its front is kept
            assert after[key] == card_id, key
    assert after[(Kind.WHAT_IS, "サンプル とは？")] == before[(Kind.WHAT_IS, "サンプル とは？")]


def test_an_edited_back_keeps_the_id_and_an_edited_front_does_not() -> None:
    before = {c.front: c for c in cards_of(make_note(BEFORE))}
    after = {c.front: c for c in cards_of(make_note(BEFORE.replace("30 秒", "最大 12 時間")))}
    assert after["可視性タイムアウト"].id == before["可視性タイムアウト"].id
    assert after["可視性タイムアウト"].back == "最大 12 時間"
    renamed = {c.front: c for c in cards_of(make_note(BEFORE.replace("可視性", "表示")))}
    assert renamed["表示タイムアウト"].id != before["可視性タイムアウト"].id


def test_the_same_front_twice_in_a_note_gives_two_ids() -> None:
    body = "LDA::トピックモデル\nLDA::線形判別分析\n"
    cards = cards_of(make_note(body))
    assert [card.back for card in cards] == ["トピックモデル", "線形判別分析"]
    assert len({card.id for card in cards}) == 2


def test_the_same_front_in_two_notes_gives_two_ids() -> None:
    one = cards_of(make_note("LDA::トピックモデル\n", "a/one"))
    two = cards_of(make_note("LDA::トピックモデル\n", "a/two"))
    assert one[0].id != two[0].id


def test_a_double_question_mark_makes_both_directions() -> None:
    body = "# 用語\nSageMaker の\n推論 API\n??\nInvokeEndpoint\n\n残りの段落。\n"
    cards = [card for card in cards_of(make_note(body)) if card.kind.authored]
    assert [(card.kind, card.front, card.back) for card in cards] == [
        (Kind.BASIC, "SageMaker の\n推論 API", "InvokeEndpoint"),
        (Kind.REVERSE, "InvokeEndpoint", "SageMaker の\n推論 API"),
    ]


_PIECES = st.sampled_from(
    [
        "- ",
        "* ",
        "1. ",
        "# ",
        "## ",
        "|",
        " | ",
        "---",
        "::",
        ":::",
        "?",
        "??",
        "==",
        "`",
        "**",
        "*",
        "[[",
        "]]",
        "[",
        "](u)",
        "!",
        "\\",
        "<br>",
        "<b>",
        "は、",
        "です。",
        " is ",
        "KMS",
        "鍵",
        " ",
        "\n",
        "\n\n",
        "```",
        "<!--",
        "-->",
        "。",
        "、",
        "x",
        "A",
    ]
)
"""Bits of Markdown and card syntax a random note is made of."""


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_markdown_makes_cards_without_failing(body: str) -> None:
    note = make_note(body)
    cards = cards_of(note)
    lines = body.split("\n")
    assert len({card.id for card in cards}) == len(cards)
    for card in cards:
        assert card.front.strip() and card.back.strip()
        assert 0 <= card.line < len(lines)
        assert card.front == card.front.strip() and card.back == card.back.strip()

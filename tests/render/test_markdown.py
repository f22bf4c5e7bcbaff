"""Markdown to wrapped, styled lines: blocks, anchors, links, matches, images, safety."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style

from tui.i18n import _
from tui.notes.bundled import bundled_library
from tui.notes.model import ImageRef, Note
from tui.notes.structure import sections
from tui.render.blocks import Rendered
from tui.render.image_card import IMAGE_HINT, MISSING_IMAGE
from tui.render.layout import plain_lines
from tui.render.markdown import head_of, message_document, parse
from tui.render.wrap import NO_START


class Finder:
    """A stand-in for the search layer's highlighter: every occurrence of a word."""

    def __init__(self, word: str) -> None:
        self.word = word

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = []
        start = text.find(self.word)
        while start >= 0:
            found.append((start, start + len(self.word)))
            start = text.find(self.word, start + 1)
        return found


def make_note(body: str, images: tuple[ImageRef, ...] = ()) -> Note:
    return Note(
        id="test/note",
        title="テスト",
        category="test",
        body=body,
        path=Path("test/note.md"),
        sections=sections(body),
        images=images,
    )


def render(body: str, width: int = 60, note: Note | None = None) -> Rendered:
    return parse(body, note).render(width)


def styles_at(rendered: Rendered, line: int, text: str) -> set[str]:
    """Names of the styles over the first occurrence of `text` on `line`."""
    line_text = rendered.lines[line]
    start = line_text.plain.index(text)
    end = start + len(text)
    names: set[str] = set()
    for span in line_text.spans:
        if span.start <= start and span.end >= end and isinstance(span.style, str):
            names.add(span.style)
    return names


def find_line(rendered: Rendered, text: str) -> int:
    return next(i for i, line in enumerate(plain_lines(rendered)) if text in line)


def test_headings_get_the_loaders_anchors_for_japanese_titles() -> None:
    body = "# ノート\n\n## 概要\n\n本文。\n\n## 概要\n\n### Amazon SQS の特徴\n"
    note = make_note(body)
    rendered = render(body, note=note)
    assert [s.anchor for s in note.sections] == ["概要", "概要-2", "amazon-sqs-の特徴"]
    for section in note.sections:
        line = rendered.anchors[section.anchor]
        assert section.title in rendered.lines[line].plain


def test_anchors_without_a_note_match_the_loader() -> None:
    body = "## 概要\n\n## 概要\n\n### KMS（鍵）とは？\n"
    rendered = render(body)
    assert [spot.anchor for spot in rendered.headings] == [s.anchor for s in sections(body)]


def test_every_bundled_section_anchor_is_rendered() -> None:
    library = bundled_library()
    assert len(library) > 0
    for note in library:
        rendered = parse(note.body, note).render(72)
        for section in note.sections:
            assert section.anchor in rendered.anchors, (note.id, section)


@pytest.mark.parametrize("width", [30, 48, 72, 100])
def test_bundled_notes_never_exceed_the_width(width: int) -> None:
    for note in bundled_library():
        rendered = parse(note.body, note).render(width)
        for line in plain_lines(rendered):
            assert cell_len(line) <= width, (note.id, line)
            assert "\x1b" not in line


def test_list_items_hang_indent_and_kinsoku() -> None:
    body = (
        "- Amazon SageMaker ノートブックインスタンスは、機械学習モデルの開発やデータ分析を"
        "行うための環境を提供するサービスです。\n"
        "- 二つ目\n"
        "  - 入れ子の項目はさらに字下げされ、長い行は折り返されても字下げが揃います。\n"
    )
    rendered = render(body, 30)
    lines = plain_lines(rendered)
    assert lines[0].startswith(" • Amazon")
    assert all(line.startswith("   ") for line in lines[1:3])
    nested = find_line(rendered, "◦")
    assert lines[nested].startswith("   ◦ ")
    assert lines[nested + 1].startswith("     ")
    for line in lines:
        assert cell_len(line) <= 30
        assert line.strip()[:1] not in NO_START


def test_ordered_lists_number_from_start_and_align() -> None:
    body = "3. three\n4. four\n5. five\n6. six\n7. seven\n8. eight\n9. nine\n10. ten\n"
    lines = plain_lines(render(body))
    assert lines[0] == "  3. three"
    assert lines[-1] == " 10. ten"


def test_tight_and_loose_lists() -> None:
    tight = plain_lines(render("- a\n- b\n"))
    loose = plain_lines(render("- a\n\n- b\n"))
    assert tight == [" • a", " • b"]
    assert loose == [" • a", "", " • b"]


def test_japanese_soft_breaks_join_without_a_space() -> None:
    lines = plain_lines(render("日本語の文章が\n続きます。\nEnglish\nwords"))
    assert lines == ["日本語の文章が続きます。 English words"]


def test_inline_styles() -> None:
    rendered = render("**強調** と *斜体* と `code` と ~~取消~~")
    assert "bold" in styles_at(rendered, 0, "強調")
    assert "italic" in styles_at(rendered, 0, "斜体")
    assert "md.code_inline" in styles_at(rendered, 0, "code")
    assert "md.strike" in styles_at(rendered, 0, "取消")


def test_links_and_wikilinks_are_recorded_with_cells() -> None:
    rendered = render("詳細は [公式](https://example.com/ドキュメント) と [[AWS Lambda]] へ。")
    assert [link.href for link in rendered.links] == [
        "https://example.com/ドキュメント",
        "AWS Lambda",
    ]
    first = rendered.links[0]
    assert first.line == 0
    assert first.start == cell_len("詳細は ")
    assert first.end - first.start == cell_len("公式")
    assert "md.link" in styles_at(rendered, 0, "AWS Lambda")


def test_code_blocks_keep_their_source_and_lines() -> None:
    code = 'import boto3\nclient = boto3.client("sqs")  # キュー'
    body = f"前\n\n```python\n{code}\n```\n\n後"
    rendered = render(body, 40)
    (spot,) = [b for b in rendered.blocks if b.kind == "code"]
    assert spot.source == code
    assert spot.end - spot.start >= 2
    assert "import boto3" in rendered.lines[spot.start].plain
    assert "python" in rendered.lines[spot.start].plain  # the language label
    for line in rendered.lines[spot.start : spot.end]:
        assert cell_len(line.plain) == 40  # the background fills the width


def test_tables_render_boxed_with_wrapped_japanese_cells() -> None:
    body = (
        "| 項目 | 説明 |\n|---|--:|\n"
        "| SQS | キューサービスです。メッセージを送受信するための完全マネージド型サービス |\n"
        "| SNS | 通知 |\n"
    )
    rendered = render(body, 40)
    (spot,) = [b for b in rendered.blocks if b.kind == "table"]
    assert spot.source == body.rstrip("\n")
    lines = plain_lines(rendered)[spot.start : spot.end]
    assert lines[0].startswith("┌") and lines[-1].startswith("└")
    assert any(line.startswith("├") for line in lines)
    assert all(cell_len(line) <= 40 for line in lines)
    assert "md.table_header" in styles_at(rendered, spot.start + 1, "項目")


def test_block_quotes_and_rules() -> None:
    lines = plain_lines(render("> 引用です。\n>\n> 二段落目\n\n---\n", 30))
    assert lines[0] == "▌ 引用です。"
    assert lines[1] == "▌"
    assert lines[2] == "▌ 二段落目"
    assert lines[-1] == "─" * 30


def test_resolved_image_is_a_card_with_the_hint(tmp_path: Path) -> None:
    picture = tmp_path / "図.png"
    ref = ImageRef("構成図", "images/図 1.png", picture)
    body = "![構成図](<images/図 1.png>)\n"
    rendered = render(body, 50, make_note(body, (ref,)))
    (spot,) = rendered.blocks
    assert spot.kind == "image" and spot.image == ref
    text = "\n".join(plain_lines(rendered))
    assert "構成図" in text and "図.png" in text and _(IMAGE_HINT) in text
    assert plain_lines(rendered)[0].startswith("┌")


def test_missing_and_unknown_images_are_clear_cards() -> None:
    refused = ImageRef("秘密", "../secret.png", None, "outside the content root")
    body = "![秘密](../secret.png)\n\n![不明](nowhere.png)\n"
    rendered = render(body, 60, make_note(body, (refused,)))
    text = "\n".join(plain_lines(rendered))
    assert f"{_(MISSING_IMAGE)}: ../secret.png" in text
    assert "outside the content root" in text
    assert f"{_(MISSING_IMAGE)}: nowhere.png" in text
    assert [spot.source for spot in rendered.blocks] == ["../secret.png", "nowhere.png"]


def test_control_characters_are_inert_everywhere() -> None:
    body = (
        "# 見出し\x1b[2J\n\n本文 \x1b]0;title\x07 と \x9b31m\n\n"
        "```\ncode \x1b[31m\n```\n\n| a\x1b |\n|---|\n| b\x08 |\n\n![alt\x1b](x\x1b.png)\n"
    )
    rendered = render(body, 60)
    for line in plain_lines(rendered):
        assert not any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in line), line
    text = "\n".join(plain_lines(rendered))
    assert "␛[2J" in text and "␇" in text and "\\x9b" in text


def test_matches_are_numbered_and_split_across_lines() -> None:
    body = "アアアアアアアアアアアアアアアアアア検索語アア\n\n- 検索語\n\n`検索語`"
    document = parse(body)
    rendered = document.render(40, Finder("検索語"))
    assert len(rendered.matches) == 3
    assert [pieces[0].line for pieces in rendered.matches] == sorted(
        pieces[0].line for pieces in rendered.matches
    )
    narrow = document.render(20, Finder("検索語"))
    first = narrow.matches[0]
    assert len(first) == 2  # the first match wraps onto the next line
    assert "".join(narrow.lines[p.line].plain[p.start : p.end] for p in first) == "検索語"
    for piece in first:
        line = narrow.lines[piece.line]
        assert any(
            isinstance(span.style, Style) and "match" in span.style.meta
            for span in line.spans
            if span.start <= piece.start < span.end
        )


def test_matches_in_tables_code_and_image_cards() -> None:
    body = "| 検索 |\n|---|\n| 検索 |\n\n```\n検索\n```\n\n![検索](missing.png)\n"
    rendered = parse(body).render(40, Finder("検索"))
    assert len(rendered.matches) == 4  # two cells, the code, the alt text


def test_message_document() -> None:
    lines = plain_lines(message_document("一致するノートがありません", "no results").render(40))
    assert lines == ["一致するノートがありません", "", "no results"]


def test_head_of_cuts_at_a_blank_line_outside_fences() -> None:
    body = "段落。\n\n" * 300 + "```\n\n\n```\n" + "終わり。\n\n" * 300
    head = head_of(body, 600)
    assert head is not None
    assert 600 <= len(head) < 700
    assert body.startswith(head)
    fenced = "前\n\n```\n" + "行\n\n" * 400 + "```\n" + "後\n\n" * 400
    head = head_of(fenced, 100)
    assert head is not None and head.count("```") % 2 == 0
    assert head_of("短い", 600) is None


@settings(max_examples=150)
@given(
    st.text(
        alphabet=st.sampled_from(list("#-*>|`[]()!_ \n1.あいう漢字カナ、。「」abc\x1b\t")),
        max_size=300,
    ),
    st.integers(8, 90),
)
def test_any_markdown_renders_within_the_width(body: str, width: int) -> None:
    rendered = parse(body).render(width, Finder("あ"))
    for line in plain_lines(rendered):
        assert "\x1b" not in line
        assert cell_len(line) <= width


def test_rendering_does_not_import_textual() -> None:
    """`wrap` and `markdown` stay pure: usable from the CLI and in worker threads."""
    code = (
        "import sys, tui.render.markdown, tui.render.wrap; "
        "sys.exit(any(name.startswith('textual') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

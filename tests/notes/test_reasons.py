"""Load problems are said in the interface language when shown, though recorded in English."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.i18n import set_language
from tui.notes import load_library
from tui.notes.reasons import TEMPLATES, shown_reason


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "c"
    folder.mkdir(parents=True)
    (folder / "binary.md").write_bytes(b"\x00\x01\x02")
    (folder / "empty.md").write_text("\n", encoding="utf-8")
    (folder / "yaml.md").write_text("---\ntitle: [x\n---\n# a\n", encoding="utf-8")
    (folder / "order.md").write_text("---\norder: soon\n---\n# b\n- x\n", encoding="utf-8")
    (folder / "image.md").write_text("# c\n\n![x](nowhere.png)\n", encoding="utf-8")
    os.symlink(tmp_path / "nothing", folder / "broken.md")
    return folder.parent


def test_every_problem_of_a_bad_folder_reads_in_japanese(bad: Path) -> None:
    library = load_library(bad, cache=False)
    reasons = [warning.reason for warning in library.warnings]
    assert len(reasons) >= 6, reasons
    set_language("ja")
    shown = [shown_reason(reason) for reason in reasons]
    untranslated = [r for r, s in zip(reasons, shown, strict=True) if r == s]
    assert not untranslated, untranslated
    assert any("壊れたシンボリックリンク" in text for text in shown)
    assert any(text.startswith("画像 nowhere.png: 見つかりません") for text in shown), shown
    set_language("en")
    assert [shown_reason(reason) for reason in reasons] == reasons


def test_values_are_kept_and_only_reasons_inside_are_translated() -> None:
    set_language("ja")
    assert shown_reason("same title as a.md: missing") == "a.md と同じタイトル: missing"
    assert shown_reason("cannot read: Permission denied") == "読めません: Permission denied"
    assert shown_reason("something nobody wrote") == "something nobody wrote"
    assert len(set(TEMPLATES)) == len(TEMPLATES)

"""`kumonote cards`, `stats` and `export anki`, through a parser built as `tui.cli` builds it."""

from __future__ import annotations

import argparse
import json
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tui.i18n import _, ngettext
from tui.notes import bundled_library
from tui.notes.model import Library
from tui.study import Deck, Rating, study_path
from tui.study_cli import STUDY_COMMANDS, add_study_parsers, cmd_study


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kumonote")
    add_study_parsers(parser.add_subparsers(dest="command"))
    return parser


def _run(library: Library, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cmd_study(_parser().parse_args(list(argv)), library)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("KUMONOTE_DATA_DIR", str(folder))
    return folder


def test_the_parsers_are_the_commands_named() -> None:
    parser = _parser()
    for command in STUDY_COMMANDS:
        args = ["export", "anki", "x.apkg"] if command == "export" else [command]
        assert parser.parse_args(args).command == command


def test_cards_json_on_the_bundled_notes(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = bundled_library()
    code, out, _err = _run(library, capsys, "cards", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {row["note"] for row in rows} == {note.id for note in library}
    kms = [row for row in rows if row["note"] == "security/kms"]
    assert {row["kind"] for row in kms} >= {"what-is", "definition", "table"}
    first = kms[0]
    assert first["title"] == "AWS KMS キー" and first["state"] == "new"
    assert first["due"] is None and first["due_now"] is True and first["reviews"] == 0
    assert (data / "study.sqlite3").exists()


def test_cards_due_leaves_out_rated_cards_and_stats_count_them(
    library: Library, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Deck.open(library, study_path(data)) as deck:
        rated = deck.cards[:2]
        for card in rated:
            deck.rate(card, Rating.GOOD)
    code, out, _err = _run(library, capsys, "cards", "--due", "--json")
    assert code == 0
    due = {row["id"] for row in json.loads(out)}
    assert due and not due & {card.id for card in rated}
    code, out, _err = _run(library, capsys, "cards", "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows[rated[0].id]["state"] == "review" and rows[rated[0].id]["reviews"] == 1
    assert rows[rated[0].id]["due_now"] is False
    code, out, _err = _run(library, capsys, "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["reviews_today"] == 2 and stats["total_reviews"] == 2
    assert stats["due_now"] == len(rows) - 2
    assert len(stats["forecast"]) == 30
    code, out, _err = _run(library, capsys, "stats")
    assert code == 0
    today = datetime.now().astimezone().date().isoformat()
    assert f"  {today}  2" in out.splitlines()


def test_cards_of_one_note_by_title(
    library: Library, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(library, capsys, "cards", "--json", "AWS KMS")
    assert code == 0
    assert {row["note"] for row in json.loads(out)} == {"security/kms"}
    code, out, err = _run(library, capsys, "cards", "AWS KMS")
    assert (
        code == 0 and "What is AWS KMS?" in out and _("what is") in out
    )  # the kind, in the interface language
    assert err.strip() == ngettext("{count} card", "{count} cards", 2).format(count=2)


def test_cards_of_a_note_that_does_not_exist(
    library: Library, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(library, capsys, "cards", "zzzzqqqq")
    assert code == 2 and out == ""
    assert "zzzzqqqq" in err and "Traceback" not in err


def test_a_corrupt_database_is_reported_and_replaced(
    library: Library, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data.mkdir()
    (data / "study.sqlite3").write_bytes(b"\x00garbage" * 100)
    code, out, err = _run(library, capsys, "cards", "--json")
    assert code == 0 and json.loads(out)
    assert err.startswith("kumonote: ") and "study.sqlite3.corrupt-" in err


def test_export_anki(
    library: Library, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "deck.apkg"
    code, out, _err = _run(library, capsys, "export", "anki", str(target))
    assert code == 0 and str(target) in out
    with zipfile.ZipFile(target) as archive:
        archive.extract("collection.anki2", tmp_path)
    collection = sqlite3.connect(tmp_path / "collection.anki2")
    count = collection.execute("SELECT count(*) FROM notes").fetchone()[0]
    collection.close()
    with Deck.open(library, study_path(data)) as deck:
        assert count == len(deck.cards)


def test_export_to_a_folder_that_does_not_exist_is_one_line(
    library: Library, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(library, capsys, "export", "anki", str(tmp_path / "no" / "x.apkg"))
    assert code == 1 and out == ""
    assert err.startswith("kumonote: ") and "Traceback" not in err


def test_a_store_that_cannot_be_opened_is_one_line(
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KUMONOTE_DATA_DIR", str(blocker))
    code, out, err = _run(library, capsys, "stats")
    assert code == 1 and out == ""
    assert err.startswith("kumonote: ") and str(blocker) in err

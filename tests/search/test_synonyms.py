"""Synonym expansion: the shipped Sudachi data, its flags, folding and damaged files."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tui.search.synonyms import MAX_EXPANSIONS, Entry, Group, Synonyms, dump

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped() -> Synonyms:
    synonyms = Synonyms.load()
    assert synonyms.problem is None
    return synonyms


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_synonyms", ROOT / "scripts/make_synonyms.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The shipped data -----------------------------------------------------------------------


def test_shipped_file_loads_with_its_source(shipped: Synonyms) -> None:
    assert len(shipped) > 20000
    assert shipped.source.startswith("WorksApplications/SudachiDict@")


def test_training_expands_to_english_and_japanese(shipped: Synonyms) -> None:
    found = shipped.expand("トレーニング")
    assert found[0] == "training"  # its own lexeme first
    assert {"訓練", "練習"} <= set(found)
    assert "トレーニング" not in found


def test_folded_forms_find_the_same_group(shipped: Synonyms) -> None:
    expected = shipped.expand("トレーニング")
    for variant in ("とれーにんぐ", "ﾄﾚｰﾆﾝｸﾞ", "トレーニング "):
        assert shipped.expand(variant) == expected
    for variant in ("TRAINING", "ｔｒａｉｎｉｎｇ", "Training"):
        found = shipped.expand(variant)
        assert "トレーニング" in found and "training" not in found


def test_real_groups(shipped: Synonyms) -> None:
    assert {"デリート", "delete", "消す"} <= set(shipped.expand("削除"))
    assert "消去" not in shipped.expand("削除")  # separate groups in the dictionary
    assert "スタート" in shipped.expand("開始")
    assert "開始" in shipped.expand("スタート")
    assert shipped.expand("スタート")[0] == "start"
    assert {"勉強", "study"} <= set(shipped.expand("学習"))
    assert shipped.expand("エラー") == ["error"]


def test_control_flag_one_is_a_target_but_not_a_trigger(shipped: Synonyms) -> None:
    # 学習 has flag 1 in the ラーニング group: learning expands to it, it does not expand back.
    assert "学習" in shipped.expand("learning")
    assert "ラーニング" not in shipped.expand("学習")
    # セッティング has flag 1 in the 設定 group.
    assert "セッティング" in shipped.expand("設定")
    assert "設定" not in shipped.expand("セッティング")


def test_control_flag_two_is_dropped(shipped: Synonyms) -> None:
    # 分析 is a deletion record (flag 2) in the アナライズ group.
    assert shipped.expand("分析") == []
    found = shipped.expand("アナライズ")
    assert "analysis" in found and "分析" not in found


def test_long_vowel_folding_prefers_the_closer_word(shipped: Synonyms) -> None:
    # エラー and エラ (gill) fold alike; each keeps to its own group.
    assert "鰓" not in shipped.expand("エラー")
    assert "鰓" in shipped.expand("エラ")


def test_limits_and_unknown_words(shipped: Synonyms) -> None:
    assert len(shipped.expand("ログイン")) <= MAX_EXPANSIONS
    assert len(shipped.expand("開始", limit=2)) == 2
    assert shipped.expand("くもノート存在しない語") == []
    assert shipped.expand("") == shipped.expand("  ") == []


# Flags, on a small made-up file ----------------------------------------------------------


def made_up() -> Synonyms:
    group = Group(
        "000001",
        "",
        (
            Entry("甲", lexemes=(1,)),
            Entry("こう", notation=2, lexemes=(1,)),
            Entry("KO", abbreviation=1, notation=1, lexemes=(1,)),
            Entry("乙", lexemes=(2,)),
            Entry("丙", control=1, lexemes=(3,)),
            Entry("丁", form=3, lexemes=(4,)),
            Entry("戊", form=4, lexemes=(5,)),
            Entry("己", notation=3, lexemes=(6,)),
        ),
    )
    other = Group("000002", "IT", (Entry("乙"), Entry("庚")))
    return Synonyms.from_bytes(dump([group, other], "test"))


def test_made_up_ranking() -> None:
    synonyms = made_up()
    assert synonyms.problem is None
    # own lexeme, other lexemes, abbreviation, former name; misuse and misspelling not offered
    assert synonyms.expand("甲") == ["こう", "乙", "丙", "KO", "丁"]
    assert synonyms.expand("コウ") == ["甲", "乙", "丙", "KO", "丁"]
    # IT groups first
    assert synonyms.expand("乙") == ["庚", "甲", "こう", "丙", "KO", "丁"]


def test_made_up_triggers() -> None:
    synonyms = made_up()
    assert synonyms.expand("丙") == []  # control 1
    assert synonyms.expand("戊")[0] == "甲"  # a misuse still finds the right word
    assert "戊" not in synonyms.expand("甲")


def test_group_lines_round_trip() -> None:
    group = Group("000003", "IT/娯楽", (Entry("a b", 0, 2, 1, 2, 1, (1, 2)), Entry("c")))
    assert Group.decode(group.line()) == group


def test_other_analyzer_version_is_folded_again() -> None:
    text = gzip.decompress(dump([Group("1", "", (Entry("ア"), Entry("イ")))], "x")).decode()
    header, rest = text.split("\n", 1)
    fields = header.split("\t")
    fields[2] = "-1"
    stale = ("\t".join(fields) + "\n" + rest).replace("\nあ\t0", "\nstale\t0")
    synonyms = Synonyms.from_bytes(gzip.compress(stale.encode()))
    assert synonyms.problem is None
    assert synonyms.expand("ア") == ["イ"]


# Missing and damaged files ---------------------------------------------------------------


def test_missing_file_gives_empty_synonyms(tmp_path: Path) -> None:
    synonyms = Synonyms.load(tmp_path / "absent.tsv.gz")
    assert synonyms.problem and "not readable" in synonyms.problem
    assert len(synonyms) == 0
    assert synonyms.expand("トレーニング") == []


@pytest.mark.parametrize(
    "data",
    [
        b"not gzip",
        gzip.compress(b"hello\n"),
        gzip.compress(b"kumonote-synonyms\t1\t4\t5\t5\tx\n"),
        dump([Group("1", "", (Entry("ア"), Entry("イ")))], "x")[:-9],
    ],
    ids=["not-gzip", "no-header", "truncated-lines", "truncated-gzip"],
)
def test_damaged_file_gives_empty_synonyms(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "synonyms.tsv.gz"
    path.write_bytes(data)
    synonyms = Synonyms.load(path)
    assert synonyms.problem and "damaged" in synonyms.problem
    assert synonyms.expand("ア") == []


def test_damaged_group_line_is_skipped() -> None:
    text = gzip.decompress(dump([Group("1", "", (Entry("ア"), Entry("イ")))], "x")).decode()
    broken = text.replace("\t000000\tイ", "\tzz\tイ")
    assert broken != text
    synonyms = Synonyms.from_bytes(gzip.compress(broken.encode()))
    assert synonyms.problem is None
    assert synonyms.expand("ア") == []


# The conversion script -------------------------------------------------------------------


def test_script_drops_deletion_records_and_useless_groups(tmp_path: Path) -> None:
    source = tmp_path / "synonyms.txt"
    source.write_text(
        "000001,1,0,1,0,0,0,(),削除,,\n"
        "000001,1,2,2,0,0,0,(),抹消,,\n"
        "000001,1,1,3,0,0,1,(),delete,,\n"
        "\n"
        "000002,1,1,1,0,0,0,(IT),甲,,\n"
        "000002,1,1,2,0,0,0,(IT),乙,,\n"
        "\n"
        "000003,,,,,,,,丙,,\n"
        "000003,,,,,,,,丁,,\n",
        encoding="utf-8",
    )
    groups = script().read(source)
    assert [g.ident for g in groups] == ["000001", "000003"]  # 000002 has no trigger
    assert [e.word for e in groups[0].entries] == ["削除", "delete"]
    assert groups[0].entries[1] == Entry("delete", 1, 1, 0, 0, 1, (3,))
    synonyms = Synonyms.from_bytes(dump(groups, "test"))
    assert synonyms.expand("削除") == ["delete"]
    assert synonyms.expand("丙") == ["丁"]

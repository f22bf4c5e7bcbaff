"""The command line with several content sources: the config file, `--content` twice,
`kumonote config`, and a source that went away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("english")


def kumonote(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KUMONOTE_CONFIG": str(config)},
    )


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    folder = tmp_path / "mine" / "lab"
    folder.mkdir(parents=True)
    (folder / "rotation.md").write_text(
        "# 鍵の自動ローテーション\n\n- 毎年ローテーションされる。[[AWS KMS キー]] も参照。\n",
        encoding="utf-8",
    )
    return folder.parent


def config_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_configured_sources_are_listed_searched_and_checked(tmp_path: Path, mine: Path) -> None:
    config = config_file(tmp_path, f'[[sources]]\npath = "{mine}"\nname = "My notes"\n')
    listed = json.loads(kumonote("list", "--json", config=config).stdout)
    by_id = {row["id"]: row for row in listed}
    assert by_id["security/kms"]["source"] == "kumonote"
    assert by_id["my-notes:lab/rotation"]["source"] == "my-notes"
    text = kumonote("list", config=config).stdout
    assert "[Bundled notes]" in text and "[My notes]" in text
    found = kumonote("search", "--json", "ローテーション", config=config)
    assert found.returncode == 0
    assert json.loads(found.stdout)[0]["id"] == "my-notes:lab/rotation"
    checked = kumonote("check", config=config)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # the wikilink crosses over


def test_the_bundled_notes_can_be_switched_off(tmp_path: Path, mine: Path) -> None:
    config = config_file(tmp_path, f'bundled = false\n[[sources]]\npath = "{mine}"\n')
    listed = json.loads(kumonote("list", "--json", config=config).stdout)
    assert [row["id"] for row in listed] == ["lab/rotation"]  # one source: ids as they are


def test_content_twice_and_a_missing_source(tmp_path: Path, mine: Path) -> None:
    config = config_file(tmp_path, "")
    both = kumonote("list", "--json", "--content", str(mine), "--content", str(mine), config=config)
    assert sorted(row["id"] for row in json.loads(both.stdout)) == [
        "lab/rotation",
        "mine-2:lab/rotation",
    ]
    gone = tmp_path / "gone"
    checked = kumonote("check", "--content", str(mine), "--content", str(gone), config=config)
    assert checked.returncode == 1
    assert f"{gone}: source gone not loaded: content path does not exist" in checked.stdout
    alone = kumonote("check", "--content", str(gone), config=config)
    assert alone.returncode == 2 and "does not exist" in alone.stderr


def test_config_prints_the_file_and_what_is_in_force(tmp_path: Path, mine: Path) -> None:
    absent = tmp_path / "none.toml"
    shown = kumonote("config", config=absent)
    assert shown.returncode == 0
    assert f"config file: {absent} (not there: the defaults apply)" in shown.stdout
    assert "bundled notes: on" in shown.stdout and "1. Bundled notes" in shown.stdout
    config = config_file(
        tmp_path, f'language = "ja"\nbundled = false\n[[sources]]\npath = "{mine}"\nname = "自分"\n'
    )
    as_json = json.loads(kumonote("config", "--json", config=config).stdout)
    assert as_json["exists"] and as_json["bundled"] is False and as_json["problems"] == []
    assert [(s["name"], s["path"], s["exists"]) for s in as_json["sources"]] == [
        ("自分", str(mine), True)
    ]
    assert as_json["language"] == "en" and as_json["language_from"] == "KUMONOTE_LANG"


def test_a_broken_config_file_is_reported_and_the_defaults_apply(tmp_path: Path) -> None:
    config = config_file(tmp_path, "bundled = maybe\n")
    listed = kumonote("list", "--json", config=config)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) > 30
    assert "config file:" in listed.stderr and "not valid TOML" in listed.stderr
    assert "Traceback" not in listed.stderr
    assert kumonote("config", config=config).returncode == 1


def test_the_config_file_sets_the_language(tmp_path: Path) -> None:
    config = config_file(tmp_path, 'language = "ja"\n')
    env = {k: v for k, v in os.environ.items() if k != "KUMONOTE_LANG"}
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "KUMONOTE_CONFIG": str(config), "LANG": "C.UTF-8"},
    )
    assert "問題 0 件" in result.stdout, result.stdout


def test_the_palette_choice_speaks_for_the_command_line_too(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(
        json.dumps({"version": 1, "theme": None, "values": {"language": "ja"}}), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k != "KUMONOTE_LANG"}
    env.update(LANG="C.UTF-8", KUMONOTE_DATA_DIR=str(data), KUMONOTE_CONFIG=str(tmp_path / "x"))
    shown = subprocess.run(
        [sys.executable, "-m", "tui", "config", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    told = json.loads(shown.stdout)
    assert told["language"] == "ja" and told["language_from"] == "パレットでの選択"

"""The command line's rough edges: exit codes, per-command help, short quotes of long input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.notes.sources import Source
from tui.notes.wording import QUOTED_CHARS, shortened
from tui.screens.content_notices import check_command

# The command line's messages are asserted in English here (tests/test_i18n.py has both).
pytestmark = pytest.mark.usefixtures("english")


def kumonote(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "100"},
    )


def test_search_exits_1_when_nothing_matches_and_the_json_stays_valid() -> None:
    plain = kumonote("search", "zzqxvw")
    assert plain.returncode == 1
    as_json = kumonote("search", "--json", "zzqxvw")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == []


def test_search_exits_0_when_something_matches() -> None:
    assert kumonote("search", "kms").returncode == 0


def test_list_of_an_empty_folder_says_so_and_exits_1(tmp_path: Path) -> None:
    done = kumonote("list", "--content", str(tmp_path))
    assert done.returncode == 1
    assert str(tmp_path) in done.stderr and done.stdout == ""
    assert kumonote("list", "--json", "--content", str(tmp_path)).returncode == 1


def test_each_command_has_its_own_usage_line() -> None:
    for command in ("list", "check", "search", "show", "index"):
        done = kumonote(command, "--help")
        assert done.returncode == 0
        first = done.stdout.splitlines()[0]
        assert first.startswith(f"usage: kumonote {command} "), first
        assert "COMMAND" not in first and "[NOTE]" not in first
        assert done.stdout.splitlines()[2].strip(), "a description follows the usage"


def test_messages_quote_only_a_short_prefix_of_a_long_query() -> None:
    query = "あ" * 10_000
    done = kumonote("search", query)
    assert done.returncode == 1
    assert len(done.stdout) < 400
    assert "あ" * (QUOTED_CHARS - 1) + "…" in done.stdout


def test_shortened_keeps_short_text() -> None:
    assert shortened("kms") == "kms"
    assert shortened("x" * 100, 10) == "x" * 9 + "…"


def test_the_check_hint_names_the_same_content() -> None:
    assert check_command() == "kumonote check"
    assert check_command([Source(Path("/etc"))], named=True) == "kumonote check --content /etc"
    assert (
        check_command([Source(Path("my notes"))], named=True)
        == "kumonote check --content 'my notes'"
    )
    two = [Source(Path("/a")), Source(Path("/b"))]
    assert check_command(two, named=True) == "kumonote check --content /a --content /b"
    # configured sources are read again from the config file by a plain `kumonote check`
    assert check_command([Source.bundled(), Source(Path("/a"))]) == "kumonote check"


@pytest.mark.parametrize("columns", [50, 80])
@pytest.mark.parametrize("command", ["", "search", "show", "list", "config", "docs", "cards"])
def test_japanese_help_fits_the_terminal_width(columns: int, command: str) -> None:
    import os
    import subprocess
    import sys

    from rich.cells import cell_len

    args = [sys.executable, "-m", "tui", *([command] if command else []), "--help"]
    env = {**os.environ, "KUMONOTE_LANG": "ja", "COLUMNS": str(columns)}
    shown = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60).stdout
    assert "使い方" in shown
    wide = [line for line in shown.splitlines() if cell_len(line) > columns]
    assert not wide, wide

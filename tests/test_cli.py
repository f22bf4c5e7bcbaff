"""The command line: list, check, exit codes, bad usage — run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest

# The command line's messages are asserted in English here (tests/test_i18n.py has both).
pytestmark = pytest.mark.usefixtures("english")


def kumonote(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env=None if env is None else {**os.environ, **env},
    )


def test_list_groups_every_bundled_note_by_category(tmp_path: Path, repo_root: Path) -> None:
    result = kumonote("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    notes = json.loads(result.stdout)
    files = list((repo_root / "content").rglob("*.md"))
    assert len(notes) == len(files) > 30
    assert {"id", "title", "category", "aliases", "sections", "path"} <= set(notes[0])
    kms = next(n for n in notes if n["id"] == "security/kms")
    assert "KMS" in kms["aliases"]
    text = kumonote("list", cwd=tmp_path).stdout
    assert "セキュリティ" in text and "  Amazon Comprehend" in text


def test_check_is_clean_on_bundled_notes() -> None:
    result = kumonote("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problems" in result.stdout


def test_check_reports_problems_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "bad.md").write_bytes(b"\x00\x01binary")
    (tmp_path / "c" / "good.md").write_text("# good\n", encoding="utf-8")
    result = kumonote("check", "--content", str(tmp_path))
    assert result.returncode == 1
    assert "bad.md: binary file" in result.stdout
    assert "1 note loaded, 1 problem" in result.stderr


@pytest.mark.parametrize("command", [["check"], ["list"], ["search", "kms"], ["show", "kms"]])
def test_missing_content_is_one_line_and_exit_2(command: list[str]) -> None:
    result = kumonote(*command, "--content", "/nonexistent/notes")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(
    sys.platform in ("darwin", "win32"),
    reason="the user cache folder follows XDG_CACHE_HOME on Linux and BSD only",
)
@pytest.mark.parametrize("as_json", [False, True])
def test_search_prints_the_index_notice_once_on_stderr(tmp_path: Path, as_json: bool) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    result = kumonote(
        "search", "kms", *(["--json"] if as_json else []), env={"XDG_CACHE_HOME": str(blocker)}
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("in-memory index") == 1, result.stderr
    assert "in-memory" not in result.stdout
    if as_json:
        assert json.loads(result.stdout)[0]["id"] == "security/kms"
    else:
        assert result.stdout.startswith("1. ") and "security/kms" in result.stdout


def test_app_with_missing_content_exits_2_without_starting() -> None:
    result = kumonote("--content", "/nonexistent/notes")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_seed_file_opens_as_is(repo_root: Path) -> None:
    result = kumonote("list", "--json", "--content", str(repo_root / "tests" / "data" / "seed.txt"))
    titles = [n["title"] for n in json.loads(result.stdout)]
    assert titles[0] == "Amazon SQS" and "jupyter notebook 8888" in titles
    assert len(titles) == 39  # 39 `#` headings, duplicates included


def test_bad_usage_is_a_clear_error() -> None:
    result = kumonote("list", "--bogus")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr
    assert kumonote("--version").stdout.startswith("kumonote ")


def test_wheel_carries_content_and_images(tmp_path: Path, repo_root: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(repo_root),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("kumonote-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for note in (repo_root / "content").rglob("*.md"):
        assert f"tui/_content/{note.relative_to(repo_root / 'content').as_posix()}" in names
    for image in (repo_root / "images").glob("*.png"):
        assert f"tui/_images/{image.name}" in names
    assert "tui/kumonote.tcss" in names


# --- `kumonote NOTE`: resolved like `show`, before the app starts ----------------------------


class _FakeApp:
    """Stands in for the Textual app: records the note it was asked to open."""

    opened: ClassVar[list[str | None]] = []

    def __init__(
        self,
        content: Path | None = None,
        open_note: str | None = None,
        start_review: bool = False,
        config: object = None,
    ) -> None:
        _FakeApp.opened.append(open_note)
        self.return_code = 0

    def run(self) -> None:
        """Nothing to draw."""


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    import tui.app
    import tui.cli
    import tui.widgets.image_support

    _FakeApp.opened = []
    monkeypatch.setattr(tui.cli, "terminal_problem", lambda: None)
    monkeypatch.setattr(tui.app, "KumonoteApp", _FakeApp)
    monkeypatch.setattr(tui.widgets.image_support, "prepare", lambda: None)
    return _FakeApp.opened


@pytest.mark.parametrize(
    "name", ["ai-services/comprehend", "Amazon Comprehend", "comprehend", "comprehnd"]
)
def test_app_opens_the_note_show_would_print(fake_app: list[str | None], name: str) -> None:
    from tui.cli import main
    from tui.notes import bundled_library
    from tui.search.lookup import find_note_named

    assert main([name]) == 0
    assert fake_app == ["ai-services/comprehend"]
    found = find_note_named(bundled_library(), name)
    assert found is not None and found.id == "ai-services/comprehend"


def test_app_without_a_note_opens_the_last_one(fake_app: list[str | None]) -> None:
    from tui.cli import main

    assert main([]) == 0
    assert fake_app == [None]


def test_app_with_an_unknown_note_is_one_line_and_exit_2_before_starting() -> None:
    result = kumonote("zzqxjvk")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "no note matches 'zzqxjvk'" in result.stderr
    assert "Traceback" not in result.stderr and "terminal" not in result.stderr


def test_show_and_the_app_share_one_lookup() -> None:
    import tui.show
    from tui.search.lookup import find_note_named

    assert vars(tui.show)["find_note_named"] is find_note_named


# --- `check`: broken wikilinks ---------------------------------------------------------------


def test_check_reports_each_broken_wikilink(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "good.md").write_text(
        "---\ntitle: Good\naliases: [Fine]\n---\n# Good\n[[Other]] and [[Fine]]\n", encoding="utf-8"
    )
    (tmp_path / "c" / "other.md").write_text(
        "# Other\n- [[Good#Good]]\n- [[Nowhere]]\n- `[[in code]]`\n\n```\n[[fenced]]\n```\n"
        "- [[../../outside]]\n",
        encoding="utf-8",
    )
    result = kumonote("check", "--content", str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert "other.md: broken wikilink [[Nowhere]] in note c/other" in lines[0]
    assert "[[../../outside]]" in lines[1] and "outside the content root" in lines[1]
    assert "in code" not in result.stdout and "fenced" not in result.stdout
    assert "2 notes loaded, 2 problems" in result.stderr


# --- `search --limit` ------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "-1", "-20"])
def test_search_limit_below_one_is_a_usage_error(limit: str) -> None:
    result = kumonote("search", "kms", "--limit", limit)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "--limit" in result.stderr and "at least 1" in result.stderr
    assert result.stdout == ""


def test_search_limit_one_is_fine() -> None:
    result = kumonote("search", "kms", "--limit", "1", "--json")
    assert result.returncode == 0, result.stderr
    assert [hit["id"] for hit in json.loads(result.stdout)] == ["security/kms"]


# --- counts: "1 note", "2 notes" -------------------------------------------------------------


def test_counts_are_singular_for_one(tmp_path: Path) -> None:
    (tmp_path / "only.md").write_text("# Only\ntext\n", encoding="utf-8")
    check = kumonote("check", "--content", str(tmp_path))
    assert check.stdout.strip() == "1 note loaded, 0 problems"
    index = kumonote("index", "--content", str(tmp_path))
    assert index.stdout.strip() == "indexed 1 note", index.stderr


def test_counted() -> None:
    from tui.notes.wording import counted

    assert counted(1, "match", "matches") == "1 match"
    assert counted(0, "match", "matches") == "0 matches"
    assert counted(2, "note") == "2 notes"
    assert counted(1, "problem") == "1 problem"

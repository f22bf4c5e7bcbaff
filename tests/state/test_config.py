"""The config file: sources, the bundled notes switch, the language; wrong values reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.notes.sources import Source
from tui.state.config import chosen_sources, config_path, load_config


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_bundled_notes_and_no_problem(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml")
    assert not config.exists and config.problems == []
    assert config.content_sources() == [Source.bundled()]
    assert config.language is None


def test_sources_names_language_and_the_bundled_switch(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        'language = "en"\nbundled = false\n'
        '[[sources]]\npath = "/srv/notes"\nname = "自分のノート"\n'
        '[[sources]]\npath = "relative/folder"\n',
    )
    config = load_config(path)
    assert config.exists and config.problems == []
    assert config.language == "en"
    assert config.content_sources() == [
        Source(Path("/srv/notes"), "自分のノート"),
        Source(tmp_path / "relative" / "folder"),  # relative to the config file
    ]


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("language = 3\n", "language"),
        ('language = "fr"\n', "language"),
        ('bundled = "yes"\n', "bundled"),
        ('colour = "red"\n', "colour"),
        ('sources = "x"\n', "sources"),
        ("[[sources]]\nname = 'no path'\n", "path"),
        ("[[sources]]\npath = '/x'\nlabel = 'y'\n", "label"),
        ("this is not toml\n", "TOML"),
    ],
)
def test_a_wrong_value_is_a_problem_and_the_rest_applies(
    tmp_path: Path, text: str, wrong: str
) -> None:
    config = load_config(written(tmp_path, text))
    assert len(config.problems) == 1 and wrong in config.problems[0], config.problems
    assert Source.bundled() in config.content_sources()


def test_undecodable_bytes_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'language = "\xff"\n')
    assert load_config(path).problems


def test_the_path_follows_the_platform_and_the_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path() == tmp_path / "xdg" / "kumonote" / "config.toml"
    monkeypatch.setenv("KUMONOTE_CONFIG", str(tmp_path / "other.toml"))
    assert config_path() == tmp_path / "other.toml"


def test_named_content_replaces_the_configured_sources(tmp_path: Path) -> None:
    config = load_config(written(tmp_path, '[[sources]]\npath = "/a"\n'))
    assert chosen_sources(None, config) == ((Source.bundled(), Source(Path("/a"))), False)
    assert chosen_sources(Path("/b"), config) == ((Source(Path("/b")),), True)

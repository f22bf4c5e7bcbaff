"""Settings: the theme and typed getters over a small table of values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.state.settings import Settings


def test_defaults(data: Path) -> None:
    settings = Settings.load(data)
    assert settings.theme is None and settings.values == {}
    assert settings.get("anything") is None
    assert settings.get_str("a", "x") == "x"
    assert settings.get_int("a", 3) == 3
    assert settings.get_bool("a", True) is True


def test_round_trip(data: Path) -> None:
    settings = Settings.load(data)
    settings.theme = "nord"
    settings.set("wrap_width", 88)
    settings.set("show_romaji", True)
    settings.set("font_note", "游ゴシック")
    assert settings.save() is None
    again = Settings.load(data)
    assert again.load_notice is None
    assert again.theme == "nord"
    assert again.values == {"wrap_width": 88, "show_romaji": True, "font_note": "游ゴシック"}
    document = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert document == {"version": 1, "theme": "nord", "values": again.values}


def test_typed_getters_do_not_mix_types() -> None:
    settings = Settings(values={"n": 5, "flag": True, "text": "5", "zero": 0})
    assert settings.get_int("n") == 5
    assert settings.get_int("flag", -1) == -1
    assert settings.get_int("text", -1) == -1
    assert settings.get_bool("flag") is True
    assert settings.get_bool("zero", True) is True
    assert settings.get_str("text") == "5"
    assert settings.get_str("n", "none") == "none"


def test_changes_are_tracked(data: Path) -> None:
    settings = Settings.load(data)
    settings.theme = ""
    settings.set("x", 1)
    assert settings.save() is None and not settings.changed
    settings.set("x", 1)
    settings.theme = None
    assert not settings.changed
    settings.set("x", True)
    assert settings.changed and settings.get("x") is True
    settings.save()
    assert settings.remove("x") and not settings.remove("x")
    settings.theme = "textual-light"
    settings.save()
    again = Settings.load(data)
    assert again.values == {} and again.theme == "textual-light"


def test_wrong_values_are_refused() -> None:
    settings = Settings()
    with pytest.raises(TypeError):
        settings.set("ratio", 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        settings.set("list", [])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        settings.set("", "x")
    with pytest.raises(TypeError):
        Settings(values={"none": None})  # type: ignore[dict-item]
    assert settings.values == {}


def test_missing_values_object_is_fine(data: Path) -> None:
    data.mkdir()
    (data / "settings.json").write_text('{"version": 1, "theme": null}')
    settings = Settings.load(data)
    assert settings.load_notice is None and settings.theme is None and settings.values == {}

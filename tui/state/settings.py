"""User settings: the theme and a small free-form table of values, kept in `settings.json`.

A save writes only the settings changed here since the last load or save; the others keep
what the file holds, which another kumonote process may have changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tui.state.files import VERSION, StateError, StateFile

SettingValue = str | int | bool
"""What a setting can hold."""


def _is_value(value: object) -> bool:
    return isinstance(value, (str, int, bool))


def parse_settings(document: dict[str, Any]) -> tuple[str | None, dict[str, SettingValue]]:
    """The theme and values of a `settings.json` document; StateError if malformed."""
    theme = document.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise StateError("wrong shape: theme is not a string")
    values = document.get("values", {})
    if not isinstance(values, dict):
        raise StateError("wrong shape: values is not an object")
    for key, value in values.items():
        if not _is_value(value):
            raise StateError(f"wrong shape: values[{key!r}] is not a string, number or boolean")
    return theme or None, dict(values)


class Settings(StateFile[tuple[str | None, dict[str, SettingValue]]]):
    """The theme name (None: the app's default) and other small settings by name."""

    file_name = "settings.json"

    def __init__(
        self,
        theme: str | None = None,
        values: Mapping[str, SettingValue] | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        super().__init__(path)
        self._theme = theme or None
        self._values: dict[str, SettingValue] = {}
        for key, value in (values or {}).items():
            self._check(key, value)
            self._values[key] = value
        self._theme_changed = False
        self._changed_keys: set[str] = set()

    @classmethod
    def from_content(
        cls, content: tuple[str | None, dict[str, SettingValue]] | None, path: Path
    ) -> Settings:
        """The settings of `path` holding `content` (None: the defaults)."""
        theme, values = content or (None, {})
        return cls(theme, values, path=path)

    @staticmethod
    def _check(key: str, value: object) -> None:
        if not isinstance(key, str) or not key:
            raise ValueError("a setting needs a non-empty name")
        if not _is_value(value):
            kind = type(value).__name__
            raise TypeError(f"setting {key!r} must be a str, int or bool, not {kind}")

    @property
    def theme(self) -> str | None:
        """Name of the chosen theme, or None for the app's default."""
        return self._theme

    @theme.setter
    def theme(self, name: str | None) -> None:
        name = name or None
        if name != self._theme:
            self._theme = name
            self._theme_changed = True
            self.changed = True

    @property
    def values(self) -> dict[str, SettingValue]:
        """A copy of all other settings."""
        return dict(self._values)

    def get(self, key: str) -> SettingValue | None:
        """A setting's value, or None when it is not set."""
        return self._values.get(key)

    def get_str(self, key: str, default: str = "") -> str:
        """A text setting, or `default` when unset or of another type."""
        value = self._values.get(key)
        return value if isinstance(value, str) else default

    def get_int(self, key: str, default: int = 0) -> int:
        """A whole-number setting, or `default` when unset or of another type (booleans too)."""
        value = self._values.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    def get_bool(self, key: str, default: bool = False) -> bool:
        """A yes/no setting, or `default` when unset or of another type."""
        value = self._values.get(key)
        return value if isinstance(value, bool) else default

    def set(self, key: str, value: SettingValue) -> None:
        """Set a value; TypeError for anything but str, int or bool."""
        self._check(key, value)
        old = self._values.get(key)
        if old is None or old != value or type(old) is not type(value):
            self._values[key] = value
            self._changed_keys.add(key)
            self.changed = True

    def remove(self, key: str) -> bool:
        """Unset a value; False if it was not set."""
        if key not in self._values:
            return False
        del self._values[key]
        self._changed_keys.add(key)
        self.changed = True
        return True

    def to_json(self) -> dict[str, Any]:
        """The `settings.json` document."""
        return {"version": VERSION, "theme": self._theme, "values": dict(self._values)}

    @staticmethod
    def parse(document: dict[str, Any]) -> tuple[str | None, dict[str, SettingValue]]:
        """The theme and values of a `settings.json` document."""
        return parse_settings(document)

    def merged(
        self, on_disk: tuple[str | None, dict[str, SettingValue]]
    ) -> tuple[dict[str, Any], Callable[[], None]]:
        """The file's settings with those changed here since the last load or save."""
        theme = self._theme if self._theme_changed else on_disk[0]
        values = dict(on_disk[1])
        for key in self._changed_keys:
            if key in self._values:
                values[key] = self._values[key]
            else:
                values.pop(key, None)

        def adopt() -> None:
            self._theme, self._values = theme, values

        return {"version": VERSION, "theme": theme, "values": dict(values)}, adopt

    def forget_changes(self) -> None:
        """Start recording changes afresh (the file now holds these settings)."""
        self._theme_changed = False
        self._changed_keys = set()

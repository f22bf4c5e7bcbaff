"""The config file: `config.toml` in the platform's config directory (or `$KUMONOTE_CONFIG`).

```toml
language = "ja"        # the interface language, "ja" or "en" (KUMONOTE_LANG wins over it)
bundled = true         # show the notes that ship with kumonote
docsets = true         # show the references built with `kumonote docs add` (the AWS API)

[[sources]]            # a folder or Markdown file of your own; as many as you like
path = "~/notes/aws"
name = "自分のノート"   # optional: the label of its branch (default: the folder's name)
```

kumonote only reads this file. A file that cannot be read or holds a wrong value is reported
(`Config.problems`) and what is right in it still applies.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.i18n import _
from tui.notes.sources import Source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ENV_CONFIG = "KUMONOTE_CONFIG"
"""Environment variable naming another config file."""

KEYS = ("language", "bundled", "docsets", "sources")
SOURCE_KEYS = ("path", "name")


@dataclass
class Config:
    """What the config file says, with defaults for what it leaves out."""

    path: Path
    exists: bool = False
    language: str | None = None
    bundled: bool = True
    docsets: bool = True
    sources: list[Source] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def content_sources(self) -> list[Source]:
        """The sources in tree order: the bundled notes first (when on), then the file's."""
        return ([Source.bundled()] if self.bundled else []) + self.sources


def config_path() -> Path:
    """Where the config file is: `$KUMONOTE_CONFIG`, else the user config directory's."""
    from_env = os.environ.get(ENV_CONFIG, "")
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("kumonote", appauthor=False)) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file (a missing file is the defaults; never raises)."""
    path = config_path() if path is None else path
    config = Config(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as error:
        config.problems.append(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        )
        return config
    config.exists = True
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        config.problems.append(
            _("{path} is not valid TOML: {reason}").format(path=path, reason=error)
        )
        return config
    _apply(config, document)
    return config


def _apply(config: Config, document: dict[str, Any]) -> None:
    wrong = config.problems
    for key in document:
        if key not in KEYS:
            wrong.append(
                _("unknown key {key} (known: {known})").format(key=key, known=", ".join(KEYS))
            )
    language = document.get("language")
    if language is not None:
        if isinstance(language, str) and language.strip().lower()[:2] in ("ja", "en"):
            config.language = language.strip().lower()[:2]
        else:
            wrong.append(_('language must be "ja" or "en", not {value!r}').format(value=language))
    for switch in ("bundled", "docsets"):
        value = document.get(switch, True)
        if isinstance(value, bool):
            setattr(config, switch, value)
        else:
            wrong.append(
                _("{key} must be true or false, not {value!r}").format(key=switch, value=value)
            )
    sources = document.get("sources", [])
    if not isinstance(sources, list):
        wrong.append(_("sources must be a list of [[sources]] tables"))
        return
    for number, entry in enumerate(sources, 1):
        source = _source(entry, number, wrong, config.path.parent)
        if source is not None:
            config.sources.append(source)


def _source(entry: object, number: int, wrong: list[str], base: Path) -> Source | None:
    """A `[[sources]]` table; a relative path is relative to the config file's folder."""
    if not isinstance(entry, dict):
        wrong.append(_("source {number}: not a table with a path").format(number=number))
        return None
    for key in entry:
        if key not in SOURCE_KEYS:
            wrong.append(
                _("source {number}: unknown key {key} (known: {known})").format(
                    number=number, key=key, known=", ".join(SOURCE_KEYS)
                )
            )
    path, name = entry.get("path"), entry.get("name", "")
    if not isinstance(path, str) or not path.strip():
        wrong.append(_("source {number}: path must be a non-empty string").format(number=number))
        return None
    if not isinstance(name, str):
        wrong.append(_("source {number}: name must be a string").format(number=number))
        name = ""
    where = Path(path.strip()).expanduser()
    return Source(where if where.is_absolute() else base / where, name.strip())


def chosen_sources(
    content: Path | Sequence[Source] | None, config: Config | None = None
) -> tuple[tuple[Source, ...], bool]:
    """The sources to show and whether they were named (`--content`) rather than configured.

    `content` None: the config file's (the bundled notes, then its `[[sources]]`); a path: that
    folder or file alone; sources: those.
    """
    if content is None:
        return tuple((config or load_config()).content_sources()), False
    if isinstance(content, Path):
        return (Source(content),), True
    return tuple(content), True

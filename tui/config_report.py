"""`kumonote config`: where the config file is, and the settings in force (with their origin)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from tui.i18n import _, language, language_of
from tui.notes.bundled import bundled_paths
from tui.notes.safe_text import inert, safe_json
from tui.state.config import ENV_CONFIG, Config


def language_origin(
    config: Config, environ: Mapping[str, str] | None = None, chosen: str | None = None
) -> str:
    """Which setting chose the interface language: a variable's name, the palette's choice,
    the config file, or the default."""
    env = os.environ if environ is None else environ
    if language_of(env.get("KUMONOTE_LANG")) is not None:
        return "KUMONOTE_LANG"
    if chosen:
        return _("the choice made in the palette")
    if config.language is not None:
        return _("the config file")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if language_of(env.get(name)) is not None:
            return name
    return _("the default")


def _source_rows(config: Config) -> list[dict[str, str | bool]]:
    rows: list[dict[str, str | bool]] = []
    for source in config.content_sources():
        path = bundled_paths()[0] if source.path is None else source.path
        rows.append(
            {
                "name": source.title or _("Bundled notes"),
                "key": source.key,
                "path": str(path),
                "bundled": source.is_bundled,
                "exists": path.exists(),
            }
        )
    return rows


def cmd_config(config: Config, *, as_json: bool = False, chosen: str | None = None) -> int:
    """Print the config file's place and what is in force; exit 1 when the file has problems."""
    sources = _source_rows(config)
    if as_json:
        print(
            safe_json(
                {
                    "path": str(config.path),
                    "exists": config.exists,
                    "language": language(),
                    "language_from": language_origin(config, chosen=chosen),
                    "bundled": config.bundled,
                    "sources": sources,
                    "problems": config.problems,
                }
            )
        )
        return 1 if config.problems else 0
    where = inert(str(config.path))
    if config.exists:
        print(_("config file: {path}").format(path=where))
    else:
        print(_("config file: {path} (not there: the defaults apply)").format(path=where))
    if os.environ.get(ENV_CONFIG):
        print("  " + _("(chosen by {variable})").format(variable=ENV_CONFIG))
    print(
        _("language: {language} (from {origin})").format(
            language=language(), origin=language_origin(config, chosen=chosen)
        )
    )
    print(_("bundled notes: {state}").format(state=_("on") if config.bundled else _("off")))
    print(_("sources:") if sources else _("sources: none (nothing to show)"))
    for number, row in enumerate(sources, 1):
        state = "" if row["exists"] else "  " + _("(missing)")
        print(f"  {number}. {inert(str(row['name']))}  {inert(str(row['path']))}{state}")
    for problem in config.problems:
        print("kumonote: " + _("config file: {problem}").format(problem=problem), file=sys.stderr)
    return 1 if config.problems else 0

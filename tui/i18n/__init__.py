"""The interface language: every string a user reads goes through `_` (stdlib gettext).

Source strings are English; `locale/ja/LC_MESSAGES/kumonote.po` holds their Japanese, compiled
to `kumonote.mo` beside it (`python scripts/catalogue.py` extracts and compiles). The language
follows `KUMONOTE_LANG`, then the config file, then `LC_ALL`/`LC_MESSAGES`/`LANG` (ja → Japanese,
anything else → English), and can be switched while the app runs. Note content is never
translated. Strings defined at import time are marked with `N_` and translated where shown.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "kumonote"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("ja", "en")
"""The interface languages, Japanese first."""

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def language_of(value: str | None) -> str | None:
    """`ja` or `en` for a language setting (`ja_JP.UTF-8`, `en`, `C`), None when it is empty."""
    if not value or not value.strip():
        return None
    return "ja" if value.strip().lower().startswith("ja") else "en"


def language_from_env(
    environ: Mapping[str, str] | None = None, configured: str | None = None
) -> str:
    """The language asked for: `KUMONOTE_LANG`, then `configured`, then the locale variables."""
    env = os.environ if environ is None else environ
    for value in (env.get("KUMONOTE_LANG"), configured):
        found = language_of(value)
        if found is not None:
            return found
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = language_of(env.get(name))
        if found is not None:
            return found
    return "en"


def set_language(language: str) -> str:
    """Speak `language` (`ja` or `en`; anything else is English) from now on; return it."""
    global _translations, _language
    language = language_of(language) or "en"
    if language == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _language = language
    return language


def language() -> str:
    """The interface language now: `ja` or `en`."""
    return _language


def _(message: str) -> str:
    """`message` in the interface language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message for `count`, in the interface language."""
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (translate where shown)."""
    return message


ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)
"""argparse's own words that `--help` and usage errors show; our catalogue holds them."""


def _argparse_text(message: str) -> str:
    return _translations.gettext(message)


def translate_argparse() -> None:
    """Make argparse's own words (`usage:`, `options`, its errors) follow the interface language.

    argparse looks its words up with the stdlib `gettext` in the "argparse" domain, for which
    Python ships no catalogue; it calls the module-level `_` each time, so pointing that at ours
    translates them (the ones in `ARGPARSE_MESSAGES`; any other stays English).
    """
    import argparse

    argparse._ = _argparse_text  # type: ignore[attr-defined]


def in_language(message: str, language: str) -> str:
    """`message` in `language` (`ja` or `en`), whatever the interface language is now."""
    if language_of(language) != "ja":
        return message
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=["ja"], fallback=True).gettext(message)

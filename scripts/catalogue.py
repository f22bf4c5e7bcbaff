"""The message catalogue: extract the interface strings, merge them into the Japanese .po, compile.

    python scripts/catalogue.py            # extract, merge into ja.po, compile ja.mo
    python scripts/catalogue.py --check    # fail when a string lacks a translation or .mo is stale

Strings are what the code passes to `_`, `N_` and `ngettext` (tui/i18n). Needs Babel (the dev
and test extras); the app itself reads the compiled .mo with the standard library.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui"
PO = PACKAGE / "i18n" / "locale" / "ja" / "LC_MESSAGES" / "kumonote.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
EPOCH = datetime(2026, 12, 7, tzinfo=timezone.utc)
"""A fixed date in the header, so that re-running changes nothing unless a string did."""
HEADER: dict[str, Any] = {
    "version": "0.1",
    "copyright_holder": "the kumonote authors",
    "msgid_bugs_address": "",
    "last_translator": "the kumonote authors",
    "language_team": "Japanese",
    "creation_date": EPOCH,
    "revision_date": EPOCH,
}


def extracted() -> Catalog:
    """Every interface string in the code, as a template catalogue."""
    template = Catalog(project="kumonote", charset="utf-8", **HEADER)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(
            message, None, [(f"tui/{filename}", lineno)], auto_comments=comments, context=context
        )
    return template


def merged(template: Catalog) -> Catalog:
    """The Japanese catalogue brought up to date with `template` (translations kept)."""
    if PO.exists():
        with PO.open("rb") as handle:
            catalog = read_po(handle, locale="ja")
    else:
        catalog = Catalog(locale="ja", project="kumonote", charset="utf-8", **HEADER)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.revision_date = EPOCH
    catalog.fuzzy = False
    return catalog


def compiled(catalog: Catalog) -> bytes:
    """The .mo bytes for `catalog` (untranslated and fuzzy entries left out)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def problems() -> list[str]:
    """What is wrong with the catalogue as committed: missing or stale strings, a stale .mo."""
    template = extracted()
    if not PO.exists():
        return [f"{PO.relative_to(ROOT)} is missing"]
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    found: list[str] = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        if entry is None:
            found.append(f"not in the catalogue: {message.id!r}")
        elif entry.fuzzy or not (
            all(entry.string) if isinstance(entry.string, tuple) else entry.string
        ):
            found.append(f"no Japanese for: {message.id!r}")
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for entry in catalog:
        key = entry.id if isinstance(entry.id, str) else entry.id[0]
        if entry.id and key not in wanted and not entry.obsolete:
            found.append(f"no longer in the code: {key!r}")
    if not MO.exists() or MO.read_bytes() != compiled(catalog):
        found.append(f"{MO.relative_to(ROOT)} is stale: run python scripts/catalogue.py")
    return found


def main(argv: list[str] | None = None) -> int:
    """Update the catalogue, or check it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check only; exit 1 on problems")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        return 1 if found else 0
    catalog = merged(extracted())
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        # Sorted, with file names but no line numbers: a change elsewhere in a file leaves
        # the catalogue as it is, and two branches adding strings rarely touch the same lines.
        write_po(
            handle,
            catalog,
            width=100,
            omit_header=False,
            sort_output=True,
            include_lineno=False,
            ignore_obsolete=True,
        )
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    MO.write_bytes(compiled(catalog))
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{len(catalog)} strings, {len(missing)} without Japanese: {PO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

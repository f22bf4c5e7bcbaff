"""Make tui/search/data/synonyms.tsv.gz from Sudachi's synonym dictionary.

    python scripts/make_synonyms.py SYNONYMS_TXT --source WorksApplications/SudachiDict@COMMIT

SYNONYMS_TXT is ``src/main/text/synonyms.txt`` of the SudachiDict repository (Apache-2.0);
``--source`` is written into the file header and should name the repository and commit.
Entries whose 展開制御フラグ is 2 (deletion records) are dropped, and so are groups left
with no trigger word or with fewer than two distinct (folded) words. Everything else is
kept; the format is described in `tui.search.synonyms`.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's tui, not an installed copy

from tui.search.analysis import fold  # noqa: E402
from tui.search.synonyms import DATA_FILE, Entry, Group, Synonyms, dump  # noqa: E402

OUT = ROOT / "tui" / "search" / "data" / DATA_FILE


def flag(text: str) -> int:
    """A one-digit flag; an omitted flag counts as 0."""
    text = text.strip()
    if not text:
        return 0
    if len(text) != 1 or not text.isdigit():
        raise ValueError(f"bad flag {text!r}")
    return int(text)


def read(path: Path) -> list[Group]:
    """The usable groups of the Sudachi synonym source at ``path``."""
    rows: dict[str, list[list[str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if row and any(cell.strip() for cell in row):
                rows.setdefault(row[0], []).append(row)
    groups = []
    for ident, members in rows.items():
        entries = []
        field = members[0][7].strip().strip("()")
        for row in members:
            word = row[8].strip()
            if not word or flag(row[2]) == 2:
                continue
            if "\t" in word or "\n" in word:
                raise ValueError(f"group {ident}: bad word {word!r}")
            lexemes = tuple(int(n) for n in row[3].split("/") if n.strip())
            entries.append(
                Entry(
                    word,
                    flag(row[2]),
                    flag(row[1]),
                    flag(row[4]),
                    flag(row[5]),
                    flag(row[6]),
                    lexemes,
                )
            )
        if any(e.triggers for e in entries) and len({fold(e.word) for e in entries}) > 1:
            groups.append(Group(ident, field, tuple(entries)))
    return groups


def main() -> None:
    """Read the source, write the shipped file and print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source_file", type=Path, help="SudachiDict src/main/text/synonyms.txt")
    parser.add_argument("--source", required=True, help="repository@commit of the source")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    groups = read(args.source_file)
    data = dump(groups, args.source)
    check = Synonyms.from_bytes(data)
    if check.problem:
        raise SystemExit(check.problem)
    args.out.write_bytes(data)
    words = sum(len(group.entries) for group in groups)
    print(f"{args.out.name}: {len(groups)} groups, {words} words, {len(data)} bytes")


if __name__ == "__main__":
    main()

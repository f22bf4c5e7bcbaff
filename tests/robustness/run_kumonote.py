"""Run `kumonote ARGS...` as a real process that records every file it opens or lists.

Usage: ``python run_kumonote.py LOG ARGS...``. The paths go to LOG as JSON, one list, when
the command ends. Files and folders of mode 000 cannot be read, even by root (see
`corpus.permission_patches`), so the corpus means the same for every user.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> int:
    log, args = sys.argv[1], sys.argv[2:]
    seen: list[str] = []

    def hook(event: str, details: tuple[object, ...]) -> None:
        if event in ("open", "os.scandir", "os.listdir") and details:
            path = details[0]
            if isinstance(path, (str, bytes, os.PathLike)):
                seen.append(os.fsdecode(path))

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/
    from robustness.corpus import permission_patches

    if os.geteuid() == 0:
        for owner, name, replacement in permission_patches():
            setattr(owner, name, replacement)
    sys.addaudithook(hook)
    from tui.cli import main as kumonote

    try:
        return kumonote(args)
    finally:
        with open(log, "w", encoding="utf-8") as handle:
            json.dump(seen, handle, ensure_ascii=True)


if __name__ == "__main__":
    raise SystemExit(main())

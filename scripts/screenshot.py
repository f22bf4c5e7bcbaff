"""Make the README screenshot: run the app headless, search, save SVG and PNG.

    python scripts/screenshot.py [QUERY] [--out docs/screenshot]

Needs `rsvg-convert` (Debian: librsvg2-bin) and a CJK font (fonts-noto-cjk) for the PNG.
Textual sizes each SVG text run by characters, not terminal cells, so runs with wide (Japanese)
characters come out too short; this script places each of their characters at its own cell.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from rich.cells import cell_len

from tui.app import KumonoteApp
from tui.screens.main import MainScreen

CELL = 12.2  # Textual's SVG cell width
_RUN = re.compile(r'<text ([^>]*?)x="([0-9.]+)"([^>]*?)textLength="[0-9.]+"([^>]*)>([^<]*)</text>')


def fix_widths(svg: str) -> str:
    """Place every character of each text run at its own cell, so wide characters line up."""

    def fix(match: re.Match[str]) -> str:
        before, x, middle, after, raw = match.groups()
        text = html.unescape(raw)
        if text.isascii():
            return match.group(0)
        out, cells = [], 0
        for char in text:
            width = cell_len(char)
            left = float(x) + cells * CELL
            out.append(
                f'<text {before}x="{left:g}"{middle}textLength="{width * CELL:g}"{after}>'
                f"{html.escape(char)}</text>"
            )
            cells += width
        return "".join(out)

    return _RUN.sub(fix, svg)


async def capture(query: str, size: tuple[int, int]) -> str:
    """The SVG of the app after typing `query`."""
    with tempfile.TemporaryDirectory() as tmp:
        app = KumonoteApp(cache_dir=Path(tmp) / "i", data_dir=Path(tmp) / "d", watch=False)
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            while screen.engine is None:
                await pilot.pause(0.05)
            await pilot.press("slash", *query)
            for _ in range(5):
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
            screen.query_one("SearchBar").cursor_blink = False
            return app.export_screenshot()


def main() -> None:
    """Write OUT.svg and OUT.png."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", nargs="?", default="暗号")
    parser.add_argument("--out", default="docs/screenshot")
    parser.add_argument("--size", default="100x30")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    svg = fix_widths(asyncio.run(capture(args.query, (width, height))))
    out = Path(args.out)
    out.with_suffix(".svg").write_text(svg, encoding="utf-8")  # kept next to the PNG
    converter = shutil.which("rsvg-convert")
    if converter is None:
        raise SystemExit("rsvg-convert not found (apt-get install librsvg2-bin); SVG written")
    subprocess.run(
        [converter, "-w", "1400", str(out.with_suffix(".svg")), "-o", str(out.with_suffix(".png"))],
        check=True,
    )


if __name__ == "__main__":
    main()

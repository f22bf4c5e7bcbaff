"""Markdown tables as box-drawn lines: columns fitted to the width, cells wrapped and aligned.

No Textual here.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.render.cells import align, wrapped

BORDER = "md.table_border"


def table_lines(
    header: list[Text], rows: list[list[Text]], aligns: list[str], width: int
) -> list[Text]:
    """The table in at most `width` cells (wider only when the columns cannot shrink more)."""
    columns = max([len(header), *(len(row) for row in rows)], default=0)
    if columns == 0:
        return []
    header = header + [Text()] * (columns - len(header))
    rows = [row + [Text()] * (columns - len(row)) for row in rows]
    natural = [
        max([1, *(cell_len(row[column].plain) for row in [header, *rows])])
        for column in range(columns)
    ]
    sizes = fit_columns(natural, width - (3 * columns + 1))
    aligns = aligns + ["left"] * (columns - len(aligns))

    def rule(left: str, middle: str, right: str) -> Text:
        return Text(left + middle.join("─" * (size + 2) for size in sizes) + right, BORDER)

    def row_lines(cells: list[Text]) -> list[Text]:
        cell_lines = [wrapped(cell, size) for cell, size in zip(cells, sizes, strict=True)]
        height = max(len(lines) for lines in cell_lines)
        out: list[Text] = []
        for number in range(height):
            line = Text.assemble(("│", BORDER))
            for column, lines in enumerate(cell_lines):
                piece = lines[number] if number < len(lines) else Text()
                line.append(" ")
                line.append_text(align(piece, sizes[column], aligns[column]))
                line.append(" │", BORDER)
            out.append(line)
        return out

    lines = [rule("┌", "┬", "┐"), *row_lines(header), rule("├", "┼", "┤")]
    for row in rows:
        lines.extend(row_lines(row))
    lines.append(rule("└", "┴", "┘"))
    return lines


def fit_columns(natural: list[int], available: int) -> list[int]:
    """Column widths: natural when they fit, else the widest columns share what is left."""
    if sum(natural) <= available:
        return natural
    sizes = [0] * len(natural)
    remaining = list(range(len(natural)))
    space = max(available, 2 * len(natural))
    while remaining:
        share = space // len(remaining)
        fits = [column for column in remaining if natural[column] <= share]
        if not fits:
            for position, column in enumerate(remaining):
                extra = 1 if position < space - share * len(remaining) else 0
                sizes[column] = max(2, share + extra)
            break
        for column in fits:
            sizes[column] = natural[column]
            space -= natural[column]
            remaining.remove(column)
    return sizes

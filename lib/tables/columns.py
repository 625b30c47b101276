"""Place the amounts of a row whose empty cells left no trace (a PDF table without
ruling lines) by where they stand: each header column's x-position, from the '栏次
1 2 3 …' line or the column labels, decides which column an amount belongs to.

Only lines that carry per-token x extents (`Line.cell_x`, filled by the PDF reader)
can be placed this way; an amount standing between two columns, or two amounts in
one column, leave the row to the table's arithmetic (lib.tables.placement), which
marks it ambiguous when that cannot decide either.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from lib.document import Line
from lib.textnorm import nfkc, squash

# an amount closer than this share of the column spacing to a boundary is ambiguous
BOUNDARY_MARGIN = 0.12


def _tokens(line: Line) -> list[tuple[str, float]] | None:
    """(token, x-centre) of a line whose tokens carry x extents."""
    extents = getattr(line, "cell_x", None)
    if not extents or len(extents) != len(line.cells):
        return None
    return [(squash(nfkc(text)), (x0 + x1) / 2) for text, (x0, x1) in zip(line.cells, extents)]


def header_anchors(lines: Sequence[Line], labels: Sequence[str], *, numbers: bool = True) -> list[float] | None:
    """The x-centre of each measure column, in measure order, or None when the header does
    not show all of them left to right. `lines` are the table's lines before its first row;
    `numbers`: a '栏次 1 2 3 …' line numbers exactly these columns."""
    width = len(labels)
    for line in lines if numbers else ():  # '栏次 1 2 3 …' / '类 款 项 1 2 3 …'
        tokens = _tokens(line)
        if not tokens:
            continue
        numbers = [(int(text), x) for text, x in tokens if text.isdigit() and len(text) <= 2]
        run = [x for n, x in numbers if 1 <= n <= width]
        if [n for n, _ in numbers if 1 <= n <= width] == list(range(1, width + 1)) and run == sorted(run):
            return run
    found: list[float | None] = [None] * width
    for line in lines:
        tokens = _tokens(line)
        for text, x in tokens or ():
            for index, label in enumerate(labels):
                if found[index] is None and (text == label or (len(text) >= 3 and label.startswith(text))):
                    found[index] = x
                    break
    if any(x is None for x in found):
        return None
    anchors = [x for x in found if x is not None]
    return anchors if anchors == sorted(anchors) and len(set(anchors)) == width else None


def columns_by_x(xs: Sequence[float], anchors: Sequence[float]) -> list[int] | None:
    """The column of each amount (x-centres, left to right), or None when one stands on a
    boundary, lies outside the columns, or two share a column."""
    if not xs or not anchors:
        return None
    bounds = [(a + b) / 2 for a, b in zip(anchors, anchors[1:])]
    spacing = min((b - a for a, b in zip(anchors, anchors[1:])), default=abs(anchors[0]) or 1.0)
    columns: list[int] = []
    for x in xs:
        if x < anchors[0] - spacing or x > anchors[-1] + spacing:
            return None
        if any(abs(x - bound) < BOUNDARY_MARGIN * spacing for bound in bounds):
            return None
        columns.append(bisect_left(bounds, x))
    if len(set(columns)) != len(columns) or columns != sorted(columns):
        return None
    return columns


# 表4 支出 columns: 合计 (or 小计) and the three kinds of 财政拨款
T4_COLUMN_LABELS = (("合计", "小计"), ("一般公共预算财政拨款",), ("政府性基金预算财政拨款",), ("国有资本经营预算财政拨款",))


def ledger_anchors(body: Sequence[Line]) -> list[float] | None:
    """表4's expense columns from its header lines (those before the first amount)."""
    head: list[Line] = []
    for line in body:
        if line.positional or any("." in cell and cell.replace(",", "").replace(".", "").isdigit() for cell in line.cells):
            break
        head.append(line)
    for first in T4_COLUMN_LABELS[0]:
        anchors = header_anchors(head, [first, *(labels[0] for labels in T4_COLUMN_LABELS[1:])], numbers=False)
        if anchors:
            return anchors
    return None


def ledger_cells_by_x(line: Line, cells: Sequence[object], anchors: Sequence[float] | None) -> dict[int, object] | None:
    """Column index → cell for the amounts of one 表4 expense item (cells carry their token
    index in `line.cells`), or None when the x-positions do not decide."""
    extents = getattr(line, "cell_x", None)
    if not anchors or not extents or len(extents) != len(line.cells) or not cells:
        return None
    indexes = [getattr(cell, "index", -1) for cell in cells]
    if any(not 0 <= i < len(extents) for i in indexes):
        return None
    columns = columns_by_x([(extents[i][0] + extents[i][1]) / 2 for i in indexes], anchors)
    return None if columns is None else dict(zip(columns, cells))

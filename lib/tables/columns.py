"""Place the amounts of a row whose empty cells left no trace (a PDF table without
ruling lines) by where they stand: each header column's x-position, from the '栏次
1 2 3 …' line or the column labels, decides which column an amount belongs to.

Only lines that carry per-token x extents (`Line.cell_x`, filled by the PDF reader)
can be placed this way. An amount belongs to the header column its extent overlaps
most (or lies nearest to: a right-aligned amount under a short centred label), so
left-aligned, centred and right-aligned layouts all work; an amount that two columns
claim about equally, or two amounts in one column, leave the row to the table's
arithmetic (lib.tables.placement), which marks it ambiguous when that cannot decide.
"""

from __future__ import annotations

from collections.abc import Sequence

from lib.document import Line
from lib.textnorm import nfkc, squash

# two columns whose claims on an amount differ by less than this (pt) leave it undecided
MARGIN = 2.0

Span = tuple[float, float]


def _tokens(line: Line) -> list[tuple[str, Span]] | None:
    """(token, (x0, x1)) of a line whose tokens carry x extents."""
    extents = line.cell_x
    if not extents or len(extents) != len(line.cells):
        return None
    return [(squash(nfkc(text)), (x0, x1)) for text, (x0, x1) in zip(line.cells, extents)]


def _centre(span: Span) -> float:
    return (span[0] + span[1]) / 2


def header_anchors(lines: Sequence[Line], labels: Sequence[str], *, numbers: bool = True) -> list[Span] | None:
    """The x extent of each measure column's header, in measure order, or None when the header does
    not show all of them left to right. `lines` are the table's lines before its first row;
    `numbers`: a '栏次 1 2 3 …' line numbers exactly these columns."""
    width = len(labels)
    for line in lines if numbers else ():  # '栏次 1 2 3 …' / '类 款 项 1 2 3 …'
        tokens = _tokens(line)
        if not tokens:
            continue
        numbers = [(int(text), x) for text, x in tokens if text.isdigit() and len(text) <= 2]
        run = [x for n, x in numbers if 1 <= n <= width]
        if [n for n, _ in numbers if 1 <= n <= width] == list(range(1, width + 1)) and run == sorted(run, key=_centre):
            return run
    found: list[Span | None] = [None] * width
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
    centres = [_centre(a) for a in anchors]
    return anchors if centres == sorted(centres) and len(set(centres)) == width else None


def _claim(span: Span, header: Span) -> float:
    """How strongly a header column claims an amount: the overlap, or minus the gap."""
    overlap = min(span[1], header[1]) - max(span[0], header[0])
    return overlap if overlap > 0 else -max(header[0] - span[1], span[0] - header[1], 0.0)


def columns_by_x(spans: Sequence[Span], anchors: Sequence[Span]) -> list[int] | None:
    """The column of each amount (x extents, left to right), or None when two columns claim
    one about equally, one lies far outside the header, or two share a column."""
    if not spans or not anchors:
        return None
    width = max(a[1] for a in anchors) - min(a[0] for a in anchors)
    columns: list[int] = []
    for span in spans:
        claims = sorted(((_claim(span, header), index) for index, header in enumerate(anchors)), reverse=True)
        best, column = claims[0]
        if best < -width / max(len(anchors), 1) or (len(claims) > 1 and best - claims[1][0] < MARGIN):
            return None
        columns.append(column)
    if len(set(columns)) != len(columns) or columns != sorted(columns):
        return None
    return columns


# 表4 支出 columns: 合计 (or 小计) and the three kinds of 财政拨款
T4_COLUMN_LABELS = (("合计", "小计"), ("一般公共预算财政拨款",), ("政府性基金预算财政拨款",), ("国有资本经营预算财政拨款",))


def ledger_anchors(body: Sequence[Line]) -> list[Span] | None:
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


def ledger_cells_by_x(line: Line, cells: Sequence[object], anchors: Sequence[Span] | None) -> dict[int, object] | None:
    """Column index → cell for the amounts of one 表4 expense item (cells carry their token
    index in `line.cells`), or None when the x-positions do not decide."""
    extents = getattr(line, "cell_x", None)
    if not anchors or not extents or len(extents) != len(line.cells) or not cells:
        return None
    indexes = [getattr(cell, "index", -1) for cell in cells]
    if any(not 0 <= i < len(extents) for i in indexes):
        return None
    columns = columns_by_x([extents[i] for i in indexes], anchors)
    return None if columns is None else dict(zip(columns, cells))

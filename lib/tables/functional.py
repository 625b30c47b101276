"""表2/3/5/7/8 — tables by functional classification (类/款/项 subject codes).

Each row becomes a `SubjectRow`: code, level, name and one cell per measure. Positional
lines are mapped to measures through the '栏次 1 2 3…' header when the table prints one
(text exports shift cells), otherwise left-aligned after the name. Flattened text has
lost its empty cells, so those rows are placed by arithmetic in `placement`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lib.document import Line
from lib.tables.cells import Cell, SubjectCells, column_numbers, split_subject_row
from lib.tables.columns import columns_by_x, header_anchors
from lib.textnorm import code_level, has_cjk, nfkc, parse_amount, squash

Measure = tuple[str, str]

MEASURES: dict[str, tuple[Measure, ...]] = {
    "t2": (
        ("income_total", "本年收入合计"),
        ("fiscal", "财政拨款收入"),
        ("superior_subsidy", "上级补助收入"),
        ("business", "事业收入"),
        ("operating", "经营收入"),
        ("affiliated", "附属单位上缴收入"),
        ("other", "其他收入"),
    ),
    "t3": (
        ("expense_total", "本年支出合计"),
        ("basic", "基本支出"),
        ("project", "项目支出"),
        ("to_superior", "上缴上级支出"),
        ("operating", "经营支出"),
        ("to_affiliated", "对附属单位补助支出"),
    ),
    "t5": (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")),
    "fund": (
        ("carry_begin", "年初结转和结余"),
        ("income", "本年收入"),
        ("expense_total", "本年支出小计"),
        ("basic", "基本支出"),
        ("project", "项目支出"),
        ("carry_end", "年末结转和结余"),
    ),
}

# lines above a table's rows (reprinted on continuation pages); never part of a subject name
_HEADER_LINE = re.compile(r"(?:部门|单位)[:：]|^(?:项目|类款项|科目编码|功能分类科目|支出功能分类)")

# Tables whose first column is the sum of the others (used to place flattened rows).
FIRST_IS_SUM = {"t2", "t3", "t5"}


@dataclass
class SubjectRow:
    """One subject (or the 合计 row, code None) with a value per measure.

    `cells[measure]` is (amount or None, status) with status 'value', 'empty' or
    'unreadable'; `placement` says whether the columns were printed or inferred.
    """

    code: str | None
    name: str
    cells: dict[str, tuple[float | None, str]]
    page: int
    line: int
    placement: str = "printed"
    dense_values: tuple[float, ...] = field(default=())

    @property
    def level(self) -> str:
        return "合计" if self.code is None else code_level(self.code)


def measures_for(table_id: str, header_text: str) -> tuple[Measure, ...]:
    """表7 always, and 表8 when it prints 年初结转 columns, use the fund layout."""
    if table_id == "t7" or (table_id == "t8" and "年初结转" in header_text):
        return MEASURES["fund"]
    if table_id == "t8":
        return MEASURES["t5"]
    return MEASURES[table_id]


def _status(cell: Cell | None) -> tuple[float | None, str]:
    if cell is None or cell.blank:
        return (None, "empty")
    if cell.amount is None:
        return (None, "unreadable")
    return (cell.amount, "value")


# header words → measure key, per layout (the labels templates print over each column)
_HEADER_WORDS: dict[str, dict[str, str]] = {
    "t2": {"本年收入合计": "income_total", "收入合计": "income_total", "合计": "income_total",
           "财政拨款收入": "fiscal", "财政拨款": "fiscal", "上级补助收入": "superior_subsidy", "事业收入": "business",
           "经营收入": "operating", "事业单位经营收入": "operating", "附属单位上缴收入": "affiliated", "其他收入": "other"},
    "t3": {"本年支出合计": "expense_total", "支出合计": "expense_total", "合计": "expense_total", "基本支出": "basic",
           "项目支出": "project", "上缴上级支出": "to_superior", "经营支出": "operating",
           "对附属单位补助支出": "to_affiliated"},
    "t5": {"合计": "total", "本年支出合计": "total", "支出合计": "total", "基本支出": "basic", "项目支出": "project"},
    "fund": {"年初结转和结余": "carry_begin", "本年收入": "income", "本年支出": "expense_total",
             "本年支出小计": "expense_total", "本年支出合计": "expense_total", "基本支出": "basic",
             "项目支出": "project", "年末结转和结余": "carry_end"},
}
# a column whose header only says 小计/合计 is its parent's (本年支出 → 小计, 基本支出 → 小计);
# columns under these words are parts of another column, not measures of ours
_SUBTOTAL_WORDS = {"小计", "合计"}
_PART_WORDS = {"人员经费", "公用经费", "人员经费合计", "公用经费合计"}


def header_columns(lines: list[Line], measures: tuple[Measure, ...]) -> dict[int, int] | None:
    """Cell index → measure position (1-based, like 栏次) from the header rows' words, for
    tables that print other columns, fewer or in another order than the standard. Rows are
    read top-down: a deeper row refines its column (小计 keeps the word above it)."""
    keys = [key for key, _ in measures]
    words = next((w for w in _HEADER_WORDS.values() if set(w.values()) == set(keys)), None)
    if words is None:
        return None
    column: dict[int, str | None] = {}
    for line in lines:
        for index, cell in enumerate(line.cells):
            text = squash(cell)
            if not text:
                continue
            if text in _SUBTOTAL_WORDS and column.get(index):
                continue
            if text in words:
                column[index] = words[text]
            elif text in _PART_WORDS:
                column[index] = None
    mapped = {index: keys.index(key) + 1 for index, key in column.items() if key is not None}
    if len(mapped) < 2 or len(set(mapped.values())) != len(mapped) or 1 not in mapped.values():
        return None
    order = [mapped[i] for i in sorted(mapped)]
    if order[0] != 1:
        return None
    return mapped | {index: 0 for index, key in column.items() if key is None}


def _place_positional(
    split: SubjectCells, measures: tuple[Measure, ...], colmap: dict[int, int] | None
) -> dict[str, tuple[float | None, str]]:
    values = list(split.values)
    present = [cell for cell in values if not cell.blank]
    if colmap and all(cell.index in colmap for cell in present) and split.name_index < min(colmap):
        by_column = {colmap[cell.index]: cell for cell in values if cell.index in colmap and colmap[cell.index]}
        return {key: _status(by_column.get(number)) for number, (key, _) in enumerate(measures, start=1)}
    while len(values) > len(measures) and values[0].blank:
        values.pop(0)
    return {key: _status(values[i] if i < len(values) else None) for i, (key, _) in enumerate(measures)}


def _placed_by_x(line: Line, split: SubjectCells, anchors: list[tuple[float, float]] | None,
                 measures: tuple[Measure, ...]) -> dict[str, tuple[float | None, str]] | None:
    """The row's cells placed under the header columns by x-position, or None."""
    extents = line.cell_x
    values = split.values
    if anchors is None or not extents or not values or len(nfkc(line.text).split()) != len(extents):
        return None
    columns = columns_by_x(list(extents[len(extents) - len(values):]), anchors)
    if columns is None:
        return None
    slot = dict(zip(columns, values))
    return {key: _status(slot.get(index)) for index, (key, _) in enumerate(measures)}


def _anchors(body: tuple[Line, ...], measures: tuple[Measure, ...]) -> list[tuple[float, float]] | None:
    """Header column x-positions (PDF text lines only), from the lines before the first row."""
    head: list[Line] = []
    for line in body:
        if line.positional or split_subject_row(line) is not None:
            break
        head.append(line)
    return header_anchors(head, [squash(label) for _, label in measures]) if head else None


def parse_functional(table_id: str, body: tuple[Line, ...]) -> tuple[list[SubjectRow], tuple[Measure, ...]]:
    """All subject rows of one table section (合计 included, code None)."""
    header_text = "".join(squash(line.text) for line in body[:8])
    measures = measures_for(table_id, header_text)
    rows: list[SubjectRow] = []
    colmap: dict[int, int] | None = None
    pending: SubjectRow | None = None
    anchors = _anchors(body, measures) if any(line.cell_x for line in body[:12]) else None
    header: list[Line] = []
    by_words = False
    for line in body:
        numbers = column_numbers(line)
        if numbers and len(numbers) >= len(measures) and not by_words:
            colmap = numbers
            continue
        if numbers and by_words:
            continue
        if line.positional and not rows and split_subject_row(line) is None:
            header.append(line)
            words = header_columns(header, measures)
            if words is not None and _not_standard(words, len(measures)):
                colmap, by_words = words, True  # other columns, fewer or in another order: placed by the words
            continue
        if "栏次" in squash(line.text) and not line.positional:
            continue
        split = split_subject_row(line)
        if split is None and _HEADER_LINE.search(squash(line.text)):
            pending = None  # a continuation page's reprinted '部门：… 单位：万元' / header rows
            continue
        if split is None:
            if pending is not None and not line.positional:
                _extend_pending(pending, line, measures)
                if pending.dense_values:
                    pending = None
            continue
        if line.positional:
            row = SubjectRow(split.code, split.name, _place_positional(split, measures, colmap), line.page, line.line_no)
            pending = None
        else:
            dense = tuple(cell.amount for cell in split.values if cell.amount is not None)
            if split.is_total and not dense:
                continue  # '合计' alone on a line is a broken header ('本年收入 / 合计')
            by_x = _placed_by_x(line, split, anchors, measures)
            if by_x is not None:
                rows.append(SubjectRow(split.code, split.name, by_x, line.page, line.line_no))
                pending = None
                continue
            row = SubjectRow(split.code, split.name, {}, line.page, line.line_no, "inferred", dense)
            pending = row if not dense else None
        rows.append(row)
    if any(row.placement == "inferred" for row in rows):
        from lib.tables.placement import place_dense_rows

        placed = _with_parts(measures, header_text) if table_id == "t5" else measures
        place_dense_rows(rows, placed, first_is_sum=table_id in FIRST_IS_SUM or len(measures) == 3)
        if placed != measures:  # the parts of 基本支出 were columns of the print only
            for row in rows:
                row.cells = {key: row.cells[key] for key, _ in measures if key in row.cells}
    return rows, measures


PARTS = (("personnel_part", "人员经费"), ("public_part", "公用经费"))


def _with_parts(measures: tuple[Measure, ...], header_text: str) -> tuple[Measure, ...]:
    """表5 printed with 人员经费 and 公用经费 columns after 基本支出 (its parts): the flattened
    rows' amounts are placed among those columns too."""
    if all(label in header_text for _, label in PARTS) and any(key == "basic" for key, _ in measures):
        index = next(i for i, (key, _) in enumerate(measures) if key == "basic") + 1
        return (*measures[:index], *PARTS, *measures[index:])
    return measures


def _not_standard(mapping: dict[int, int], width: int) -> bool:
    """Whether a header's columns differ from the standard run 1…width (fewer, reordered,
    or with columns of its own between them)."""
    order = [number for _, number in sorted(mapping.items())]
    return order != list(range(1, width + 1))


def _extend_pending(row: SubjectRow, line: Line, measures: tuple[Measure, ...]) -> None:
    """Flattened text breaks long names over lines; the amounts follow the name."""
    amounts: list[float] = []
    for token in nfkc(line.text).split():
        amount = parse_amount(token)
        if amount is not None:
            amounts.append(amount)
        elif has_cjk(token) and not amounts:
            row.name += token
    if amounts:
        row.dense_values = tuple(amounts)

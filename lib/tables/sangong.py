"""表9 财政拨款“三公”经费支出决算表: budget and final for the three public costs.

Usually one row of 12 columns (预算数 1–6, 决算数 7–12); Shanghai pairs 预算数/决算数
per category; other templates print 2 rows (预算数 / 决算数) × the categories, or one
row per category, and some add 会议费 and 培训费 (kept as extra categories, not part of
the 三公 合计). A table with only its header is present but empty: every amount 0.
Flattened text without empty cells is placed using the table's own identities
(1=2+3+6, 3=4+5, 7=8+9+12, 9=10+11); a column the identities cannot fix is unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from lib.document import Line
from lib.tables.cells import column_numbers, read_cell
from lib.textnorm import nfkc, parse_amount, squash

CATEGORIES = (
    ("total", "合计"),
    ("abroad", "因公出国（境）费"),
    ("vehicle", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "公务接待费"),
    ("meeting", "会议费"),
    ("training", "培训费"),
)
BASE_KEYS = [key for key, _ in CATEGORIES[:6]]
EXTRA_KEYS = [key for key, _ in CATEGORIES[6:]]
# Shanghai prints 预算数/决算数 pairs per category: column n of that layout is
# column INTERLEAVED_ORDER[n] of the standard one.
INTERLEAVED_ORDER = [1, 7, 2, 8, 3, 9, 4, 10, 5, 11, 6, 12]
COLUMN_KEYS = [("budget", key) for key in BASE_KEYS] + [("final", key) for key in BASE_KEYS]


@dataclass(frozen=True)
class SangongCell:
    measure: str  # 'budget' | 'final'
    category: str
    amount: float | None
    status: str  # 'value' | 'empty' | 'unreadable' | 'inferred'
    page: int
    line: int


def _identities_hold(values: list[float]) -> bool:
    v = values
    ok = abs(v[0] - (v[1] + v[2] + v[5])) <= 0.015 and abs(v[2] - (v[3] + v[4])) <= 0.015
    return ok and abs(v[6] - (v[7] + v[8] + v[11])) <= 0.015 and abs(v[8] - (v[9] + v[10])) <= 0.015


def _place_dense(amounts: list[float], order: list[int] | None = None, extra: int = 0) -> list[tuple[float | None, str]] | None:
    """Place a flattened row's amounts by the identities. `order`: printed position →
    standard column number (the paired layout); `extra` columns (会议费/培训费 pairs)
    follow the 12 and take part in no identity."""
    columns = [n - 1 for n in (order or range(1, 13))] + list(range(12, 12 + extra))
    width = len(columns)
    if len(amounts) >= width:
        values = [0.0] * width
        for position, amount in zip(columns, amounts):
            values[position] = amount
        return [(amount, "value") for amount in values]
    fits: list[list[float]] = []
    for positions in combinations(range(width), len(amounts)):
        values = [0.0] * width
        for position, amount in zip(positions, amounts):
            values[columns[position]] = amount
        if _identities_hold(values):
            fits.append(values)
    if not fits:
        return None
    # A column on which every arithmetic fit agrees is known; the rest is unreadable.
    return _placed_columns(fits, width)


def _parse_columns(body: tuple[Line, ...], extras: list[str]) -> list[SangongCell]:
    """One row of 12 columns (standard or paired); paired extra categories after them."""
    paired = False
    colmap: dict[int, int] | None = None
    for line in body:
        text = squash(line.text)
        if text.startswith("注") or "=" in text:
            continue
        if not line.positional and _is_paired_words(text):
            paired = True
            continue
        if line.positional and _is_interleaved_header(line):
            colmap = {index: INTERLEAVED_ORDER[i] for i, index in enumerate(range(len(line.cells))) if i < 12}
            colmap.update({12 + i: 13 + i for i in range(2 * len(extras)) if 12 + i < len(line.cells)})
            continue
        numbers = column_numbers(line)
        if numbers and len(numbers) >= 12:
            colmap = numbers
            continue
        if line.positional:
            cells = [read_cell(i, c) for i, c in enumerate(line.cells)]
            if not any(cell.amount is not None for cell in cells):
                continue
            if colmap:
                by_column = {colmap[c.index]: c for c in cells if c.index in colmap}
            else:
                value_cells = [c for c in cells if c.amount is not None or c.blank]
                by_column = {i + 1: c for i, c in enumerate(value_cells[-12:])}
            keys = COLUMN_KEYS + [(measure, key) for key in extras for measure in ("budget", "final")]
            if not any(n > 12 for n in by_column):
                keys = COLUMN_KEYS
            return [
                SangongCell(measure, category, *_cell_status(by_column.get(n)), line.page, line.line_no)
                for n, (measure, category) in enumerate(keys, start=1)
            ]
        amounts = [a for token in line.text.split() if (a := parse_amount(token)) is not None and _is_amount(token)]
        if amounts:
            extra = 2 * len(extras) if paired else 0
            placed = _place_dense(amounts, INTERLEAVED_ORDER if paired else None, extra)
            if placed is None:
                return []
            keys = COLUMN_KEYS + [(measure, key) for key in extras for measure in ("budget", "final")][:extra]
            return [
                SangongCell(measure, category, amount, status, line.page, line.line_no)
                for (measure, category), (amount, status) in zip(keys, placed)
            ]
    return [SangongCell(measure, category, None, "empty", 0, 0) for measure, category in COLUMN_KEYS]


def _is_interleaved_header(line: Line) -> bool:
    cells = [squash(cell) for cell in line.cells]
    return len(cells) >= 12 and all(
        cells[i].startswith("预算") and cells[i + 1].startswith("决算") for i in range(0, 12, 2)
    )


def _cell_status(cell: object) -> tuple[float | None, str]:
    if cell is None or getattr(cell, "blank", True):
        return None, "empty"
    amount = cell.amount
    return (amount, "value") if amount is not None else (None, "unreadable")


def _is_paired_words(text: str) -> bool:
    """Flattened paired header: '预算数决算数预算数决算数…' (6 pairs or more)."""
    return text.count("预算数决算数") >= 6


def _is_amount(token: str) -> bool:
    """An amount token of flattened text: decimals, or an integer zero ('0', as some
    exports print empty cells); other bare integers are column numbers."""
    return "." in token or token.strip() == "0"


def category_of(text: str) -> str | None:
    """'其中：公务用车购置费' → 'vehicle_purchase'; None for anything else."""
    plain = squash(nfkc(text)).replace("“", "").replace("”", "").replace('"', "")
    plain = re.sub(r"^其中[:：]?", "", re.sub(r"[()（）]", "", plain))
    if plain in ("合计", "三公经费合计", "小计合计", "三公经费"):
        return "total"
    if plain.startswith("因公出国"):
        return "abroad"
    if plain.startswith("公务用车购置及运行") or plain == "小计":
        return "vehicle"
    if plain in ("公务用车购置费", "购置费"):
        return "vehicle_purchase"
    if plain in ("公务用车运行维护费", "公务用车运行费", "运行维护费", "运行费"):
        return "vehicle_operation"
    if plain.startswith("公务接待"):
        return "reception"
    if plain == "会议费":
        return "meeting"
    if plain == "培训费":
        return "training"
    return None


def _label_and_values(line: Line) -> tuple[str, list[str], bool]:
    """(leading label, the value cells/tokens after it, positional)."""
    if line.positional:
        cells = [nfkc(cell).strip() for cell in line.cells]
        index = next((i for i, cell in enumerate(cells) if cell), None)
        if index is None:
            return "", [], True
        return cells[index], cells[index + 1 :], True
    tokens = nfkc(line.text).split()
    label: list[str] = []
    for position, token in enumerate(tokens):
        if parse_amount(token) is not None and _is_amount(token):
            return "".join(label), tokens[position:], False
        label.append(token)
    return "".join(label), [], False


def _has_amount(values: list[str]) -> bool:
    return any(parse_amount(value) is not None and _is_amount(value) for value in values if value)


def _extras_in(body: tuple[Line, ...]) -> list[str]:
    """会议费/培训费 columns or rows the table prints, in printed order."""
    text = "".join(squash(line.text) for line in body[:12])
    found = [(text.find(label), key) for key, label in CATEGORIES[6:] if label in text]
    return [key for _, key in sorted(found)]


def parse_sangong(body: tuple[Line, ...]) -> list[SangongCell]:
    """The cells of every layout, or an empty list when the table prints amounts we
    cannot place."""
    extras = _extras_in(body)
    labelled = [(line, *_label_and_values(line)) for line in body]
    two_row = [item for item in labelled if re.match(r"^(?:本年)?(?:预算|决算)数?$", squash(item[1])) and _has_amount(item[2])]
    if two_row:
        return _parse_two_row(body, [(line, label, values, positional) for line, label, values, positional in two_row], extras)
    rows = [item for item in labelled if category_of(item[1]) and _has_amount(item[2])]
    if rows:
        return _parse_rows(body, labelled)
    return _parse_columns(body, extras)


def _make(measure: str, category: str, placed: tuple[float | None, str], line: Line) -> SangongCell:
    return SangongCell(measure, category, placed[0], placed[1], line.page, line.line_no)


def _positional_status(text: str | None) -> tuple[float | None, str]:
    return _cell_status(read_cell(0, text)) if text is not None else (None, "empty")


def _parse_rows(body: tuple[Line, ...], labelled: list[tuple[Line, str, list[str], bool]]) -> list[SangongCell]:
    """One row per category, 预算数 and 决算数 columns (决算数 first when so printed)."""
    header = "".join(squash(line.text) for line in body[:6])
    order = ("final", "budget") if 0 <= header.find("决算") < header.find("预算") else ("budget", "final")
    cells: dict[tuple[str, str], SangongCell] = {}
    for line, label, values, positional in labelled:
        category = category_of(label)
        if category is None or (order[0], category) in cells:
            continue
        if positional:
            placed = [_positional_status(values[i] if i < len(values) else None) for i in range(2)]
        else:
            amounts = [parse_amount(v) for v in values if parse_amount(v) is not None and _is_amount(v)]
            if len(amounts) >= 2:
                placed = [(amounts[0], "value"), (amounts[1], "value")]
            elif not amounts:
                placed = [(None, "empty"), (None, "empty")]
            else:  # one amount, the other cell lost: which one is not known
                placed = [(None, "unreadable"), (None, "unreadable")]
        for measure, value in zip(order, placed):
            cells[(measure, category)] = _make(measure, category, value, line)
    anchor = next(iter(cells.values()))
    result = []
    for measure in ("budget", "final"):
        for key in BASE_KEYS + [k for k in EXTRA_KEYS if (measure, k) in cells]:
            result.append(cells.get((measure, key)) or SangongCell(measure, key, None, "empty", anchor.page, anchor.line))
    return result


def _header_columns(body: tuple[Line, ...]) -> dict[int, str]:
    """Positional header rows naming categories: cell index → category (a sub-row's
    小计/购置费/运行维护费 refine the 公务用车 span)."""
    columns: dict[int, str] = {}
    for line in body:
        if not line.positional:
            continue
        label, values, _ = _label_and_values(line)
        if _has_amount(values) or re.match(r"^(?:本年)?(?:预算|决算)数?$", squash(label)):
            break
        for index, cell in enumerate(line.cells):
            category = category_of(cell)
            if category and (index not in columns or columns[index] == "vehicle"):
                columns[index] = category
    return columns


def _parse_two_row(body: tuple[Line, ...], rows: list[tuple[Line, str, list[str], bool]], extras: list[str]) -> list[SangongCell]:
    """2 rows (预算数 / 决算数) × category columns."""
    keys = BASE_KEYS + extras
    columns = _header_columns(body)
    result: list[SangongCell] = []
    for line, label, values, positional in rows[:2]:
        measure = "budget" if "预算" in label else "final"
        if positional and columns:
            offset = len(line.cells) - len(values)
            by_key = {columns[offset + i]: value for i, value in enumerate(values) if offset + i in columns}
            placed = {key: _positional_status(by_key.get(key)) for key in keys}
        elif positional:
            placed = {key: _positional_status(values[i] if i < len(values) else None) for i, key in enumerate(keys)}
        else:
            amounts = [a for v in values if (a := parse_amount(v)) is not None and _is_amount(v)]
            fitted = _place_row(amounts, keys)
            if fitted is None:
                return []
            placed = dict(zip(keys, fitted))
        result += [_make(measure, key, placed[key], line) for key in keys]
    return result


def _row_holds(values: dict[str, float]) -> bool:
    ok = abs(values["total"] - (values["abroad"] + values["vehicle"] + values["reception"])) <= 0.015
    return ok and abs(values["vehicle"] - (values["vehicle_purchase"] + values["vehicle_operation"])) <= 0.015


def _place_row(amounts: list[float], keys: list[str]) -> list[tuple[float | None, str]] | None:
    """Amounts of one flattened 预算数/决算数 row placed by the identities; a column the
    fits disagree on is unreadable."""
    if len(amounts) >= len(keys):
        return [(amount, "value") for amount in amounts[: len(keys)]]
    fits: list[list[float]] = []
    for positions in combinations(range(len(keys)), len(amounts)):
        values = [0.0] * len(keys)
        for position, amount in zip(positions, amounts):
            values[position] = amount
        if _row_holds(dict(zip(keys, values))):
            fits.append(values)
    if not fits:
        return None
    return _placed_columns(fits, len(keys))


def _placed_columns(fits: list[tuple[float, ...]], width: int) -> list[tuple[float | None, str]]:
    """Per column: the amount every arithmetic fit agrees on ('inferred'), 'empty' when all
    agree on 0, 'unreadable' when the fits disagree (never a silent guess)."""
    placed: list[tuple[float | None, str]] = []
    for column in range(width):
        candidates = {fit[column] for fit in fits}
        if len(candidates) > 1:
            placed.append((None, "unreadable"))
        elif candidates == {0.0}:
            placed.append((None, "empty"))
        else:
            placed.append((candidates.pop(), "inferred"))
    return placed

"""表9 财政拨款“三公”经费支出决算表: budget and final for the three public costs.

Printed as one row of 12 columns (预算数 1–6, 决算数 7–12). A table with only its
header is present but empty: every amount 0. Flattened text without empty cells is
placed using the table's own identities (1=2+3+6, 3=4+5, 7=8+9+12, 9=10+11).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from lib.document import Line
from lib.tables.cells import column_numbers, read_cell
from lib.textnorm import parse_amount, squash

CATEGORIES = (
    ("total", "合计"),
    ("abroad", "因公出国（境）费"),
    ("vehicle", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "公务接待费"),
)
# Shanghai prints 预算数/决算数 pairs per category: column n of that layout is
# column INTERLEAVED_ORDER[n] of the standard one.
INTERLEAVED_ORDER = [1, 7, 2, 8, 3, 9, 4, 10, 5, 11, 6, 12]
COLUMN_KEYS = [("budget", key) for key, _ in CATEGORIES] + [("final", key) for key, _ in CATEGORIES]


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


def _place_dense(amounts: list[float]) -> list[tuple[float | None, str]] | None:
    if len(amounts) >= 12:
        return [(amount, "value") for amount in amounts[:12]]
    fits: list[list[float]] = []
    for positions in combinations(range(12), len(amounts)):
        values = [0.0] * 12
        for position, amount in zip(positions, amounts):
            values[position] = amount
        if _identities_hold(values):
            fits.append(values)
    if not fits:
        return None
    # A column on which every arithmetic fit agrees is known; the rest is unreadable.
    placed: list[tuple[float | None, str]] = []
    for column in range(12):
        candidates = {fit[column] for fit in fits}
        if len(candidates) > 1:
            placed.append((None, "unreadable"))
        elif candidates == {0.0}:
            placed.append((None, "empty"))
        else:
            placed.append((candidates.pop(), "inferred"))
    return placed


def parse_sangong(body: tuple[Line, ...]) -> list[SangongCell]:
    """The 12 cells, or an empty list when the table prints amounts we cannot place."""
    colmap: dict[int, int] | None = None
    for line in body:
        text = squash(line.text)
        if text.startswith("注") or "=" in text:
            continue
        if line.positional and _is_interleaved_header(line):
            colmap = {index: INTERLEAVED_ORDER[i] for i, index in enumerate(range(len(line.cells))) if i < 12}
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
            return [
                SangongCell(measure, category, *_cell_status(by_column.get(n)), line.page, line.line_no)
                for n, (measure, category) in enumerate(COLUMN_KEYS, start=1)
            ]
        amounts = [a for token in line.text.split() if (a := parse_amount(token)) is not None and "." in token]
        if amounts:
            placed = _place_dense(amounts)
            if placed is None:
                return []
            return [
                SangongCell(measure, category, amount, status, line.page, line.line_no)
                for (measure, category), (amount, status) in zip(COLUMN_KEYS, placed)
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

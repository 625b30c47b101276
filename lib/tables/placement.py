"""Place the amounts of flattened rows (empty cells lost) into their columns.

A flattened row '2012901 行政运行 269.02 269.02' of 表3 says the total and one more
column, but not which. Every row is placed so that its own columns add up (本年收入合计 =
Σ sources; 年末 = 年初 + 收入 − 支出 in 表7) and, per column, children add up to their
parent (类 → 款 → 项), trying each combination. The 合计 row is also held to what another
table prints (`hint`: 表1's income lines for 表2's sources). A row whose placement stays
ambiguous is marked 'ambiguous'; a 合计 column the fits disagree on is unreadable, never a
silent guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations, product
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lib.tables.functional import Measure, SubjectRow

MAX_COMBINATIONS = 20000
TOLERANCE = 0.015

RowCheck = Callable[[Sequence[float]], bool]


def _near(a: float, b: float, terms: int = 2) -> bool:
    return abs(a - b) <= TOLERANCE * max(terms, 1) / 2 + 1e-9


def row_identity(keys: Sequence[str]) -> RowCheck | None:
    """The identity a full row of this layout satisfies (its columns as printed), or None."""
    if "personnel_part" in keys:  # 合计 = 基本 + 项目, 基本 = 人员经费 + 公用经费
        basic, first, second, project = (keys.index(k) for k in ("basic", "personnel_part", "public_part", "project"))
        return lambda v: _near(v[0], v[basic] + v[project], 3) and _near(v[basic], v[first] + v[second], 3)
    if keys and keys[0] in ("income_total", "expense_total", "total") and len(keys) > 1:
        return lambda v: _near(v[0], sum(v[1:]), len(v))
    if list(keys[:6]) == ["carry_begin", "income", "expense_total", "basic", "project", "carry_end"]:
        return lambda v: _near(v[5], v[0] + v[1] - v[2], 4) and _near(v[2], v[3] + v[4], 3)
    return None


# columns every such table fills in its 合计 row (表2 财政拨款收入; 表3 基本支出 and 项目支出): when
# the 合计 row's amounts could stand in several columns, the fits that leave one of these
# empty are dropped (a department without 基本支出 prints no such 合计)
USUAL_COLUMNS = ("fiscal", "basic", "project")


def _usual(options: list[tuple[int, ...]], keys: Sequence[str], count: int) -> list[tuple[int, ...]]:
    usual = [keys.index(key) for key in USUAL_COLUMNS if key in keys and keys[0] in ("income_total", "expense_total")]
    if not usual or count - 1 < len(usual):
        return options
    return [columns for columns in options if set(usual) <= set(columns)] or options


def _options(values: tuple[float, ...], width: int, allowed: list[int], first_is_sum: bool,
             holds: RowCheck | None = None) -> list[tuple[int, ...]]:
    """Column index tuples (increasing) that could hold `values` (and keep the row's identity)."""
    if not values:
        return [()]
    if first_is_sum:
        if len(values) == 1:
            return [(0,)]
        rest = len(values) - 1
        found = [(0, *combo) for combo in combinations([c for c in allowed if c > 0], rest)]
    else:
        found = list(combinations(range(width), len(values)))
    if holds is None:
        return found
    kept = [columns for columns in found if holds(_vector(columns, values, width))]
    return kept or found


def _vector(columns: tuple[int, ...], values: tuple[float, ...], width: int) -> list[float]:
    vector = [0.0] * width
    for column, value in zip(columns, values):
        vector[column] = value
    return vector


def _parent_code(code: str | None) -> str | None:
    if code is None:
        return None
    return {7: code[:5], 5: code[:3], 3: ""}.get(len(code))


def _fits_hint(vector: list[float], hint: dict[int, float]) -> bool:
    return all(_near(vector[column], value) for column, value in hint.items() if column < len(vector))


def place_dense_rows(rows: list[SubjectRow], measures: tuple[Measure, ...], *, first_is_sum: bool,
                     hint: dict[int, float] | None = None) -> None:
    """Fill `row.cells` for rows with placement 'inferred' (in place). `hint`: column → the
    amount the 合计 row must show there (0.0: empty), from another table."""
    width = len(measures)
    keys = [key for key, _ in measures]
    holds = row_identity(keys)
    placed: dict[int, tuple[int, ...]] = {}
    by_parent: dict[str | None, list[int]] = {}
    total_index = None
    for index, row in enumerate(rows):
        if row.placement not in ("inferred", "ambiguous"):
            continue
        if len(row.dense_values) > width:  # more amounts than columns: the print has columns we do not know
            row.cells = {key: (row.dense_values[0], "value") if position == 0 and first_is_sum else (None, "unreadable")
                         for position, key in enumerate(keys)}
            row.placement = "ambiguous"
            continue
        if row.code is None:
            total_index = index
        else:
            by_parent.setdefault(_parent_code(row.code), []).append(index)
    code_index = {row.code: i for i, row in enumerate(rows) if row.code is not None}

    def fill(index: int, columns: tuple[int, ...], ambiguous: bool = False) -> None:
        placed[index] = columns
        row = rows[index]
        slot = dict(zip(columns, row.dense_values))
        row.cells = {key: ((slot[c], "value") if c in slot else (None, "empty")) for c, key in enumerate(keys)}
        row.placement = "ambiguous" if ambiguous else "inferred"

    top_values: dict[int, float] | None = None
    if total_index is not None:
        total = rows[total_index]
        values = total.dense_values[:width]
        options = _options(values, width, list(range(width)), first_is_sum, holds)
        if hint:
            options = [c for c in options if _fits_hint(_vector(c, values, width), hint)] or options
        options = _usual(options, keys, len(values))
        fill(total_index, options[0], ambiguous=len(options) > 1)
        if len(options) == 1:
            top_values = dict(zip(options[0], values))
        else:  # a column the fits disagree on is not read
            vectors = [_vector(c, values, width) for c in options]
            for column, key in enumerate(keys):
                if len({v[column] for v in vectors}) > 1:
                    total.cells[key] = (None, "unreadable")

    def solve(parent_key: str, parent_values: dict[int, float] | None) -> None:
        children = by_parent.get(parent_key, [])
        if not children:
            return
        allowed = sorted(parent_values) if parent_values else list(range(width))
        options = [_options(rows[i].dense_values[:width], width, allowed, first_is_sum, holds) for i in children]
        solutions: list[tuple[tuple[int, ...], ...]] = []
        count = 1
        for option in options:
            count *= max(len(option), 1)
        if parent_values is not None and count <= MAX_COMBINATIONS:
            for combo in product(*options):
                sums: dict[int, float] = {}
                for child, columns in zip(children, combo):
                    for column, value in zip(columns, rows[child].dense_values):
                        sums[column] = sums.get(column, 0.0) + value
                tolerance = 0.006 * (len(children) + 1)
                if all(abs(sums.get(c, 0.0) - parent_values.get(c, 0.0)) <= tolerance for c in set(sums) | set(parent_values)):
                    solutions.append(combo)
                    if len(solutions) > 50:
                        break
        for position, child in enumerate(children):
            if solutions:
                choices = {solution[position] for solution in solutions}
                fill(child, solutions[0][position], ambiguous=len(choices) > 1)
            else:
                fill(child, options[position][0] if options[position] else (), ambiguous=len(options[position]) > 1)
            row = rows[child]
            values = dict(zip(placed[child], row.dense_values))
            solve(row.code or "", values if row.placement != "ambiguous" else None)

    solve("", top_values)
    # rows whose parent is missing from the table: place them on their own
    for parent in list(by_parent):
        if parent and parent not in code_index:
            solve(parent, None)
    for index, row in enumerate(rows):
        if row.placement in ("inferred", "ambiguous") and index not in placed and len(row.dense_values) <= width:
            options = _options(row.dense_values[:width], width, list(range(width)), first_is_sum, holds)
            fill(index, options[0] if options else (), ambiguous=True)

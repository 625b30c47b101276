"""Place the amounts of flattened rows (empty cells lost) into their columns.

A flattened row '2012901 行政运行 269.02 269.02' of 表3 says the total and one more
column, but not which. The 合计 row is read left to right; every other row is placed so
that, per column, children add up to their parent (类 → 款 → 项), trying each
combination. A row whose placement stays ambiguous is marked 'ambiguous'.
"""

from __future__ import annotations

from itertools import combinations, product
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lib.tables.functional import Measure, SubjectRow

MAX_COMBINATIONS = 20000


def _options(values: tuple[float, ...], width: int, allowed: list[int], first_is_sum: bool) -> list[tuple[int, ...]]:
    """Column index tuples (increasing) that could hold `values`."""
    if not values:
        return [()]
    if first_is_sum:
        if len(values) == 1:
            return [(0,)]
        rest = len(values) - 1
        return [(0, *combo) for combo in combinations([c for c in allowed if c > 0], rest)]
    return [combo for combo in combinations(range(width), len(values))]


def _parent_code(code: str | None) -> str | None:
    if code is None:
        return None
    return {7: code[:5], 5: code[:3], 3: ""}.get(len(code))


def place_dense_rows(rows: list[SubjectRow], measures: tuple[Measure, ...], *, first_is_sum: bool) -> None:
    """Fill `row.cells` for rows with placement 'inferred' (in place)."""
    width = len(measures)
    keys = [key for key, _ in measures]
    placed: dict[int, tuple[int, ...]] = {}
    by_parent: dict[str | None, list[int]] = {}
    total_index = None
    for index, row in enumerate(rows):
        if row.placement != "inferred":
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

    if total_index is not None:
        total = rows[total_index]
        fill(total_index, tuple(range(len(total.dense_values[:width]))) if not first_is_sum else _first_fit(total.dense_values, width))

    def solve(parent_key: str, parent_values: dict[int, float] | None) -> None:
        children = by_parent.get(parent_key, [])
        if not children:
            return
        allowed = sorted(parent_values) if parent_values else list(range(width))
        options = [_options(rows[i].dense_values[:width], width, allowed, first_is_sum) for i in children]
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
            solve(row.code or "", values)

    top_values = dict(zip(placed[total_index], rows[total_index].dense_values)) if total_index is not None else None
    solve("", top_values)
    # rows whose parent is missing from the table: place them on their own
    for parent in list(by_parent):
        if parent and parent not in code_index:
            solve(parent, None)
    for index, row in enumerate(rows):
        if row.placement == "inferred" and index not in placed:
            fill(index, _first_fit(row.dense_values, width) if first_is_sum else tuple(range(len(row.dense_values[:width]))), ambiguous=True)


def _first_fit(values: tuple[float, ...], width: int) -> tuple[int, ...]:
    return tuple(range(min(len(values), width)))

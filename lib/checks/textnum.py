"""Numbers as the narrative prints them: precision guessed from the value, and the
comparisons the text rules share (text vs table amount, a stated percentage vs the
ratio of stated amounts). Rounding that the printed digits explain is `info`.
"""

from __future__ import annotations

from lib.checks.findings import ERROR, INFO, Location
from lib.values import number_or_none

num = number_or_none  # NaN / NA / None → None; anything else → float


def half_unit(value: float) -> float:
    """Half a unit of the last printed digit: 205.23 → 0.005, 17.5 → 0.05, 2 → 0.5."""
    if float(value).is_integer():
        return 0.5
    if round(value, 1) == value:
        return 0.05
    return 0.005


def decimals(value: float) -> int:
    return {0.5: 0, 0.05: 1}.get(half_unit(value), 2)


def text_vs_table(stated: float, table: float, *, severity: str = ERROR) -> str | None:
    """A stated amount against the table's figure (table printed to 0.01)."""
    diff = abs(stated - table)
    if diff < 0.0005 or round(table, decimals(stated)) == stated:
        return None
    return INFO if diff <= half_unit(stated) + 0.005 + 1e-9 else severity


def sum_verdict(parts: list[float], total: float, *, severity: str = ERROR) -> str | None:
    """Stated parts against a stated total: None when they agree, INFO when the rounding
    of every printed figure explains the gap, else `severity`."""
    diff = abs(sum(parts) - total)
    if diff < 0.0005:
        return None
    envelope = sum(half_unit(v) for v in parts if v) + half_unit(total)
    return INFO if diff <= envelope + 1e-9 else severity


def ratio_envelope(numerator: float, denominator: float, percent: float) -> float:
    """How far a stated percentage may sit from numerator/denominator by rounding alone."""
    computed = numerator / denominator * 100
    relative = half_unit(numerator) / abs(numerator) if numerator else 0.0
    relative += half_unit(denominator) / abs(denominator)
    return half_unit(percent) + abs(computed) * relative


def percent_verdict(numerator: float, denominator: float, percent: float, *, severity: str = ERROR) -> str | None:
    """None when the stated percent is the ratio rounded as printed; INFO inside rounding; else severity."""
    computed = numerator / denominator * 100
    if round(computed, decimals(percent)) == round(percent, decimals(percent)) or abs(computed - percent) < 0.0005:
        return None
    return INFO if abs(computed - percent) <= ratio_envelope(numerator, denominator, percent) + 1e-9 else severity


def text_loc(row: object) -> Location:
    page, line = getattr(row, "page", None), getattr(row, "line", None)
    return Location(int(page) if page is not None else None, "text", int(line) if line is not None else None)


def pct(value: float) -> str:
    return f"{value:.{max(decimals(value), 2)}f}%"

"""Numbers as the narrative prints them: precision guessed from the value, and the
comparisons the text rules share (text vs table amount, a stated percentage vs the
ratio of stated amounts). Rounding that the printed digits explain is `info`.
"""

from __future__ import annotations

from lib.checks.findings import ERROR, INFO, Location
from lib.rounding import EXACT, ROUNDING_PER_TERM, decimals, half_unit, ratio_window, truncated
from lib.values import number_or_none

num = number_or_none  # NaN / NA / None → None; anything else → float


def text_vs_table(stated: float, table: float, *, severity: str = ERROR) -> str | None:
    """A stated amount against the table's figure (table printed to 0.01)."""
    diff = abs(stated - table)
    if diff < EXACT or round(table, decimals(stated)) == stated:
        return None
    return INFO if diff <= half_unit(stated) + ROUNDING_PER_TERM + 1e-9 else severity


def sum_verdict(parts: list[float], total: float, *, severity: str = ERROR) -> str | None:
    """Stated parts against a stated total: None when they agree, INFO when the rounding
    of every printed figure explains the gap, else `severity`."""
    diff = abs(sum(parts) - total)
    if diff < EXACT:
        return None
    envelope = sum(half_unit(v) for v in parts if v) + half_unit(total)
    return INFO if diff <= envelope + 1e-9 else severity


def percent_verdict(numerator: float, denominator: float, percent: float, *, severity: str = ERROR) -> str | None:
    """None when the stated percent is the ratio rounded as printed; INFO when rounding of the
    amounts or truncation explains it (尾数/截断); else severity."""
    computed = numerator / denominator * 100
    if round(computed, decimals(percent)) == round(percent, decimals(percent)) or abs(computed - percent) < EXACT:
        return None
    low, high = ratio_window(numerator, denominator, percent)
    return INFO if low - 1e-9 <= computed <= high + 1e-9 else severity


def percent_note(numerator: float, denominator: float, percent: float) -> str:
    """Why an INFO percentage is only 尾数: truncated, or the amounts' rounding."""
    computed = numerator / denominator * 100
    if truncated(computed, decimals(percent)) == round(percent, decimals(percent)):
        return f"文字中的百分比是 {computed:.4f}% 截断（而非四舍五入）的结果（尾数/截断），不算错误。"
    return "差异可由所列金额的四舍五入解释。"


def text_loc(row: object) -> Location:
    page, line = getattr(row, "page", None), getattr(row, "line", None)
    return Location(int(page) if page is not None else None, "text", int(line) if line is not None else None)


def pct(value: float) -> str:
    return f"{value:.{max(decimals(value), 2)}f}%"

"""Numbers as the narrative prints them: precision guessed from the value, and the
comparisons the text rules share (text vs table amount, a stated percentage vs the
ratio of stated amounts). Rounding that the printed digits explain is `info`.
"""

from __future__ import annotations

import math

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


def ratio_window(numerator: float, denominator: float, percent: float) -> tuple[float, float]:
    """The exact ratios (in %) a stated percentage can stand for: rounded (± half a unit of
    its last digit) or truncated (up to one unit more: 95.4573 printed 95.45), widened by
    the rounding of the printed amounts. One window for every percentage rule."""
    computed = numerator / denominator * 100
    relative = half_unit(numerator) / abs(numerator) if numerator else 0.0
    relative += half_unit(denominator) / abs(denominator)
    spread = abs(computed) * relative
    half = half_unit(percent)
    if percent >= 0:
        return percent - half - spread, percent + 2 * half + spread
    return percent - 2 * half - spread, percent + half + spread


def truncated(value: float, digits: int) -> float:
    """value cut (not rounded) to `digits` decimals: 95.4573 → 95.45."""
    scale = 10**digits
    return math.trunc(value * scale + (1e-9 if value >= 0 else -1e-9)) / scale


def percent_verdict(numerator: float, denominator: float, percent: float, *, severity: str = ERROR) -> str | None:
    """None when the stated percent is the ratio rounded as printed; INFO when rounding of the
    amounts or truncation explains it (尾数/截断); else severity."""
    computed = numerator / denominator * 100
    if round(computed, decimals(percent)) == round(percent, decimals(percent)) or abs(computed - percent) < 0.0005:
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

"""Budget execution and change rates: the domain rules the pages show as flags.

Kept out of display code so the table, the chart's marks and any comparison agree on what
"completion rate", "above 120 %" and "year on year" mean.
"""

from __future__ import annotations

from typing import Any

from lib.values import number_or_none

HIGH_RATE, LOW_RATE = 120.0, 80.0  # completion rates outside these are flagged
FLAG_HIGH, FLAG_LOW, FLAG_ZERO_BUDGET = "超过120%", "低于80%", "年初预算为0"


def completion_rate(final: Any, budget: Any, *, stated: Any = None, full_year_budget: Any = None) -> float | None:
    """决算 ÷ 预算 in %, to 0.01. The report's own rate when it states one; against 全年预算 when
    only that is stated; None without a non-zero budget."""
    own = number_or_none(stated)
    if own is not None:
        return own
    base, spent = number_or_none(budget), number_or_none(final)
    if base is None:
        base = number_or_none(full_year_budget)
    if base and spent is not None:
        return round(spent / base * 100, 2)
    return None


def execution_flag(budget: Any, rate: Any) -> str:
    """'' or the reason an item needs a look: zero 年初预算, rate above 120 % or below 80 %."""
    base, value = number_or_none(budget), number_or_none(rate)
    if base == 0:
        return FLAG_ZERO_BUDGET
    if value is None:
        return ""
    if value > HIGH_RATE:
        return FLAG_HIGH
    if value < LOW_RATE:
        return FLAG_LOW
    return ""


def is_flagged_rate(rate: Any) -> bool:
    value = number_or_none(rate)
    return value is not None and (value > HIGH_RATE or value < LOW_RATE)


def change_pct(now: Any, before: Any) -> float | None:
    """Year-on-year change in %, to 0.01 (None without a non-zero earlier value)."""
    current, earlier = number_or_none(now), number_or_none(before)
    if current is None or not earlier:
        return None
    return round((current - earlier) / earlier * 100, 2)

"""How far printed figures may sit from each other by rounding alone: the one envelope.

Tables print 万元 to 0.01, so each printed figure carries ±0.005; a narrative number
carries half a unit of its last printed digit. A difference inside the envelope is a
rounding difference (提示/info), never an error.
"""

from __future__ import annotations

import math

ROUNDING_PER_TERM = 0.005  # half of the tables' last digit (0.01 万元)
EXACT = 0.0005  # below this two amounts are the same number


def rounding_envelope(printed_terms: int) -> float:
    """Largest difference that rounding of `printed_terms` figures plus the result explains."""
    return ROUNDING_PER_TERM * max(printed_terms, 1) + ROUNDING_PER_TERM


def half_unit(value: float) -> float:
    """Half a unit of the last printed digit: 205.23 → 0.005, 17.5 → 0.05, 2 → 0.5."""
    if float(value).is_integer():
        return 0.5
    if round(value, 1) == value:
        return 0.05
    return 0.005


def decimals(value: float) -> int:
    """Printed decimals as half_unit guesses them (0, 1 or 2)."""
    return {0.5: 0, 0.05: 1}.get(half_unit(value), 2)


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

"""How far printed figures may sit from each other by rounding alone: the one envelope.

Tables print 万元 to 0.01, so each printed figure carries ±0.005; a narrative number
carries half a unit of its last printed digit. A difference inside the envelope is a
rounding difference (提示/info), never an error.
"""

from __future__ import annotations

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


def ratio_envelope(numerator: float, denominator: float, percent: float) -> float:
    """How far a stated percentage may sit from numerator/denominator by rounding alone."""
    computed = numerator / denominator * 100
    relative = half_unit(numerator) / abs(numerator) if numerator else 0.0
    relative += half_unit(denominator) / abs(denominator)
    return half_unit(percent) + abs(computed) * relative

"""The money units reports print, and their factor to 万元 (the unit every frame holds)."""

from __future__ import annotations

UNIT_FACTORS: dict[str, float] = {"万元": 1.0, "元": 1e-4, "千元": 0.1, "亿元": 1e4}
BASE_UNIT = "万元"


def to_wan(amount: float, unit: str | None) -> float:
    """An amount printed in `unit` (None: 万元) in 万元."""
    return amount * UNIT_FACTORS[unit or BASE_UNIT]

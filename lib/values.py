"""Missing values, one way: None, NaN, pandas NA and NaT all mean "no value".

Frames hold NaN / pd.NA where a cell is missing, JSON and records want None; every
module turns one into the other through these two functions instead of its own test.
Pandas is not imported here: a pandas NA can only exist once something else imported
pandas, so it is looked up in sys.modules (the CLI's `summary` never loads pandas).
"""

from __future__ import annotations

import math
import sys
from typing import Any


def is_missing(value: Any) -> bool:
    """True for None, NaN, pd.NA and NaT (False for containers and strings)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    pd = sys.modules.get("pandas")
    if pd is None or isinstance(value, (str, int)):
        return False
    if value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False
    except (TypeError, ValueError):
        return False


def number_or_none(value: Any) -> float | None:
    """A float, or None when the value is missing or not a number."""
    if is_missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def none_if_missing(value: Any) -> Any:
    """The value itself, or None when it is missing (for records and JSON)."""
    return None if is_missing(value) else value

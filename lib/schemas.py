"""Declared contracts of the tidy DataFrames (column → dtype), enforced where built.

Every frame carries provenance (`page`, `line`); `cell` is 'value', 'empty' (no
amount: 0 in sums) or 'unreadable' (a check that needs it says "not checked").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lib.values import is_missing

if TYPE_CHECKING:
    import pandas as pd

Schema = dict[str, str]

SUBJECTS: Schema = {  # 表2/3/5/7/8, one row per subject and measure
    "table": "string", "subject_code": "string", "level": "string", "subject_name": "string",
    "measure": "string", "measure_label": "string", "amount": "float64", "cell": "string",
    "placement": "string", "page": "int64", "line": "int64",
}
SUBJECT_TOTALS: Schema = {  # the 合计 row of 表2/3/5/7/8, kept apart
    "table": "string", "measure": "string", "measure_label": "string", "amount": "float64",
    "cell": "string", "page": "int64", "line": "int64",
}
LEDGER: Schema = {  # 表1/表4 line items
    "table": "string", "side": "string", "line_number": "Int64", "label": "string", "item": "string",
    "class_code": "string", "measure": "string", "amount": "float64", "cell": "string",
    "page": "int64", "line": "int64",
}
ECONOMIC: Schema = {  # 表6 items
    "code": "string", "level": "string", "name": "string", "group": "string", "amount": "float64",
    "cell": "string", "page": "int64", "line": "int64",
}
ECONOMIC_TOTALS: Schema = {  # 表6 printed 人员经费合计 / 公用经费合计
    "label": "string", "amount": "float64", "cell": "string", "page": "int64", "line": "int64",
}
SANGONG: Schema = {  # 表9
    "measure": "string", "category": "string", "category_label": "string", "amount": "float64",
    "cell": "string", "page": "int64", "line": "int64",
}

PERF_TABLES: Schema = {  # one row per 绩效自评表 / 自评结果 (kind overall/project, source table/summary)
    "seq": "int64", "kind": "string", "source": "string", "name": "string", "unit": "string",
    "rate_basis": "string", "funds_weight": "float64", "total_weight": "float64", "total_score": "float64",
    "total_printed": "string", "goals_score": "float64", "indicator_count": "int64", "page": "int64",
    "line": "int64", "total_page": "Int64", "total_line": "Int64", "end_page": "int64",
}
PERF_FUNDS: Schema = {  # one row per self-evaluation × funds row × measure (amounts 万元, rate %, 分)
    "seq": "int64", "name": "string", "row": "string", "row_index": "int64", "measure": "string",
    "measure_label": "string", "value": "float64", "printed": "string", "cell": "string",
    "page": "int64", "line": "int64",
}
PERF_INDICATORS: Schema = {  # one row per 绩效指标 (三级指标)
    "seq": "int64", "name": "string", "level1": "string", "level2": "string", "indicator": "string",
    "target": "string", "actual": "string", "weight": "float64", "score": "float64",
    "score_printed": "string", "reason": "string", "cell": "string", "page": "int64", "line": "int64",
}


Record = dict[str, Any]


def frame(records: Iterable[Mapping[str, object]], schema: Schema) -> pd.DataFrame:
    """Build a frame with exactly the schema's columns and dtypes (also when empty)."""
    import pandas as pd  # only where a frame is asked for: `summary` reads records

    data = pd.DataFrame.from_records(list(records), columns=list(schema))
    return data.astype(schema)


_CASTS = {"string": str, "float64": float, "int64": int, "Int64": int, "boolean": bool}


def _cast(value: object, cast: type) -> object:
    if value is None:
        return None
    if type(value) is cast:
        return None if value != value else value  # NaN
    return None if is_missing(value) else cast(value)  # type: ignore[call-arg]


def records(rows: Iterable[Mapping[str, object]], schema: Schema) -> tuple[Record, ...]:
    """Rows as `frame(rows, schema).to_dict("records")` would give them, without pandas:
    exactly the schema's columns, each value cast to the column's type, a missing value
    None (never NaN or pd.NA). Records built by the model and records read back from a
    frame are alike, so the rules read either the same way."""
    casts = [(column, _CASTS[dtype]) for column, dtype in schema.items()]
    return tuple({column: _cast(row.get(column), cast) for column, cast in casts} for row in rows)


def check_schema(data: pd.DataFrame, schema: Schema) -> None:
    if list(data.columns) != list(schema):
        raise TypeError(f"columns {list(data.columns)} != {list(schema)}")
    for column, dtype in schema.items():
        if str(data[column].dtype) != dtype:
            raise TypeError(f"{column}: {data[column].dtype} != {dtype}")

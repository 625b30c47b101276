"""Comparisons of any choice of reports from library-wide frames loaded once (pure pandas).

`LibraryInputs.load` runs the SQL of `compare` once over the whole library (KPI rows, 类 and
经济分类 shares, what-if lines). Every per-report frame is then a row filter of the
library-wide one (the SQL partitions and orders by report, so the filtered rows are exactly
what the SQL returns for the chosen ids); only the YoY pairs and the kind summary depend on
the choice as a whole, and are computed here with the SQL's rules (tests/test_compare.py
proves both paths equal). A new selection therefore costs a few ms of numpy, not a
DuckDB connection and nine queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from lib.analysis import compare, whatif


def _positions(report_ids: pd.Series, index: pd.Index) -> np.ndarray:
    """Position of each row's report in `index`; rows of unknown reports point at len(index)."""
    found = index.get_indexer(report_ids)
    return np.where(found < 0, len(index), found)


@dataclass(frozen=True)
class LibraryInputs:
    """The comparison inputs of every report (frames as `compare` returns them for ids=None)
    and, per frame, each row's report position in `kpis` (for O(rows) filtering)."""

    kpis: pd.DataFrame
    class_shares: pd.DataFrame
    economic_shares: pd.DataFrame
    economic_groups: pd.DataFrame
    subjects: pd.DataFrame
    economic: pd.DataFrame
    execution: pd.DataFrame
    positions: dict[str, np.ndarray]

    @classmethod
    def from_frames(cls, **frames: pd.DataFrame) -> LibraryInputs:
        index = pd.Index(frames["kpis"]["report_id"])
        return cls(**frames, positions={name: _positions(frame["report_id"], index) for name, frame in frames.items()})

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> LibraryInputs:
        """Every library-wide frame over one open connection (the only SQL of this path)."""
        return cls.from_frames(
            kpis=compare.kpis(con), class_shares=compare.class_shares(con), economic_shares=compare.economic_shares(con),
            economic_groups=compare.economic_shares(con, by="group"), subjects=compare.subject_lines(con),
            economic=compare.economic_lines(con), execution=compare.execution_items(con))

    def chosen(self, ids: Sequence[str] | None) -> np.ndarray:
        """Boolean per library report (plus a last False slot for unknown reports): is it chosen?"""
        index = pd.Index(self.kpis["report_id"])
        flags = np.zeros(len(index) + 1, dtype=bool)
        if ids is None:
            flags[:-1] = True
        else:
            found = index.get_indexer(pd.Index(list(ids), dtype=object))
            flags[found[found >= 0]] = True
        return flags

    def rows(self, name: str, chosen: np.ndarray) -> pd.DataFrame:
        """The rows of frame `name` that belong to chosen reports, in the library order."""
        frame = getattr(self, name)
        return frame.take(np.flatnonzero(chosen[self.positions[name]])).reset_index(drop=True)


# ---------------------------------------------------------------- selection-wide frames


def yoy(kpis: pd.DataFrame) -> pd.DataFrame:
    """compare.yoy over chosen KPI rows: each report against the previous chosen year of its
    department (department_key), one row per metric where both values are present (UNPIVOT
    drops NULLs), ordered by department_key, year, metric."""
    dated = kpis[kpis["year"].notna()].sort_values(["department_key", "year", "report_id"], kind="stable")
    dated = dated.reset_index(drop=True)
    key = dated["department_key"].to_numpy(dtype=object)
    year = dated["year"].to_numpy(dtype="float64", na_value=np.nan)
    follows = np.zeros(len(dated), dtype=bool)  # the row before is the same department, an earlier year
    follows[1:] = (key[1:] == key[:-1]) & (year[:-1] < year[1:])
    current = np.flatnonzero(follows)
    metrics = sorted(compare.YOY_METRICS)
    values = dated[metrics].to_numpy(dtype="float64", na_value=np.nan)
    cur, prev = values[current], values[current - 1]
    present = (~np.isnan(cur) & ~np.isnan(prev)).ravel()  # row-major: pair by pair, metrics sorted
    pair = np.repeat(np.arange(len(current)), len(metrics))[present]
    metric = np.tile(np.arange(len(metrics)), len(current))[present]
    cur, prev = cur.ravel()[present], prev.ravel()[present]
    with np.errstate(divide="ignore", invalid="ignore"):
        change_pct = np.where(prev != 0, 100.0 * (cur - prev) / np.abs(prev), np.nan)
    now, before = current[pair], current[pair] - 1
    text = kpis["report_id"].dtype
    return pd.DataFrame({
        "department": dated["department"].array.take(now), "kind": dated["kind"].array.take(now),
        "year_from": dated["year"].array.take(before), "year_to": dated["year"].array.take(now),
        "report_from": dated["report_id"].array.take(before), "report_to": dated["report_id"].array.take(now),
        "metric": pd.array(metrics, dtype=text).take(metric),
        "value_from": prev, "value_to": cur, "change": cur - prev, "change_pct": change_pct,
    })


def median(values: np.ndarray) -> float:
    """DuckDB's median (quantile_cont 0.5, NULLs ignored): lo * (1 - d) + hi * d with d = 0.5, bit
    for bit (checked against DuckDB on 20,000 random pairs; (hi - lo) * 0.5 + lo differs in 13 %)."""
    data = np.sort(values[~np.isnan(values)])
    if not len(data):
        return np.nan
    lo, hi = data[(len(data) - 1) // 2], data[len(data) // 2]
    return float(lo * 0.5 + hi * 0.5)


def _sum(values: np.ndarray) -> float:
    """Left-to-right sum in row order, as DuckDB sums a small registered frame; NULL when all NULL."""
    data = values[~np.isnan(values)]
    total = 0.0
    for value in data.tolist():
        total += value
    return total if len(data) else np.nan


KIND_SUMMARY_MEDIANS = {"expense_median": "expense_total", "fiscal_share_median": "fiscal_share_pct",
                        "basic_share_median": "basic_share_pct", "personnel_share_median": "personnel_share_pct",
                        "execution_rate_median": "execution_rate_pct"}


def kind_summary(kpis: pd.DataFrame) -> pd.DataFrame:
    """compare.kind_summary over chosen KPI rows: per kind, counts, sums and DuckDB medians,
    ordered by reports (descending), then kind."""
    codes, kinds = pd.factorize(kpis["kind"])
    numbers = {column: kpis[column].to_numpy(dtype="float64", na_value=np.nan)
               for column in ("expense_total", "warning_count", *KIND_SUMMARY_MEDIANS.values())}
    keys, years = kpis["department_key"].to_numpy(dtype=object), kpis["year"]
    rows = []
    for code in range(len(kinds)):
        mine = codes == code
        rows.append({"reports": int(mine.sum()), "departments": len(set(keys[mine].tolist()) - {None}),
                     "year_min": years[mine].min(), "year_max": years[mine].max(),
                     "expense_total": _sum(numbers["expense_total"][mine])}
                    | {name: median(numbers[column][mine]) for name, column in KIND_SUMMARY_MEDIANS.items()}
                    | {"warning_count": _sum(numbers["warning_count"][mine])})
    out = pd.DataFrame(rows, columns=["reports", "departments", "year_min", "year_max", "expense_total",
                                      *KIND_SUMMARY_MEDIANS, "warning_count"])
    out.insert(0, "kind", pd.array(kinds, dtype=kpis["kind"].dtype))
    out = out.sort_values(["reports", "kind"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out.astype({"reports": "int64", "departments": "int64", "year_min": years.dtype, "year_max": years.dtype})


# ---------------------------------------------------------------- one choice of reports


def comparison(inputs: LibraryInputs, ids: Sequence[str] | None) -> compare.Comparison:
    """compare.compare(ids), from the loaded library frames."""
    chosen = inputs.chosen(ids)
    kpis = inputs.rows("kpis", chosen)
    return compare.Comparison(
        kpis=kpis, class_shares=inputs.rows("class_shares", chosen), economic_shares=inputs.rows("economic_shares", chosen),
        economic_groups=inputs.rows("economic_groups", chosen), yoy=yoy(kpis), kinds=kind_summary(kpis))


def baseline(inputs: LibraryInputs, ids: Sequence[str] | None, kpis: pd.DataFrame | None = None) -> whatif.Baseline:
    """whatif.Baseline.from_library(ids), from the loaded library frames (`kpis` when at hand)."""
    chosen = inputs.chosen(ids)
    return whatif.Baseline(inputs.rows("kpis", chosen) if kpis is None else kpis, inputs.rows("subjects", chosen),
                           inputs.rows("economic", chosen), inputs.rows("execution", chosen))

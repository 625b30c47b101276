"""What-if scenarios: frozen inputs applied to copies of a baseline's frames, pure pandas.

A `Scenario` is a tuple of `Adjustment`s, applied in order:
- target "subject": a 功能分类 类/款/项 (code 3/5/7 digits) of 表3 and, where present, 表5.
  pct scales the line and everything under it (basic/project alike); abs adds 万元 to the
  line, spread over basic/project and the lines under it in proportion (a line at 0 takes
  the amount as 项目支出). The change is carried up to its 款/类 and into 支出合计, 基本/项目
  支出 and (from 表5) 一般公共预算财政拨款支出 and the stated per-item 决算. In abs mode 表5
  gets the same amount as 表3 (the money is taken to be 一般公共预算财政拨款). The change of
  表5 基本支出 (表3's where no 表5 is printed) is carried into 表6: every 表6 line scaled by one
  factor, so 表5 基本支出 = 表6 人员经费 + 公用经费 still holds and 基本支出 never falls below
  人员经费. Income is left as printed: the difference is read as 结余.
- target "economic": a 表6 经济分类 类/款; moves 人员经费/公用经费, and the same amount of
  基本支出: spread over the 功能分类 lines in proportion to their 表5 基本支出, the same amount
  per line in 表3 and 表5 (表6 does not say which line pays; proportion is the neutral guess),
  so 支出合计 falls with it.
- target "budget": the overall 年初预算 (code None) or one stated item's 年初预算 (code =
  its subject code; the overall budget moves by the same amount). mode "full_year" sets
  年初预算 to the stated 全年预算 ("if the 全年预算 had been the 年初预算").
Every identity the scenario shows (`IDENTITIES`: 基本 + 项目 = 合计, 表1 = 表3, 类 = Σ款, 表5
基本支出 = 表6, 基本支出 ≥ 人员经费 …) that holds in the report holds in the scenario
(`identity_check`); `explain` says in Chinese what a scenario adjusts and holds fixed.
Nothing here touches the store: `Baseline.from_library` reads, `apply` returns new frames.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import duckdb
import numpy as np
import pandas as pd

from lib import store
from lib.analysis import compare
from lib.rounding import rounding_envelope

TARGETS = {"subject": "功能分类科目", "economic": "经济分类科目", "budget": "年初预算"}
MODES = {"pct": "按比例（%）", "abs": "按金额（万元）", "full_year": "改用全年预算"}
SCENARIO_HEADER = "情景模拟（未写入报告库）"


@dataclass(frozen=True)
class Adjustment:
    """One change: report, what (target + code), how (mode) and how much (value: % or 万元)."""

    report_id: str
    target: str
    code: str | None
    mode: str
    value: float = 0.0

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"unknown target {self.target!r}")
        if self.mode not in MODES or (self.mode == "full_year" and self.target != "budget"):
            raise ValueError(f"mode {self.mode!r} does not apply to {self.target!r}")
        if self.target != "budget" and not self.code:
            raise ValueError("a subject or economic adjustment needs a code")
        if self.mode == "pct" and self.value < -100:
            raise ValueError("a cut cannot exceed 100 %")

    def describe(self) -> str:
        what = TARGETS[self.target] + (f" {self.code}" if self.code else "（总额）")
        if self.mode == "full_year":
            return f"{what}：年初预算改用全年预算"
        unit = "%" if self.mode == "pct" else "万元"
        return f"{what}：{self.value:+g}{unit}"


def modes_for(target: str) -> list[str]:
    """The ways a target can be adjusted (改用全年预算 only for the budget)."""
    return [mode for mode in MODES if mode != "full_year" or target == "budget"]


@dataclass(frozen=True)
class Scenario:
    adjustments: tuple[Adjustment, ...] = ()

    @classmethod
    def of(cls, adjustments: Sequence[Adjustment], ids: Sequence[str]) -> Scenario:
        """The adjustments that touch the chosen reports (others wait until chosen again)."""
        chosen = set(ids)
        return cls(tuple(a for a in adjustments if a.report_id in chosen))

    def add(self, adjustment: Adjustment) -> Scenario:
        return replace(self, adjustments=(*self.adjustments, adjustment))

    def report_ids(self) -> list[str]:
        return list(dict.fromkeys(a.report_id for a in self.adjustments))


@dataclass(frozen=True)
class Baseline:
    """The library's figures for some reports: KPI rows (compare.kpis) and the lines a scenario can move."""

    kpis: pd.DataFrame
    subjects: pd.DataFrame  # compare.subject_lines
    economic: pd.DataFrame  # compare.economic_lines
    execution: pd.DataFrame  # compare.execution_items

    @classmethod
    def from_library(cls, ids: Sequence[str], db: str | os.PathLike[str] | None = None) -> Baseline:
        with store.connect(db, read_only=True) as con:
            return cls.from_connection(con, ids)

    @classmethod
    def from_connection(cls, con: duckdb.DuckDBPyConnection, ids: Sequence[str],
                        kpis: pd.DataFrame | None = None) -> Baseline:
        """The baseline over an open connection; `kpis` = compare.kpis(con, ids) when already at hand."""
        return cls(compare.kpis(con, ids) if kpis is None else kpis, compare.subject_lines(con, ids),
                   compare.economic_lines(con, ids), compare.execution_items(con, ids))


@dataclass(frozen=True)
class Result:
    """A scenario's outcome: recomputed KPI rows, shares, execution items, and one row per adjustment."""

    kpis: pd.DataFrame
    subjects: pd.DataFrame
    economic: pd.DataFrame
    execution: pd.DataFrame
    applied: pd.DataFrame
    class_shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    economic_shares: pd.DataFrame = field(default_factory=pd.DataFrame)


# ---------------------------------------------------------------- pure derivations


def with_ratios(kpis: pd.DataFrame) -> pd.DataFrame:
    """Recompute economic_total and every `compare.RATIOS` column (same rule as the SQL)."""
    out = kpis.copy()
    out["economic_total"] = out["personnel_expense"].fillna(0) + out["public_expense"].fillna(0)
    for name, (numerator, denominator) in compare.RATIOS.items():
        out[name] = _pct(_values(out[numerator]), _values(out[denominator]))
    return out


def _values(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _pct(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """100 * numerator / denominator where denominator > 0, else NaN."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, 100.0 * numerator / denominator, np.nan)


def shares(lines: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Lines (one per report and key) with each one's share of the report's sum (NaN when the sum is 0)."""
    return compare.with_report_shares(lines[["report_id", *keys, "amount"]].reset_index(drop=True))


def class_shares(subjects: pd.DataFrame, table: str = "t3") -> pd.DataFrame:
    rows = subjects[(subjects["table"] == table) & (subjects["level"] == "类") & (subjects["measure"] == "total")]
    return shares(rows, ["code", "name"])


def economic_shares(economic: pd.DataFrame) -> pd.DataFrame:
    return shares(economic[economic["level"] == "类"], ["code", "name", "group"])


def _execution_rates(execution: pd.DataFrame) -> pd.DataFrame:
    out = execution.copy()
    out["rate_pct"] = _pct(_values(out["final"]), _values(out["budget"]))
    return out


# ---------------------------------------------------------------- applying adjustments


def _move_lines(lines: pd.DataFrame, mask: np.ndarray, code: str, mode: str, value: float,
                measures: Sequence[str]) -> tuple[pd.DataFrame, float, float] | None:
    """Adjust the line `code` inside `mask` (and its sub-lines); carry the change to its parents.
    Returns (new lines, old total, new total), or None when the line is absent. (numpy inside:
    pandas' per-operation overhead would dominate on a few hundred lines.)"""
    codes = lines["code"].to_numpy(dtype=object)
    node = mask & (codes == code)
    if not node.any():
        return None
    measure = lines["measure"].to_numpy(dtype=object) if "measure" in lines else np.full(len(lines), "total", dtype=object)
    amount = _values(lines["amount"]).copy()
    amount[np.isnan(amount)] = 0.0
    under = mask & np.fromiter((c.startswith(code) for c in codes), bool, len(codes))
    above = mask & np.isin(codes, [code[:n] for n in range(1, len(code))])
    old = {m: float(amount[node & (measure == m)].sum()) for m in measures}
    total = old["total"]
    new_total = total * (1 + value / 100) if mode == "pct" else max(total + value, 0.0)
    if total > 0:
        factor = new_total / total
        amount[under] *= factor
        new = {m: old[m] * factor for m in measures}
    else:  # nothing to scale: the amount lands on the line itself (as 项目支出 where split)
        new = dict(old, total=new_total)
        if "project" in new:
            new["project"] = old["project"] + new_total
        for m in measures:
            amount[node & (measure == m)] = new[m]
    for m in measures:
        amount[above & (measure == m)] += new[m] - old[m]
    out = lines.copy()
    out["amount"] = amount
    return out, total, new_total


def _class_sum(lines: pd.DataFrame, mask: np.ndarray, measure: str | None = None) -> float:
    """Σ of the 类 lines inside `mask` (of one measure, when the lines have measures)."""
    rows = mask & (lines["level"].to_numpy(dtype=object) == "类")
    if measure is not None:
        rows &= lines["measure"].to_numpy(dtype=object) == measure
    return float(np.nansum(_values(lines["amount"])[rows]))


def _basic_source(subjects: pd.DataFrame, mine: np.ndarray) -> str:
    """The table whose 基本支出 表6 details: 表5 (一般公共预算财政拨款), or 表3 when the report
    prints no 表5 basic amounts."""
    t5 = mine & (subjects["table"].to_numpy(dtype=object) == "t5")
    return "t5" if _class_sum(subjects, t5, "basic") > 0 else "t3"


def _carry_to_economic(economic: pd.DataFrame, report_id: str, delta: float) -> tuple[pd.DataFrame, str]:
    """A change of 基本支出 carried into 表6: every 表6 line of the report scaled by one factor
    (人员经费 and 公用经费 in proportion, 类 = Σ款 kept), so 表6 合计 moves by `delta`.
    (表6 does not say which 功能分类 line pays which 经济分类 line: proportion is the neutral guess.)"""
    if abs(delta) < 1e-12:
        return economic, ""
    mine = economic["report_id"].to_numpy(dtype=object) == report_id
    total = _class_sum(economic, mine)
    if total <= 0:
        return economic, "表6没有金额：人员经费和公用经费未随基本支出调整"
    out = economic.copy()
    amount = _values(out["amount"]).copy()
    amount[mine] *= max(total + delta, 0.0) / total
    out["amount"] = amount
    return out, ""


def _carry_to_basic(subjects: pd.DataFrame, report_id: str, delta: float) -> tuple[pd.DataFrame, str]:
    """A change of 表6 (人员经费/公用经费) carried into 基本支出: spread over the 功能分类 lines in
    proportion to their 基本支出 in 表5 (表3 when the report prints no 表5 basic amounts), each
    line's share added to its 基本支出 and 合计 in 表3 and 表5 alike (so 类 = Σ款, 基本 + 项目 =
    合计 and 表1 = 表3 keep holding, and 表5 基本支出 = 表6 合计)."""
    if abs(delta) < 1e-12:
        return subjects, ""
    mine = subjects["report_id"].to_numpy(dtype=object) == report_id
    tables, measures = subjects["table"].to_numpy(dtype=object), subjects["measure"].to_numpy(dtype=object)
    codes = subjects["code"].to_numpy(dtype=object)
    source = _basic_source(subjects, mine)
    base = _class_sum(subjects, mine & (tables == source), "basic")
    if base <= 0:
        return subjects, "功能分类科目没有基本支出：表3、表5未随表6调整"
    amount = _values(subjects["amount"]).copy()
    amount[np.isnan(amount)] = 0.0
    lines = mine & (tables == source) & (measures == "basic")
    share = max(delta, -base) / base
    moved = dict(zip(codes[lines], amount[lines] * share))
    targets = mine & np.isin(measures, ("basic", "total")) & ((tables == source) | (tables == "t3"))
    amount[targets] += np.fromiter((moved.get(code, 0.0) for code in codes[targets]), float, int(targets.sum()))
    out = subjects.copy()
    out["amount"] = amount
    return out, ""


def _apply_one(adj: Adjustment, subjects: pd.DataFrame, economic: pd.DataFrame, kpis: pd.DataFrame,
               execution: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    row = {"report_id": adj.report_id, "adjustment": adj.describe(), "target": adj.target, "code": adj.code,
           "mode": adj.mode, "value": adj.value, "old": np.nan, "new": np.nan, "note": ""}
    if adj.target == "subject":
        mine = subjects["report_id"].to_numpy(dtype=object) == adj.report_id
        tables = subjects["table"].to_numpy(dtype=object)
        source = _basic_source(subjects, mine)
        basic_before = _class_sum(subjects, mine & (tables == source), "basic")
        notes = []
        for table in ("t3", "t5"):
            moved = _move_lines(subjects, mine & (tables == table), str(adj.code), adj.mode, adj.value,
                                ("total", "basic", "project"))
            if moved is None:
                notes.append(f"{'表3' if table == 't3' else '表5'}中没有科目 {adj.code}")
                continue
            subjects, old, new = moved
            if table == "t3":
                row.update(old=old, new=new)
        # 表6 details the (一般公共预算财政拨款) 基本支出: it follows, so 表5 基本支出 = 表6 合计 still holds
        economic, note = _carry_to_economic(economic, adj.report_id,
                                            _class_sum(subjects, mine & (tables == source), "basic") - basic_before)
        row["note"] = "；".join(notes + [note] if note else notes)
    elif adj.target == "economic":
        mine = economic["report_id"].to_numpy(dtype=object) == adj.report_id
        moved = _move_lines(economic, mine, str(adj.code), adj.mode, adj.value, ("total",))
        if moved is None:
            row["note"] = f"表6中没有科目 {adj.code}"
        else:
            economic, row["old"], row["new"] = moved
            subjects, row["note"] = _carry_to_basic(subjects, adj.report_id, row["new"] - row["old"])
    else:
        kpis, execution = _move_budget(adj, kpis, execution, row)
    return subjects, economic, kpis, execution, row


def _new_budget(adj: Adjustment, old: float, full_year: float) -> float | None:
    if adj.mode == "full_year":
        return None if pd.isna(full_year) else float(full_year)
    return old * (1 + adj.value / 100) if adj.mode == "pct" else max(old + adj.value, 0.0)


def _move_budget(adj: Adjustment, kpis: pd.DataFrame, execution: pd.DataFrame, row: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    kpis, execution = kpis.copy(), execution.copy()
    at = kpis.index[kpis["report_id"] == adj.report_id]
    if not len(at):
        row["note"] = "报告不在基线中"
        return kpis, execution
    if adj.code:
        items = execution.index[(execution["report_id"] == adj.report_id) & (execution["code"] == adj.code)]
        if not len(items):
            row["note"] = f"情况说明中没有科目 {adj.code} 的预算执行"
            return kpis, execution
        old = float(execution.loc[items[0], "budget"] or 0)
        new = _new_budget(adj, old, execution.loc[items[0], "full_year_budget"])
        if new is None:
            row["note"] = "该科目未说明全年预算，未调整"
            return kpis, execution
        execution.loc[items[0], "budget"] = new
        overall = kpis.loc[at[0], "budget_initial"]
        kpis.loc[at[0], "budget_initial"] = (0.0 if pd.isna(overall) else float(overall)) + new - old
    else:
        old = kpis.loc[at[0], "budget_initial"]
        old = 0.0 if pd.isna(old) else float(old)
        new = _new_budget(adj, old, kpis.loc[at[0], "budget_full_year"])
        if new is None:
            row["note"] = "报告未说明全年预算，未调整"
            return kpis, execution
        kpis.loc[at[0], "budget_initial"] = new
    row.update(old=old, new=new)
    return kpis, execution


def _class_delta(before: pd.DataFrame, after: pd.DataFrame, keys: Sequence[str]) -> dict[tuple, float]:
    """{(report_id, *keys): change} of the 类 rows between two versions of the same lines (same index)."""
    delta = np.nan_to_num(_values(after["amount"])) - np.nan_to_num(_values(before["amount"]))
    changed = (before["level"].to_numpy(dtype=object) == "类") & (delta != 0)
    moved: dict[tuple, float] = {}
    columns = [before[k].to_numpy(dtype=object)[changed] for k in ("report_id", *keys)]
    for key, value in zip(zip(*columns), delta[changed]):
        moved[key] = moved.get(key, 0.0) + float(value)
    return moved


def _add(kpis: pd.DataFrame, figure: str, moved: dict[tuple, float], *keys: str) -> None:
    for (report_id, *rest), value in moved.items():
        if tuple(rest) == keys and report_id in kpis.index:
            kpis.loc[report_id, figure] = float(kpis.loc[report_id, figure] or 0.0) + value


def apply(scenario: Scenario, baseline: Baseline) -> Result:
    """The scenario applied to copies of the baseline: KPI rows, shares and execution recomputed."""
    subjects, economic = baseline.subjects.copy(), baseline.economic.copy()
    kpis, execution = baseline.kpis.copy(), baseline.execution.copy()
    applied = []
    for adjustment in scenario.adjustments:
        subjects, economic, kpis, execution, row = _apply_one(adjustment, subjects, economic, kpis, execution)
        applied.append(row)
    kpis = kpis.set_index("report_id")
    moved = _class_delta(baseline.subjects, subjects, ["table", "measure"])
    for figure, table, measure in (("expense_total", "t3", "total"), ("basic_expense", "t3", "basic"),
                                   ("project_expense", "t3", "project"), ("gpb_expense", "t5", "total")):
        _add(kpis, figure, moved, table, measure)
    moved = _class_delta(baseline.economic, economic, ["group"])
    for figure, group in (("personnel_expense", "人员经费"), ("public_expense", "公用经费")):
        _add(kpis, figure, moved, group)
    kpis = with_ratios(kpis.reset_index())
    if scenario.adjustments and not execution.empty:
        lines = ((subjects["table"] == "t5") & (subjects["measure"] == "total")).to_numpy()
        item_delta = subjects.loc[lines, ["report_id", "code"]].copy()
        item_delta["delta"] = _values(subjects.loc[lines, "amount"]) - _values(baseline.subjects.loc[lines, "amount"])
        item_delta = item_delta[item_delta["delta"] != 0]
        if not item_delta.empty:
            execution = execution.merge(item_delta, on=["report_id", "code"], how="left")
            execution["final"] = execution["final"] + execution.pop("delta").fillna(0.0)
    return Result(
        kpis=kpis, subjects=subjects, economic=economic, execution=_execution_rates(execution),
        applied=pd.DataFrame(applied, columns=["report_id", "adjustment", "target", "code", "mode", "value", "old", "new", "note"]),
        class_shares=class_shares(subjects), economic_shares=economic_shares(economic),
    )


def baseline_result(baseline: Baseline) -> Result:
    """The baseline seen through the same pandas code (an empty scenario)."""
    return apply(Scenario(), baseline)


# ---------------------------------------------------------------- what a scenario adjusts and holds fixed

RULES: dict[str, str] = {
    "subject": "功能分类科目：该科目及其下级科目在表3和表5中按所选比例（或金额）调整，基本支出和项目支出同比例变化；"
               "变化计入所属款、类，以及支出合计、基本支出、项目支出、一般公共预算财政拨款支出和情况说明所列的逐项决算；"
               "表5基本支出的变化按比例计入表6的人员经费和公用经费。按金额调整时，视为财政拨款资金（表5同额调整）。",
    "economic": "经济分类科目：该科目及其所属类在表6中调整，人员经费或公用经费随之变化；同额的基本支出按各功能分类科目"
                "基本支出的比例在表3和表5中调整，支出合计和一般公共预算财政拨款支出随之变化，项目支出不变。",
    "budget": "年初预算：只改预算数（按科目调整时，年初预算总额同额变化），完成率按决算数重新计算。",
}
INCOME_HELD = "收入（收入合计、财政拨款收入：少支出的部分即年末结转和结余的增加）"


def explain(scenario: Scenario) -> list[str]:
    """In Chinese, for the kinds of adjustment the scenario holds: what each adjusts and
    carries where, then what the scenario holds fixed (the reports not adjusted included)."""
    targets = list(dict.fromkeys(a.target for a in scenario.adjustments))
    if not targets:
        return []
    if targets == ["budget"]:
        held = "全部决算数、收入和支出结构"
    else:
        held = f"{INCOME_HELD}、三公经费、{'全年预算' if 'budget' in targets else '年初和全年预算'}"
    return [RULES[t] for t in targets] + [f"保持不变：{held}，以及未调整的报告的全部数字。"]


# ---------------------------------------------------------------- identities the scenario shows

# identity key -> how a reader reads it. Each is tested per report on the KPI row and its
# lines; one the report itself breaks (beyond rounding) is shown as such, never blamed on the scenario.
IDENTITIES: dict[str, str] = {
    "split": "基本支出 + 项目支出 = 支出合计",
    "t1_t3": "表1 本年支出合计 = 表3 各类之和",
    "t3_basic": "基本支出 = 表3 各类基本支出之和",
    "t3_tree": "表3 类 = 所属款之和，款 = 所属项之和",
    "t5_tree": "表5 类 = 所属款之和，款 = 所属项之和",
    "gpb": "一般公共预算财政拨款支出 = 表5 各类之和",
    "t5_t6": "表5 基本支出 = 表6 人员经费 + 公用经费",
    "personnel": "基本支出 ≥ 人员经费",
}


def _tree_gap(lines: pd.DataFrame) -> tuple[float, float, int] | None:
    """(parent, Σ children, children) of the parent line whose children miss it most, over
    every measure; None when no line has children (nothing to test)."""
    worst: tuple[float, float, int] | None = None
    codes = lines["code"].astype(str)
    amounts = lines["amount"].fillna(0.0)
    for measure in lines["measure"].unique():
        mine = (lines["measure"] == measure).to_numpy()
        by_code = dict(zip(codes[mine], amounts[mine]))
        for code, amount in by_code.items():
            children = [a for c, a in by_code.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if children and (worst is None or abs(amount - sum(children)) > abs(worst[0] - worst[1])):
                worst = (float(amount), float(sum(children)), len(children))
    return worst


def _gaps(kpi: pd.Series, subjects: pd.DataFrame, economic: pd.DataFrame) -> dict[str, tuple[float, float, int, bool]]:
    """identity -> (left, right, printed terms, is an inequality left >= right) for one report."""
    def figure(name: str) -> float | None:
        value = kpi.get(name)
        return None if value is None or pd.isna(value) else float(value)

    def classes(table: str, measure: str) -> float | None:
        rows = subjects[(subjects["table"] == table) & (subjects["level"] == "类") & (subjects["measure"] == measure)]
        return None if rows.empty else float(rows["amount"].fillna(0.0).sum())

    out: dict[str, tuple[float, float, int, bool]] = {}
    total, basic, project = figure("expense_total"), figure("basic_expense"), figure("project_expense")
    personnel, public = figure("personnel_expense"), figure("public_expense")
    if None not in (total, basic, project):
        out["split"] = (basic + project, total, 3, False)
    pairs = (("t1_t3", total, classes("t3", "total")), ("t3_basic", basic, classes("t3", "basic")),
             ("gpb", figure("gpb_expense"), classes("t5", "total")))
    for key, left, right in pairs:
        if left is not None and right is not None:
            out[key] = (left, right, len(subjects[subjects["level"] == "类"]) // 2 + 1, False)
    for key, table in (("t3_tree", "t3"), ("t5_tree", "t5")):
        gap = _tree_gap(subjects[subjects["table"] == table])
        if gap is not None:
            out[key] = (gap[0], gap[1], gap[2] + 1, False)
    t5_basic = classes("t5", "basic")
    if t5_basic is not None and personnel is not None and public is not None and not economic.empty:
        out["t5_t6"] = (t5_basic, personnel + public, 3, False)
    if basic is not None and personnel is not None:
        out["personnel"] = (basic, personnel, 2, True)
    return out


def _holds(left: float, right: float, terms: int, at_least: bool, scale: float = 1.0) -> bool:
    """Within the rounding envelope of the printed terms (grown with the amounts: a rounding
    difference scaled by a +50 % scenario is still rounding)."""
    slack = rounding_envelope(terms) * max(scale, 1.0) + 1e-7 * max(abs(left), abs(right))
    return left - right >= -slack if at_least else abs(left - right) <= slack


def identity_check(before: Result, after: Result, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """For each report (of `ids`, default: all) and each identity both versions can test:
    left and right in the baseline and in the scenario and whether each holds. An identity
    the report itself breaks is `baseline_holds` False: the scenario only has to keep the
    ones that hold."""
    rows = []
    chosen = list(after.kpis["report_id"]) if ids is None else list(ids)
    kpis_before, kpis_after = before.kpis.set_index("report_id"), after.kpis.set_index("report_id")
    for report_id in chosen:
        if report_id not in kpis_before.index or report_id not in kpis_after.index:
            continue
        was = _gaps(kpis_before.loc[report_id], before.subjects[before.subjects["report_id"] == report_id],
                    before.economic[before.economic["report_id"] == report_id])
        now = _gaps(kpis_after.loc[report_id], after.subjects[after.subjects["report_id"] == report_id],
                    after.economic[after.economic["report_id"] == report_id])
        for key in IDENTITIES:
            if key not in was or key not in now:
                continue
            (left0, right0, terms, at_least), (left1, right1, _, _) = was[key], now[key]
            scale = abs(left1) / abs(left0) if left0 else 1.0
            rows.append({"report_id": report_id, "identity": key, "label": IDENTITIES[key],
                         "baseline_left": left0, "baseline_right": right0,
                         "baseline_holds": _holds(left0, right0, terms, at_least),
                         "scenario_left": left1, "scenario_right": right1,
                         "scenario_holds": _holds(left1, right1, terms, at_least, scale)})
    return pd.DataFrame(rows, columns=["report_id", "identity", "label", "baseline_left", "baseline_right",
                                       "baseline_holds", "scenario_left", "scenario_right", "scenario_holds"])


# ---------------------------------------------------------------- side by side and export


def kpi_changes(before: pd.DataFrame, after: pd.DataFrame, metrics: Sequence[str] | None = None,
                changed_only: bool = False) -> pd.DataFrame:
    """Long frame: report, metric, label, baseline, scenario, change (万元 or percentage points);
    with `changed_only`, the rows whose value moved."""
    metrics = list(metrics or [m for m in compare.METRICS if m in before.columns])
    ids = ["report_id", "department", "year"]
    base = before.melt(id_vars=ids, value_vars=metrics, var_name="metric", value_name="baseline")
    new = after.melt(id_vars=["report_id"], value_vars=metrics, var_name="metric", value_name="scenario")
    out = base.merge(new, on=["report_id", "metric"], how="left")
    out["label"] = out["metric"].map(lambda m: compare.METRICS[m][0])
    out["change"] = out["scenario"].astype("float64") - out["baseline"].astype("float64")
    if changed_only:
        out = out[out["change"].abs() > 1e-9]
    return out[["report_id", "department", "year", "metric", "label", "baseline", "scenario", "change"]]


def share_changes(before: pd.DataFrame, after: pd.DataFrame, keys: Sequence[str] = ("code", "name")) -> pd.DataFrame:
    """Per report and line: amount and share before and after (share change in percentage points)."""
    on = ["report_id", *keys]
    out = before[[*on, "amount", "share_pct"]].merge(after[[*on, "amount", "share_pct"]], on=on, how="outer",
                                                      suffixes=("_baseline", "_scenario"))
    out["share_change"] = out["share_pct_scenario"] - out["share_pct_baseline"]
    return out


def export_frame(scenario: Scenario, baseline: Baseline, result: Result) -> pd.DataFrame:
    """Inputs and results of a scenario in one long table (the CSV export), every row labelled
    as a scenario that was not written to the library."""
    names = {row.report_id: f"{row.department} {row.year}年度" for row in baseline.kpis.itertuples()}
    rows = []
    for row in result.applied.itertuples():
        rows.append({"部分": "输入：调整", "报告": names.get(row.report_id, row.report_id), "项目": row.adjustment,
                     "基线": row.old, "情景": row.new, "变化": row.new - row.old, "说明": row.note})
    before = baseline_result(baseline)
    for row in kpi_changes(before.kpis, result.kpis).itertuples():
        rows.append({"部分": "结果：指标", "报告": names.get(row.report_id, row.report_id), "项目": row.label,
                     "基线": row.baseline, "情景": row.scenario, "变化": row.change, "说明": ""})
    for part, table in (("结果：功能分类类占比%", share_changes(before.class_shares, result.class_shares)),
                        ("结果：经济分类类占比%", share_changes(before.economic_shares, result.economic_shares))):
        for row in table.itertuples():
            rows.append({"部分": part, "报告": names.get(row.report_id, row.report_id), "项目": f"{row.code} {row.name}",
                         "基线": row.share_pct_baseline, "情景": row.share_pct_scenario, "变化": row.share_change, "说明": ""})
    for row in result.execution.merge(before.execution[["report_id", "seq", "final", "rate_pct"]], on=["report_id", "seq"],
                                      suffixes=("", "_baseline")).itertuples():
        rows.append({"部分": "结果：预算完成率%", "报告": names.get(row.report_id, row.report_id), "项目": f"{row.code} {row.name}",
                     "基线": row.rate_pct_baseline, "情景": row.rate_pct, "变化": row.rate_pct - row.rate_pct_baseline, "说明": ""})
    out = pd.DataFrame(rows, columns=["部分", "报告", "项目", "基线", "情景", "变化", "说明"])
    out.insert(0, "性质", SCENARIO_HEADER)
    return out


def export_csv(scenario: Scenario, baseline: Baseline, result: Result) -> bytes:
    return export_frame(scenario, baseline, result).to_csv(index=False).encode("utf-8-sig")

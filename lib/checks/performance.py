"""Family "绩效自评": the self-evaluation tables held to their own arithmetic, and the
narrative's 绩效 sentences held to the tables.

Printed rates and scores are rounded (or truncated, or rounded to whole numbers and
printed with ".00"); a difference any of these explains is at most 提示, never 错误.
The envelope of a printed figure is half a unit of its last printed digit, plus what the
rounding of the amounts it was computed from can move it.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from lib.checks.base import Emitter
from lib.checks.findings import ERROR, INFO, WARNING, Location
from lib.model import Report
from lib.narrative import extract_facts
from lib.values import is_missing

if TYPE_CHECKING:
    import pandas as pd

TOL = 1e-9
_FULL_NAME_NOISE = re.compile(r"项目|经费|资金|专项|工作|补助|绩效|自评|综述")


def decimals(printed: str) -> int:
    """'82.2%' → 1, '100%' → 0, '16.43 分' → 2."""
    match = re.search(r"\.(\d+)", printed or "")
    return len(match.group(1)) if match else 0


def half_unit(printed: str) -> float:
    return 0.5 * 10 ** -decimals(printed)


def printed_verdict(printed_value: float, printed: str, exact: float, slack: float,
                    severity: str = ERROR) -> tuple[str | None, str]:
    """(None | INFO | severity, how it was printed) for a figure printed from `exact`.

    None: equal at the printed precision. INFO: explained by truncation or by rounding to
    fewer digits than printed ('75.00%' for 74.55 %). `slack`: what the rounding of the
    inputs can move `exact`."""
    digits = decimals(printed)
    unit = 10 ** -digits
    diff = printed_value - exact
    if abs(diff) <= 0.5 * unit + slack + TOL:
        return None, ""
    if -unit - slack - TOL <= diff <= slack + TOL:
        return INFO, "截尾（舍去）"
    for coarser in range(digits - 1, -1, -1):
        step = 10 ** -coarser
        if abs(printed_value - round(printed_value / step) * step) < TOL and abs(diff) <= 0.5 * step + slack + TOL:
            return INFO, f"取整到{'整数' if coarser == 0 else f'{coarser} 位小数'}后印出"
    return severity, ""


def _loc(row: pd.Series) -> Location:
    return Location(int(row["page"]), "perf", int(row["line"]))


def _num(value: object) -> float | None:
    if is_missing(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _pct(value: float) -> str:
    return f"{value:,.2f}%"


class _Funds:
    """The funds rows of one self-evaluation, as {row_index: {measure: row}}."""

    def __init__(self, funds: pd.DataFrame) -> None:
        self.rows: dict[int, dict[str, pd.Series]] = {}
        for _, row in funds.iterrows():
            self.rows.setdefault(int(row["row_index"]), {})[str(row["measure"])] = row


def _amount(cells: dict[str, pd.Series], measure: str) -> tuple[float | None, str, str]:
    row = cells.get(measure)
    if row is None:
        return None, "missing", ""
    return _num(row["value"]), str(row["cell"]), str(row["printed"])


def _relative_slack(printed_parts: list[str], values: list[float]) -> float:
    """Relative error of a quotient of rounded amounts."""
    return sum(half_unit(p) / abs(v) for p, v in zip(printed_parts, values) if v)


def check_rates(table: pd.Series, funds: _Funds, out: Emitter) -> dict[int, float]:
    """执行率 = 执行数 ÷ 预算数 for every funds row; returns the computed rates by row."""
    basis = str(table["rate_basis"] or "")
    name = str(table["name"])
    computed: dict[int, float] = {}
    unscored: list[tuple[pd.Series, float]] = []
    for index, cells in sorted(funds.rows.items()):
        rate_row = cells.get("rate")
        order = [basis] if basis else []
        order += [m for m in ("full_year_budget", "budget", "initial_budget") if m not in order]
        budget_measure = next((m for m in order if m in cells), None)
        if budget_measure is None or "executed" not in cells:
            continue
        budget, budget_status, budget_printed = _amount(cells, budget_measure)
        executed, executed_status, executed_printed = _amount(cells, "executed")
        if "unreadable" in (budget_status, executed_status) or (rate_row is not None and rate_row["cell"] == "unreadable"):
            out.not_checked("perf.rate", "执行率或其金额无法识读", [_loc(cells["executed"])])
            continue
        if budget is None or executed is None:
            continue
        row_label = str(cells["executed"]["row"])
        if abs(budget) < TOL:
            if abs(executed) > TOL:
                locs = [_loc(cells["executed"])] + ([_loc(rate_row)] if rate_row is not None else [])
                out.emit("perf.rate", f"“{name}”{row_label}：{cells[budget_measure]['measure_label']}为 0 而执行数为 "
                         f"{executed:,.2f}，执行率无法计算" + (f"（表中印为 {rate_row['printed']}）" if rate_row is not None else "") + "。",
                         severity=WARNING, expected=None, actual=str(rate_row["printed"]) if rate_row is not None else None,
                         locations=locs)
            continue
        exact = executed / budget * 100
        computed[index] = exact
        if rate_row is None or rate_row["cell"] != "value":
            continue
        printed_rate = _num(rate_row["value"])
        if printed_rate is None:
            continue
        slack = exact * _relative_slack([budget_printed, executed_printed], [budget, executed])
        verdict, how = printed_verdict(printed_rate, str(rate_row["printed"]), exact, slack)
        if verdict is None:
            continue
        label = cells[budget_measure]["measure_label"]
        locs = [_loc(rate_row)]
        if verdict == INFO:
            out.emit("perf.rate", f"尾数差异：“{name}”{row_label}执行率 {executed:,.2f} ÷ {budget:,.2f}（{label}）= "
                     f"{_pct(exact)}，表中印为 {rate_row['printed']}，是{how}。", severity=INFO,
                     expected=round(exact, 2), actual=printed_rate, locations=locs)
            continue
        scored = any(c.get(m) is not None and c[m]["cell"] == "value" for c in (cells,) for m in ("weight", "score"))
        if index > 0 and not scored:
            unscored.append((rate_row, exact))
            continue
        other = next((m for m in ("initial_budget", "full_year_budget", "budget") if m != budget_measure and m in cells), None)
        if other is not None:
            other_value, _, other_printed = _amount(cells, other)
            if other_value:
                alt = executed / other_value * 100
                alt_slack = alt * _relative_slack([other_printed, executed_printed], [other_value, executed])
                if printed_verdict(printed_rate, str(rate_row["printed"]), alt, alt_slack)[0] in (None, INFO):
                    out.emit("perf.rate", f"“{name}”{row_label}执行率印为 {rate_row['printed']}，是按"
                             f"{cells[other]['measure_label']} {other_value:,.2f} 算的（{_pct(alt)}）；按{label} "
                             f"{budget:,.2f} 应为 {_pct(exact)}。", severity=WARNING, expected=round(exact, 2),
                             actual=printed_rate, locations=locs)
                    continue
        impossible = printed_rate > 100 + TOL and executed <= budget + TOL
        note = "执行数不超过预算数，执行率不可能超过 100%。" if impossible else ""
        out.emit("perf.rate", f"“{name}”{row_label}执行率应为 {executed:,.2f} ÷ {budget:,.2f}（{label}）= {_pct(exact)}，"
                 f"表中印为 {rate_row['printed']}。{note}", severity=ERROR, expected=round(exact, 2),
                 actual=printed_rate, locations=locs)
    if unscored:
        listing = "、".join(f"{row['row']}印为 {row['printed']}（应为 {_pct(exact)}）" for row, exact in unscored)
        out.emit("perf.rate", f"“{name}”资金来源明细行未评分，其执行率与金额不符：{listing}；这些行的执行率可能未由填报系统计算。",
                 severity=WARNING, expected=round(unscored[0][1], 2), actual=_num(unscored[0][0]["value"]),
                 locations=[_loc(row) for row, _ in unscored])
    return computed


def check_fund_score(table: pd.Series, funds: _Funds, out: Emitter) -> None:
    """得分 = 分值 × 执行率 (capped at 分值) on the total funds row."""
    cells = funds.rows.get(0)
    if not cells or "score" not in cells or "rate" not in cells:
        return
    score_row, rate_row = cells["score"], cells["rate"]
    score, rate = _num(score_row["value"]), _num(rate_row["value"])
    weight = _num(cells["weight"]["value"]) if "weight" in cells else _num(table["funds_weight"])
    if score is None or rate is None or weight is None or score_row["cell"] != "value":
        return
    name = str(table["name"])
    exact = weight * min(rate, 100) / 100
    slack = weight * half_unit(str(rate_row["printed"])) / 100
    verdict, how = printed_verdict(score, str(score_row["printed"]), exact, slack, severity=WARNING)
    if verdict is None:
        return
    locs = [_loc(score_row), _loc(rate_row)]
    if verdict == INFO:
        out.emit("perf.fund_score", f"尾数差异：“{name}”预算执行得分 {weight:g} × {rate_row['printed']} = {exact:.2f}，"
                 f"表中为 {score_row['printed']}，是{how}。", severity=INFO, expected=round(exact, 2), actual=score, locations=locs)
        return
    if rate > 100:
        penalised = weight * max(0.0, 2 - rate / 100)
        if printed_verdict(score, str(score_row["printed"]), penalised, slack)[0] in (None, INFO):
            out.emit("perf.fund_score", f"“{name}”执行率 {rate_row['printed']} 超过 100%，预算执行得分 {score_row['printed']} "
                     f"是按超支部分扣分算的（{weight:g} × (2 − 执行率) = {penalised:.2f}），不是“分值 × 执行率（封顶）”的 {exact:.2f}。",
                     severity=INFO, expected=round(exact, 2), actual=score, locations=locs)
            return
    over = score > weight + half_unit(str(score_row["printed"])) + TOL
    out.emit("perf.fund_score", f"“{name}”预算执行得分应为 {weight:g} × {rate_row['printed']} = {exact:.2f}"
             + ("（不超过分值）" if rate > 100 else "") + f"，表中为 {score_row['printed']}。"
             + ("得分超过了分值。" if over else "表头未必写明评分办法，请核对。"),
             severity=ERROR if over else WARNING, expected=round(exact, 2), actual=score, locations=locs)


def check_total(table: pd.Series, funds: _Funds, indicators: pd.DataFrame, out: Emitter) -> None:
    """总分 = 预算执行得分 + Σ 指标得分, and ≤ 100 (≤ the printed 分值 total)."""
    total = _num(table["total_score"])
    if total is None:
        return
    name = str(table["name"])
    page = table["total_page"] if not is_missing(table["total_page"]) else table["page"]
    line = table["total_line"] if not is_missing(table["total_line"]) else table["line"]
    total_loc = Location(int(page), "perf", int(line))
    cap = _num(table["total_weight"]) or 100.0
    if total > cap + TOL:
        out.emit("perf.total", f"“{name}”总分 {table['total_printed']} 超过满分 {cap:g}。", severity=ERROR,
                 expected=cap, actual=total, locations=[total_loc])
    cells = funds.rows.get(0, {})
    fund_score = _num(cells["score"]["value"]) if "score" in cells else None
    fund_printed = str(cells["score"]["printed"]) if "score" in cells else ""
    if table["source"] == "summary":
        goals = _num(table["goals_score"])
        if goals is None or fund_score is None:
            return
        parts, printed = [fund_score, goals], [fund_printed, str(goals)]
    else:
        if indicators.empty:
            return
        parts = [fund_score or 0.0] + [float(v) for v in indicators["score"].dropna()]
        printed = [fund_printed] + [str(v) for v in indicators["score_printed"]]
    expected = sum(parts)
    # a whole-number indicator score is taken as exact; the funds score and the total are rounded
    slack = half_unit(printed[0]) + sum(half_unit(p) for p in printed[1:] if decimals(p)) + half_unit(str(table["total_printed"]))
    verdict, _ = printed_verdict(total, str(table["total_printed"]), expected, slack)
    if verdict is None:
        return
    unreadable = indicators[indicators["cell"] == "unreadable"] if not indicators.empty else indicators
    locs = [total_loc]
    if len(unreadable):
        out.not_checked("perf.total", "有指标行的得分无法识读（可能被截断）", [total_loc] + [_loc(r) for _, r in unreadable.iterrows()])
        return
    weights = _weights(table, cells, indicators)
    if table["source"] == "table" and weights is not None and abs(weights - cap) > 0.011:
        out.not_checked("perf.total", f"各项分值之和 {weights:g} 不等于满分 {cap:g}，可能有指标行未读到", [total_loc])
        return
    if verdict == INFO:
        out.emit("perf.total", f"尾数差异：“{name}”各项得分之和为 {expected:.2f}，总分印为 {table['total_printed']}。",
                 severity=INFO, expected=round(expected, 2), actual=total, locations=locs)
        return
    out.emit("perf.total", f"“{name}”总分应为各项得分之和 {expected:.2f}（预算执行 {fund_printed or '—'} + "
             f"{len(parts) - 1} 项指标），表中为 {table['total_printed']}，相差 {abs(expected - total):.2f} 分。",
             severity=ERROR, expected=round(expected, 2), actual=total, locations=locs)


def _weights(table: pd.Series, cells: dict[str, pd.Series], indicators: pd.DataFrame) -> float | None:
    """Σ 分值 of the funds block and every indicator (None when one is not printed); a funds
    分值 not printed is inferred from 得分 ÷ 执行率."""
    if indicators.empty or indicators["weight"].isna().any():
        return None
    weight = _num(cells["weight"]["value"]) if "weight" in cells else _num(table["funds_weight"])
    if weight is None and "score" in cells and "rate" in cells:
        score, rate = _num(cells["score"]["value"]), _num(cells["rate"]["value"])
        weight = round(score / rate * 100) if score and rate else None
    if weight is None:
        return None
    return weight + float(indicators["weight"].sum())


def compatible(a: float, a_printed: str, b: float, b_printed: str) -> bool:
    """Two printings of one quantity: equal at the coarser precision, or the coarser one
    truncated ('99%' for 99.57 %). Trailing zeros do not count as precision ('75.00%')."""
    def effective(value: float, printed: str) -> int:
        digits = decimals(printed)
        while digits and abs(value * 10 ** (digits - 1) - round(value * 10 ** (digits - 1))) < 1e-6:
            digits -= 1
        return digits
    da, db = effective(a, a_printed), effective(b, b_printed)
    coarse, fine, digits = (a, b, da) if da <= db else (b, a, db)
    unit = 10 ** -digits
    return abs(coarse - fine) <= 0.5 * unit + TOL or 0 <= fine - coarse < unit - TOL


_COMPARATOR = re.compile(r"^(≥|>=|不低于|不少于|大于等于|≤|<=|不超过|不高于|低于|小于等于|少于|=|＝|>|<)?")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)")


def _target(text: str) -> tuple[str, float, str] | None:
    """'≥1.7万人次' → ('ge', 1.7, '万人次'); None when not one number with a unit."""
    text = text.replace(",", "")
    match = _COMPARATOR.match(text)
    sign = match.group(1) if match else None
    rest = text[match.end():] if match else text
    rest = re.sub(r"(以上|以内|以下)$", lambda m: {"以上": "", "以内": "", "以下": ""}[m.group(1)], rest)
    numbers = _NUMBER.findall(rest)
    if len(numbers) != 1 or not re.fullmatch(r"\d+(?:\.\d+)?[^\d]{0,6}", rest):
        return None
    unit = rest[len(numbers[0]):]
    if sign in ("≤", "<=", "不超过", "不高于", "小于等于", "<", "少于") or text.endswith(("以内", "以下")):
        kind = "le"
    elif sign in ("=", "＝"):
        kind = "eq"
    else:
        kind = "ge"
    return kind, float(numbers[0]), unit


def check_indicators(table: pd.Series, indicators: pd.DataFrame, out: Emitter) -> None:
    """指标得分 ≤ 分值; full marks on an indicator whose 实际完成值 misses 年度指标值."""
    name = str(table["name"])
    for _, row in indicators.iterrows():
        score, weight = _num(row["score"]), _num(row["weight"])
        if row["cell"] != "value" or score is None:
            continue
        if weight is not None and score > weight + half_unit(str(row["score_printed"])) + TOL:
            out.emit("perf.indicator_score", f"“{name}”指标“{row['indicator']}”得分 {row['score_printed']} 超过分值 {weight:g}。",
                     severity=ERROR, expected=weight, actual=score, locations=[_loc(row)])
        if weight is None or abs(score - weight) > TOL or weight <= 0:
            continue
        target, actual = _target(str(row["target"])), _target(str(row["actual"]))
        if target is None or actual is None or actual[0] != "ge" and actual[0] != target[0] and actual[0] != "eq":
            continue
        kind, goal, unit = target
        value, actual_unit = actual[1], actual[2]
        if unit != actual_unit:
            continue
        missed = (kind == "ge" and value < goal - TOL) or (kind == "le" and value > goal + TOL)
        if missed:
            out.emit("perf.full_score_missed", f"“{name}”指标“{row['indicator']}”目标 {row['target']}，实际完成 {row['actual']}，"
                     f"未达目标却得满分 {row['score_printed']}。", severity=WARNING, expected=str(row["target"]),
                     actual=str(row["actual"]), locations=[_loc(row)])


def _key(name: str) -> str:
    return _FULL_NAME_NOISE.sub("", name or "")


def _match_table(tables: pd.DataFrame, funds_by_seq: dict[int, _Funds], scope: str, name: str | None,
                 stated: dict[str, float]) -> pd.Series | None:
    """The self-evaluation a narrative statement is about: by kind and name, else by its amounts."""
    kind = "overall" if scope == "overall" else "project"
    candidates = tables[(tables["kind"] == kind) & (tables["source"] == "table")]
    if candidates.empty:
        candidates = tables[tables["kind"] == kind]
    if kind == "overall":
        return candidates.iloc[0] if len(candidates) else None
    key = _key(name or "")
    exact = [row for _, row in candidates.iterrows() if key and _key(str(row["name"])) == key]
    if len(exact) == 1:
        return exact[0]
    for _, row in candidates.iterrows():
        cells = funds_by_seq[int(row["seq"])].rows.get(0, {})
        budget = next((_num(cells[m]["value"]) for m in ("full_year_budget", "budget") if m in cells), None)
        executed = _num(cells["executed"]["value"]) if "executed" in cells else None
        if budget is not None and executed is not None and abs(budget - stated.get("full_year_budget", math.inf)) < 0.51 \
                and abs(executed - stated.get("final", math.inf)) < 0.006:
            return row
    contained = [row for _, row in candidates.iterrows()
                 if key and (other := _key(str(row["name"]))) and (key in other or other in key)]
    if len(contained) == 1:
        return contained[0]
    return None


def check_narrative(report: Report, tables: pd.DataFrame, funds_by_seq: dict[int, _Funds],
                    computed: dict[int, dict[int, float]], out: Emitter) -> None:
    """The 绩效 sentences' rate, score and amounts against the matched table and its arithmetic."""
    if not report.narrative:
        return
    facts = extract_facts(report).performance
    facts = facts[facts["scope"].isin(["overall", "project"])]
    for (scope, name), group in facts.groupby(["scope", facts["name"].fillna("")], sort=False):
        stated = {str(r["item"]): float(r["value"]) for _, r in group.iterrows()}
        rows = {str(r["item"]): r for _, r in group.iterrows()}
        table = _match_table(tables, funds_by_seq, str(scope), str(name) or None, stated)
        if table is None:
            continue
        seq = int(table["seq"])
        cells = funds_by_seq[seq].rows.get(0, {})
        label = str(table["name"])
        for item, measure in (("full_year_budget", ("full_year_budget", "budget")), ("final", ("executed",)),
                              ("initial_budget", ("initial_budget",))):
            if item not in stated:
                continue
            cell = next((cells[m] for m in measure if m in cells), None)
            value = _num(cell["value"]) if cell is not None else None
            if value is None or abs(value - stated[item]) < 0.0051 or table["unit"] != "万元":
                continue
            rounded = abs(value - stated[item]) <= half_unit(str(cell["printed"])) + 0.005 + TOL
            out.emit("perf.text", ("尾数差异：" if rounded else "") + f"情况说明写“{label}”{cell['measure_label']} "
                     f"{stated[item]:,.2f} 万元，自评表为 {cell['printed']} 万元" + ("（表中只印到整数）。" if rounded else "。"),
                     severity=INFO if rounded else ERROR, expected=value, actual=stated[item],
                     locations=[Location(int(rows[item]["page"]), "text", int(rows[item]["line"])), _loc(cell)])
        if "rate" in stated:
            text_rate = stated["rate"]
            row = rows["rate"]
            sentence = str(row["sentence"])
            match = re.search(r"(\d+(?:\.\d+)?)\s*%", sentence[sentence.find(f"{text_rate:g}"):] if f"{text_rate:g}" in sentence else "")
            printed = match.group(0) if match else f"{text_rate:g}%"
            exact = computed.get(seq, {}).get(0)
            table_rate = cells.get("rate")
            problems = []
            if exact is not None and printed_verdict(text_rate, printed, exact, exact * 1e-4)[0] not in (None, INFO):
                problems.append(f"按自评表金额算得 {_pct(exact)}")
            table_value = _num(table_rate["value"]) if table_rate is not None else None
            if table_value is not None and not compatible(table_value, str(table_rate["printed"]), text_rate, printed):
                problems.append(f"自评表印为 {table_rate['printed']}")
            if problems:
                locs = [Location(int(row["page"]), "text", int(row["line"]))] + ([_loc(table_rate)] if table_rate is not None else [])
                out.emit("perf.text", f"情况说明写“{label}”执行率 {printed}，但" + "，".join(problems) + "。",
                         severity=ERROR if len(problems) == 2 or table_rate is None else WARNING,
                         expected=round(exact, 2) if exact is not None else table_value, actual=text_rate, locations=locs)
        if "score" in stated and scope == "project":
            total = _num(table["total_score"])
            if total is not None and abs(total - stated["score"]) > 0.05 + TOL:
                row = rows["score"]
                page = table["total_page"] if not is_missing(table["total_page"]) else table["page"]
                line = table["total_line"] if not is_missing(table["total_line"]) else table["line"]
                out.emit("perf.text", f"情况说明写“{label}”自评得分 {stated['score']:g} 分，自评表总分为 {table['total_printed']} 分。",
                         severity=ERROR, expected=total, actual=stated["score"],
                         locations=[Location(int(row["page"]), "text", int(row["line"])), Location(int(page), "perf", int(line))])


def run(report: Report, out: Emitter) -> None:
    tables = report.perf_tables
    if tables.empty:
        return
    funds, indicators = report.perf_funds, report.perf_indicators
    funds_by_seq = {int(seq): _Funds(funds[funds["seq"] == seq]) for seq in tables["seq"]}
    computed: dict[int, dict[int, float]] = {}
    for _, table in tables.iterrows():
        seq = int(table["seq"])
        items = indicators[indicators["seq"] == seq]
        computed[seq] = check_rates(table, funds_by_seq[seq], out)
        check_fund_score(table, funds_by_seq[seq], out)
        check_total(table, funds_by_seq[seq], items, out)
        check_indicators(table, items, out)
    check_narrative(report, tables, funds_by_seq, computed, out)

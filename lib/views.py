"""Display frames for the app: Report / facts / findings in, small tidy DataFrames out.

Pure pandas (no Streamlit), so the pages stay three calls and this can be tested
directly. Every frame keeps the page/line of the figures it shows (页, 行).
Amounts are 万元.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from lib import locations, readable
from lib.analysis.rates import change_pct, completion_rate, execution_flag
from lib.checks.base import Term
from lib.checks.findings import SEVERITIES, SEVERITY_LABELS, Finding
from lib.figures import (
    economic_items,
    economic_total_terms,
    figure,
    ledger_term,
    measure_labels,
    sangong_term,
    subject_items,
    subject_total_term,
    total_measure,
)
from lib.locations import cite
from lib.model import Report
from lib.narrative import NarrativeFacts
from lib.narrative.totals import stated_expense_prior
from lib.values import is_missing, number_or_none

SEVERITY_ORDER = SEVERITIES
SEVERITY_EXPLAINED = {
    "error": "报告中的数字互相矛盾，且差额超出四舍五入误差：很可能是填报或计算错误。",
    "warning": "值得留意：口径不一致、缺项或说法与表格不完全相符，需要核实。",
    "reading_doubt": "差异可能来自本工具的读取（如空单元格丢失导致错栏、续页栏位不同、缺行、扫描件的文字识别），不算报告的错误，请对照原件核实。",
    "info": "例如在四舍五入误差范围内的尾数差异，一般不算问题。",
    "not_checked": "所需的表格或数字缺失、无法读取，这条规则没有运行。",
}
SANGONG_RANKED = 200  # reports of the library's 三公 ranking shown in its table
# … and drawn as bars: a top-20 chart reads at a glance; 50 pairs of labelled bars were a
# scroll-long chart (3,500 DOM nodes, ~130 ms of the page's browser time); the table keeps 200
SANGONG_CHARTED = 20
SANGONG_ORDER = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception", "meeting", "training")
SANGONG_LABELS = {
    "total": "合计", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费",
    "meeting": "会议费", "training": "培训费",  # printed beside 三公 by older and provincial templates
}
AMOUNT = readable.AMOUNT
INCOME_SOURCES = ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other")
EXPENSE_KINDS = ("basic", "project", "to_superior", "operating", "to_affiliated")


_num = number_or_none


def report_label(row: pd.Series | dict[str, Any]) -> str:
    department = row.get("department") or row.get("source_name")
    year = row.get("year")
    year_text = "" if year is None or pd.isna(year) else f"{int(year)}年度"
    return f"{department} {year_text}".strip()


def unique_labels(reports: pd.DataFrame) -> dict[str, str]:
    """report_id → '部门 2024年度', told apart where two reports share it: by file name,
    by the time added when the file names are the same too, and by a number (第2份) when
    even that repeats (one label maker for every page)."""
    base = pd.Series([report_label(row) for row in reports[["department", "source_name", "year"]].to_dict("records")],
                     index=reports["report_id"].to_numpy())
    repeated = base.duplicated(keep=False).to_numpy()
    files = reports["source_name"].fillna("").astype(str).to_numpy()
    added = pd.to_datetime(reports["added_at"]).dt.strftime("%Y-%m-%d %H:%M").fillna("").to_numpy() \
        if "added_at" in reports else [""] * len(reports)
    labels = {}
    same_file = pd.Series(list(zip(base.to_numpy(), files))).duplicated(keep=False).to_numpy()
    for rid, text, twice, name, when, both in zip(base.index, base.to_numpy(), repeated, files, added, same_file):
        if twice:
            text = f"{text}（{name}，加入于 {when}）" if both else f"{text}（{name}）"
        labels[rid] = text
    seen: dict[str, int] = {}
    for rid, text in labels.items():
        seen[text] = seen.get(text, 0) + 1
        if seen[text] > 1:
            labels[rid] = f"{text[:-1]}，第{seen[text]}份）" if text.endswith("）") else f"{text}（第{seen[text]}份）"
    return labels


def library_table(reports: pd.DataFrame) -> pd.DataFrame:
    """The home page table: one row per report, Chinese headers."""
    kinds = {"pdf": "PDF", "text": "文本", "xlsx": "Excel", "xls": "Excel"}
    errors = reports["error_count"].astype("Int64")
    table = pd.DataFrame({
        "部门": reports["department"].fillna("（未识别）"),
        "年度": reports["year"].astype("Int64"),
        "地区": reports["region"].map(region_text),
        "收入合计（万元）": reports["income_total"],
        "支出合计（万元）": reports["expense_total"],
        "收支总计（万元）": reports["grand_total"],
        "三公经费决算（万元）": reports["sangong_final"],
        "错误数": errors,
        "警告数": reports["warning_count"].astype("Int64") - errors,  # stored: errors + warnings
        "文件": reports["source_name"],
        "类型": reports["source_kind"].map(kinds).fillna("其他"),
        "加入时间": pd.to_datetime(reports["added_at"]).dt.strftime("%Y-%m-%d %H:%M"),
    })
    return table.reset_index(drop=True)


def region_text(value: Any) -> str:
    """The region as shown: '—' when unknown (never 'nan')."""
    if is_missing(value) or str(value) in ("", "nan"):
        return "—"
    return str(value)


def headline(row: pd.Series) -> list[tuple[str, float | None]]:
    """(label, 万元) of the key figures of one library row."""
    return [
        ("收入合计", _num(row.get("income_total"))),
        ("支出合计", _num(row.get("expense_total"))),
        ("收支总计", _num(row.get("grand_total"))),
        ("财政拨款收入", _num(row.get("fiscal_income"))),
        ("基本支出", _num(row.get("basic_expense"))),
        ("项目支出", _num(row.get("project_expense"))),
        ("一般公共预算财政拨款支出", _num(row.get("gpb_expense"))),
        ("三公经费决算", _num(row.get("sangong_final"))),
    ]


def _fact_row(facts: NarrativeFacts | None, frame: str, **where: object) -> pd.Series | None:
    if facts is None:
        return None
    rows = getattr(facts, frame)
    for key, value in where.items():
        if key not in rows:
            return None
        rows = rows[rows[key] == value]
    return None if rows.empty else rows.iloc[0]


def stated_sentence(facts: NarrativeFacts | None, item: str) -> tuple[str | None, int | None, int | None]:
    """The sentence stating a total (item 'total', 'fiscal_total', 'income_total' …)."""
    row = _fact_row(facts, "totals", item=item)
    if row is None:
        return None, None, None
    return str(row["sentence"]), int(row["page"]), int(row["line"])


# the template's figures: chart kind → (图N, title); a report that captions its own figures is followed
TEMPLATE_FIGURES = {"total": (1, "收、支决算总计变动情况"), "income": (2, "收入决算结构"), "expense": (3, "支出决算结构"),
                    "fiscal_total": (4, "财政拨款收、支决算总计变动情况")}


def figure_title(report: Report, kind: str, title: str | None = None) -> tuple[str, str | None]:
    """(chart title, where the report captions it) for a chart the app draws: the report's own
    number and title when it captions that figure ('图1：2024年度本年收入比重图'), the template's
    (图1–图4) when the report captions none, else the app's title without a number."""
    captions = getattr(report, "figure_captions", None) or {}
    if kind in captions:
        number, printed, page, line = captions[kind]
        return f"图{number}：{printed}", locations.place(page, line, report.meta.source_kind, locations.printed_pages(report))
    default = TEMPLATE_FIGURES.get(kind)
    own = title or (default[1] if default else "")
    if captions or default is None:
        return own, None
    return f"图{default[0]}：{own}", None


def totals_change(report: Report, facts: NarrativeFacts | None, which: str = "total") -> pd.DataFrame:
    """图1 (which='total': 表1 收入/支出总计) or 图4 (which='fiscal_total': 表4 总计):
    this year from the table, prior year as the narrative states it."""
    table = "t1" if which == "total" else "t4"
    year = report.meta.year
    this_label = f"{year}年" if year else "本年"
    prior_label = f"{year - 1}年" if year else "上年"
    stated = _fact_row(facts, "totals", item=which)
    prior = None if stated is None else _num(stated["prior_value"])
    prior = None if prior is None else round(prior, 2)
    prior_rows, this_rows = [], []
    for side, label in (("收入", "收入总计"), ("支出", "支出总计")):
        # 表4 支出 prints 总计 per fund (total/gpb/gov_fund/soe_capital): the bar is the total column
        measure = "total" if (table, side) == ("t4", "支出") else None
        term = ledger_term(report, table, "grand_total", side=side, measure=measure)
        amount, page, line = figure(term), term.loc.page, term.loc.line  # the number and the row it is read from
        side_prior = stated_expense_prior(str(stated["sentence"])) if side == "支出" and stated is not None else None
        prior_rows.append({"年度": prior_label, "项目": label, AMOUNT: prior if side_prior is None else side_prior,
                           "来源": "情况说明",
                           "页": None if stated is None else int(stated["page"]),
                           "行": None if stated is None else int(stated["line"])})
        this_rows.append({"年度": this_label, "项目": label, AMOUNT: amount, "来源": f"表{table[1:]}", "页": page, "行": line})
    return pd.DataFrame(prior_rows + this_rows).astype({AMOUNT: "float64", "页": "Int64", "行": "Int64"})


def _totals_rows(report: Report, table: str, measures: tuple[str, ...]) -> pd.DataFrame:
    """The 合计 row's amount of each measure (column label as printed), zero and unread ones left out."""
    rows = []
    for measure, label in measure_labels(report, table).items():
        term = subject_total_term(report, table, measure)
        amount = figure(term)
        if measure in measures and amount:
            rows.append({"项目": label, AMOUNT: amount, "页": term.loc.page, "行": term.loc.line})
    return pd.DataFrame(rows, columns=["项目", AMOUNT, "页", "行"]).astype({AMOUNT: "float64", "页": "Int64", "行": "Int64"})


def income_structure(report: Report) -> pd.DataFrame:
    """图2: 本年收入 by source (表2 合计 row)."""
    return _totals_rows(report, "t2", INCOME_SOURCES)


def expense_structure(report: Report) -> pd.DataFrame:
    """图3: 本年支出 by kind — 基本支出 / 项目支出 / others (表3 合计 row)."""
    return _totals_rows(report, "t3", EXPENSE_KINDS)


def subject_hierarchy(report: Report, table: str = "t3", measure: str | None = None) -> pd.DataFrame:
    """类 → 款 → 项 with parent ids (for a treemap/sunburst); zero and unread rows dropped."""
    items = [item for item in subject_items(report, table, measure or total_measure(table))
             if item.term.status == "value" and figure(item.term)]
    codes = {item.code for item in items}
    kind, printed = report.meta.source_kind, locations.printed_pages(report)
    data = pd.DataFrame({
        "编码": [item.code for item in items], "级次": [item.level for item in items], "科目": [item.name for item in items],
        AMOUNT: pd.array([figure(item.term) for item in items], dtype="float64"),
        "位置": [f"表{table[1:]} {locations.place(item.term.loc.page, item.term.loc.line, kind, printed)}" for item in items],
    })
    data["上级"] = [next((code[:n] for n in (5, 3) if len(code) > n and code[:n] in codes), "") for code in data["编码"]]
    return data


def personnel_public(report: Report) -> pd.DataFrame:
    """表6 基本支出: 人员经费 / 公用经费 by 类 (and 款), printed totals kept apart."""
    items = [item for item in economic_items(report) if item.term.status == "value" and figure(item.term)]
    data = pd.DataFrame({
        "经费": [item.group for item in items], "级次": [item.level for item in items], "编码": [item.code for item in items],
        "科目": [item.name for item in items], AMOUNT: pd.array([figure(item.term) for item in items], dtype="float64"),
        "页": pd.array([item.term.loc.page for item in items], dtype="Int64"),
        "行": pd.array([item.term.loc.line for item in items], dtype="Int64"),
    })
    return data.sort_values(["经费", "编码"]).reset_index(drop=True)


def economic_classes(report: Report) -> pd.DataFrame:
    """表6 类 lines for the bar chart: '301 工资福利支出' and its amount."""
    rows = personnel_public(report)
    rows = rows[rows["级次"] == "类"]
    return pd.DataFrame({"名称": rows["编码"] + " " + rows["科目"], AMOUNT: rows[AMOUNT]}).reset_index(drop=True)


def economic_totals(report: Report) -> pd.DataFrame:
    """表6's printed totals (人员经费合计, 公用经费合计 …) with their places."""
    terms = economic_total_terms(report)
    return pd.DataFrame({"项目": list(terms), AMOUNT: pd.array([figure(t) for t in terms.values()], dtype="float64"),
                         "页": pd.array([t.loc.page for t in terms.values()], dtype="Int64"),
                         "行": pd.array([t.loc.line for t in terms.values()], dtype="Int64")})


EXECUTION_COLUMNS = ["序号", "科目", "编码", "年初预算（万元）", "全年预算（万元）", "决算（万元）", "完成率（%）", "标记", "原因",
                     "页", "行"]


def execution_items(facts: NarrativeFacts | None) -> pd.DataFrame:
    """Every stated budget-execution item with completion rate and flags."""
    if facts is None or facts.execution.empty:
        return pd.DataFrame(columns=EXECUTION_COLUMNS)
    data = facts.execution
    out = pd.DataFrame({
        "序号": data["seq"], "科目": data["subject"], "编码": data["subject_code"],
        "年初预算（万元）": data["budget"], "全年预算（万元）": data["full_year_budget"], "决算（万元）": data["final"],
        "完成率（%）": [_rate(r) for r in data.itertuples()],
        "原因": data["reason"], "页": data["page"], "行": data["line"],
    })
    out["标记"] = [execution_flag(budget, rate) for budget, rate in zip(out["年初预算（万元）"], out["完成率（%）"])]
    return out[EXECUTION_COLUMNS].astype({"完成率（%）": "float64"}).reset_index(drop=True)


def execution_reasons(items: pd.DataFrame) -> list[tuple[str, str]]:
    """(item, its stated reason, whole) for every item that gives one: the grid cuts long
    cells, a reader needs the report's words in full."""
    out = []
    for row in items.to_dict("records"):
        if is_missing(row["原因"]) or not str(row["原因"]).strip():
            continue
        rate = "" if is_missing(row["完成率（%）"]) else f"，完成率 {readable.percent(row['完成率（%）'])}"
        flag = f"，{row['标记']}" if row["标记"] else ""
        out.append((f"{row['序号']}. {row['科目']}（{readable.money(row['决算（万元）'])} 万元{rate}{flag}）", str(row["原因"])))
    return out


def _rate(row: Any) -> float | None:
    return completion_rate(getattr(row, "final", None), getattr(row, "budget", None), stated=getattr(row, "rate", None),
                           full_year_budget=getattr(row, "full_year_budget", None))


def execution_overall(facts: NarrativeFacts | None) -> dict[str, Any] | None:
    row = _fact_row(facts, "execution_overall")
    if row is None:
        return None
    return {"年初预算": _num(row["budget"]), "全年预算": _num(row["full_year_budget"]), "决算": _num(row["final"]),
            "完成率%": _num(row["rate"]), "原因": None if pd.isna(row["reason"]) else str(row["reason"]),
            "sentence": str(row["sentence"]), "页": int(row["page"]), "行": int(row["line"])}


def performance(facts: NarrativeFacts | None) -> pd.DataFrame:
    if facts is None:
        return pd.DataFrame(columns=["范围", "名称", "项目", "数值", "单位", "页", "行"])
    data = facts.performance
    return pd.DataFrame({"范围": data["scope"].map(readable.performance_scope), "名称": data["name"],
                         "项目": data["item"].map(readable.performance_item), "数值": data["value"],
                         "单位": data["unit"], "页": data["page"], "行": data["line"]})


def sangong_table(report: Report, facts: NarrativeFacts | None = None) -> pd.DataFrame:
    """表9 budget vs final per category, with the completion rate and what the text says. Each
    row cites its own place: the 表9 line of its amounts (预算数 and 决算数 apart when printed on
    different lines) and the 情况说明 sentence about it."""
    kind, printed = report.meta.source_kind, locations.printed_pages(report)
    rows = []
    for category in SANGONG_ORDER:
        budget, final = sangong_term(report, "budget", category), sangong_term(report, "final", category)
        if budget.status == "missing" and final.status == "missing":
            continue
        budget_value, final_value = figure(budget), figure(final)
        stated = _fact_row(facts, "sangong", category=category)
        rows.append({
            "类别": SANGONG_LABELS[category], "预算数（万元）": budget_value, "决算数（万元）": final_value,
            "完成率（%）": completion_rate(final_value, budget_value),
            "文字所述比上年增减（万元）": None if stated is None else _num(stated["change"]),
            "位置": _pair_place(budget, final, kind, printed),
            "文字位置": "—" if stated is None else locations.place(stated["page"], stated["line"], kind, printed),
        })
    return pd.DataFrame(rows, columns=["类别", "预算数（万元）", "决算数（万元）", "完成率（%）", "文字所述比上年增减（万元）",
                                       "位置", "文字位置"]).astype({"完成率（%）": "float64", "文字所述比上年增减（万元）": "float64"})


def _pair_place(budget: Term, final: Term, kind: str | None, printed: dict[int, int]) -> str:
    """Where a 表9 row's two amounts are printed: one place, or each measure's when they differ."""
    places = {name: locations.place(term.loc.page, term.loc.line, kind, printed)
              for name, term in (("预算数", budget), ("决算数", final)) if term.status != "missing"}
    texts = [text for text in places.values() if text]
    if len(set(texts)) > 1:
        return "；".join(f"{name} {text}" for name, text in places.items() if text)
    return f"表9 {texts[0]}" if texts else "—"


SANGONG_SERIES = {"预算数（万元）": "预算数", "决算数（万元）": "决算数"}  # chart column → legend


def all_zero(frame: pd.DataFrame, columns: Sequence[str]) -> bool:
    """Every amount in `columns` is 0 or missing (an empty table, or one printed with zeros)."""
    return bool((frame[list(columns)].fillna(0) == 0).all().all())


def sangong_library(ranking: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The library's 三公 ranking as shown (`lib.library.sangong_ranking` rows: rank, report,
    department, year, budget, final and the department's previous-year final), with 同比."""
    return pd.DataFrame({
        "排名": ranking["rank"].astype("int64"), "报告": ranking["report_id"].map(labels),
        "部门": ranking["department"], "年度": ranking["year"].astype("Int64"),
        "预算数（万元）": ranking["budget"].astype("float64"), "决算数（万元）": ranking["final"].astype("float64"),
        "上年决算（万元）": ranking["prior_final"].astype("float64"),
        "同比（%）": pd.Series([change_pct(now, before) for now, before in zip(ranking["final"], ranking["prior_final"])],
                             index=ranking.index, dtype="float64"),
    })


def findings_table(findings: Sequence[Finding], severities: Sequence[str] | None = None, kind: str | None = "pdf",
                   printed: dict[int, int] | None = None) -> pd.DataFrame:
    """Findings as a reader sees them, worst first, filtered to `severities`: Chinese labels
    (no rule ids or family keys), amounts with thousands separators, places cited as
    `lib.locations` does (第N行 for a text export, the printed page for a PDF). 序号 is the
    finding's position in `findings` + 1 (第N条; to pick it again for its evidence)."""
    order = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    chosen = [(seq, f) for seq, f in enumerate(findings) if severities is None or f.severity in severities]
    chosen.sort(key=lambda item: (order.get(item[1].severity, len(order)), item[0]))
    return pd.DataFrame({
        "序号": pd.array([seq + 1 for seq, _ in chosen], dtype="Int64"),
        "级别": [SEVERITY_LABELS.get(f.severity, "其他") for _, f in chosen],
        "检查类别": [readable.family(f.family) for _, f in chosen],
        "说明": [readable.message(f.message) for _, f in chosen],
        "应为": [figure_text(f.expected) for _, f in chosen],
        "报告数": [figure_text(f.actual) for _, f in chosen],
        "位置": [finding_place(f, kind, printed) for _, f in chosen],
    }, columns=["序号", "级别", "检查类别", "说明", "应为", "报告数", "位置"])


def evidence_choices(shown: pd.DataFrame, findings: Sequence[Finding], has_evidence: Callable[[Finding], bool]) -> dict[int, str]:
    """第N条 → how it is offered for its evidence ('第3条 [错误] 表4 报告第11页：说明…'), for the
    findings shown (`findings_table`) that have a page or line to show."""
    out = {}
    for seq, level, place, message in zip(shown["序号"], shown["级别"], shown["位置"], shown["说明"]):
        if has_evidence(findings[int(seq) - 1]):
            out[int(seq)] = f"第{int(seq)}条 [{level}] {place}：{message[:60]}"
    return out


def finding_heading(shown: pd.DataFrame, seq: int) -> tuple[str, str, str]:
    """(级别, 位置, 说明) of finding 第`seq`条 as `findings_table` shows it."""
    row = shown[shown["序号"] == seq].iloc[0]
    return str(row["级别"]), str(row["位置"]), str(row["说明"])


def finding_place(finding: Finding, kind: str | None = "pdf", printed: dict[int, int] | None = None) -> str:
    """Every place of a finding, cited for the reader ('表4 报告第11页（PDF第13页）；情况说明 …')."""
    places = (" ".join(p for p in (readable.table(loc.table), cite(loc.page, loc.line, kind, printed)) if p)
              for loc in finding.location)
    return "；".join(dict.fromkeys(p for p in places if p)) or "（全文）"


def figure_text(value: Any) -> str:
    """An expected/actual value for reading: amounts with thousands separators and two
    decimals, other text as it is, '—' when there is none."""
    if is_missing(value):
        return "—"
    text = str(value).strip()
    try:
        return f"{float(text.replace(',', '')):,.2f}"
    except ValueError:
        return readable.message(text) or "—"


def reading_confidence_text(report: Report) -> str:
    """One line: per table, within-table identities that hold / could be tested."""
    from lib.checks import confidence_line
    from lib.summary import _confidence

    return confidence_line(_confidence(report))


OCR_VERDICTS = {"doubt": "可能误读一位数字", "unreadable": "无法确认", "unchecked": "无从核对", "verified": "经勾稽关系核对无误"}


def ocr_readings_table(report: Report, printed: dict[int, int] | None = None) -> pd.DataFrame:
    """Every amount OCR read and the identities' verdict on it, doubtful ones first: 表,
    项目, 识别读数, 核对结果, 建议读数 (a one-digit fix, never applied), 依据, 位置."""
    order = list(OCR_VERDICTS)
    readings = sorted(report.ocr_readings, key=lambda r: (order.index(r.status) if r.status in order else len(order), r.page, r.line))
    return pd.DataFrame({
        "表": [readable.table(r.table) for r in readings],
        "项目": [r.label for r in readings],
        "识别读数": [r.text for r in readings],
        "核对结果": [OCR_VERDICTS.get(r.status, "其他") for r in readings],
        "建议读数": [figure_text(r.proposal) for r in readings],
        "依据": [readable.message(r.evidence) or "—" for r in readings],
        "位置": [cite(r.page, r.line, "pdf", printed) for r in readings],
    }, columns=["表", "项目", "识别读数", "核对结果", "建议读数", "依据", "位置"])


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {s: sum(f.severity == s for f in findings) for s in SEVERITY_ORDER}


def ocr_progress(update: Callable[[float, str], None]) -> Callable[[int, int, float], None]:
    """An OCR progress callback for the upload bar: `update(share done, text)` per page."""
    from lib.readers.ocr import progress_text

    def report(done: int, total: int, seconds_left: float) -> None:
        update(done / max(total, 1), progress_text(done, total, seconds_left))

    return report

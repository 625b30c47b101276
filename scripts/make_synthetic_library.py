"""Write a synthetic library of plausible reports into a separate DuckDB file (benchmarks).

    python scripts/make_synthetic_library.py [--out var/bench/synthetic.duckdb] [--reports 1000] [--seed 6]

Departments are <region><kind suffix> (e.g. 江岸区总工会), each with consecutive years, so
comparisons, kinds and YoY pairs all have work to do. Every table follows the store's
schema (lib.store creates it; rows are bulk-inserted BY NAME). Amounts in 万元 are
consistent: 类 = Σ款 = Σ项, 基本 + 项目 = 合计, 人员 + 公用 = 表6 total = 基本支出.
Never touches the app's library: the output path must not be $JUESUAN_DB.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lib import store  # noqa: E402

REGIONS = ("江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "蔡甸区", "江夏区",
           "黄陂区", "新洲区", "普陀区", "静安区", "徐汇区", "长宁区", "杨浦区", "闵行区", "宝山区", "嘉定区",
           "秦州区", "麦积区", "甘谷县", "武山县", "清水县", "秦安县", "张家川县", "西城区", "东城区", "海淀区",
           "朝阳区", "丰台区", "石景山区", "门头沟区", "房山区", "通州区", "顺义区", "昌平区", "大兴区", "怀柔区")
KINDS = ("总工会", "总工会职工服务中心", "财政局", "人力资源和社会保障局", "信访局", "教育局", "民政局", "卫生健康委员会")
# 项 code -> (类 name, 款 name, 项 name); the 类 is code[:3], the 款 code[:5]
XIANG = {
    "2010101": ("一般公共服务支出", "人大事务", "行政运行"), "2010301": ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"),
    "2012901": ("一般公共服务支出", "群众团体事务", "行政运行"), "2012902": ("一般公共服务支出", "群众团体事务", "一般行政管理事务"),
    "2012999": ("一般公共服务支出", "群众团体事务", "其他群众团体事务支出"),
    "2080505": ("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"),
    "2080506": ("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位职业年金缴费支出"),
    "2080801": ("社会保障和就业支出", "抚恤", "死亡抚恤"), "2101101": ("卫生健康支出", "行政事业单位医疗", "行政单位医疗"),
    "2101103": ("卫生健康支出", "行政事业单位医疗", "公务员医疗补助"), "2130599": ("农林水支出", "巩固脱贫衔接乡村振兴", "其他巩固脱贫衔接乡村振兴支出"),
    "2210201": ("住房保障支出", "住房改革支出", "住房公积金"), "2210203": ("住房保障支出", "住房改革支出", "购房补贴"),
}
ECONOMIC = {  # 款 code -> (类 code, 类 name, 款 name, group)
    "30101": ("301", "工资福利支出", "基本工资", "人员经费"), "30102": ("301", "工资福利支出", "津贴补贴", "人员经费"),
    "30108": ("301", "工资福利支出", "机关事业单位基本养老保险缴费", "人员经费"), "30113": ("301", "工资福利支出", "住房公积金", "人员经费"),
    "30302": ("303", "对个人和家庭的补助", "退休费", "人员经费"), "30201": ("302", "商品和服务支出", "办公费", "公用经费"),
    "30211": ("302", "商品和服务支出", "差旅费", "公用经费"), "30299": ("302", "商品和服务支出", "其他商品和服务支出", "公用经费"),
    "31002": ("310", "资本性支出", "办公设备购置", "公用经费"),
}
MEASURES = {"t3": (("expense_total", "本年支出合计"), ("basic", "基本支出"), ("project", "项目支出")),
            "t5": (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))}


def make_report(rng: np.random.Generator, index: int, department: str, region: str, year: int, scale: float) -> dict[str, list[dict]]:
    """One report's rows for every library table."""
    report_id = f"syn{index:013d}"
    chosen = sorted(rng.choice(list(XIANG), size=int(rng.integers(5, len(XIANG))), replace=False))
    lines: dict[str, list[float]] = {}
    for code in chosen:
        total = round(float(rng.lognormal(0, 0.8)) * scale / 6, 2)
        basic = round(total * float(rng.choice([1.0, 1.0, rng.uniform(0, 1), 0.0])), 2)
        lines[code] = [total, basic, round(total - basic, 2)]
    nodes: dict[str, list[float]] = {}
    for code, values in lines.items():
        for key in (code[:3], code[:5], code):
            nodes[key] = [a + b for a, b in zip(nodes.get(key, [0.0, 0.0, 0.0]), values)]
    subjects = []
    for code, (total, basic, project) in sorted(nodes.items()):
        names = XIANG[next(c for c in lines if c.startswith(code))]
        level, name = {3: ("类", names[0]), 5: ("款", names[1]), 7: ("项", names[2])}[len(code)]
        for table, measures in MEASURES.items():
            for (measure, label), amount in zip(measures, (total, basic, project)):
                subjects.append({"report_id": report_id, "table": table, "subject_code": code, "level": level,
                                 "subject_name": name, "measure": measure, "measure_label": label,
                                 "amount": round(amount, 2) if amount else None, "cell": "value" if amount else "empty",
                                 "placement": "inferred", "page": 1, "line": len(subjects) + 1})
    expense = round(sum(v[0] for v in lines.values()), 2)
    basic = round(sum(v[1] for v in lines.values()), 2)
    personnel_share = float(rng.uniform(0.75, 0.98))
    economic, parts = [], {}
    for code, (*_, group) in ECONOMIC.items():
        weight = float(rng.uniform(0.2, 1.0)) * (personnel_share / 5 if group == "人员经费" else (1 - personnel_share) / 4)
        parts[code] = weight
    scale_to = basic / sum(parts.values()) if basic else 0.0
    amounts = {code: round(weight * scale_to, 2) for code, weight in parts.items()}
    for class_code in ("301", "302", "303", "310"):
        members = [c for c in ECONOMIC if ECONOMIC[c][0] == class_code]
        group = ECONOMIC[members[0]][3]
        economic.append({"report_id": report_id, "code": class_code, "level": "类", "name": ECONOMIC[members[0]][1],
                         "group": group, "amount": round(sum(amounts[c] for c in members), 2), "cell": "value", "page": 1, "line": 1})
        economic += [{"report_id": report_id, "code": c, "level": "款", "name": ECONOMIC[c][2], "group": group,
                      "amount": amounts[c], "cell": "value", "page": 1, "line": 2} for c in members]
    personnel = round(sum(a for c, a in amounts.items() if ECONOMIC[c][3] == "人员经费"), 2)
    public = round(basic - personnel, 2)
    budget = round(expense * float(rng.uniform(0.7, 1.2)), 2)
    full_year = round(expense * float(rng.uniform(0.95, 1.15)), 2) if rng.random() < 0.4 else None
    execution = [{"seq": i + 1, "subject": XIANG[code][2], "level": "项", "subject_code": code,
                  "budget": round(values[0] * float(rng.uniform(0.6, 1.3)), 2), "full_year_budget": None,
                  "final": values[0], "rate": None} for i, (code, values) in enumerate(lines.items())]
    sangong_budget = round(scale * float(rng.uniform(0, 0.02)), 2)
    warnings = int(rng.poisson(0.5))
    report = {
        "report_id": report_id, "source_name": f"{department}{year}年度部门决算.pdf", "source_kind": "pdf",
        "department": department, "year": year, "unit": "万元", "region": region, "page_count": 20,
        "income_total": expense, "expense_total": expense, "grand_total": expense, "carryover_begin": 0.0, "carryover_end": 0.0,
        "fiscal_income": expense, "basic_expense": basic, "project_expense": round(expense - basic, 2), "gpb_expense": expense,
        "personnel_expense": personnel, "public_expense": public, "sangong_budget": sangong_budget,
        "sangong_final": round(sangong_budget * float(rng.uniform(0.3, 1.0)), 2), "prior_year_total": None,
        "gpb_initial_budget": budget, "expense_by_class": json.dumps({k: v[0] for k, v in nodes.items() if len(k) == 3}),
        "tables_found": json.dumps(["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"]), "table_locations": "{}",
        "table_units": "{}", "empty_statements": "{}", "notes": "[]", "facts_status": "ok", "checks_status": "ok",
        "finding_count": warnings + 3, "warning_count": warnings, "error_count": 0, "original_ext": None,
        "original_size": None, "origin": "synthetic", "added_at": pd.Timestamp("2025-01-01").to_pydatetime(),
    }
    overall = [{"report_id": report_id, "budget": budget, "full_year_budget": full_year, "final": expense,
                "rate": round(100 * expense / budget, 2), "rate_basis": "年初预算", "page": 1, "line": 1, "sentence": ""}]
    execution = [{"report_id": report_id, **item, "page": 1, "line": 1, "sentence": ""} for item in execution]
    rows = {"reports": [report], "subjects": subjects, "economic": economic,
            "facts_execution_overall": overall, "facts_execution": execution}
    rows.update(_more_tables(rng, report))
    return rows


SANGONG_PARTS = (("abroad", "因公出国（境）费", 0.2), ("vehicle", "公务用车购置及运行维护费", 0.5),
                 ("vehicle_purchase", "公务用车购置费", 0.1), ("vehicle_operation", "公务用车运行维护费", 0.4),
                 ("reception", "公务接待费", 0.3))


def _more_tables(rng: np.random.Generator, report: dict) -> dict[str, list[dict]]:
    """What else a real report stores, so pages at scale read as much as they would: 表1/表3/表5
    totals, 表6 printed totals, 表9, narrative totals, a few findings with their places and
    cited lines, and for one report in three a 绩效自评表 with its funds row."""
    rid, expense, basic = report["report_id"], report["expense_total"], report["basic_expense"]
    where = {"cell": "value", "page": 3, "line": 1}
    totals = [{"report_id": rid, "table": table, "measure": measure, "measure_label": label, "amount": amount, **where}
              for table, measures in MEASURES.items()
              for (measure, label), amount in zip(measures, (expense, basic, round(expense - basic, 2)))]
    ledger = [{"report_id": rid, "table": "t1", "side": side, "line_number": n, "label": label, "item": item,
               "class_code": None, "measure": "amount", "amount": expense, **where}
              for n, (side, label, item) in enumerate((("收入", "本年收入合计", "income_total"),
                                                       ("支出", "本年支出合计", "expense_total"),
                                                       ("收入", "总计", "grand_total"), ("支出", "总计", "grand_total")), 1)]
    economic_totals = [{"report_id": rid, "label": label, "amount": report[key], **where}
                       for label, key in (("人员经费合计", "personnel_expense"), ("公用经费合计", "public_expense"))]
    sangong = []
    for measure, total in (("budget", report["sangong_budget"]), ("final", report["sangong_final"])):
        sangong.append({"report_id": rid, "measure": measure, "category": "total", "category_label": "合计",
                        "amount": total, **where})
        sangong += [{"report_id": rid, "measure": measure, "category": category, "category_label": label,
                     "amount": round(total * share, 2), **where} for category, label, share in SANGONG_PARTS]
    facts_totals = [{"report_id": rid, "item": item, "label": label, "value": expense, "converted": False,
                     "prior_value": round(expense * float(rng.uniform(0.8, 1.2)), 2), "prior_stated": True,
                     "change": None, "change_pct": None, "direction": None, "reason": None, "page": 2, "line": n,
                     "sentence": f"{label}{expense:.2f}万元。"}
                    for n, (item, label) in enumerate((("total", "收、支总计"), ("expense_total", "支出合计")), 1)]
    findings, places, lines = [], [], []
    for seq in range(int(rng.integers(1, 5))):
        findings.append({"report_id": rid, "seq": seq, "rule": "x.t1_t3", "family": "表间", "severity": "info",
                         "message": "尾数差异", "expected": expense, "actual": round(expense + 0.01, 2)})
        places.append({"report_id": rid, "seq": seq, "pos": 0, "page": 3, "table": "t1", "line": seq + 1})
        lines.append({"report_id": rid, "page": 3, "line_no": seq + 1, "text": f"本年支出合计 {expense:.2f}",
                      "x0": 50.0, "top": 100.0 + 12 * seq, "x1": 500.0, "bottom": 110.0 + 12 * seq, "cited": True})
    rows = {"subject_totals": totals, "ledger": ledger, "economic_totals": economic_totals, "sangong": sangong,
            "facts_totals": facts_totals, "findings": findings, "finding_locations": places, "lines": lines}
    if rng.random() < 1 / 3:  # a 绩效自评表 (project) with its 年度资金总额 row
        budget = round(expense * float(rng.uniform(0.05, 0.3)), 2)
        executed = round(budget * float(rng.uniform(0.5, 1.05)), 2)
        rows["perf_tables"] = [{"report_id": rid, "seq": 1, "kind": "project", "source": "table", "name": "重点工作经费",
                                "unit": report["department"], "rate_basis": "全年", "funds_weight": 10.0,
                                "total_weight": 100.0, "total_score": round(float(rng.uniform(80, 100)), 2),
                                "total_printed": None, "goals_score": None, "indicator_count": 0, "page": 30, "line": 1,
                                "total_page": None, "total_line": None, "end_page": 30}]
        rows["perf_funds"] = [{"report_id": rid, "seq": 1, "name": "重点工作经费", "row": "年度资金总额", "row_index": 0,
                               "measure": measure, "measure_label": label, "value": value, "printed": None,
                               "cell": "value", "page": 30, "line": 2}
                              for measure, label, value in (("full_year_budget", "全年预算数", budget),
                                                            ("executed", "全年执行数", executed))]
    return rows


def build(out: Path, reports: int, seed: int, departments: int | None = None) -> dict[str, int]:
    """Write the library; `departments` limits how many departments the reports cycle over
    (few departments → the same department and year recur, as in a library of re-uploads)."""
    if out.resolve() == store.library_path().resolve() and "JUESUAN_DB" in os.environ:
        raise SystemExit("refusing to overwrite the app's library ($JUESUAN_DB)")
    for stale in (out, out.with_name(out.name + ".wal")):
        stale.unlink(missing_ok=True)
    os.environ["JUESUAN_SAMPLE"] = "0"
    out.parent.mkdir(parents=True, exist_ok=True)
    store.ensure_library(out)
    rng = np.random.default_rng(seed)
    years = (2020, 2021, 2022, 2023, 2024)
    rows: dict[str, list[dict]] = {}
    names = [(f"{region}{kind}", region) for region in REGIONS for kind in KINDS][:departments]
    for index in range(reports):
        department, region = names[(index // len(years)) % len(names)]
        scale = 200 + 3000 * ((index // len(years)) % 17) / 17
        for table, more in make_report(rng, index, department, region, years[index % len(years)], scale).items():
            rows.setdefault(table, []).extend(more)
    typed = {name: {"report_id": "string", **schema} for name, schema in store.FRAME_SCHEMAS.items()}
    frames = {table: pd.DataFrame(items).astype({k: v for k, v in typed.get(table, {}).items()
                                                 if k in items[0]}) for table, items in rows.items()}
    with store.connect(out) as con:
        for table, frame in frames.items():
            con.register("frame_in", frame)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame_in")
            con.unregister("frame_in")
        con.execute("CHECKPOINT")
    return {table: len(frame) for table, frame in frames.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "synthetic.duckdb")
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--departments", type=int, default=None, help="cycle over only this many departments")
    args = parser.parse_args()
    started = time.perf_counter()
    counts = build(args.out, args.reports, args.seed, args.departments)
    print(f"{args.out}: {counts} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

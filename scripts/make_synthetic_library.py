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

from lib import schemas, store  # noqa: E402

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
    return {"reports": [report], "subjects": subjects, "economic": economic,
            "facts_execution_overall": overall, "facts_execution": execution}


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
    rows: dict[str, list[dict]] = {"reports": [], "subjects": [], "economic": [], "facts_execution_overall": [],
                                   "facts_execution": []}
    names = [(f"{region}{kind}", region) for region in REGIONS for kind in KINDS][:departments]
    for index in range(reports):
        department, region = names[(index // len(years)) % len(names)]
        scale = 200 + 3000 * ((index // len(years)) % 17) / 17
        for table, more in make_report(rng, index, department, region, years[index % len(years)], scale).items():
            rows[table] += more
    frames = {"reports": pd.DataFrame(rows["reports"]),
              "subjects": pd.DataFrame(rows["subjects"]).astype({"report_id": "string", **schemas.SUBJECTS}),
              "economic": pd.DataFrame(rows["economic"]).astype({"report_id": "string", **schemas.ECONOMIC}),
              "facts_execution_overall": pd.DataFrame(rows["facts_execution_overall"]),
              "facts_execution": pd.DataFrame(rows["facts_execution"])}
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

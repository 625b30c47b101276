"""Comparisons (DuckDB SQL over the sample library) and what-if scenarios, against numbers
computed by hand from the figures the reports print (万元)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib import store
from lib.analysis import compare, whatif

HANYANG = "569a458144021003"  # 武汉市汉阳区总工会 2022年度 (seed 001)
XINZHOU = "89200ea8c7001736"  # 新洲区总工会 2023年度 (seed 003)
HANNAN = "68fde44d7a2e717a"  # 武汉经济技术开发区（汉南区）职工服务中心 2022年度 (seed 000)
TIANSHUI = "afb23f6f38d32177"  # 天水市职工服务中心 2024年度 (seed 004)
FOUR = [HANYANG, XINZHOU, HANNAN, TIANSHUI]


def _row(frame: pd.DataFrame, report_id: str) -> pd.Series:
    return frame.set_index("report_id").loc[report_id]


# ---------------------------------------------------------------- kinds and matching


KINDS = [
    ("武汉市汉阳区总工会", "总工会"), ("新洲区总工会", "总工会"),
    ("武汉经济技术开发区（汉南区）职工服务中心", "职工服务中心"), ("武汉市汉阳区总工会职工服务中心", "职工服务中心"),
    ("武汉市东西湖区人力资源和社会保障局", "人社局"), ("上海市普陀区财政局", "财政局"), ("国家信访局", "信访局"),
    ("某某县档案馆", "档案馆"), ("某某研究会", "其他"), (None, "其他"), (" 某区 总工会（筹） ", "其他"),
    ("某区 卫生健康委员会 ", "卫健委"),
]


@pytest.mark.parametrize(("name", "kind"), KINDS)
def test_department_kind_by_suffix(name: str | None, kind: str) -> None:
    assert compare.department_kind(name) == kind


def test_kind_rule_in_sql_is_the_same() -> None:
    """The library's kinds are found in DuckDB (lib/library.py), a chosen report's in Python."""
    names = [name for name, _ in KINDS]
    found = duckdb.sql(f"SELECT {compare.kind_sql('name')} FROM (SELECT unnest(?::VARCHAR[]) AS name)",
                       params=[names]).fetchall()
    assert [row[0] for row in found] == [kind for _, kind in KINDS]


def test_department_key_normalises_brackets_and_spaces() -> None:
    assert compare.department_key(" 武汉经济技术开发区（汉南区） 职工服务中心") == "武汉经济技术开发区(汉南区)职工服务中心"


# ---------------------------------------------------------------- SQL comparisons on the sample library


def test_kpis_two_unions_and_two_service_centres(library: Path) -> None:
    with store.connect() as con:
        kpis = compare.kpis(con, FOUR)
    assert list(kpis["kind"]) == ["总工会", "总工会", "职工服务中心", "职工服务中心"]
    hanyang, xinzhou, hannan, tianshui = (_row(kpis, i) for i in FOUR)
    assert hanyang["expense_total"] == pytest.approx(533.26)
    assert hanyang["basic_share_pct"] == pytest.approx(100 * 354.74 / 533.26)  # 66.52
    assert hanyang["personnel_share_pct"] == pytest.approx(100.0)  # 354.74 of 354.74 + 0
    assert hanyang["execution_rate_pct"] == pytest.approx(100 * 533.26 / 380.56)  # 140.13 (stated 140.1)
    assert xinzhou["personnel_share_pct"] == pytest.approx(100 * 586.77 / (586.77 + 63.39))  # 90.25
    assert xinzhou["execution_rate_pct"] == pytest.approx(100 * 673.16 / 370.76)  # 181.56
    assert hannan["personnel_share_pct"] == pytest.approx(100 * 107.45 / (107.45 + 6.82))  # 94.03
    assert hannan["execution_rate_pct"] == pytest.approx(100 * 205.23 / 187.77)  # 109.30
    assert hannan["execution_rate_full_pct"] == pytest.approx(100 * 205.23 / 249.83)  # 82.15
    assert tianshui["personnel_share_pct"] == pytest.approx(100 * 79.99 / 83.02)  # 96.35: the largest share
    assert tianshui["project_share_pct"] == pytest.approx(0.0)
    ranked = compare.ranking(kpis[kpis["kind"] == "职工服务中心"], "personnel_share_pct")
    assert list(ranked["report_id"]) == [TIANSHUI, HANNAN] and list(ranked["rank"]) == [1, 2]


def test_kpis_zero_budget_gives_no_rate(library: Path) -> None:
    with store.connect() as con:
        kpis = compare.kpis(con)
    assert len(kpis) == 8
    social = kpis[kpis["department"] == "中共上海市普陀区委社会工作部"].iloc[0]
    assert social["budget_initial"] == 0 and pd.isna(social["execution_rate_pct"])
    assert social["execution_rate_full_pct"] == pytest.approx(100 * 307.82 / 321.02)


def test_class_and_economic_shares(library: Path) -> None:
    result = compare.compare([HANYANG, TIANSHUI])
    hanyang = result.class_shares[result.class_shares["report_id"] == HANYANG].set_index("code")
    assert hanyang.loc["201", "amount"] == pytest.approx(441.16)
    assert hanyang.loc["201", "share_pct"] == pytest.approx(100 * 441.16 / 533.26)  # 82.73
    assert hanyang["share_pct"].sum() == pytest.approx(100.0)
    groups = result.economic_groups.set_index(["report_id", "group"])["share_pct"]
    assert groups[(TIANSHUI, "公用经费")] == pytest.approx(100 * 3.03 / 83.02)  # 3.65
    classes = result.economic_shares.set_index(["report_id", "code"])["amount"]
    assert classes[(HANYANG, "301")] == pytest.approx(308.94) and classes[(HANYANG, "303")] == pytest.approx(45.80)
    kinds = result.kinds.set_index("kind")
    assert kinds.loc["总工会", "reports"] == 1 and kinds.loc["职工服务中心", "reports"] == 1
    assert result.yoy.empty  # no department twice


def _two_years() -> duckdb.DuckDBPyConnection:
    """An in-memory library with one department in 2022 and 2023 (and its 2021 left unchosen)."""
    con = duckdb.connect()
    store._create_schema(con)
    rows = [("a", "某区总工会", 2022, 500.0, 400.0, 100.0, 300.0, 100.0, 480.0),
            ("b", "某区总工会 ", 2023, 600.0, 420.0, 180.0, 330.0, 90.0, 500.0),
            ("c", "某区职工服务中心", 2023, 100.0, 100.0, 0.0, 90.0, 10.0, 100.0)]
    for rid, dept, year, total, basic, project, personnel, public, budget in rows:
        con.execute("""INSERT INTO reports (report_id, department, year, income_total, expense_total, fiscal_income,
                       basic_expense, project_expense, gpb_expense, personnel_expense, public_expense, gpb_initial_budget,
                       warning_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""",
                    [rid, dept, year, total, total, total, basic, project, total, personnel, public, budget])
    return con


def test_yoy_pairs_same_department_by_name_and_year() -> None:
    con = _two_years()
    changes = compare.yoy(con).set_index("metric")
    assert set(changes["department"]) == {"某区总工会 "} and set(changes["year_from"]) == {2022}
    assert changes.loc["expense_total", "change"] == pytest.approx(100.0)
    assert changes.loc["expense_total", "change_pct"] == pytest.approx(20.0)
    # 基本支出占比 80 % -> 70 %: -10 percentage points
    assert changes.loc["basic_share_pct", "change"] == pytest.approx(-10.0)
    # 完成率 500/480 -> 600/500
    assert changes.loc["execution_rate_pct", "value_to"] == pytest.approx(120.0)
    assert changes.loc["execution_rate_pct", "change"] == pytest.approx(120.0 - 100 * 500 / 480)
    assert compare.yoy(con, ["b", "c"]).empty  # one year of each chosen


# ---------------------------------------------------------------- what-if


def test_empty_scenario_reproduces_the_sql(library: Path) -> None:
    baseline = whatif.Baseline.from_library(FOUR)
    result = whatif.apply(whatif.Scenario(), baseline)
    pd.testing.assert_frame_equal(result.kpis[baseline.kpis.columns], baseline.kpis, check_dtype=False)
    sql = compare.compare(FOUR).class_shares.sort_values(["report_id", "code"]).reset_index(drop=True)
    mine = result.class_shares.sort_values(["report_id", "code"]).reset_index(drop=True)
    pd.testing.assert_series_equal(mine["share_pct"], sql["share_pct"], check_names=False)


def test_cut_one_class_by_20_percent_by_hand(library: Path) -> None:
    baseline = whatif.Baseline.from_library([HANYANG, XINZHOU])
    before = store.library_stamp()
    scenario = whatif.Scenario((whatif.Adjustment(HANYANG, "subject", "201", "pct", -20),))
    result = whatif.apply(scenario, baseline)
    # 201 一般公共服务支出 441.16 -> 352.928; 类 sum 533.26 -> 445.028
    shares = result.class_shares[result.class_shares["report_id"] == HANYANG].set_index("code")
    assert shares.loc["201", "amount"] == pytest.approx(352.928)
    assert shares.loc["201", "share_pct"] == pytest.approx(100 * 352.928 / 445.028)  # 79.30 (was 82.73)
    assert shares.loc["208", "share_pct"] == pytest.approx(100 * 33.47 / 445.028)  # 7.52 (was 6.28)
    kpis = _row(result.kpis, HANYANG)
    assert kpis["expense_total"] == pytest.approx(445.028)
    assert kpis["basic_expense"] == pytest.approx(354.74 - 0.2 * 269.02)  # 300.936
    assert kpis["project_expense"] == pytest.approx(178.52 - 0.2 * 172.14)  # 144.092
    assert kpis["basic_share_pct"] == pytest.approx(100 * 300.936 / 445.028)  # 67.62
    assert kpis["execution_rate_pct"] == pytest.approx(100 * 445.028 / 380.56)  # 116.94 (was 140.13)
    items = result.execution[result.execution["report_id"] == HANYANG].set_index("code")
    assert items.loc["2012901", "final"] == pytest.approx(269.02 * 0.8)  # 行政运行 215.216
    assert items.loc["2012901", "rate_pct"] == pytest.approx(100 * 215.216 / 263.97)  # 81.53
    assert items.loc["2080505", "final"] == pytest.approx(15.36)  # other 类 untouched
    assert _row(result.kpis, XINZHOU)["expense_total"] == pytest.approx(673.16)  # other report untouched
    lines = result.subjects.set_index(["report_id", "table", "code", "measure"])["amount"]
    assert lines[(HANYANG, "t3", "20129", "total")] == pytest.approx(352.928)
    # nothing written back
    assert store.library_stamp() == before
    assert _row(whatif.Baseline.from_library([HANYANG]).kpis, HANYANG)["expense_total"] == pytest.approx(533.26)


def test_absolute_change_on_a_line_carries_to_parents(library: Path) -> None:
    baseline = whatif.Baseline.from_library([HANYANG])
    scenario = whatif.Scenario((whatif.Adjustment(HANYANG, "subject", "2012902", "abs", -72.14),))
    result = whatif.apply(scenario, baseline)
    lines = result.subjects.set_index(["table", "code", "measure"])["amount"]
    assert lines[("t3", "2012902", "total")] == pytest.approx(100.0)
    assert lines[("t3", "2012902", "project")] == pytest.approx(100.0)  # all project
    assert lines[("t3", "20129", "project")] == pytest.approx(100.0)
    assert lines[("t3", "201", "total")] == pytest.approx(441.16 - 72.14)
    kpis = _row(result.kpis, HANYANG)
    assert kpis["project_expense"] == pytest.approx(178.52 - 72.14)
    assert kpis["basic_expense"] == pytest.approx(354.74)


def test_budget_full_year_and_economic_cut(library: Path) -> None:
    baseline = whatif.Baseline.from_library([HANNAN, TIANSHUI])
    scenario = whatif.Scenario((
        whatif.Adjustment(HANNAN, "budget", None, "full_year"),
        whatif.Adjustment(TIANSHUI, "budget", None, "full_year"),  # not stated: left alone, with a note
        whatif.Adjustment(TIANSHUI, "economic", "302", "pct", -100),
    ))
    result = whatif.apply(scenario, baseline)
    assert _row(result.kpis, HANNAN)["execution_rate_pct"] == pytest.approx(100 * 205.23 / 249.83)  # 82.15
    assert "未说明全年预算" in result.applied.iloc[1]["note"]
    cut = float(baseline.economic.set_index(["report_id", "code"]).loc[(TIANSHUI, "302"), "amount"])
    assert _row(result.kpis, TIANSHUI)["public_expense"] == pytest.approx(3.03 - cut)
    # the money 表6 no longer spends is 基本支出 no longer spent: 支出合计, 基本支出 and the 财政拨款 spending fall with it
    was = _row(baseline.kpis, TIANSHUI)
    assert _row(result.kpis, TIANSHUI)["expense_total"] == pytest.approx(83.02 - cut)
    assert _row(result.kpis, TIANSHUI)["basic_expense"] == pytest.approx(was["basic_expense"] - cut)
    assert _row(result.kpis, TIANSHUI)["project_expense"] == pytest.approx(was["project_expense"])
    assert _row(result.kpis, TIANSHUI)["execution_rate_pct"] == pytest.approx(100 * (was["gpb_expense"] - cut) / 84.37)


def test_item_budget_moves_overall_budget(library: Path) -> None:
    baseline = whatif.Baseline.from_library([HANYANG])
    result = whatif.apply(whatif.Scenario((whatif.Adjustment(HANYANG, "budget", "2012902", "abs", 109.5),)), baseline)
    item = result.execution.set_index("code").loc["2012902"]
    assert item["budget"] == pytest.approx(172.14) and item["rate_pct"] == pytest.approx(100.0)
    assert _row(result.kpis, HANYANG)["budget_initial"] == pytest.approx(380.56 + 109.5)


def test_adjustment_validation() -> None:
    with pytest.raises(ValueError):
        whatif.Adjustment("x", "subject", None, "pct", -10)
    with pytest.raises(ValueError):
        whatif.Adjustment("x", "subject", "201", "full_year")
    with pytest.raises(ValueError):
        whatif.Adjustment("x", "subject", "201", "pct", -150)


def test_export_has_inputs_and_results(library: Path) -> None:
    baseline = whatif.Baseline.from_library([HANYANG, XINZHOU])
    scenario = whatif.Scenario((whatif.Adjustment(HANYANG, "subject", "201", "pct", -20),))
    table = whatif.export_frame(scenario, baseline, whatif.apply(scenario, baseline))
    assert set(table["性质"]) == {whatif.SCENARIO_HEADER}
    inputs = table[table["部分"] == "输入：调整"].iloc[0]
    assert inputs["项目"] == "功能分类科目 201：-20%" and inputs["变化"] == pytest.approx(-88.232)
    total = table[(table["部分"] == "结果：指标") & (table["项目"] == "支出合计") & table["报告"].str.startswith("武汉市汉阳区")]
    assert total.iloc[0]["情景"] == pytest.approx(445.028)
    assert whatif.export_csv(scenario, baseline, whatif.apply(scenario, baseline)).startswith("\ufeff性质".encode())


# ---------------------------------------------------------------- the 对比与情景 page (AppTest)

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _page(ids: list[str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["compare_ids"] = ids
    at.run()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def test_page_compares_unions_and_service_centres(library: Path) -> None:
    at = _page(FOUR)
    kpis = at.dataframe[0].value.set_index("指标")
    # one column per report, in the order the user chose them (FOUR)
    assert list(kpis.columns) == ["武汉市汉阳区总工会 2022年度", "新洲区总工会 2023年度",
                                  "武汉经济技术开发区（汉南区）职工服务中心 2022年度", "天水市职工服务中心 2024年度"]
    assert kpis.loc["人员经费占比（%）", "武汉市汉阳区总工会 2022年度"] == pytest.approx(100.0)
    assert kpis.loc["人员经费占比（%）", "天水市职工服务中心 2024年度"] == pytest.approx(100 * 79.99 / 83.02)
    assert kpis.loc["预算完成率（对年初预算，%）", "新洲区总工会 2023年度"] == pytest.approx(100 * 673.16 / 370.76)
    assert kpis.loc["支出合计（万元）", "武汉经济技术开发区（汉南区）职工服务中心 2022年度"] == pytest.approx(205.23)
    texts = "\n".join(m.value for m in at.markdown)
    assert "人员经费占比最高：武汉市汉阳区总工会 2022年度**（100.00%）" in texts
    # missing values as —, amounts to 0.01: the grid's own placeholder and formats (a Styler
    # rendered every cell in Python); the data stays numeric
    assert at.dataframe[0].proto.placeholder == "—"
    formats = json.loads(at.dataframe[0].proto.columns)
    assert formats["武汉市汉阳区总工会 2022年度"]["type_config"]["format"] == "%,.2f"
    # the kinds offered default to the chosen reports' kinds; the 职工服务中心 only, by kind
    assert at.multiselect(key="compare_kinds").value == ["总工会", "职工服务中心"]
    at.multiselect(key="compare_kinds").set_value(["职工服务中心"]).run()
    at.button(key="compare_pick_kind").click().run()
    assert sorted(at.multiselect(key="compare_ids").value) == sorted([HANNAN, TIANSHUI])
    assert "人员经费占比最高：天水市职工服务中心 2024年度" in "\n".join(m.value for m in at.markdown)
    at.toggle(key="compare_rank_desc").set_value(False).run()
    assert "人员经费占比最低：武汉经济技术开发区（汉南区）职工服务中心 2022年度" in "\n".join(m.value for m in at.markdown)


def test_page_what_if_cut_20_percent_and_reset(library: Path) -> None:
    at = _page([HANYANG, XINZHOU])
    assert any(h.value == whatif.SCENARIO_HEADER for h in at.header)
    at.selectbox(key="whatif_report").set_value(HANYANG).run()
    at.radio(key="whatif_target").set_value("subject").run()
    at.selectbox(key="whatif_code").set_value("201").run()
    at.radio(key="whatif_mode").set_value("pct").run()
    at.number_input(key="whatif_value").set_value(-20.0).run()
    at.button(key="whatif_add").click().run()
    assert not at.exception and not at.error
    tables = [d.value for d in at.dataframe]
    side = next(t for t in tables if "指标" in t.columns and "武汉市汉阳区总工会 2022年度" in t.columns and
                (t.set_index("指标").loc["支出合计（万元）", "武汉市汉阳区总工会 2022年度"] != 533.26)).set_index("指标")
    assert side.loc["支出合计（万元）", "武汉市汉阳区总工会 2022年度"] == pytest.approx(445.028)
    assert side.loc["基本支出占比（%）", "武汉市汉阳区总工会 2022年度"] == pytest.approx(100 * 300.936 / 445.028)
    assert side.loc["预算完成率（对年初预算，%）", "武汉市汉阳区总工会 2022年度"] == pytest.approx(100 * 445.028 / 380.56)
    assert side.loc["支出合计（万元）", "新洲区总工会 2023年度"] == pytest.approx(673.16)
    changes = next(t for t in tables if list(t.columns)[:6] == ["报告", "指标", "单位", "报告所列数", "情景", "变化"]).set_index("指标")
    assert changes.loc["支出合计", "变化"] == pytest.approx(-88.232)
    execution = next(t for t in tables if "完成率（情景，%）" in t.columns).set_index("科目")
    assert execution.loc["2012901 行政运行", "完成率（情景，%）"] == pytest.approx(100 * 215.216 / 263.97)
    # the comparison tab still shows the library's numbers
    assert tables[0].set_index("指标").loc["支出合计（万元）", "武汉市汉阳区总工会 2022年度"] == pytest.approx(533.26)
    assert len(at.session_state["whatif_adjustments"]) == 1
    at.button(key="whatif_reset").click().run()
    assert at.session_state["whatif_adjustments"] == []
    assert any("尚未添加调整" in i.value for i in at.info)

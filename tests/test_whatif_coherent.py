"""What-if scenarios stay coherent: every identity the scenario shows that holds in the
report still holds after any cut or rise of a 功能分类 类 or a 表6 经济分类 类, for every
sample report (基本 + 项目 = 合计, 表1 = 表3, 类 = Σ款, 表5 基本支出 = 表6, 基本支出 ≥ 人员经费 …),
and the page says what a scenario adjusts and what it holds fixed."""

from __future__ import annotations

import pandas as pd
import pytest
import shown

from lib.analysis import whatif


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_DB", str(tmp_path_factory.mktemp("whatif") / "library.duckdb"))
        patch.setenv("JUESUAN_SAMPLE", "1")
        from lib import store

        reports = store.list_reports()
        baseline = whatif.Baseline.from_library(list(reports["report_id"]))
        yield dict(zip(reports["source_name"], reports["report_id"])), baseline


def _adjustments(baseline: whatif.Baseline) -> list[whatif.Adjustment]:
    out = []
    for report_id in baseline.kpis["report_id"]:
        subjects = baseline.subjects[(baseline.subjects["report_id"] == report_id) & (baseline.subjects["table"] == "t3")
                                     & (baseline.subjects["level"] == "类") & (baseline.subjects["measure"] == "total")]
        economic = baseline.economic[(baseline.economic["report_id"] == report_id) & (baseline.economic["level"] == "类")]
        out += [whatif.Adjustment(report_id, "subject", code, "pct", value) for code in subjects["code"] for value in (-20, -100, 10)]
        out += [whatif.Adjustment(report_id, "subject", code, "abs", -5.0) for code in subjects["code"]]
        out += [whatif.Adjustment(report_id, "economic", code, "pct", value) for code in economic["code"] for value in (-20, -100)]
    return out


def test_the_sample_reports_hold_every_identity(sample) -> None:
    _, baseline = sample
    before = whatif.baseline_result(baseline)
    check = whatif.identity_check(before, before)
    assert set(check["identity"]) == set(whatif.IDENTITIES), "every identity is tested on some report"
    assert check["baseline_holds"].all(), check[~check["baseline_holds"]]


def test_no_scenario_breaks_an_identity_that_holds(sample) -> None:
    _, baseline = sample
    before = whatif.baseline_result(baseline)
    adjustments = _adjustments(baseline)
    assert len(adjustments) > 150
    broken = []
    for adjustment in adjustments:
        after = whatif.apply(whatif.Scenario((adjustment,)), baseline)
        check = whatif.identity_check(before, after, [adjustment.report_id])
        bad = check[check["baseline_holds"] & ~check["scenario_holds"]]
        broken += [(adjustment.describe(), label) for label in bad["label"]]
    assert not broken, broken[:10]


def test_a_cut_never_leaves_basic_below_personnel(sample) -> None:
    """普陀财政局: 201 一般公共服务支出 carries most of the 基本支出; cut it away entirely."""
    ids, baseline = sample
    report_id = ids["上海市普陀区财政局2024年度部门决算.pdf"]
    result = whatif.apply(whatif.Scenario((whatif.Adjustment(report_id, "subject", "201", "pct", -100),)), baseline)
    was = baseline.kpis.set_index("report_id").loc[report_id]
    now = result.kpis.set_index("report_id").loc[report_id]
    assert now["basic_expense"] < was["basic_expense"] - 1000  # the cut is real
    assert now["basic_expense"] >= now["personnel_expense"]
    assert now["personnel_expense"] + now["public_expense"] == pytest.approx(
        result.subjects[(result.subjects["report_id"] == report_id) & (result.subjects["table"] == "t5")
                        & (result.subjects["level"] == "类") & (result.subjects["measure"] == "basic")]["amount"].sum(), abs=0.015)  # printed 0.01 apart
    # 人员经费 and 公用经费 keep their proportion (表6 does not say which line pays which)
    assert now["personnel_share_pct"] == pytest.approx(was["personnel_share_pct"])
    assert now["income_total"] == was["income_total"], "income is held fixed"


def test_explain_says_what_is_adjusted_and_held() -> None:
    subject = whatif.Scenario((whatif.Adjustment("r", "subject", "201", "pct", -20),))
    text = "\n".join(whatif.explain(subject))
    assert "表6的人员经费和公用经费" in text and "保持不变" in text and "收入" in text and "年初和全年预算" in text
    both = subject.add(whatif.Adjustment("r", "budget", None, "pct", 10))
    text = "\n".join(whatif.explain(both))
    assert "年初预算：只改预算数" in text and "全年预算" in text and "年初和全年预算" not in text
    budget = whatif.Scenario((whatif.Adjustment("r", "budget", None, "pct", 10),))
    assert whatif.explain(budget)[-1].startswith("保持不变：全部决算数")
    assert whatif.explain(whatif.Scenario()) == []


def _compare_page(ids: list[str]):
    return shown.visit("app_pages/compare.py", None, compare_ids=ids)


def test_page_says_what_the_scenario_holds_and_shows_identities(sample) -> None:
    ids, _ = sample
    report_id = ids["上海市普陀区财政局2024年度部门决算.pdf"]
    at = _compare_page([report_id, ids["国家信访局2024年度部门决算.pdf"]])
    at.selectbox(key="whatif_report").set_value(report_id).run()
    at.radio(key="whatif_target").set_value("subject").run()
    at.selectbox(key="whatif_code").set_value("201").run()
    at.number_input(key="whatif_value").set_value(-100.0).run()
    at.button(key="whatif_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(shown.texts(at))
    assert "保持不变：收入" in text and "表6的人员经费和公用经费" in text
    identities = next(frame.value for frame in at.dataframe if "勾稽关系" in frame.value.columns)
    mine = identities[identities["报告"].str.startswith("上海市普陀区财政局")]
    assert set(mine["勾稽关系"]) >= {"基本支出 ≥ 人员经费", "表5 基本支出 = 表6 人员经费 + 公用经费", "表1 本年支出合计 = 表3 各类之和"}
    assert (mine["情景中"] == "成立").all(), mine
    side = next(frame.value for frame in at.dataframe if "指标" in frame.value.columns and len(frame.value.columns) > 2
                and frame.value.iloc[0].notna().all())
    side = side.set_index("指标")
    column = next(c for c in side.columns if str(c).startswith("上海市普陀区财政局"))
    assert side.loc["基本支出（万元）", column] >= side.loc["人员经费（万元）", column]
    assert not any(isinstance(v, float) and pd.isna(v) for v in mine["情景中"])


def test_identity_check_flags_a_broken_scenario(sample) -> None:
    """The check can fail: a scenario whose 表6 was not carried (the old rule) is caught."""
    ids, baseline = sample
    report_id = ids["上海市普陀区财政局2024年度部门决算.pdf"]
    before = whatif.baseline_result(baseline)
    after = whatif.apply(whatif.Scenario((whatif.Adjustment(report_id, "subject", "201", "pct", -100),)), baseline)
    stale = whatif.Result(kpis=after.kpis.assign(personnel_expense=before.kpis["personnel_expense"],
                                                  public_expense=before.kpis["public_expense"]),
                          subjects=after.subjects, economic=before.economic, execution=after.execution,
                          applied=after.applied)
    check = whatif.identity_check(before, stale, [report_id]).set_index("identity")
    assert not check.loc["personnel", "scenario_holds"] and not check.loc["t5_t6", "scenario_holds"]

"""AppTest of the 绩效自评 page: the projects, amounts, rates, scores and flags it shows are
the ones the self-evaluation tables print (tests/expected_performance.py), with their pages."""

from __future__ import annotations

from pathlib import Path

import perf_synthetic as ps
import pytest
from conftest import corpus_path
from expected_performance import PERFORMANCE
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
XINFANG = "国家信访局2024年度部门决算.pdf"


@pytest.fixture
def perf_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An empty library with 国家信访局 and a generated report whose table prints 1000 %."""
    from lib import store
    from lib.ingest import analyse_bytes

    monkeypatch.setenv("JUESUAN_DB", str(tmp_path / "library.duckdb"))
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    ids = {}
    data = corpus_path(XINFANG).read_bytes()
    ids["xinfang"] = store.save_report(analyse_bytes(data, XINFANG), data)
    bad = ps.Project("信访干部培训专项", 180.61, 180.03, 180.03, rate_text="1000%")
    generated = ps.text_report([bad, ps.PROJECTS[1]]).encode("utf-8")
    ids["generated"] = store.save_report(analyse_bytes(generated, "generated.txt"), generated)
    return ids


def _open(report_id: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["active_ids"] = [report_id]
    at.run()
    at.switch_page("app_pages/performance.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_shows_projects_as_printed(perf_library: dict[str, str]) -> None:
    at = _open(perf_library["xinfang"])
    projects = at.dataframe[0].value
    expected = PERFORMANCE[XINFANG]
    assert list(projects["项目"]) == [row[2] for row in expected]
    assert list(projects["全年预算数（万元）"]) == [row[3] for row in expected]
    assert list(projects["全年执行数（万元）"]) == [row[4] for row in expected]
    assert list(projects["表中执行率"]) == [row[5] for row in expected]
    assert list(projects["自评得分"]) == [row[7] for row in expected]
    # PDF pages 30/32/34/35 print 28/30/32/33
    assert list(projects["位置"]) == [f"报告第{row[9] - 2}页（PDF第{row[9]}页） 第1行" for row in expected]
    assert list(projects["执行率（%）"]) == [100.0, 77.13, 100.0, 63.01]
    flags = dict(zip(projects["项目"], projects["标记"]))
    assert flags["信息化运行维护"] == "执行率低于80%、与情况说明不符"
    assert flags["信访研究宣传立法专项"] == "执行率低于80%"
    assert flags["资产运行维护"] == ""
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"自评表": "4 张", "执行率低于80%": "2 个", "需留意": "2 个"}
    indicators = at.dataframe[1].value  # the first project's indicators
    assert list(indicators["三级指标"])[:3] == ["参加培训学员人均培训费", "培养实践锻炼、跟班学习干部人数", "培训人数"]
    shown = " ".join(str(c) for frame in (projects, indicators) for c in frame.columns)
    assert shown.isascii() is False and "seq" not in shown and "rate" not in shown
    library = at.dataframe[2].value
    assert set(library["部门"]) >= {"国家信访局"}
    assert "报告第33页（PDF第35页）" in set(library["位置"]) and "第138行" in set(library["位置"])


def test_page_shows_the_check_of_the_chosen_project(perf_library: dict[str, str]) -> None:
    at = _open(perf_library["xinfang"])
    at.selectbox(key="performance_pick").set_value(4).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("88.5" in text and "90.5" in text and "情况说明 报告第26页（PDF第28页）" in text for text in errors)
    indicators = at.dataframe[1].value
    row = indicators[indicators["三级指标"] == "设备完好率"].iloc[0]
    assert (row["年度指标值"], row["实际完成值"], row["分值"], row["得分"], row["标记"], row["位置"]) == (
        "≥96%", "85%", 10.0, 7.1, "扣分", "报告第33页（PDF第35页） 第16行")


def test_impossible_rate_is_flagged(perf_library: dict[str, str]) -> None:
    at = _open(perf_library["generated"])
    projects = at.dataframe[0].value
    assert projects.iloc[0]["表中执行率"] == "1000%"
    assert "执行率与金额不符" in projects.iloc[0]["标记"]
    assert any("不可能超过 100%" in e.value for e in at.error)

"""Numbers read the same way everywhere a reader sees them (issue 12 item 3): read back from
what each page sends — the plotly JSON's axes and hover templates, the dataframes' headers
and their column formats — for a PDF and a text report and the 对比与情景 page with a
scenario: thousands separators on every amount axis and hover, 万元 in every amount header
and axis title, % on rates, one format for zero (0.00, never 0)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import shown
from streamlit.testing.v1 import AppTest

from lib import readable

REPORTS = ("国家信访局2024年度部门决算.pdf", "002_07b422fef52514ef.txt")
PAGES = ("app_pages/home.py", "app_pages/structure.py", "app_pages/execution.py", "app_pages/sangong.py",
         "app_pages/checks.py", "app_pages/performance.py")
UNIT = re.compile(r"万元|%|（条）|（个）|（张）")
# numeric columns whose unit is not money or a rate and says so otherwise (a 单位 column, points)
NOT_MONEY = frozenset({"分值", "得分", "自评得分", "数值", "上年", "本年", "变化", "报告所列数", "情景"})


@pytest.fixture(scope="module")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_DB", str(tmp_path_factory.mktemp("numbers") / "library.duckdb"))
        patch.setenv("JUESUAN_SAMPLE", "1")
        yield shown.report_ids()


def _value_axes(figure: dict) -> list[tuple[str, dict]]:
    """(name, layout) of the axes that carry amounts or rates: bars' value axis."""
    layout, axes = figure.get("layout", {}), []
    for trace in figure["data"]:
        if trace.get("type") == "bar":
            name = "xaxis" if trace.get("orientation") == "h" else "yaxis"
            axes.append((name, layout.get(name) or {}))
    return axes


def _check_figures(at: AppTest, where: str) -> int:
    checked = 0
    for title, figure in shown.figures(at).items():
        for name, axis in _value_axes(figure):
            unit = ((axis.get("title") or {}).get("text") or "")
            assert unit in ("万元", "占比（%）", "完成率（%）"), (where, title, name, unit)
            if "%" in unit:
                assert axis.get("ticksuffix") == "%", (where, title, axis)
            assert axis.get("tickformat") == ",", (where, title, name, axis)  # 25,000 not 25k
            assert axis.get("exponentformat") == "none", (where, title, axis)
        for trace in figure["data"]:
            template = trace.get("hovertemplate") or ""
            assert re.search(r":,\.2f\}( 万元|%)", template) or re.search(r":,\.2f\}%", template), \
                (where, title, template)
            checked += 1
    return checked


def _check_tables(at: AppTest, where: str) -> int:
    checked = 0
    for element in at.dataframe:
        frame = element.value
        formats = {name: (config.get("type_config") or {}).get("format")
                   for name, config in json.loads(element.proto.columns or "{}").items()}
        per_row_unit = "单位" in frame.columns or "指标" in frame.columns  # each row says its unit
        for column in frame.columns:
            if not str(frame[column].dtype).startswith("float"):
                continue
            header = str(column)
            if not per_row_unit and header not in NOT_MONEY and header not in readable.WHOLE_COLUMNS:
                assert UNIT.search(header), (where, header, list(frame.columns))
            wanted = readable.column_format(header)
            assert formats.get(header) == wanted, (where, header, formats.get(header), wanted)
            if "万元" in header or per_row_unit:
                assert formats[header] == "%,.2f", (where, header)  # zero reads 0.00, 1234.5 reads 1,234.50
            checked += 1
    return checked


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_and_table_of_a_page(sample_library: dict[str, str], page: str, name: str) -> None:
    at = shown.visit(page, sample_library[name])
    where = f"{page} {name}"
    figures, tables = _check_figures(at, where), _check_tables(at, where)
    minimum = {"app_pages/structure.py": (6, 3), "app_pages/sangong.py": (4, 2), "app_pages/home.py": (0, 4)}
    least = minimum.get(page, (0, 0))
    assert figures >= least[0] and tables >= least[1], (figures, tables)


def test_compare_page_with_a_scenario(sample_library: dict[str, str]) -> None:
    ids = [sample_library[name] for name in REPORTS]
    at = shown.visit("app_pages/compare.py", None, compare_ids=ids)
    for view in ("占比（%）", "金额（万元）"):
        at.radio(key="compare_view").set_value(view).run()
        assert _check_figures(at, f"对比 {view}") >= 3
        assert _check_tables(at, f"对比 {view}") >= 5
    at.selectbox(key="whatif_report").set_value(ids[0]).run()
    at.radio(key="whatif_target").set_value("subject").run()
    at.selectbox(key="whatif_code").set_value("201").run()
    at.button(key="whatif_add").click().run()
    assert not at.exception
    assert _check_figures(at, "情景") >= 4
    assert _check_tables(at, "情景") >= 8
    text = "\n".join(shown.texts(at))
    assert re.search(r"支出合计 [\d,]+\.\d\d → [\d,]+\.\d\d 万元", text), "scenario sentence in 万元 with separators"
    assert re.search(r"基本支出占比 [\d.]+% → [\d.]+%", text)


def test_library_table_and_headline_numbers(sample_library: dict[str, str]) -> None:
    at = shown.visit("app_pages/home.py", sample_library["国家信访局2024年度部门决算.pdf"])
    table = at.dataframe[0].value
    assert {"收入合计（万元）", "支出合计（万元）", "收支总计（万元）", "三公经费决算（万元）"} <= set(table.columns)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["收入合计"] == "20,451.35" and metrics["收支总计"] == "22,066.59"
    assert all(re.fullmatch(r"-?[\d,]+\.\d\d|—", value) for value in metrics.values()), metrics


def test_column_format_rule() -> None:
    assert readable.column_format("决算数（万元）") == "%,.2f"
    assert readable.column_format("完成率（%）") == "%,.2f%%"
    assert readable.column_format("页") == readable.column_format("错误数（条）") == "%d"
    assert readable.money(0) == "0.00" and readable.money(1234.5) == "1,234.50" and readable.money(None) == "—"
    assert readable.percent(96.345) == "96.35%" or readable.percent(96.345) == "96.34%"

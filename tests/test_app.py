"""AppTest: every page opens on the sample library without exceptions and shows the
numbers the reports print (tests/expected_figures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shown
from expected_figures import EXPECTED
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SEED = "000_f138fc5b8c380ba3.txt"
PAGES = ["app_pages/home.py", "app_pages/structure.py", "app_pages/execution.py", "app_pages/sangong.py", "app_pages/checks.py",
         "app_pages/performance.py"]


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120)


def _report_id(name: str) -> str:
    from lib import store

    reports = store.list_reports()
    return str(reports[reports["source_name"] == name]["report_id"].iloc[0])


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [m.value for m in at.metric]
    parts += [e.value for e in at.info] + [e.value for e in at.warning]
    return "\n".join(str(p) for p in parts)


def _open(page: str, report: str | None = None) -> AppTest:
    at = _app()
    if report:
        at.session_state["active_ids"] = [_report_id(report)]
    at.run()
    if page != "app_pages/home.py":
        at.switch_page(page).run()
    shown.open_all(at)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_sample_library(library: Path, page: str) -> None:
    _open(page)


def test_home_shows_library_and_headline_figures(library: Path) -> None:
    at = _open("app_pages/home.py", SEED)
    table = at.dataframe[0].value
    assert len(table) >= 8
    assert EXPECTED[SEED]["department"] in set(table["部门"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["收入合计"] == "205.23"
    assert metrics["基本支出"] == "114.26"
    assert metrics["项目支出"] == "90.97"


def test_structure_data_tables_are_sent_only_when_opened(library: Path) -> None:
    """收支结构's six data tables (图中数据, 科目明细, 表6 明细) are not sent while their
    expanders are closed, and opening one shows its table with its download buttons."""
    at = _app()
    at.session_state["active_ids"] = [_report_id(SEED)]
    at.run()
    at.switch_page("app_pages/structure.py").run()
    assert len(at.get("plotly_chart")) >= 5 and len(at.dataframe) == 0 and len(at.get("download_button")) == 0
    assert [e.label for e in at.expander if e.key] == ["图中数据"] * 4 + ["科目明细", "表6 明细"]
    at.session_state["structure_t6_open"] = True
    at.run()
    table = at.dataframe[0].value
    assert len(at.dataframe) == 1 and {"经费", "编码", "科目"} <= set(table.columns) and len(table) > 0
    assert set(table["经费"]) <= {"人员经费", "公用经费"}
    assert len(at.get("download_button")) == 2


def test_structure_figure1_shows_the_stated_totals(library: Path) -> None:
    at = _open("app_pages/structure.py", SEED)
    figure1 = at.dataframe[0].value  # 图1 数据: prior year (stated) and this year (表1)
    this_year = figure1[figure1["年度"] == "2022年"]
    assert sorted(this_year["金额（万元）"]) == [205.23, 205.23]
    prior = figure1[figure1["年度"] == "2021年"]
    assert list(prior["金额（万元）"].round(2)) == [127.47, 127.47]  # 205.23 − 77.76, as the text states
    text = _texts(at)
    assert "收、支总计205.23万元" in text.replace(" ", "")


def test_execution_page_lists_items_and_overall_rate(library: Path) -> None:
    at = _open("app_pages/execution.py", "上海市普陀区财政局2024年度部门决算.pdf")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["年初预算（万元）"] == "2,993.92"
    assert metrics["决算（万元）"] == "2,940.05"
    assert metrics["完成率"] == "98.20%"
    items = at.dataframe[0].value
    assert {"年初预算（万元）", "决算（万元）", "完成率（%）", "原因"} <= set(items.columns)
    first = items.iloc[0]
    assert (first["科目"], first["年初预算（万元）"], first["决算（万元）"]) == ("行政运行", 1560.05, 1511.89)


def test_sangong_page_compares_report_and_library(library: Path) -> None:
    at = _open("app_pages/sangong.py", "国家信访局2024年度部门决算.pdf")
    report_table, library_table = at.dataframe[0].value, at.dataframe[1].value
    total = report_table[report_table["类别"] == "合计"].iloc[0]
    assert total["决算数（万元）"] == pytest.approx(46.21)
    assert library_table.iloc[0]["部门"] == "国家信访局"  # the largest 三公 final in the sample
    assert len(library_table) >= 8


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every way of parsing an original fail (the checks page must not need one)."""
    import lib.analysed
    import lib.pipeline
    import lib.readers

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the checks page parsed an original")

    for module, name in ((lib.pipeline, "parse_bytes"), (lib.pipeline, "read_document"),
                         (lib.readers, "read_document"), (lib.pipeline, "build_report"), (lib.analysed, "parse_bytes")):
        monkeypatch.setattr(module, name, refuse)


def test_checks_page_shows_findings_and_source_lines_without_parsing(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_parsing(monkeypatch)
    at = _open("app_pages/checks.py", "002_07b422fef52514ef.txt")
    findings = at.dataframe[0].value
    assert (findings["级别"] == "警告").any()
    lines = at.dataframe[1].value  # the stored lines around the cited one, no original needed
    cited = lines[lines[""] == "▶"]
    assert len(cited) == 1 and len(lines) > 1
    first = findings.iloc[0]
    assert f"第{int(cited['行'].iloc[0])}行" in first["位置"]  # a text export is cited by line
    assert "第1页" not in first["位置"]


def test_checks_page_draws_the_stored_boxes_without_parsing(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The boxes drawn are the bboxes of the cited lines in the parse made at ingest."""
    from conftest import corpus_report

    name = "国家信访局2024年度部门决算.pdf"
    parsed = corpus_report(name)  # the reference parse (skips without the corpus)
    drawn: list[tuple[int, list[tuple[float, float, float, float]]]] = []
    from lib import evidence

    real = evidence.render_pdf_page

    def spy(data: bytes, page: int, boxes: list[tuple[float, float, float, float]], **options: object) -> bytes:
        drawn.append((page, list(boxes)))
        return real(data, page, boxes)

    monkeypatch.setattr(evidence, "render_pdf_page", spy)
    _no_parsing(monkeypatch)
    at = _open("app_pages/checks.py", name)
    at.multiselect(key="checks_severity").set_value(["error", "warning", "info"]).run()
    assert not at.exception
    assert at.get("image"), "the PDF page with the highlighted line is shown"
    by_place = {(ln.page, ln.line_no): ln.bbox for ln in parsed.all_lines}
    from lib import store

    number = at.selectbox(key="checks_pick").value  # 第N条 shown as evidence
    finding = store.load_findings(_report_id(name))[number - 1]
    places = [(loc.page, loc.line) for loc in finding.location if loc.page and loc.line]
    pages = sorted({p for p, _ in places})
    last_render = drawn[-len(pages):]  # the last rerun draws one image per cited page, in page order
    assert pages and [page for page, _ in last_render] == pages

    def near(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
        # within 0.01 pt: the sample library may have been read by the other PDF reader (same
        # lines; pdfium keeps coordinates as float32, pdfminer as float64)
        return all(abs(x - y) < 0.01 for x, y in zip(a, b))

    for page, boxes in last_render:
        cited = sorted({n for p, n in places if p == page})
        assert len(boxes) == len(cited)  # the ingest parse's boxes, one per cited line
        assert all(any(near(by_place[(page, n)], box) for box in boxes) for n in cited), (cited, boxes)
    quoted = [c.value for c in at.caption if "行：" in c.value]
    assert len(quoted) == len(set(places))  # the finding's own lines, quoted under the image


def test_checks_page_renders_pdf_evidence(library: Path) -> None:
    from conftest import CORPUS

    if not CORPUS.exists():
        pytest.skip("../shared/corpus is not beside the project")
    at = _open("app_pages/checks.py", "国家信访局2024年度部门决算.pdf")
    at.multiselect(key="checks_severity").set_value(["error", "warning", "info"]).run()
    assert not at.exception
    assert at.get("image"), "the PDF page with the highlighted line is shown"

"""Libraries of synthetic reports: pages that once crashed at scale (duplicate labels of
synthetic ids; 预算执行 on facts that state no `reason`) open and show the right text, and
every page fetches the same rows whatever the library's size (what the chosen reports need
and a page or the top of a ranking, never the whole library: lib/library.py), a report's
bundle comes in one query, a Parquet dataset library loads it whole."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def _maker():
    spec = importlib.util.spec_from_file_location("make_synthetic_library", ROOT / "scripts" / "make_synthetic_library.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(db: Path, reports: int, **options: object) -> Path:
    saved = {name: os.environ.get(name) for name in ("JUESUAN_SAMPLE", "JUESUAN_DB")}
    try:
        os.environ.pop("JUESUAN_DB", None)
        _maker().build(db, reports, seed=3, **options)
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    return db


@pytest.fixture(scope="module")
def repeated_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 synthetic reports of 1 department: each (department, year) occurs two or three times."""
    return _build(tmp_path_factory.mktemp("scale") / "synthetic.duckdb", 12, departments=1)


def test_repeated_labels_of_synthetic_ids_are_told_apart() -> None:
    """Synthetic ids share their first characters (syn000…): labels must still differ."""
    from lib import views

    ids = [f"syn{n:013d}" for n in (1, 6, 11)]
    reports = pd.DataFrame({"report_id": ids, "department": ["江岸区总工会"] * 3, "year": [2020] * 3,
                            "source_name": ["江岸.txt"] * 3, "added_at": [pd.Timestamp("2024-01-01")] * 3})
    labels = views.unique_labels(reports)
    assert len(set(labels.values())) == 3 and all(label.startswith("江岸区总工会 2020") for label in labels.values())


def _open(db: Path, page: str, monkeypatch: pytest.MonkeyPatch, ids: list[str] | None = None) -> AppTest:
    monkeypatch.setenv("JUESUAN_DB", str(db))
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    at = AppTest.from_file(APP, default_timeout=120)
    if ids:
        at.session_state["active_ids"] = ids
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_compare_page_with_repeated_department_years(repeated_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lib import store

    ids = sorted(store.list_reports(repeated_library)["report_id"])
    at = _open(repeated_library, "app_pages/compare.py", monkeypatch, ids)
    side = at.dataframe[0].value  # 并排: one column per chosen report, all told apart
    assert side.columns[0] == "指标" and len(side.columns) == 1 + len(ids) == len(set(side.columns))
    assert all(str(column).startswith("江岸区总工会 20") for column in side.columns[1:])


def test_execution_page_with_facts_without_reason(repeated_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lib import store

    reports = store.list_reports(repeated_library)
    rid = str(reports["report_id"].iloc[0])
    stored = store.load_facts(rid, repeated_library).execution
    assert len(stored) > 0 and stored["reason"].isna().all()  # the synthetic facts state no reasons
    at = _open(repeated_library, "app_pages/execution.py", monkeypatch, [rid])
    items = next(frame.value for frame in at.dataframe if "完成率（%）" in frame.value.columns)
    assert list(items["科目"]) == list(stored["subject"]) and items["原因"].isna().all()
    expected = (stored["final"] / stored["budget"] * 100).round(2)
    assert list(items["完成率（%）"]) == list(expected)


def test_a_report_opens_whole_from_a_parquet_dataset(library: Path, tmp_path: Path) -> None:
    """The app reads a Parquet dataset library (lib/cluster.py) through the same loader: every
    frame, fact, finding and cited line of a report equals the DuckDB library's (its frames
    were empty: the dataset's tables are views, which the loader did not look for)."""
    import json

    from lib import cluster, store
    from test_store import assert_same_bundle

    ids = sorted(store.list_reports()["report_id"])
    items = [store.load_analysed(rid) for rid in ids]
    dataset = tmp_path / "dataset"
    cluster._write_parts(items, dataset)
    (dataset / cluster.MARK).write_text(json.dumps({"format": "juesuan-dataset", "partitioning": "year"}))
    assert store.is_read_only(dataset)
    for item in items:
        loaded = store.load_analysed(item.report_id, dataset)
        assert loaded is not None and len(loaded.report.subjects) > 0
        assert_same_bundle(item, loaded)


def test_one_report_is_loaded_in_few_queries(library: Path) -> None:
    """A report's whole bundle (frames, facts, findings, cited lines) in one query plus the
    list of tables, each row read only for that report (was one query per table: 25)."""
    from lib import querylog, store

    rid = sorted(store.list_reports()["report_id"])[0]
    with querylog.recording() as queries:
        item = store.load_analysed(rid)
    assert item is not None and item.findings
    assert len(queries) == 2, [q.sql[:80] for q in queries]  # the library's tables, then the report
    tables, bundle = queries
    assert "information_schema.tables" in tables.sql and bundle.rows == 1  # one row of lists, not the library
    assert bundle.sql.count("WHERE report_id = $id") == len(store.library_tables())


# ---------------------------------------------------------------- what a page fetches, at two sizes

SMALL, LARGE = 60, 180  # the first 60 reports of both libraries are the same (one seed)
CHOSEN = ["syn0000000000003", "syn0000000000007"]
PAGES = ["home", "structure", "execution", "sangong", "checks", "performance", "compare"]


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("sizes")
    return {size: _build(folder / f"library_{size}.duckdb", size) for size in (SMALL, LARGE)}


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Page size, rankings and the comparison cap below both libraries' sizes."""
    from lib import ui, views
    from lib.analysis import performance

    for module, name in ((ui, "PAGE_ROWS"), (ui, "MAX_COMPARED"), (views, "SANGONG_RANKED"), (views, "SANGONG_CHARTED"),
                         (performance, "LIBRARY_SHOWN")):
        monkeypatch.setattr(module, name, 10)


def _fetched(db: Path, page: str, monkeypatch: pytest.MonkeyPatch, **state: object) -> tuple[AppTest, list]:
    """Open `page` with nothing cached; every query it ran, with the rows each returned."""
    import streamlit as st

    from lib import querylog

    monkeypatch.setenv("JUESUAN_DB", str(db))
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"active_ids": CHOSEN, **state}.items():
        at.session_state[key] = value
    with querylog.recording() as queries:
        at.run()
        if page != "home":
            at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at, queries


@pytest.mark.parametrize("page", PAGES)
def test_a_page_fetches_the_same_rows_from_a_library_three_times_larger(
        two_sizes: dict[int, Path], page: str, small_limits: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two reports chosen: each page reads their rows, one page of the library table, the top
    of the rankings — the same number of rows from 60 reports as from 180 (the old pages read
    every report's row, 三公 and 绩效 rows, and the 对比 page every report's subject lines)."""
    _, small = _fetched(two_sizes[SMALL], page, monkeypatch)
    _, large = _fetched(two_sizes[LARGE], page, monkeypatch)
    assert sum(q.rows for q in large) == sum(q.rows for q in small), \
        [(q.rows, p.rows, q.sql[:90]) for q, p in zip(large, small) if q.rows != p.rows]


def test_choosing_every_report_of_some_kinds_compares_at_most_the_cap(
        two_sizes: dict[int, Path], small_limits: None, monkeypatch: pytest.MonkeyPatch) -> None:
    at, _ = _fetched(two_sizes[LARGE], "compare", monkeypatch)
    at.multiselect(key="compare_kinds").set_value(["总工会"]).run()
    at.button(key="compare_pick_kind").click().run()
    chosen = at.multiselect(key="compare_ids").value
    assert len(chosen) == 10 and all(at.session_state["compare_ids"])
    assert any("共有 25 份报告，一次最多对比 10 份" in i.value for i in at.info), [i.value for i in at.info]
    kpis = at.dataframe[0].value
    assert len(kpis.columns) == 1 + 10 and all("总工会" in str(c) for c in kpis.columns[1:])


def test_a_large_library_is_shown_a_page_at_a_time_and_found_by_name(
        two_sizes: dict[int, Path], small_limits: None, monkeypatch: pytest.MonkeyPatch) -> None:
    at, _ = _fetched(two_sizes[LARGE], "home", monkeypatch)
    assert f"库中共 {LARGE} 份报告" in [h.value for h in at.subheader]
    assert len(at.dataframe[0].value) == 10 and "显示第 1–10 份，共 180 份。" in [c.value for c in at.caption]
    at.number_input(key="home_page").set_value(18).run()
    assert len(at.dataframe[0].value) == 10 and "显示第 171–180 份，共 180 份。" in [c.value for c in at.caption]
    at.text_input(key="home_filter").input("江汉区总工会职工").run()  # back to page 1 of what matches
    table = at.dataframe[0].value
    assert set(table["部门"]) == {"江汉区总工会职工服务中心"} and len(table) == 5
    assert "显示第 1–5 份，共 5 份符合条件。" in [c.value for c in at.caption]
    options = at.multiselect(key="home_active").options
    assert len(options) == 5 + len(CHOSEN)  # what the table shows and what is chosen, not 180 reports

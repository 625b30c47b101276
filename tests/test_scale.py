"""Libraries of synthetic reports: pages that once crashed at scale (duplicate labels of
synthetic ids; 预算执行 on facts that state no `reason`) open and show the right text."""

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


@pytest.fixture(scope="module")
def repeated_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 synthetic reports of 1 department: each (department, year) occurs two or three times."""
    db = tmp_path_factory.mktemp("scale") / "synthetic.duckdb"
    saved = {name: os.environ.get(name) for name in ("JUESUAN_SAMPLE", "JUESUAN_DB")}
    try:
        os.environ.pop("JUESUAN_DB", None)
        _maker().build(db, 12, seed=3, departments=1)
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    return db


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

"""AppTest: every page opens on the sample library without exceptions and shows the
numbers the reports print (tests/expected_figures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from expected_figures import EXPECTED
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SEED = "000_f138fc5b8c380ba3.txt"
PAGES = ["pages/home.py", "pages/structure.py", "pages/execution.py", "pages/sangong.py", "pages/checks.py"]


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh library seeded with the shipped sample (data/sample_library)."""
    db = tmp_path / "library.duckdb"
    monkeypatch.setenv("JUESUAN_DB", str(db))
    monkeypatch.setenv("JUESUAN_SAMPLE", "1")
    return db


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
    if page != "pages/home.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_sample_library(library: Path, page: str) -> None:
    _open(page)


def test_home_shows_library_and_headline_figures(library: Path) -> None:
    at = _open("pages/home.py", SEED)
    table = at.dataframe[0].value
    assert len(table) >= 8
    assert EXPECTED[SEED]["department"] in set(table["部门"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["收入合计"] == "205.23"
    assert metrics["基本支出"] == "114.26"
    assert metrics["项目支出"] == "90.97"

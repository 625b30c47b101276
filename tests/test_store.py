"""The DuckDB library: sample seeding, round trip, content-hash dedup, atomic writes, ingest."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import corpus_path
from expected_figures import EXPECTED

from lib import store
from lib.checks.findings import Finding
from lib.ingest import analyse_bytes, ingest_cli, ingest_paths
from lib.readers import content_hash
from lib.summary import summarize

SEED = "000_f138fc5b8c380ba3.txt"


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    monkeypatch.setenv("JUESUAN_CORPUS", str(tmp_path / "no-corpus"))
    return tmp_path / "lib" / "library.duckdb"


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db))
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("reports", "subjects", "ledger")}
    finally:
        con.close()


def test_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_DB", str(tmp_path / "x.duckdb"))
    assert store.library_path() == (tmp_path / "x.duckdb").resolve()
    monkeypatch.delenv("JUESUAN_DB")
    assert store.library_path() == store.DEFAULT_DB


def test_new_library_is_seeded_with_the_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_SAMPLE", "1")
    db = tmp_path / "seeded.duckdb"
    reports = store.list_reports(db)
    assert len(reports) >= 8
    row = reports[reports["source_name"] == SEED].iloc[0]
    expected = EXPECTED[SEED]
    assert row["department"] == expected["department"]
    for key in ("income_total", "expense_total", "grand_total", "basic_expense", "personnel_expense"):
        assert row[key] == pytest.approx(expected[key]), key
    report = store.load_report(row["report_id"], db)
    assert summarize(report)["expense_by_class"] == expected["expense_by_class"]
    assert not list(tmp_path.glob(".library-*")), "temp file left behind"


def assert_same_bundle(saved, loaded) -> None:
    """Everything of an analysed report equal after a round trip: values, dtypes and order."""
    for table in store.FRAME_SCHEMAS:
        pd.testing.assert_frame_equal(getattr(loaded.report, table), getattr(saved.report, table).reset_index(drop=True),
                                      check_exact=True, obj=table)
    for field in dataclasses.fields(saved.report):
        if field.name not in store.FRAME_SCHEMAS:
            assert getattr(loaded.report, field.name) == getattr(saved.report, field.name), field.name
    for field in dataclasses.fields(saved.facts):
        pd.testing.assert_frame_equal(getattr(loaded.facts, field.name),
                                      getattr(saved.facts, field.name).reset_index(drop=True), check_exact=True,
                                      obj=field.name)
    assert loaded.findings == saved.findings
    assert loaded.lines == saved.lines
    assert loaded.summary == dict(saved.summary)
    assert (loaded.facts_status, loaded.checks_status, loaded.failures) == ("ok", "ok", ())


@pytest.mark.parametrize("name", [SEED, "国家信访局2024年度部门决算.pdf"])
def test_round_trip_keeps_the_whole_bundle_and_original(empty_db: Path, name: str) -> None:
    data = corpus_path(name).read_bytes()
    item = analyse_bytes(data, name)
    report_id = store.save_report(item, data, empty_db)
    assert report_id == content_hash(data)
    loaded = store.load_analysed(report_id, empty_db)
    assert_same_bundle(item, loaded)
    assert item.findings and any(isinstance(f.expected, float) for f in item.findings)
    ext = "txt" if name.endswith(".txt") else "pdf"
    assert store.find_original(report_id, empty_db) == empty_db.parent / "originals" / f"{report_id}.{ext}"
    assert (empty_db.parent / "originals" / f"{report_id}.{ext}").read_bytes() == data


def test_numbers_are_stored_as_numbers(empty_db: Path) -> None:
    data = corpus_path(SEED).read_bytes()
    store.save_report(analyse_bytes(data, SEED), data, empty_db)
    con = duckdb.connect(str(empty_db), read_only=True)
    try:
        types = {(t, c): d for t, c, d in con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()}
        yoy = con.execute("SELECT expected, actual FROM findings WHERE rule = 'text.yoy'").fetchone()
        overall = con.execute("SELECT budget, final, rate FROM facts_execution_overall").fetchone()
    finally:
        con.close()
    assert types[("findings", "expected")] == "DOUBLE" and types[("findings", "actual")] == "DOUBLE"
    assert types[("finding_locations", "page")] == "BIGINT" and types[("lines", "x0")] == "DOUBLE"
    assert types[("facts_execution", "budget")] == "DOUBLE" and types[("reports", "year")] == "BIGINT"
    assert yoy == (61.0, 37.9)  # 77.76 / 127.47 vs the 37.90 % the text states
    assert overall[0] is None or isinstance(overall[0], float)


def test_a_field_added_to_finding_is_carried(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns come from the records' type hints: a new Finding field needs no column list."""

    @dataclasses.dataclass(frozen=True)
    class Wider(Finding):
        reason: str | None = None
        confidence: float | None = None

    monkeypatch.setattr(store, "Finding", Wider)
    monkeypatch.setattr(store, "FINDING_COLUMNS", {"report_id": "VARCHAR", "seq": "INTEGER",
                                                   **store._record_columns(Wider, {"location"})})
    data = corpus_path(SEED).read_bytes()
    item = analyse_bytes(data, SEED)
    wide = tuple(Wider(**{f.name: getattr(x, f.name) for f in dataclasses.fields(Finding)}, reason="读数存疑",
                       confidence=0.5) for x in item.findings)
    store.save_report(dataclasses.replace(item, findings=wide), data, empty_db)
    loaded = store.load_analysed(item.report_id, empty_db)
    assert loaded.findings == wide and loaded.findings[0].reason == "读数存疑"


def test_same_content_is_recognised_by_hash(empty_db: Path, tmp_path: Path) -> None:
    data = corpus_path(SEED).read_bytes()
    copy = tmp_path / "renamed copy.txt"
    copy.write_bytes(data)
    first = ingest_paths([corpus_path(SEED)], empty_db)
    second = ingest_paths([copy], empty_db)
    assert [r.status for r in first] == ["added"]
    assert [r.status for r in second] == ["skipped"]
    assert _counts(empty_db)["reports"] == 1


def test_failed_write_leaves_library_intact(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure late in the transaction (after the old version was deleted and the new
    frames written) leaves the earlier version whole."""
    data = corpus_path(SEED).read_bytes()
    item = analyse_bytes(data, SEED)
    store.save_report(item, None, empty_db)
    before = _counts(empty_db)

    def broken(*_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_line_rows", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        store.save_report(item, None, empty_db)
    assert _counts(empty_db) == before and before["reports"] == 1
    monkeypatch.undo()
    assert_same_bundle(item, store.load_analysed(item.report_id, empty_db))


def test_wrong_files_are_refused_and_library_unchanged(empty_db: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 garbage " + bytes(range(256)) * 20)
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 50)
    results = ingest_paths([junk, noise], empty_db)
    assert [r.status for r in results] == ["refused", "refused"]
    assert all(r.message for r in results)
    assert _counts(empty_db)["reports"] == 0


def test_ingest_cli_reports_progress_and_exit_code(empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(corpus_path(SEED).read_bytes())
    (folder / "b.txt").write_text("这不是决算报告", encoding="utf-8")
    code = ingest_cli(argparse.Namespace(paths=[str(folder)], db=str(empty_db), workers=1))
    captured = capsys.readouterr()
    assert code == 2  # one file refused
    assert "1/2" in captured.err and "2/2" in captured.err
    assert "新增" in captured.out and "拒收" in captured.out
    # resumable: a second run skips what is already there
    code = ingest_cli(argparse.Namespace(paths=[str(folder / "a.txt")], db=str(empty_db), workers=1))
    assert code == 0
    assert "已有" in capsys.readouterr().out

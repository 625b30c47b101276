"""The DuckDB library: sample seeding, round trip, content-hash dedup, atomic writes, ingest."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pytest
from conftest import corpus_path
from expected_figures import EXPECTED

from lib import store
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


def test_round_trip_keeps_frames_and_original(empty_db: Path) -> None:
    data = corpus_path(SEED).read_bytes()
    item = analyse_bytes(data, SEED)
    report_id = store.save_report(item, data, empty_db)
    assert report_id == content_hash(data)
    loaded = store.load_report(report_id, empty_db)
    for table in store.FRAME_SCHEMAS:
        original, back = getattr(item.report, table), getattr(loaded, table)
        assert len(original) == len(back), table
        assert list(back.columns) == list(original.columns)
    assert loaded.tables_found == item.report.tables_found
    assert store.find_original(report_id, empty_db) == empty_db.parent / "originals" / f"{report_id}.txt"
    assert (empty_db.parent / "originals" / f"{report_id}.txt").read_bytes() == data


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
    data = corpus_path(SEED).read_bytes()
    item = analyse_bytes(data, SEED)
    before = _counts(store.ensure_library(empty_db))
    item.findings = [{"rule": "x", "severity": "error", "location": [{"page": "not a number"}]}]
    with pytest.raises(Exception):  # noqa: B017 - any failure inside the transaction
        store.save_report(item, None, empty_db)
    assert _counts(empty_db) == before


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

"""Batch ingest survives being killed: the library keeps only complete reports, readers
keep working while it writes, and a rerun resumes with the files not yet added."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import synthetic
from conftest import ROOT

from lib import store
from lib.ingest import ingest_paths

# enough reports that the ingest is still running when the test has seen three of them
# (12 finished before the first poll on an idle machine with the faster readers)
COPIES = 40


def _make_batch(folder: Path, copies: int) -> Path:
    """`copies` distinct small reports (distinct departments: not content duplicates) plus one
    file that must be refused."""
    folder.mkdir()
    digits = "一二三四五六七八九十"
    for index in range(copies):
        name = f"示例区{digits[index // 100] if index >= 100 else ''}{digits[index // 10 % 10]}{'甲乙丙丁戊己庚辛壬癸'[index % 10]}局"
        (folder / f"report_{index:03d}.txt").write_text(synthetic.tab_text().replace(synthetic.DEPARTMENT, name),
                                                        encoding="utf-8")
    (folder / "zz_broken.txt").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return _make_batch(tmp_path / "batch", COPIES)


def _ingest(folder: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "JUESUAN_SAMPLE": "0"}
    return subprocess.Popen([sys.executable, "-m", "lib", "ingest", str(folder), "--db", str(db), *extra],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _integrity(db: Path) -> set[str]:
    """Report ids in the library; fails if any frame row belongs to no report (a half write)."""
    with duckdb.connect(str(db), read_only=True) as con:
        ids = {row[0] for row in con.execute("SELECT report_id FROM reports").fetchall()}
        for table in store.library_tables():
            orphans = con.execute(f"SELECT count(*) FROM {table} WHERE report_id NOT IN (SELECT report_id FROM reports)").fetchone()
            assert orphans == (0,), table
        for report_id in ids:
            rows = con.execute("SELECT count(*) FROM subjects WHERE report_id = ?", [report_id]).fetchone()
            ledger = con.execute("SELECT count(*) FROM ledger WHERE report_id = ?", [report_id]).fetchone()
            assert rows == (EXPECTED_SUBJECT_ROWS,) and ledger == (EXPECTED_LEDGER_ROWS,), report_id
    return ids


_REFERENCE = synthetic.tab_text()
EXPECTED_SUBJECT_ROWS = 0
EXPECTED_LEDGER_ROWS = 0


def setup_module() -> None:
    from lib.pipeline import parse_bytes

    global EXPECTED_SUBJECT_ROWS, EXPECTED_LEDGER_ROWS
    report = parse_bytes(_REFERENCE.encode(), "reference.txt")
    EXPECTED_SUBJECT_ROWS, EXPECTED_LEDGER_ROWS = len(report.subjects), len(report.ledger)


def _killed_midway(tmp_path: Path) -> tuple[Path, Path, int, int, set[str]]:
    """(batch, library, copies, reads, report ids kept) of an ingest killed once a reader has seen three of
    its reports. How fast the ingest runs depends on the machine's load: when it finished
    (or wrote its last report) before it could be killed, the same is tried on a batch four
    times larger. CI once saw the ingest of 40 finish before the reader had seen three."""
    for attempt, copies in enumerate((COPIES, COPIES * 4)):
        batch = _make_batch(tmp_path / f"batch{attempt}", copies)
        db = tmp_path / f"library{attempt}.duckdb"
        store.ensure_library(db)
        process = _ingest(batch, db)
        reads, seen = 0, 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            seen = len(store.list_reports(db))  # a reader while the ingest writes
            reads += 1
            if seen >= 3:
                break
            time.sleep(0.05)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            survivors = _integrity(db)
            if len(survivors) < copies:  # else every report was in before the kill landed
                return batch, db, copies, reads, survivors
    pytest.fail(f"the ingest of {copies} reports finished before it could be killed")


def test_killed_ingest_keeps_complete_reports_and_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    batch, db, copies, reads, survivors = _killed_midway(tmp_path)
    assert reads >= 2
    assert 3 <= len(survivors) < copies

    rerun = _ingest(batch, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 2, err  # the broken file is refused; everything else is in
    assert out.count("已有\t") == len(survivors)
    assert out.count("新增\t") == copies - len(survivors)
    assert "拒收\t" in out and "zz_broken.txt" in out and "无法识别的文件格式" in out
    assert len(_integrity(db)) == copies


def test_parallel_ingest_gives_the_same_library(batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    serial, parallel = tmp_path / "serial.duckdb", tmp_path / "parallel.duckdb"
    one = ingest_paths([batch], serial, workers=1)
    two = ingest_paths([batch], parallel, workers=2)
    assert [r.status for r in one] == [r.status for r in two] == ["added"] * COPIES + ["refused"]
    assert _integrity(serial) == _integrity(parallel)


def test_ingest_limits_are_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(synthetic.pdf_bytes())
    (result,) = ingest_paths([pdf], tmp_path / "lib.duckdb", max_pages=3)
    assert result.status == "refused" and "超过单个文件 3 页的上限" in result.message
    (result,) = ingest_paths([pdf], tmp_path / "lib.duckdb", time_limit=0.0)
    assert result.status == "refused" and "超时" in result.message

"""The report library: parsed reports in one embedded DuckDB file, originals beside it.

Tables: `reports` (meta + key figures + finding counts, one row per report), the six
tidy frames of `lib.schemas` keyed by `report_id`, `facts` (the narrative bundle as
JSON records) and `findings` (one row per consistency finding). Each report is
written in one transaction; an original file is written to a temp file and then
`os.replace`d, before the transaction commits, so a row never points at half a file.

Library path: $JUESUAN_DB, else var/library.duckdb. A new library is seeded with the
sample library shipped in data/sample_library/ (one Parquet file per table, built by
scripts/build_sample_library.py), so the tracked sample is never written by the app. Originals live in <db dir>/originals/<report_id>.<ext>;
reports of the sample library are looked up by content hash in $JUESUAN_CORPUS
(default ../shared/corpus) instead, because the sample ships no source files.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from lib import schemas
from lib.model import Report, ReportMeta
from lib.readers import content_hash

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "sample_library"
DEFAULT_DB = REPO / "var" / "library.duckdb"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SCHEMA_VERSION = "1"

FRAME_SCHEMAS: dict[str, schemas.Schema] = {
    "subjects": schemas.SUBJECTS,
    "subject_totals": schemas.SUBJECT_TOTALS,
    "ledger": schemas.LEDGER,
    "economic": schemas.ECONOMIC,
    "economic_totals": schemas.ECONOMIC_TOTALS,
    "sangong": schemas.SANGONG,
}
_SQL_TYPES = {"string": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT", "Int64": "BIGINT"}
FIGURE_COLUMNS = (
    "income_total", "expense_total", "grand_total", "carryover_begin", "carryover_end", "fiscal_income",
    "basic_expense", "project_expense", "gpb_expense", "personnel_expense", "public_expense",
    "sangong_budget", "sangong_final", "prior_year_total", "gpb_initial_budget",
)
REPORT_COLUMNS: dict[str, str] = {
    "report_id": "VARCHAR PRIMARY KEY", "source_name": "VARCHAR", "source_kind": "VARCHAR",
    "department": "VARCHAR", "year": "INTEGER", "unit": "VARCHAR", "region": "VARCHAR", "page_count": "INTEGER",
    **{name: "DOUBLE" for name in FIGURE_COLUMNS},
    "expense_by_class": "VARCHAR",  # JSON {类 code: amount}
    "tables_found": "VARCHAR",  # JSON list
    "table_locations": "VARCHAR", "table_units": "VARCHAR", "empty_statements": "VARCHAR", "notes": "VARCHAR",
    "facts_status": "VARCHAR",  # ok | unavailable | failed
    "checks_status": "VARCHAR",
    "finding_count": "INTEGER", "warning_count": "INTEGER", "error_count": "INTEGER",  # NULL = not checked
    "original_ext": "VARCHAR", "original_size": "BIGINT", "origin": "VARCHAR", "added_at": "TIMESTAMP",
}
FINDING_COLUMNS: dict[str, str] = {
    "report_id": "VARCHAR", "seq": "INTEGER", "rule": "VARCHAR", "family": "VARCHAR", "severity": "VARCHAR",
    "message": "VARCHAR", "expected": "VARCHAR", "actual": "VARCHAR", "page": "INTEGER", "line": "INTEGER",
    "table_id": "VARCHAR", "locations": "VARCHAR", "data": "VARCHAR",
}
LOCK_RETRIES = 20


@dataclass
class Analysed:
    """What the store writes for one report: the Report plus what was derived from it."""

    report: Report
    summary: dict[str, Any]
    facts: dict[str, pd.DataFrame] | None = None
    findings: list[dict[str, Any]] | None = None
    facts_status: str = "unavailable"
    checks_status: str = "unavailable"
    origin: str = "upload"
    extra: dict[str, Any] = field(default_factory=dict)


def library_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The library file: explicit path, else $JUESUAN_DB, else var/library.duckdb."""
    chosen = path or os.environ.get("JUESUAN_DB") or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


def corpus_dir() -> Path:
    return Path(os.environ.get("JUESUAN_CORPUS") or DEFAULT_CORPUS).expanduser()


def originals_dir(db: Path) -> Path:
    return db.parent / "originals"


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS library_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT OR IGNORE INTO library_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    columns = ", ".join(f'"{name}" {sql}' for name, sql in REPORT_COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS reports ({columns})")
    for table, schema in FRAME_SCHEMAS.items():
        columns = ", ".join(f'"{name}" {_SQL_TYPES[dtype]}' for name, dtype in schema.items())
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} (report_id VARCHAR, {columns})")
    con.execute("CREATE TABLE IF NOT EXISTS facts (report_id VARCHAR, name VARCHAR, data VARCHAR)")
    columns = ", ".join(f'"{name}" {sql}' for name, sql in FINDING_COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS findings ({columns})")


def ensure_library(db: Path) -> Path:
    """Create the library on first use, seeded with the bundled sample library
    (data/sample_library/*.parquet) unless $JUESUAN_SAMPLE is 0; the file appears
    atomically (built under a temp name, then os.replace)."""
    if db.exists():
        return db
    db.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".library-", suffix=".duckdb", dir=db.parent)
    os.close(fd)
    os.unlink(temp_name)  # duckdb wants to create the file itself
    try:
        con = duckdb.connect(temp_name)
        try:
            _create_schema(con)
            if os.environ.get("JUESUAN_SAMPLE", "1") != "0":
                _load_sample(con, SAMPLE_DIR)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if db.exists():  # another process won the race
            os.unlink(temp_name)
        else:
            os.replace(temp_name, db)
    finally:
        for leftover in (temp_name, temp_name + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return db


def _library_tables() -> tuple[str, ...]:
    return ("reports", *FRAME_SCHEMAS, "facts", "findings")


def _load_sample(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    for table in _library_tables():
        source = folder / f"{table}.parquet"
        if not source.exists():
            continue
        wanted = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        present = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(source)]).fetchall()]
        columns = ", ".join(f'"{c}"' for c in present if c in wanted)  # tolerate older/newer samples
        con.execute(f"INSERT INTO {table} BY NAME SELECT {columns} FROM read_parquet(?)", [str(source)])


def export_library(db: Path, folder: Path) -> None:
    """Write every library table as <folder>/<table>.parquet (the shipped sample form)."""
    folder.mkdir(parents=True, exist_ok=True)
    with connect(db) as con:
        for table in _library_tables():
            target = folder / f"{table}.parquet"
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")


@contextmanager
def connect(db: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection (DuckDB lets one process write at a time, so nothing
    keeps the file open); retries briefly while another process holds the lock."""
    path = ensure_library(library_path(db))
    # Read-only connections are only used for files we cannot write: within one process
    # DuckDB refuses to open a file twice with different settings (Streamlit's threads).
    read_only = not os.access(path, os.W_OK)
    last: Exception | None = None
    for attempt in range(LOCK_RETRIES):
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:  # lock held elsewhere
            last = exc
            time.sleep(0.1 * (attempt + 1))
    else:
        raise RuntimeError(f"报告库 {path} 正被其他程序占用，请稍后再试。") from last
    try:
        yield con
    finally:
        con.close()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _report_row(item: Analysed, original_ext: str | None, original_size: int | None) -> dict[str, Any]:
    report, summary = item.report, item.summary
    meta = report.meta
    severities = [str(f.get("severity") or "") for f in item.findings or []]
    checked = item.findings is not None
    return {
        "report_id": meta.report_id, "source_name": meta.source_name, "source_kind": meta.source_kind,
        "department": meta.department, "year": meta.year, "unit": meta.unit, "region": meta.region,
        "page_count": meta.page_count,
        **{name: _number(summary.get(name)) for name in FIGURE_COLUMNS},
        "expense_by_class": _json(summary.get("expense_by_class")),
        "tables_found": _json(list(report.tables_found)),
        "table_locations": _json({t: list(v) for t, v in report.table_locations.items()}),
        "table_units": _json(report.table_units),
        "empty_statements": _json({t: list(v) for t, v in report.empty_statements.items()}),
        "notes": _json(list(report.notes)),
        "facts_status": item.facts_status, "checks_status": item.checks_status,
        "finding_count": len(severities) if checked else None,
        "warning_count": sum(s in ("warning", "error") for s in severities) if checked else None,
        "error_count": sum(s == "error" for s in severities) if checked else None,
        "original_ext": original_ext, "original_size": original_size, "origin": item.origin,
        "added_at": pd.Timestamp.now().to_pydatetime(),
    }


def _finding_rows(report_id: str, findings: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for seq, finding in enumerate(findings):
        locations = finding.get("location") or []
        if isinstance(locations, dict):
            locations = [locations]
        locations = [loc for loc in locations if isinstance(loc, dict)]
        first = next((loc for loc in locations if loc.get("page")), locations[0] if locations else {})
        rows.append({
            "report_id": report_id, "seq": seq, "rule": finding.get("rule"), "family": finding.get("family"),
            "severity": finding.get("severity"), "message": finding.get("message"),
            "expected": None if finding.get("expected") is None else str(finding.get("expected")),
            "actual": None if finding.get("actual") is None else str(finding.get("actual")),
            "page": first.get("page"), "line": first.get("line"), "table_id": first.get("table"),
            "locations": _json(locations), "data": _json(finding),
        })
    data = pd.DataFrame.from_records(rows, columns=list(FINDING_COLUMNS))
    return data.astype({"page": "Int64", "line": "Int64", "seq": "Int64"})


def _write_original(db: Path, report_id: str, ext: str, data: bytes) -> Path:
    folder = originals_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{report_id}.{ext}"
    if target.exists() and target.stat().st_size == len(data):
        return target
    fd, temp_name = tempfile.mkstemp(prefix=f".{report_id}-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
    return target


def keep_original(report_id: str, data: bytes, db: str | os.PathLike[str] | None = None) -> Path:
    """Save the original of a report already in the library (e.g. a sample report uploaded
    again), so its evidence pages can be shown; the row records it."""
    if content_hash(data) != report_id:
        raise ValueError("original bytes do not match the report's content hash")
    path = library_path(db)
    with connect(path, read_only=True) as con:
        kind = con.execute("SELECT source_kind FROM reports WHERE report_id = ?", [report_id]).fetchone()
    if kind is None:
        raise KeyError(report_id)
    ext = {"pdf": "pdf", "text": "txt", "xlsx": "xlsx"}.get(kind[0], "bin")
    target = _write_original(path, report_id, ext, data)
    with connect(path) as con:
        con.execute("UPDATE reports SET original_ext = ?, original_size = ? WHERE report_id = ?", [ext, len(data), report_id])
    return target


def has_report(report_id: str, db: str | os.PathLike[str] | None = None) -> bool:
    with connect(db, read_only=True) as con:
        return con.execute("SELECT count(*) FROM reports WHERE report_id = ?", [report_id]).fetchone()[0] > 0  # type: ignore[index]


def known_ids(db: str | os.PathLike[str] | None = None) -> set[str]:
    with connect(db, read_only=True) as con:
        return {row[0] for row in con.execute("SELECT report_id FROM reports").fetchall()}


def save_report(item: Analysed, original: bytes | None = None, db: str | os.PathLike[str] | None = None,
                *, keep_original: bool = True) -> str:
    """Write one report (replacing an earlier version of the same content) in one
    transaction; the original, when given and kept, is saved first."""
    path = library_path(db)
    report = item.report
    report_id = report.meta.report_id
    ext = {"pdf": "pdf", "text": "txt", "xlsx": "xlsx"}.get(report.meta.source_kind, "bin")
    if original is not None and content_hash(original) != report_id:
        raise ValueError("original bytes do not match the report's content hash")
    if original is not None and keep_original:
        _write_original(path, report_id, ext, original)
    size = None if original is None else len(original)
    row = _report_row(item, ext if (original is not None and keep_original) else None, size)
    with connect(path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            _delete(con, report_id)
            names = ", ".join(f'"{c}"' for c in row)
            con.execute(f"INSERT INTO reports ({names}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
            for table, schema in FRAME_SCHEMAS.items():
                frame = getattr(report, table)
                if frame.empty:
                    continue
                con.register("frame_in", frame[list(schema)])
                con.execute(f"INSERT INTO {table} SELECT ? AS report_id, * FROM frame_in", [report_id])
                con.unregister("frame_in")
            for name, frame in (item.facts or {}).items():
                con.execute("INSERT INTO facts VALUES (?, ?, ?)",
                            [report_id, name, frame.to_json(orient="table", force_ascii=False, index=False, default_handler=str)])
            if item.findings:
                con.register("findings_in", _finding_rows(report_id, item.findings))
                con.execute("INSERT INTO findings SELECT * FROM findings_in")
                con.unregister("findings_in")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report_id


def _delete(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    for table in _library_tables():
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])


def delete_report(report_id: str, db: str | os.PathLike[str] | None = None) -> None:
    path = library_path(db)
    with connect(path) as con:
        con.execute("BEGIN TRANSACTION")
        _delete(con, report_id)
        con.execute("COMMIT")
    for original in originals_dir(path).glob(f"{report_id}.*"):
        original.unlink()


def list_reports(db: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One row per report, newest year first (the library table of the home page)."""
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT * FROM reports ORDER BY year DESC NULLS LAST, department, source_name"
        ).df()


def load_frames(report_id: str, db: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    frames: dict[str, pd.DataFrame] = {}
    with connect(db, read_only=True) as con:
        for table, schema in FRAME_SCHEMAS.items():
            columns = ", ".join(f'"{c}"' for c in schema)
            data = con.execute(f"SELECT {columns} FROM {table} WHERE report_id = ?", [report_id]).df()
            frames[table] = data.astype(schema)
    return frames


def load_report(report_id: str, db: str | os.PathLike[str] | None = None) -> Report | None:
    """The Report rebuilt from the stored frames (no narrative lines: the library keeps
    figures and facts, not the text). None when the id is not in the library."""
    with connect(db, read_only=True) as con:
        result = con.execute("SELECT * FROM reports WHERE report_id = ?", [report_id]).df()
    if result.empty:
        return None
    row = result.iloc[0]
    meta = ReportMeta(
        report_id=row["report_id"], source_name=row["source_name"], source_kind=row["source_kind"],
        department=None if pd.isna(row["department"]) else row["department"],
        year=None if pd.isna(row["year"]) else int(row["year"]), unit=row["unit"],
        region=None if pd.isna(row["region"]) else row["region"], page_count=int(row["page_count"]),
    )
    frames = load_frames(report_id, db)
    return Report(
        meta=meta,
        tables_found=tuple(json.loads(row["tables_found"])),
        table_locations={t: (v[0], v[1]) for t, v in json.loads(row["table_locations"]).items()},
        table_units=json.loads(row["table_units"]),
        empty_statements={t: (v[0], v[1], v[2]) for t, v in json.loads(row["empty_statements"]).items()},
        narrative=(), all_lines=(), notes=tuple(json.loads(row["notes"])), **frames,
    )


def load_facts(report_id: str, db: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    with connect(db, read_only=True) as con:
        rows = con.execute("SELECT name, data FROM facts WHERE report_id = ? ORDER BY rowid", [report_id]).fetchall()
    from io import StringIO

    return {name: pd.read_json(StringIO(data), orient="table") for name, data in rows}


def load_findings(report_id: str | None = None, db: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    with connect(db, read_only=True) as con:
        if report_id is None:
            return con.execute("SELECT * FROM findings ORDER BY report_id, seq").df()
        return con.execute("SELECT * FROM findings WHERE report_id = ? ORDER BY seq", [report_id]).df()


def load_table(table: str, db: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """A whole frame table across the library (e.g. 三公 of every report)."""
    if table not in FRAME_SCHEMAS:
        raise KeyError(table)
    with connect(db, read_only=True) as con:
        return con.execute(f"SELECT * FROM {table}").df()


@lru_cache(maxsize=1)
def _corpus_index(root: str, stamp: float) -> dict[str, str]:
    index: dict[str, str] = {}
    base = Path(root)
    for path in sorted(base.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".pdf", ".txt", ".xlsx") and path.stat().st_size < 200 * 2**20:
            index[content_hash(path.read_bytes())] = str(path)
    return index


def find_original(report_id: str, db: str | os.PathLike[str] | None = None) -> Path | None:
    """The source file of a report: saved beside the library, else found in the corpus
    by content hash (for the bundled sample library). None when unavailable."""
    folder = originals_dir(library_path(db))
    for candidate in sorted(folder.glob(f"{report_id}.*")):
        if not candidate.name.startswith("."):
            return candidate
    root = corpus_dir()
    if not root.is_dir():
        return None
    found = _corpus_index(str(root.resolve()), root.stat().st_mtime).get(report_id)
    return Path(found) if found else None


def library_stamp(db: str | os.PathLike[str] | None = None) -> str:
    """Changes whenever the library file changes (cache key for the app's loaders)."""
    path = ensure_library(library_path(db))
    stat = path.stat()
    wal = path.with_name(path.name + ".wal")
    extra = wal.stat().st_mtime_ns if wal.exists() else 0
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}:{extra}"

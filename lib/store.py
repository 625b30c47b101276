"""The report library: analysed reports in one embedded DuckDB file, originals beside it.

The library keeps exactly the `lib.analysed.AnalysedReport` bundle, in typed columns
(numbers as DOUBLE/BIGINT, never text): `reports` (meta, the Report's other fields, key
figures, statuses and finding counts; one row per report), the six tidy frames of
`lib.schemas`, one `facts_<frame>` table per narrative-fact frame, `findings` (one row
per finding; an amount-or-text field such as `expected` becomes a DOUBLE plus a
`<name>_text` column), `finding_locations` (every place of every finding) and `lines`
(every cited line with its PDF box). Columns are derived from the records' type hints,
so a field added to Report, ReportMeta, Finding or Location is carried without editing a
column list. Each report is written in one transaction; an original file is written to a
temp file and then `os.replace`d, before the transaction commits, so a row never points at
half a file.

Library path: $JUESUAN_DB, else var/library.duckdb. A new library is seeded with the
sample library shipped in data/sample_library/ (one Parquet file per table, built by
scripts/build_sample_library.py), so the tracked sample is never written by the app. Originals live in <db dir>/originals/<report_id>.<ext>;
reports of the sample library are looked up by content hash in $JUESUAN_CORPUS
(default ../shared/corpus) instead, because the sample ships no source files.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
import time
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from lib import libstate, querylog, schemas
from lib.analysed import AnalysedReport, CitedLine
from lib.checks.findings import Finding, Location
from lib.errors import LibraryError
from lib.model import Report, ReportMeta
from lib.narrative import NarrativeFacts
from lib.narrative.schema import FRAMES as FACT_SCHEMAS
from lib.readers import content_hash
from lib.values import is_missing, number_or_none

log = logging.getLogger("juesuan.store")
REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "sample_library"
DEFAULT_DB = REPO / "var" / "library.duckdb"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SCHEMA_VERSION = "2"  # 2: typed facts/findings/locations/lines tables (1 kept facts and findings as JSON text)

Analysed = AnalysedReport  # what save_report writes (the name before lib.analysed existed)


def _hints(cls: type) -> dict[str, Any]:
    """Resolved type hints; the Report names its frames `pd.DataFrame` without importing
    pandas (lib.model.Tidy), so `pd` is resolved here."""
    return typing.get_type_hints(cls, localns={"pd": pd})


_HINTS_REPORT = _hints(Report)
# Report frames: every DataFrame field, with the schema of the same name in lib.schemas
FRAME_SCHEMAS: dict[str, schemas.Schema] = {
    name: getattr(schemas, name.upper()) for name, hint in _HINTS_REPORT.items() if hint is pd.DataFrame
}
_SOURCE_LINES = {"narrative", "all_lines"}  # kept as `lines`, cited ones only
# other Report fields holding typed records (`tuple[Record, ...]`, e.g. the OCR verdicts): one table each
RECORD_TABLES: dict[str, type] = {
    name: typing.get_args(hint)[0] for name, hint in _HINTS_REPORT.items()
    if name not in _SOURCE_LINES and typing.get_origin(hint) is tuple and typing.get_args(hint)
    and dataclasses.is_dataclass(typing.get_args(hint)[0])
}
_NOT_STORED = {"meta", *_SOURCE_LINES, *RECORD_TABLES, *FRAME_SCHEMAS}
_SQL_TYPES = {"string": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT", "Int64": "BIGINT", "boolean": "BOOLEAN"}
_SCALARS: dict[Any, str] = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}
TEXT_SUFFIX = "_text"  # the text half of an amount-or-text field


def _members(hint: Any) -> set[Any]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return set(typing.get_args(hint)) - {type(None)}
    return {hint}


def _columns(name: str, hint: Any) -> dict[str, str]:
    """SQL columns of one record field: a scalar typed, number-or-text as DOUBLE + text,
    anything else (tuples, dicts) as JSON text."""
    members = _members(hint)
    if len(members) == 1 and next(iter(members)) in _SCALARS:
        return {name: _SCALARS[next(iter(members))]}
    if str in members and members - {str} <= {int, float}:
        return {name: "DOUBLE", name + TEXT_SUFFIX: "VARCHAR"}
    return {name: "VARCHAR"}  # JSON


def _record_columns(cls: type, skip: set[str] = frozenset()) -> dict[str, str]:  # type: ignore[assignment]
    hints = _hints(cls)
    columns: dict[str, str] = {}
    for field in dataclasses.fields(cls):
        if field.name not in skip:
            columns |= _columns(field.name, hints[field.name])
    return columns


FIGURE_COLUMNS = (
    "income_total", "expense_total", "grand_total", "carryover_begin", "carryover_end", "fiscal_income",
    "basic_expense", "project_expense", "gpb_expense", "personnel_expense", "public_expense",
    "sangong_budget", "sangong_final", "prior_year_total", "gpb_initial_budget",
)
_META_COLUMNS = _record_columns(ReportMeta)
REPORT_COLUMNS: dict[str, str] = {
    **_META_COLUMNS, "report_id": "VARCHAR PRIMARY KEY",
    **_record_columns(Report, _NOT_STORED),
    **{name: "DOUBLE" for name in FIGURE_COLUMNS},
    "expense_by_class": "VARCHAR",  # JSON {类 code: amount}
    "facts_status": "VARCHAR", "checks_status": "VARCHAR",  # ok | failed
    "failures": "VARCHAR",  # JSON list of reasons
    "finding_count": "INTEGER", "warning_count": "INTEGER", "error_count": "INTEGER",  # NULL = not checked
    "original_ext": "VARCHAR", "original_size": "BIGINT", "origin": "VARCHAR", "added_at": "TIMESTAMP",
}
_FINDING_HINTS = _hints(Finding)
_LOCATION_FIELD = next(name for name, hint in _FINDING_HINTS.items() if Location in typing.get_args(hint))
FINDING_COLUMNS: dict[str, str] = {"report_id": "VARCHAR", "seq": "INTEGER",
                                   **_record_columns(Finding, {_LOCATION_FIELD})}
LOCATION_COLUMNS: dict[str, str] = {"report_id": "VARCHAR", "seq": "INTEGER", "pos": "INTEGER",
                                    **_record_columns(Location)}
LINE_COLUMNS: dict[str, str] = {
    "report_id": "VARCHAR", "page": "INTEGER", "line_no": "INTEGER", "text": "VARCHAR",
    "x0": "DOUBLE", "top": "DOUBLE", "x1": "DOUBLE", "bottom": "DOUBLE", "cited": "BOOLEAN",
}
RECORD_COLUMNS: dict[str, dict[str, str]] = {
    name: {"report_id": "VARCHAR", "seq": "INTEGER", **_record_columns(cls)} for name, cls in RECORD_TABLES.items()
}
FACT_TABLES = {name: f"facts_{name}" for name in FACT_SCHEMAS}
LOCK_RETRIES = 15  # ≈ 10 s of waiting for a lock held by another process


def library_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The library file: explicit path, else $JUESUAN_DB, else var/library.duckdb."""
    chosen = path or os.environ.get("JUESUAN_DB") or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


def _is_dataset(path: Path) -> bool:
    return (path / "juesuan-dataset.json").exists()


def is_read_only(db: str | os.PathLike[str] | None = None) -> bool:
    """True for a Parquet dataset library: the app shows it but cannot add to it."""
    return _is_dataset(library_path(db))


def corpus_dir() -> Path:
    return Path(os.environ.get("JUESUAN_CORPUS") or DEFAULT_CORPUS).expanduser()


def originals_dir(db: Path) -> Path:
    return db.parent / "originals"


def _table_sql(table: str, columns: dict[str, str]) -> str:
    body = ", ".join(f'"{name}" {sql}' for name, sql in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {table} ({body})"


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS library_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT OR IGNORE INTO library_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    con.execute(_table_sql("reports", REPORT_COLUMNS))
    for table, schema in FRAME_SCHEMAS.items():
        con.execute(_table_sql(table, {"report_id": "VARCHAR", **{n: _SQL_TYPES[d] for n, d in schema.items()}}))
    for name, table in FACT_TABLES.items():
        con.execute(_table_sql(table, {"report_id": "VARCHAR", **{n: _SQL_TYPES[d] for n, d in FACT_SCHEMAS[name].items()}}))
    con.execute(_table_sql("findings", FINDING_COLUMNS))
    con.execute(_table_sql("finding_locations", LOCATION_COLUMNS))
    con.execute(_table_sql("lines", LINE_COLUMNS))
    for table, columns in RECORD_COLUMNS.items():
        con.execute(_table_sql(table, columns))


def _add_new_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Tables and columns for frames and fields added since the library was made (empty
    tables, NULL in old rows)."""
    _create_schema(con)
    wanted = {"reports": REPORT_COLUMNS, "findings": FINDING_COLUMNS, "finding_locations": LOCATION_COLUMNS}
    for table, columns in wanted.items():
        present = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        for name, sql in columns.items():
            if name not in present:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql.replace(" PRIMARY KEY", "")}')


_CHECKED: set[Path] = set()


def _retire_old_library(db: Path) -> None:
    """A library of an older schema version is moved aside (…duckdb.v<N>.bak, originals stay
    in originals/, `juesuan ingest <that folder>` adds them back) and a new one is made."""
    if db in _CHECKED or not libstate.writable(db):
        return
    libstate.check_file(db)  # a damaged file is said so, never opened for writing (nor retired)
    try:
        con = duckdb.connect(str(db))
    except (duckdb.IOException, duckdb.ConnectionException) as exc:  # in use elsewhere: checked on a later call
        state = libstate.classify(exc, db)
        if state is not None and state.code == "library_corrupt":
            raise state from exc
        return
    try:
        row = con.execute("SELECT value FROM library_meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error as exc:
        state = libstate.classify(exc, db)
        if state is not None and state.code == "library_corrupt":
            raise state from exc
        row = None
    finally:
        con.close()
    version = row[0] if row else "?"
    if version != SCHEMA_VERSION:
        backup = db.with_name(f"{db.name}.v{version}.bak")
        log.warning("library %s has schema %s (now %s): moved to %s; re-add originals with "
                    "`juesuan ingest %s`", db, version, SCHEMA_VERSION, backup, originals_dir(db))
        os.replace(db, backup)
        wal = db.with_name(db.name + ".wal")
        if wal.exists():
            os.replace(wal, backup.with_name(backup.name + ".wal"))
    _CHECKED.add(db)


def ensure_library(db: Path) -> Path:
    """Create the library on first use, seeded with the bundled sample library
    (data/sample_library/*.parquet) unless $JUESUAN_SAMPLE is 0; the file appears
    atomically (built under a temp name, then os.replace)."""
    if db.exists():
        _retire_old_library(db)
    if db.exists():
        return db
    if libstate.fallback(db) is not None:
        return libstate.fallback(db)  # type: ignore[return-value]
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".library-", suffix=".duckdb", dir=db.parent)
    except OSError as exc:
        if db != DEFAULT_DB.resolve():
            raise libstate.missing(db, exc.strerror or "无法写入") from exc
        # a read-only checkout without var/: the bundled sample, built in a temp folder, read-only
        used = libstate.fallback_location(db)
        libstate.remember_fallback(db, ensure_library(used))
        return used
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
        _CHECKED.add(db)
    finally:
        for leftover in (temp_name, temp_name + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return db


def library_tables() -> tuple[str, ...]:
    """Every table holding rows of reports (each keyed by report_id)."""
    return ("reports", *FRAME_SCHEMAS, *FACT_TABLES.values(), "findings", "finding_locations", "lines", *RECORD_TABLES)


def _load_sample(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    for table in library_tables():
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
        for table in library_tables():
            target = folder / f"{table}.parquet"
            # report by report, rows in the order they were written (frames keep their order)
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY report_id, rowid) TO '{target}' "
                        "(FORMAT parquet, COMPRESSION zstd)")


@contextmanager
def connect(db: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection (DuckDB lets one process write at a time, so nothing
    keeps the file open); retries briefly while another process holds the lock. The
    library's state is said plainly (lib.libstate): LibraryLocked after the retries,
    LibraryCorrupt at once, LibraryReadOnly / LibraryMissing."""
    if _is_dataset(library_path(db)):  # a Parquet dataset written by `ingest --scheduler` (read-only)
        from lib.cluster import open_dataset

        dataset = open_dataset(library_path(db))
        try:
            yield querylog.CountedConnection(dataset)
        finally:
            dataset.close()
        return
    wanted = library_path(db)
    path = ensure_library(wanted)
    libstate.check_file(path)  # a truncated or foreign file: said at once, never retried
    # Within one process DuckDB refuses to open a file twice with different settings at the
    # same time (Streamlit's threads): that is a ConnectionException, retried below.
    read_only = read_only or not libstate.writable(wanted) or not libstate.writable(path)
    last: LibraryError | None = None
    for attempt in range(LOCK_RETRIES):
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except (duckdb.Error, OSError) as exc:
            state = libstate.classify(exc, path)
            if state is None and isinstance(exc, duckdb.ConnectionException):
                state = libstate.locked(path, str(exc))  # this process, other settings: brief
            if state is None:
                raise
            if state.code != "library_locked":
                raise state from exc
            last = state  # a lock held elsewhere: wait a little
            time.sleep(min(0.1 * (attempt + 1), 1.0))
    else:
        assert last is not None
        raise last
    try:
        yield querylog.CountedConnection(con)
    except duckdb.Error as exc:  # a half-truncated file fails only when a damaged part is read
        state = libstate.classify(exc, path)
        if state is not None and state.code == "library_corrupt":
            raise state from exc
        raise
    finally:
        con.close()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _encode(record: Any, columns: dict[str, str]) -> dict[str, Any]:
    """One record (dataclass) as column values: scalars as they are, containers as JSON,
    amount-or-text fields split into the number and the text column."""
    row: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        if field.name not in columns:
            continue
        value = getattr(record, field.name)
        if field.name + TEXT_SUFFIX in columns:
            is_text = isinstance(value, str)
            row[field.name] = None if is_text else number_or_none(value)
            row[field.name + TEXT_SUFFIX] = value if is_text else None
        elif columns[field.name] == "VARCHAR" and not isinstance(value, (str, type(None))):
            row[field.name] = _json(value)
        else:
            row[field.name] = value
    return row


def _decode_json(hint: Any, value: Any) -> Any:
    """JSON back into the field's type (tuples, dicts of tuples …)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if value is None:
        return None
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode_json(args[0], v) for v in value)
        return tuple(_decode_json(a, v) for a, v in zip(args, value)) if args else tuple(value)
    if origin is dict:  # JSON keys are text: int keys (page numbers) are restored
        return {(int(k) if args and args[0] is int else k): _decode_json(args[1] if args else Any, v) for k, v in value.items()}
    if origin is list:
        return [_decode_json(args[0] if args else Any, v) for v in value]
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        return _decode_json(members[0], value) if len(members) == 1 else value
    return value


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, dict[str, str], bool], ...]:
    """(name, type hint, SQL columns, has a default) of each field of a record class, worked
    out once per class (type hints are slow to resolve; a report has hundreds of findings)."""
    hints = _hints(cls)
    return tuple((field.name, hints[field.name], _columns(field.name, hints[field.name]),
                  field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING)
                 for field in dataclasses.fields(cls))


def _decode(cls: type, row: dict[str, Any], **given: Any) -> Any:
    """A record rebuilt from its columns; a field without a column (or NULL where the field
    has a default) takes its default."""
    kwargs: dict[str, Any] = dict(given)
    for name, hint, columns, has_default in _fields(cls):
        if name in kwargs or name not in row:
            continue
        value = row[name]
        if name + TEXT_SUFFIX in columns:
            text = row.get(name + TEXT_SUFFIX)
            value = text if isinstance(text, str) else number_or_none(value)
        elif columns[name] == "VARCHAR":
            value = None if is_missing(value) else value
            if value is not None and _members(hint) - {str}:
                value = _decode_json(hint, json.loads(value))
        elif is_missing(value):
            value = None
        elif columns[name] in ("BIGINT", "INTEGER"):
            value = int(value)
        elif columns[name] == "DOUBLE":
            value = float(value)
        elif columns[name] == "BOOLEAN":
            value = bool(value)
        if value is None and has_default:
            continue
        kwargs[name] = value
    return cls(**kwargs)


def _report_row(item: AnalysedReport, original_ext: str | None, original_size: int | None) -> dict[str, Any]:
    report, summary = item.report, item.summary
    severities = [f.severity for f in item.findings or ()]
    checked = item.findings is not None
    return {
        **_encode(report.meta, REPORT_COLUMNS), **_encode(report, REPORT_COLUMNS),
        **{name: number_or_none(summary.get(name)) for name in FIGURE_COLUMNS},
        "expense_by_class": _json(summary.get("expense_by_class")),
        "facts_status": item.facts_status, "checks_status": item.checks_status, "failures": _json(list(item.failures)),
        "finding_count": len(severities) if checked else None,
        "warning_count": sum(s in ("warning", "error") for s in severities) if checked else None,
        "error_count": sum(s == "error" for s in severities) if checked else None,
        "original_ext": original_ext, "original_size": original_size, "origin": item.origin,
        "added_at": pd.Timestamp.now().to_pydatetime(),
    }


def _rows(records: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """Records as a frame whose dtypes DuckDB maps onto the table's types (ints stay ints
    with NULLs, all-NULL columns are not guessed as something else)."""
    data = pd.DataFrame.from_records(records, columns=list(columns))
    dtypes = {"VARCHAR": "string", "DOUBLE": "float64", "BIGINT": "Int64", "INTEGER": "Int64", "BOOLEAN": "boolean"}
    return data.astype({n: dtypes[t.split()[0]] for n, t in columns.items() if t.split()[0] in dtypes})


def finding_rows(report_id: str, findings: tuple[Finding, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `findings` and `finding_locations` rows of one report's findings."""
    rows, places = [], []
    for seq, finding in enumerate(findings):
        rows.append({"report_id": report_id, "seq": seq, **_encode(finding, FINDING_COLUMNS)})
        for pos, loc in enumerate(getattr(finding, _LOCATION_FIELD)):
            places.append({"report_id": report_id, "seq": seq, "pos": pos, **_encode(loc, LOCATION_COLUMNS)})
    return _rows(rows, FINDING_COLUMNS), _rows(places, LOCATION_COLUMNS)


def _line_rows(report_id: str, lines: tuple[CitedLine, ...]) -> pd.DataFrame:
    rows = [{"report_id": report_id, "page": ln.page, "line_no": ln.line_no, "text": ln.text,
             **dict(zip(("x0", "top", "x1", "bottom"), ln.bbox or (None,) * 4)), "cited": ln.cited} for ln in lines]
    return _rows(rows, LINE_COLUMNS)


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
    ext = {"pdf": "pdf", "text": "txt", "xlsx": "xlsx", "xls": "xls"}.get(kind[0], "bin")
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


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("frame_in", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame_in")
    finally:
        con.unregister("frame_in")


def save_report(item: AnalysedReport, original: bytes | None = None, db: str | os.PathLike[str] | None = None,
                *, keep_original: bool = True) -> str:
    """Write one analysed report (replacing an earlier version of the same content) in one
    transaction; the original, when given and kept, is saved first."""
    path = library_path(db)
    libstate.require_writable(path)
    report = item.report
    report_id = report.meta.report_id
    ext = {"pdf": "pdf", "text": "txt", "xlsx": "xlsx", "xls": "xls"}.get(report.meta.source_kind, "bin")
    if original is not None and content_hash(original) != report_id:
        raise ValueError("original bytes do not match the report's content hash")
    if original is not None and keep_original:
        _write_original(path, report_id, ext, original)
    size = None if original is None else len(original)
    row = _report_row(item, ext if (original is not None and keep_original) else None, size)
    with connect(path) as con:
        _add_new_columns(con)
        con.execute("BEGIN TRANSACTION")
        try:
            _delete(con, report_id)
            insert_report(con, item, row)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report_id


def insert_report(con: duckdb.DuckDBPyConnection, item: AnalysedReport, row: dict[str, Any] | None = None) -> None:
    """Insert every row of one analysed report (its `reports` row, frames, facts, findings,
    cited lines, records) into a connection with the store's schema — the one way a report
    becomes rows, for the library file and for the cluster's Parquet parts alike."""
    report = item.report
    report_id = report.meta.report_id
    row = _report_row(item, None, None) if row is None else row
    findings, locations = finding_rows(report_id, item.findings or ())
    names = ", ".join(f'"{c}"' for c in row)
    con.execute(f"INSERT INTO reports ({names}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    for table, schema in FRAME_SCHEMAS.items():
        frame = getattr(report, table)[list(schema)]
        _insert(con, table, frame.assign(report_id=report_id))
    if item.facts is not None:
        for name, table in FACT_TABLES.items():
            frame = getattr(item.facts, name)[list(FACT_SCHEMAS[name])]
            _insert(con, table, frame.assign(report_id=report_id))
    _insert(con, "findings", findings)
    _insert(con, "finding_locations", locations)
    _insert(con, "lines", _line_rows(report_id, item.lines))
    for table, columns in RECORD_COLUMNS.items():
        _insert(con, table, _rows([{"report_id": report_id, "seq": seq, **_encode(record, columns)}
                                   for seq, record in enumerate(getattr(report, table))], columns))


def _delete(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    for table in library_tables():
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])


def delete_report(report_id: str, db: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove a report in one transaction and then its original kept beside the library
    (never a corpus file); returns the originals removed."""
    path = library_path(db)
    libstate.require_writable(path)
    with connect(path) as con:
        _add_new_columns(con)
        con.execute("BEGIN TRANSACTION")
        _delete(con, report_id)
        con.execute("COMMIT")
    removed = sorted(originals_dir(path).glob(f"{report_id}.*"))
    for original in removed:
        original.unlink()
    return removed


def list_reports(db: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One row per report, newest year first (the library table of the home page)."""
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT * FROM reports ORDER BY year DESC NULLS LAST, department, source_name"
        ).df()


_BUNDLE_ORDER = {"findings": ("seq",), "finding_locations": ("seq", "pos"), "lines": ("page", "line_no"),
                 **{table: ("seq",) for table in RECORD_TABLES}}  # else as written


def _bundle_sql(tables: list[str]) -> str:
    """One query for a whole report: its `reports` row as a struct, and for every table its
    rows as a list of structs in their stored order (rowid: as written). One round trip
    instead of one query per table (25), each row kept with its own column types."""
    parts = ["(SELECT r FROM reports r WHERE report_id = $id) AS _report"]
    for table in tables:
        keys = _BUNDLE_ORDER.get(table, ("rowid",))
        picked = ", ".join(f"{key} AS _k{n}" for n, key in enumerate(keys))
        order = ", ".join(f"t._k{n}" for n in range(len(keys)))
        parts.append(f'(SELECT list(t ORDER BY {order}) FROM (SELECT * EXCLUDE (report_id), {picked} FROM {table} '
                     f'WHERE report_id = $id) t) AS "{table}"')
    return "SELECT " + ", ".join(parts)


def _rows_of(result: Any, table: str) -> Any:
    """The rows of one table in a bundle result (a pyarrow StructArray), None when it has none."""
    if table not in result.column_names:
        return None
    return result.column(table)[0].values


def _arrow_frame(rows: Any, schema: schemas.Schema) -> pd.DataFrame:
    """Rows (a pyarrow StructArray) as a frame of exactly the schema's columns and dtypes,
    column by column (pandas' own Arrow conversion plus astype was 20× slower on a report's
    few hundred rows)."""
    if rows is None or len(rows) == 0:
        return _empty_frame(tuple(schema.items())).copy()
    columns: dict[str, Any] = {}
    for name, dtype in schema.items():
        column = rows.field(name)
        if dtype == "string":
            columns[name] = pd.array(column, dtype=pd.StringDtype("pyarrow"))
        elif dtype in ("float64", "int64"):
            columns[name] = column.to_numpy(zero_copy_only=False).astype(dtype)
        else:  # nullable Int64 / boolean
            columns[name] = pd.array(column.to_pylist(), dtype=dtype)
    return pd.DataFrame(columns)


@cache
def _empty_frame(schema: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    return schemas.frame([], dict(schema))


def _records(rows: Any) -> list[dict[str, Any]]:
    return [] if rows is None else rows.to_pylist()


def _present_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Tables and views of the library (a Parquet dataset's tables are views; a library
    made before a frame existed lacks its table)."""
    return {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _fetch_bundle(con: duckdb.DuckDBPyConnection, report_id: str, tables: tuple[str, ...]) -> Any:
    present = _present_tables(con)
    return con.sql(_bundle_sql([t for t in tables if t in present]), params={"id": report_id}).to_arrow_table()


def _report(result: Any, row: dict[str, Any]) -> Report:
    frames = {table: _arrow_frame(_rows_of(result, table), schema) for table, schema in FRAME_SCHEMAS.items()}
    records = {table: tuple(_decode(cls, record) for record in _records(_rows_of(result, table)))
               for table, cls in RECORD_TABLES.items()
               if table in result.column_names}  # absent: a library made before the table (the field's default)
    return _decode(Report, row, meta=_decode(ReportMeta, row), narrative=(), all_lines=(), **frames, **records)


def _summary(row: dict[str, Any], report: Report) -> dict[str, Any]:
    from lib.summary import SUMMARY_KEYS

    stored = {name: number_or_none(row.get(name)) for name in FIGURE_COLUMNS}
    by_class = row.get("expense_by_class")
    stored["expense_by_class"] = None if is_missing(by_class) else json.loads(by_class)
    meta = {"department": report.meta.department, "year": report.meta.year, "unit": report.meta.unit,
            "tables_found": list(report.tables_found), "reading_confidence": report.reading_confidence,
            # stored with the Report's fields (typed columns derived from its type hints)
            "table_set": len(report.table_set), "table_set_tables": list(report.table_set),
            "accounts_kind": report.accounts_kind}
    return {key: meta[key] if key in meta else stored.get(key) for key in SUMMARY_KEYS}


def _facts(result: Any) -> NarrativeFacts:
    return NarrativeFacts(**{name: _arrow_frame(_rows_of(result, table), FACT_SCHEMAS[name])
                             for name, table in FACT_TABLES.items()})


def _findings(result: Any) -> tuple[Finding, ...]:
    places: dict[int, list[Location]] = {}
    for loc in _records(_rows_of(result, "finding_locations")):
        places.setdefault(int(loc["seq"]), []).append(_decode(Location, loc))
    return tuple(_decode(Finding, row, **{_LOCATION_FIELD: tuple(places.get(int(row["seq"]), ()))})
                 for row in _records(_rows_of(result, "findings")))


def _lines(result: Any) -> tuple[CitedLine, ...]:
    return tuple(CitedLine(int(row["page"]), int(row["line_no"]), str(row["text"]),
                           None if row["x0"] is None else (float(row["x0"]), float(row["top"]), float(row["x1"]),
                                                           float(row["bottom"])), bool(row["cited"]))
                 for row in _records(_rows_of(result, "lines")))


def load_analysed(report_id: str, db: str | os.PathLike[str] | None = None) -> AnalysedReport | None:
    """The analysed report exactly as it was saved (the Report without its source lines),
    read in one query (`_bundle_sql`). None when the id is not in the library."""
    with connect(db, read_only=True) as con:
        result = _fetch_bundle(con, report_id, library_tables()[1:])
    row = result.column("_report")[0].as_py()
    if row is None:
        return None
    report = _report(result, row)
    return AnalysedReport(
        report=report, summary=_summary(row, report),
        facts=_facts(result) if row["facts_status"] == "ok" else None,
        findings=_findings(result) if row["checks_status"] == "ok" else None,
        lines=_lines(result), facts_status=str(row["facts_status"]), checks_status=str(row["checks_status"]),
        failures=() if is_missing(row.get("failures")) else tuple(json.loads(row["failures"])), origin=str(row["origin"]),
    )


def load_report(report_id: str, db: str | os.PathLike[str] | None = None) -> Report | None:
    """The Report rebuilt from the stored frames (no source lines: the library keeps figures,
    facts, findings and the cited lines). None when the id is not in the library."""
    with connect(db, read_only=True) as con:
        result = _fetch_bundle(con, report_id, (*FRAME_SCHEMAS, *RECORD_TABLES))
    row = result.column("_report")[0].as_py()
    return None if row is None else _report(result, row)


def load_facts(report_id: str, db: str | os.PathLike[str] | None = None) -> NarrativeFacts | None:
    """The stored narrative facts (None when the report is unknown or extraction failed)."""
    item = load_analysed(report_id, db)
    return None if item is None else item.facts


def load_findings(report_id: str, db: str | os.PathLike[str] | None = None) -> tuple[Finding, ...] | None:
    """The stored findings in their order (None when the report is unknown or not checked)."""
    item = load_analysed(report_id, db)
    return None if item is None else item.findings


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
    if _is_dataset(library_path(db)):
        from lib.cluster import dataset_stamp

        return dataset_stamp(library_path(db))
    path = ensure_library(library_path(db))
    stat = path.stat()
    wal = path.with_name(path.name + ".wal")
    extra = wal.stat().st_mtime_ns if wal.exists() else 0
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}:{extra}"

"""Batch ingest on a Dask distributed cluster, into a Parquet dataset library.

A national corpus (tens of thousands of reports a year) outgrows one machine. The parse
and analysis of one file is pure (`ingest._work`: path in, `store.Analysed` out), so the
cluster maps it over chunks of files; each task writes its reports' rows as Parquet parts
(the store's tables and columns, `store.FRAME_SCHEMAS` & co.) into a shared folder:

    <dataset>/juesuan-dataset.json            marks the folder as a library
    <dataset>/<table>/year=<year>/part-….parquet   one table per frame, partitioned by year

DuckDB reads it directly (`read_parquet('<dataset>/subjects/*/*.parquet')`); the app opens
it as its library, read-only, when $JUESUAN_DB names the folder (`open_dataset`: an
in-memory DuckDB with one view per table). A rerun skips reports already in the dataset.

Dask rather than Ray: it is pip-installable pure Python (`distributed`), its futures API is
exactly "map a function over files", the same code runs on a LocalCluster or any
scheduler address (`dask scheduler` / `dask worker ADDRESS` on each machine, or
dask-jobqueue / dask-kubernetes), and Parquet via pyarrow is its native output.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

MARK = "juesuan-dataset.json"
MAX_CHUNK = 16  # files per task at most: fewer, larger Parquet parts on a big corpus
_PA_TYPES = {"VARCHAR": "string", "DOUBLE": "float64", "INTEGER": "int32", "BIGINT": "int64", "TIMESTAMP": "timestamp"}
_DTYPE_TYPES = {"string": "string", "float64": "float64", "int64": "int64", "Int64": "int64"}


def is_dataset(path: str | os.PathLike[str]) -> bool:
    return (Path(path) / MARK).exists()


def _schemas() -> dict[str, dict[str, str]]:
    """Table → column → arrow type name, from the store's definitions (one source of truth)."""
    from lib import store

    tables = {"reports": {name: _PA_TYPES[sql.split()[0]] for name, sql in store.REPORT_COLUMNS.items()}}
    for table, schema in store.FRAME_SCHEMAS.items():
        tables[table] = {"report_id": "string", **{name: _DTYPE_TYPES[dtype] for name, dtype in schema.items()}}
    tables["facts"] = {"report_id": "string", "name": "string", "data": "string"}
    tables["findings"] = {name: _PA_TYPES[sql.split()[0]] for name, sql in store.FINDING_COLUMNS.items()}
    return tables


def _arrow_schema(columns: dict[str, str]) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "float64": pa.float64(), "int32": pa.int32(), "int64": pa.int64(),
             "timestamp": pa.timestamp("us")}
    return pa.schema([(name, types[kind]) for name, kind in columns.items()])


def report_tables(item: Any) -> dict[str, list[dict[str, Any]]]:
    """The rows `store.save_report` writes for one report, per table (no original kept)."""
    from lib import store

    report = item.report
    report_id = report.meta.report_id
    tables: dict[str, list[dict[str, Any]]] = {"reports": [store._report_row(item, None, None)]}
    for table, schema in store.FRAME_SCHEMAS.items():
        frame = getattr(report, table)
        tables[table] = [{"report_id": report_id, **row} for row in frame[list(schema)].to_dict(orient="records")]
    tables["facts"] = [
        {"report_id": report_id, "name": name,
         "data": frame.to_json(orient="table", force_ascii=False, index=False, default_handler=str)}
        for name, frame in (item.facts or {}).items()]
    findings = store._finding_rows(report_id, item.findings) if item.findings else None
    tables["findings"] = [] if findings is None else findings.to_dict(orient="records")
    return tables


def _clean(value: Any) -> Any:
    """pandas' missing values (NA, NaN, NaT) as None, so arrow takes them as nulls."""
    try:
        import pandas as pd

        return None if value is not None and not isinstance(value, (list, dict, str)) and pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _write_parts(out: Path, rows_by_year: dict[str, dict[str, list[dict[str, Any]]]]) -> None:
    """One Parquet part per table and year, written under a temp name then renamed, so a
    reader never sees half a file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = _schemas()
    part = uuid.uuid4().hex
    for year, tables in rows_by_year.items():
        for table, rows in tables.items():
            if not rows:
                continue
            columns = {name: kind for name, kind in schemas[table].items() if not (table == "reports" and name == "year")}
            data = {name: [_clean(row.get(name)) for row in rows] for name in columns}
            arrow = pa.Table.from_pydict(data, schema=_arrow_schema(columns))
            folder = out / table / f"year={year}"
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".part-{part}.tmp"
            pq.write_table(arrow, temp, compression="zstd")
            os.replace(temp, folder / f"part-{part}.parquet")


def ingest_task(paths: list[str], out: str, origin: str = "cluster",
                limits: dict[str, Any] | None = None) -> list[tuple[str, str, str, str | None, str | None, int | None]]:
    """Cluster task: parse and analyse some files, write their rows as Parquet parts under
    `out`; return (path, status, message, report_id, department, year) per file."""
    from lib.ingest import _work

    results = []
    rows_by_year: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for path in paths:
        path, item, status, message = _work(path, origin, limits)
        if item is None:
            results.append((path, status, message, None, None, None))
            continue
        meta = item.report.meta
        year = str(meta.year) if meta.year is not None else "unknown"
        bucket = rows_by_year.setdefault(year, {})
        for table, rows in report_tables(item).items():
            bucket.setdefault(table, []).extend(rows)
        results.append((path, status, message, meta.report_id, meta.department, meta.year))
    _write_parts(Path(out), rows_by_year)
    return results


def open_dataset(folder: str | os.PathLike[str]) -> Any:
    """An in-memory DuckDB connection on which the dataset's tables are views (read-only):
    every query of the store and the pages runs on it unchanged."""
    import duckdb

    from lib import store

    root = Path(folder)
    con = duckdb.connect(":memory:")
    store._create_schema(con)  # empty typed tables for tables without parts yet
    for table, columns in _schemas().items():
        if not any((root / table).glob("*/*.parquet")):
            continue
        pattern = str(root / table / "*" / "*.parquet").replace("'", "''")
        names = ", ".join(f'"{name}"' for name in columns)
        if table == "reports":
            names = names.replace('"year"', 'TRY_CAST("year" AS INTEGER) AS "year"')
        con.execute(f"DROP TABLE {table}")
        con.execute(f"CREATE VIEW {table} AS SELECT {names} FROM read_parquet('{pattern}', "
                    f"hive_partitioning = {'true' if table == 'reports' else 'false'}, union_by_name = true)")
    return con


def dataset_stamp(folder: str | os.PathLike[str]) -> str:
    """Changes whenever a part is added (the app's cache key)."""
    parts = list(Path(folder).glob("reports/*/*.parquet"))
    latest = max((part.stat().st_mtime_ns for part in parts), default=0)
    return f"{Path(folder).resolve()}:{len(parts)}:{latest}"


def known_ids(folder: Path) -> set[str]:
    if not any(folder.glob("reports/*/*.parquet")):
        return set()
    con = open_dataset(folder)
    try:
        return {row[0] for row in con.execute("SELECT report_id FROM reports").fetchall()}
    finally:
        con.close()


def _client(scheduler: str, workers: int) -> tuple[Any, Any]:
    """(client, local cluster or None): `local` starts a LocalCluster of `workers` processes
    with one thread each (parsing is CPU-bound Python); anything else is a scheduler address."""
    import logging

    from dask.distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)  # no worker chatter on the CLI's stderr
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    return Client(scheduler), None


def ingest_dataset(paths: Iterable[str | Path], out: str | Path, *, scheduler: str = "local", workers: int = 2,
                   origin: str = "cluster", time_limit: float | None = None, max_pages: int | None = None,
                   progress: Callable[[int, int, str], None] | None = None, chunk: int | None = None,
                   client: Any = None) -> list[Any]:
    """Ingest files/folders into the Parquet dataset `out` on a Dask cluster (`client`, else
    one made from `scheduler` and closed at the end); one `ingest.IngestResult` per file,
    in input order. Files already in the dataset are skipped."""
    from dask.distributed import as_completed

    from lib.ingest import MESSAGES, IngestResult, expand_paths
    from lib.readers import content_hash

    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    mark = root / MARK
    if not mark.exists():
        mark.write_text(json.dumps({"format": "juesuan-dataset", "partitioning": "year"}) + "\n")
    limits = {key: value for key, value in (("time_limit", time_limit), ("max_pages", max_pages)) if value is not None}
    files = expand_paths(paths)
    known = known_ids(root)
    results: dict[str, IngestResult] = {}
    todo: list[str] = []
    for path in files:
        try:
            digest = content_hash(path.read_bytes())
        except OSError as exc:
            results[str(path)] = IngestResult(str(path), "refused", message=f"无法打开文件（{exc.strerror}）")
            continue
        if digest in known:
            results[str(path)] = IngestResult(str(path), "skipped", report_id=digest, message=MESSAGES["skipped"])
        else:
            known.add(digest)
            todo.append(str(path))
    todo.sort(key=lambda name: Path(name).stat().st_size, reverse=True)  # largest first keeps workers busy
    done = len(results)
    if progress:
        progress(done, len(files), "")
    if todo:
        own = client is None
        client, cluster = _client(scheduler, workers) if own else (client, None)
        try:
            if chunk is None:  # about 8 tasks per worker thread, so the last ones balance the load
                threads = max(1, sum(client.nthreads().values()))
                chunk = max(1, min(MAX_CHUNK, len(todo) // (threads * 8)))
            chunks = [todo[start:start + chunk] for start in range(0, len(todo), chunk)]
            futures = [client.submit(ingest_task, part, str(root.resolve()), origin, limits, pure=False) for part in chunks]
            for future in as_completed(futures):
                for path, status, message, report_id, department, year in future.result():
                    results[path] = IngestResult(path, status, report_id, department, year, message)
                    done += 1
                    if progress:
                        progress(done, len(files), Path(path).name)
        finally:
            if own:
                client.close()
            if cluster is not None:
                cluster.close()
    return [results[str(path)] for path in files]


def cluster_cli(args: Any) -> int:
    """`juesuan ingest PATH… --scheduler ADDRESS|local --db FOLDER`: exit codes as ingest."""
    from lib.ingest import MESSAGES, ProgressBar

    out = Path(args.db or os.environ.get("JUESUAN_DB") or "var/dataset")
    if out.exists() and not out.is_dir():
        print(f"无法处理：{out} 是文件；分布式导入写入一个文件夹（Parquet 数据集）。", file=sys.stderr)
        return 2
    print(f"报告库（Parquet 数据集）：{out}　调度器：{args.scheduler}", file=sys.stderr)
    started = time.monotonic()
    results = ingest_dataset(args.paths, out, scheduler=args.scheduler, workers=max(1, args.workers or 1),
                             time_limit=getattr(args, "time_limit", None), max_pages=getattr(args, "max_pages", None),
                             progress=ProgressBar())
    for result in results:
        label = {"added": "新增", "skipped": "已有", "refused": "拒收", "error": "出错"}[result.status]
        what = f"{result.department or '（部门未识别）'} {result.year or ''}".strip()
        print(f"{label}\t{result.path}\t{what if result.status == 'added' else result.message}")
    counts = {status: sum(r.status == status for r in results) for status in MESSAGES}
    print(f"共 {len(results)} 个文件：新增 {counts['added']}，已有 {counts['skipped']}，拒收 {counts['refused']}，"
          f"出错 {counts['error']}（{time.monotonic() - started:.1f} 秒）。", file=sys.stderr)
    if counts["error"]:
        return 3
    return 2 if counts["refused"] else 0

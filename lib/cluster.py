"""Batch ingest on a Dask distributed cluster, into a Parquet dataset library.

A national corpus (tens of thousands of reports a year) outgrows one machine. The parse
and analysis of one file is pure (`ingest._work`: path in, `store.Analysed` out), so the
cluster maps it over chunks of files; each worker gathers its reports' rows and writes them
as Parquet parts (the store's tables and columns, `store.FRAME_SCHEMAS` & co.) into a
shared folder, when it holds `FLUSH_AT` reports and at the end:

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
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

MARK = "juesuan-dataset.json"
MAX_CHUNK = 16  # files per task at most: fewer, larger Parquet parts on a big corpus


def is_dataset(path: str | os.PathLike[str]) -> bool:
    return (Path(path) / MARK).exists()


FLUSH_AT = 64  # reports a worker holds before writing them out: one part per table and year per flush


class _Buffer:
    """A worker process's reports not yet written to a dataset: an in-memory single-threaded
    DuckDB with the store's schema (a worker's cores are the cluster's to use) and the ids
    it holds. Tasks add to it and write it out when it is full; the client asks every worker
    to write the rest at the end (`flush`). Writing one part per task had cost each small
    report a Parquet copy of every table — with twice the tasks, two workers did 8 % more
    work than one."""

    def __init__(self) -> None:
        import duckdb

        from lib import store

        self.con = duckdb.connect(":memory:", config={"threads": 1})
        store._create_schema(self.con)
        self.pending: list[str] = []

    def write_out(self, out: Path) -> list[str]:
        """Write the held reports as Parquet parts under `out`; their ids."""
        written, self.pending = self.pending, []
        if written:
            _copy_out(self.con, out)
        return written


_buffers: dict[str, _Buffer] = {}
_buffers_lock = threading.Lock()  # a worker may run several task threads, and `flush` from its event loop


def _copy_out(con: Any, out: Path) -> None:
    """Copy every table of `con` out as Parquet parts partitioned by the report's year,
    then empty it. Parts are written to a staging folder and renamed into place, so a
    reader never sees half a file."""
    import shutil
    import tempfile

    from lib import store

    staging = out / ".staging"
    staging.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="task-", dir=staging))
    try:
        try:
            part = uuid.uuid4().hex
            for table in store.library_tables():
                if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0:  # type: ignore[index]
                    continue
                rows = ("SELECT * FROM reports" if table == "reports" else  # rows in the order they were written
                        f"SELECT t.*, r.year AS year FROM {table} t JOIN reports r USING (report_id) ORDER BY t.rowid")
                target = scratch / table
                con.execute(f"COPY ({rows}) TO '{target}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year), "
                            f"FILENAME_PATTERN 'part-{part}-{{i}}')")
        finally:
            for table in store.library_tables():  # emptied for the next reports
                con.execute(f"DELETE FROM {table}")
        for written in scratch.glob("*/*/*.parquet"):
            final = out / written.relative_to(scratch)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(written, final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_parts(items: list[Any], out: Path) -> None:
    """Write the reports' rows exactly as the library stores them (`store.insert_report`,
    the function `save_report` uses, so the rows and types are the store's own) as Parquet
    parts under `out`."""
    from lib import store

    buffer = _Buffer()
    try:
        for item in items:
            store.insert_report(buffer.con, item)
        _copy_out(buffer.con, out)
    finally:
        buffer.con.close()


def flush(out: str) -> list[str]:
    """Write out this worker's buffered reports for dataset `out`; the ids written (run on
    every worker by the client at the end of an ingest)."""
    with _buffers_lock:
        buffer = _buffers.get(out)
        return [] if buffer is None else buffer.write_out(Path(out))


def ingest_task(paths: list[str], out: str, origin: str = "cluster", limits: dict[str, Any] | None = None
                ) -> tuple[list[tuple[str, str, str, str | None, str | None, int | None]], list[str]]:
    """Cluster task: parse and analyse some files (`ingest._work`, the pure function the
    process pool also runs) and add their rows to this worker's buffer for `out`, writing
    it out when full. Returns ((path, status, message, report_id, department, year) per
    file, ids of the reports now written) — an added report is only in the dataset once
    its id has come back from here or from `flush`."""
    from lib import store
    from lib.ingest import _work

    results, written = [], []
    for path in paths:
        path, item, status, message = _work(path, origin, limits)
        if item is None:
            results.append((path, status, message, None, None, None))
            continue
        meta = item.report.meta
        with _buffers_lock:
            if out not in _buffers:
                _buffers[out] = _Buffer()
            buffer = _buffers[out]
            try:
                store.insert_report(buffer.con, item)
            except Exception as exc:  # noqa: BLE001 — this report is not written; the others go on
                store._delete(buffer.con, meta.report_id)
                results.append((path, "error", f"写入数据集失败：{exc}", None, None, None))
                continue
            buffer.pending.append(meta.report_id)
            if len(buffer.pending) >= FLUSH_AT:
                written += buffer.write_out(Path(out))
        results.append((path, status, message, meta.report_id, meta.department, meta.year))
    return results, written


def open_dataset(folder: str | os.PathLike[str]) -> Any:
    """An in-memory DuckDB connection on which the dataset's tables are views (read-only):
    every query of the store and the pages runs on it unchanged."""
    import duckdb

    from lib import store

    root = Path(folder)
    con = duckdb.connect(":memory:")
    store._create_schema(con)  # the store's tables, typed; empty where the dataset has no parts
    for table in store.library_tables():
        if not any((root / table).glob("*/*.parquet")):
            continue
        columns = con.execute(f"DESCRIBE {table}").fetchall()
        names = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind, *_ in columns)
        pattern = str(root / table / "*" / "*.parquet").replace("'", "''")
        hive = "true" if table == "reports" else "false"  # reports get `year` back from the folder name
        # a report's rows sit in one part, in the order they were written: `rowid` (as in a
        # DuckDB table) is their place in it, so a report's frames load in their own order
        order = "" if table == "reports" else ", file_row_number AS rowid"
        con.execute(f"DROP TABLE {table}")
        con.execute(f"CREATE VIEW {table} AS SELECT {names}{order} FROM read_parquet('{pattern}', "
                    f"hive_partitioning = {hive}, union_by_name = true, file_row_number = true)")
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

    from lib.ingest import IngestResult, expand_paths, split_known

    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    mark = root / MARK
    if not mark.exists():
        mark.write_text(json.dumps({"format": "juesuan-dataset", "partitioning": "year"}) + "\n")
    limits = {key: value for key, value in (("time_limit", time_limit), ("max_pages", max_pages)) if value is not None}
    files = expand_paths(paths)
    known = known_ids(root)
    results, todo = split_known(files, known)
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
            target = str(root.resolve())
            futures = [client.submit(ingest_task, part, target, origin, limits, pure=False) for part in chunks]
            written: set[str] = set()
            for future in as_completed(futures):
                rows, flushed = future.result()
                written.update(flushed)
                for path, status, message, report_id, department, year in rows:
                    results[path] = IngestResult(path, status, report_id, department, year, message)
                    done += 1
                    if progress:
                        progress(done, len(files), Path(path).name)
            for flushed in client.run(flush, target, on_error="return").values():
                if isinstance(flushed, list):
                    written.update(flushed)
            for path, result in results.items():  # parsed, but its worker went away before writing it
                if result.status == "added" and result.report_id not in written:
                    results[path] = IngestResult(path, "error", message="解析完成但未能写入数据集（工作进程中途退出或写入出错），"
                                                 "重新运行同一命令即可补上。")
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

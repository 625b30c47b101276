"""Adding files to the library: analyse (lib.analysed), store.

`analyse_bytes` is pure (bytes in, `AnalysedReport` out) so it can run in a process pool;
the store is written from the calling process only, one transaction per report.
`ingest_paths` is resumable: files whose content hash is already in the library are
skipped, so an interrupted batch can simply be started again.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from lib import duplicates, store
from lib.analysed import AnalysedReport, analyse_bytes
from lib.errors import LibraryError, ParserDied, ReportError, os_reason
from lib.limits import cap_memory, die_with_parent, hard_deadline, memory_error
from lib.pipeline import DEFAULT_TIME_LIMIT
from lib.readers import content_hash

log = logging.getLogger("juesuan.ingest")
__all__ = ["analyse_bytes", "ingest_paths", "ingest_cli", "IngestResult", "expand_paths"]

SUFFIXES = (".pdf", ".txt", ".text", ".csv", ".tsv", ".xlsx")
MESSAGES = {
    "added": "已加入报告库",
    "skipped": "报告库中已有同一文件（内容相同），跳过",
    "duplicate": "报告库中已有同一份报告（另一个文件），未重复加入",
    "refused": "无法读取",
    "error": "内部错误",
}


@dataclass(frozen=True)
class IngestResult:
    path: str
    status: str  # added | skipped | duplicate | refused | error
    report_id: str | None = None
    department: str | None = None
    year: int | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("added", "skipped", "duplicate")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, plus report-like files found under folders (sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                            and not p.name.startswith("."))
        else:
            files.append(path)
    return files


_PAGES: Any = None  # in a pool worker: the queue that carries OCR page progress to the ingest process


def _init_worker(pages: Any = None) -> None:
    """Pool worker set-up: die with the ingest process (a `kill -9` of it leaves no
    workers behind) and cap the address space, so one file cannot exhaust the machine."""
    global _PAGES
    die_with_parent()
    cap_memory()
    _PAGES = pages


def _work(path: str, origin: str, limits: dict[str, Any] | None = None) -> tuple[str, AnalysedReport | None, str, str]:
    """Process-pool task: (path, analysed or None, status, message). The time limit holds
    for parse and analysis together. The bundle carries the cited lines only, not the
    whole source text."""
    limits = limits or {}
    try:
        data = Path(path).read_bytes()
        if _PAGES is not None:  # a scan's pages done, for the progress line
            limits = {**limits, "progress": lambda done, total, left: _PAGES.put((path, done, total, left))}
        with hard_deadline(limits.get("time_limit", DEFAULT_TIME_LIMIT)):
            item = analyse_bytes(data, Path(path).name, origin, **limits)
        return path, item, "added", MESSAGES["added"]
    except MemoryError:
        return path, None, "refused", memory_error().message
    except ReportError as exc:
        return path, None, "refused", exc.message
    except Exception as exc:
        log.exception("ingest of %s failed", path)
        return path, None, "error", f"{MESSAGES['error']}（{type(exc).__name__}: {exc}）"



def split_known(files: list[Path], known: set[str]) -> tuple[dict[str, IngestResult], list[str]]:
    """(results for files already decided — unreadable, or bytes already in the library —,
    paths still to parse). `known` gains the new hashes, so a file given twice is parsed once.
    Shared by the process-pool ingest and the distributed one (lib.cluster)."""
    results: dict[str, IngestResult] = {}
    todo: list[str] = []
    for path in files:
        try:
            digest = content_hash(path.read_bytes())
        except OSError as exc:
            results[str(path)] = IngestResult(str(path), "refused", message=f"无法打开文件（{os_reason(exc)}）")
            continue
        if digest in known:
            results[str(path)] = IngestResult(str(path), "skipped", report_id=digest, message=MESSAGES["skipped"])
        else:
            known.add(digest)
            todo.append(str(path))
    return results, todo

def ingest_paths(paths: Iterable[str | Path], db: str | Path | None = None, *, workers: int = 1,
                 origin: str = "cli", keep_originals: bool = True,
                 progress: Callable[[int, int, str], None] | None = None,
                 time_limit: float | None = None, max_pages: int | None = None,
                 replace: bool = False,
                 page_progress: Callable[[str, int, int, float], None] | None = None) -> list[IngestResult]:
    """Add files/folders to the library; one result per file, in input order. Workers
    parse in parallel (largest files first, so the pool stays balanced); this process
    alone writes, one transaction per report, so a killed run loses at most the file
    being written and a rerun resumes with the files not yet in the library. A file
    whose report is already in the library under other bytes (same department, year and
    key figures: lib.duplicates) is a "duplicate", not added — or, with `replace`,
    replaces the earlier one. `page_progress(file name, pages done, pages, seconds left)`
    follows a scanned file's OCR page by page."""
    limits: dict[str, Any] = {}
    if time_limit is not None:
        limits["time_limit"] = time_limit
    if max_pages is not None:
        limits["max_pages"] = max_pages
    files = expand_paths(paths)
    known = store.known_ids(db)
    same = duplicates.library_index(db)
    results, todo = split_known(files, known)
    done = len(results)
    if progress:
        progress(done, len(files), "")

    def finish(path: str, item: AnalysedReport | None, status: str, message: str) -> None:
        nonlocal done
        earlier = None if item is None else same.same_as(item.report.meta.report_id, item.summary)
        if item is not None and earlier is not None and not replace:
            meta = item.report.meta
            result = IngestResult(path, "duplicate", earlier, meta.department, meta.year,
                                  f"报告库中已有同一份报告：{duplicates.describe(same.row(earlier), earlier)}，"
                                  "部门、年度和关键数字都相同（只是文件的字节或编码不同），未重复加入。"
                                  "如要用这个文件替换它，请加 --replace 再运行。")
        elif item is not None:
            try:
                data = Path(path).read_bytes() if keep_originals else None
                if earlier is not None:  # --replace: the new file takes the earlier one's place
                    store.delete_report(earlier, db)
                    same.remove(earlier)
                    message = f"已替换报告库中的同一份报告（编号 {earlier}）"
                store.save_report(item, data, db, keep_original=keep_originals)
                meta = item.report.meta
                same.add(meta.report_id, {**item.summary, "source_name": meta.source_name})
                result = IngestResult(path, status, meta.report_id, meta.department, meta.year, message)
            except LibraryError:  # the library itself failed: stop the batch and say so
                raise
            except Exception as exc:
                log.exception("writing %s to the library failed", path)
                result = IngestResult(path, "error", message=f"写入报告库失败（{type(exc).__name__}: {exc}）")
        else:
            result = IngestResult(path, status, message=message)
        results[path] = result
        done += 1
        if progress:
            progress(done, len(files), Path(path).name)

    todo.sort(key=lambda path: Path(path).stat().st_size, reverse=True)
    pages = multiprocessing.get_context().SimpleQueue() if page_progress is not None else None
    relay = None if page_progress is None else _relay_pages(pages, page_progress)
    try:
        _run_pool(todo, min(max(1, workers), max(1, len(todo))), origin, limits, finish, pages)
    finally:
        if relay is not None:
            pages.put(None)  # type: ignore[union-attr]
            relay.join(5)
    return [results[str(path)] for path in files]


def _relay_pages(pages: Any, page_progress: Callable[[str, int, int, float], None]) -> threading.Thread:
    """A thread passing the workers' OCR page progress on, until it reads None."""
    def relay() -> None:
        while (message := pages.get()) is not None:
            path, done, total, left = message
            page_progress(Path(path).name, done, total, left)

    thread = threading.Thread(target=relay, name="ocr-progress", daemon=True)
    thread.start()
    return thread


def _run_pool(todo: list[str], workers: int, origin: str, limits: dict[str, Any],
              finish: Callable[[str, AnalysedReport | None, str, str], None], pages: Any = None) -> None:
    """Parse in worker processes (also with one worker: the limits hold only there). A
    worker that dies (killed by the system) breaks the pool: the files it was holding are
    retried once in a fresh pool, then refused. `pages`: a queue for OCR page progress."""
    attempts: dict[str, int] = {}
    while todo:
        broken: list[str] = []
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(pages,)) as pool:
            futures = {pool.submit(_work, path, origin, limits): path for path in todo}
            try:
                for future in as_completed(futures):
                    try:
                        finish(*future.result())
                    except BrokenProcessPool:
                        broken.append(futures[future])
            except BaseException:  # e.g. the library broke: do not parse the rest
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        todo = []
        for path in broken:
            attempts[path] = attempts.get(path, 0) + 1
            if attempts[path] > 1:
                finish(path, None, "refused", ParserDied(
                    "解析这个文件的进程意外终止（可能是文件异常或内存不足），文件未加入。").message)
            else:
                todo.append(path)


class ProgressBar:
    """A one-line text progress bar on stderr: '[#####.....] 5/10 file.pdf', and while a
    scan is OCR'd '… 扫描件.pdf：OCR 识别扫描件：第 12/150 页，预计还需约 3 分钟'."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream, self.width, self.started = stream or sys.stderr, width, time.monotonic()
        self.files = (0, 0)
        self.lock = threading.Lock()

    def __call__(self, done: int, total: int, name: str) -> None:
        self.files = (done, total)
        self._show(name[:40].ljust(40), end=done >= total)

    def pages(self, name: str, done: int, total: int, seconds_left: float) -> None:
        from lib.readers.ocr import progress_text

        self._show(f"{name[:30]}：{progress_text(done, total, seconds_left)}".ljust(60))

    def _show(self, text: str, end: bool = False) -> None:
        done, total = self.files
        filled = self.width if total == 0 else int(self.width * done / total)
        elapsed = time.monotonic() - self.started
        with self.lock:
            self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {elapsed:5.1f}s {text}")
            if end:
                self.stream.write("\n")
            self.stream.flush()


def ingest_cli(args: argparse.Namespace) -> int:
    """`juesuan ingest PATH…`: exit 0 when every file was added or already present,
    2 when some file was refused, 3 on an internal error."""
    if getattr(args, "scheduler", None):
        from lib.cluster import cluster_cli

        return cluster_cli(args)
    from lib import libstate

    db = store.library_path(args.db)
    print(f"报告库：{db}", file=sys.stderr)
    libstate.require_writable(db)  # say so before parsing anything
    state = libstate.diagnose(db) if db.exists() else None
    if state is not None:
        raise state
    bar = ProgressBar()
    results = ingest_paths(args.paths, db, workers=max(1, args.workers or 1), progress=bar,
                           time_limit=getattr(args, "time_limit", None), max_pages=getattr(args, "max_pages", None),
                           replace=bool(getattr(args, "replace", False)), page_progress=bar.pages)
    for result in results:
        label = {"added": "新增", "skipped": "已有", "duplicate": "重复", "refused": "拒收", "error": "出错"}[result.status]
        what = f"{result.department or '（部门未识别）'} {result.year or ''}".strip()
        print(f"{label}\t{result.path}\t{what if result.status == 'added' else result.message}")
    counts = {status: sum(r.status == status for r in results) for status in MESSAGES}
    repeated = f"，重复 {counts['duplicate']}（加 --replace 可替换）" if counts["duplicate"] else ""
    print(f"共 {len(results)} 个文件：新增 {counts['added']}，已有 {counts['skipped']}{repeated}，"
          f"拒收 {counts['refused']}，出错 {counts['error']}。", file=sys.stderr)
    if counts["error"]:
        return 3
    return 2 if counts["refused"] else 0

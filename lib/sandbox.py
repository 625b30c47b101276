"""Run one parse in its own process, where the limits can stop it.

The app parses uploads here (a Streamlit script thread cannot be interrupted by a signal,
and a runaway parse must not freeze or exhaust the server): the child dies with its parent,
caps its address space (`lib.limits.cap_memory`), runs under the wall-clock alarm, and the
parent kills it outright when it overruns anyway (C code that ignores signals). Children
are forked from a single-threaded fork server that has the parsing modules imported, so
starting one costs milliseconds and never forks Streamlit's threads.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import spawn
from typing import Any

from lib.errors import ParserDied, ParseTimeout, ReportError
from lib.limits import (
    GRANT_LISTENERS,
    MEMORY_BUDGET,
    cap_memory,
    die_with_parent,
    hard_deadline,
    limit_seconds_text,
    memory_error,
    peak_rss,
)

GRACE = 5.0  # seconds the parent waits beyond the time limit before killing the child
# Imported once by the fork server, so a child starts with them: everything an upload's
# parse and analysis uses, the default PDF reader and its libraries included.
PRELOAD = ["lib.ingest", "lib.analysed", "lib.checks", "lib.narrative", "lib.readers.pdf", "lib.readers.pdfium",
           "lib.readers.xlsx", "lib.readers.text", "pdfplumber", "pdfplumber.table"]
_context: Any = None
_start_lock = threading.Lock()


class SandboxError(Exception):
    """The child failed in an unexpected way (a bug, not the file); `trace` for the log."""

    def __init__(self, message: str, trace: str) -> None:
        super().__init__(message)
        self.trace = trace


@dataclass(frozen=True)
class Outcome:
    value: Any
    peak_rss: int  # bytes: the child's peak resident memory


def _get_context() -> Any:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _context = context
    return _context


def _without_main(name: str) -> dict[str, Any]:
    """multiprocessing's preparation data minus the main module: a child would otherwise
    re-run the parent's main script (Streamlit's, a `python -c` …) as __mp_main__, which
    fails for some and is never needed here (fn comes from an importable module)."""
    data = _original_preparation(name)
    data.pop("init_main_from_path", None)
    data.pop("init_main_from_name", None)
    return data


_original_preparation = spawn.get_preparation_data


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
           time_limit: float | None, budget: int, relay_progress: bool = False) -> None:
    die_with_parent()
    cap_memory(budget)
    # a scan earns time per page (lib.limits.grant_scan_time): the parent must wait that long too
    GRANT_LISTENERS.append(lambda seconds: conn.send(("grant", seconds, None)))
    if relay_progress:  # fn's progress(done, total, seconds left) goes to the parent as it happens
        kwargs = {**kwargs, "progress": lambda *step: conn.send(("progress", step, None))}
    try:
        with hard_deadline(time_limit):
            value = fn(*args, **kwargs)
        message: tuple[Any, ...] = ("ok", value, peak_rss())
    except ReportError as exc:
        message = ("refused", exc, peak_rss())
    except MemoryError:
        message = ("refused", memory_error(budget), peak_rss())
    except BaseException as exc:  # reported to the parent, which logs it
        message = ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
    try:
        try:
            conn.send(message)
        except MemoryError:
            conn.send(("refused", memory_error(budget), peak_rss()))
    except BrokenPipeError:  # the parent is gone (the app stopped during the warm-up): no one to tell
        pass
    conn.close()


def warm_in_background() -> None:
    """Start the fork server now, in a daemon thread, with one empty child: by the time it
    answers the server has imported PRELOAD, so the first upload does not wait for that."""

    def warm() -> None:
        try:
            run_isolated(int, time_limit=120)
        except Exception:  # the first upload will start it, or say what is wrong
            logging.getLogger("juesuan.sandbox").warning("warming the upload sandbox failed", exc_info=True)

    threading.Thread(target=warm, daemon=True, name="juesuan-sandbox-warm").start()


def run_isolated(fn: Callable[..., Any], *args: Any, time_limit: float | None = 300.0,
                 budget: int = MEMORY_BUDGET, progress: Callable[..., None] | None = None,
                 **kwargs: Any) -> Outcome:
    """fn(*args, **kwargs) in a limited child process. Raises the ReportError the child
    raised, ParseTimeout when it overran (killed), ParserDied when it vanished without an
    answer (e.g. killed by the system), SandboxError for a bug. With `progress`, fn gets a
    `progress` callback whose calls are relayed to this one, here, while the child runs."""
    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args, kwargs, time_limit, budget, progress is not None),
                              daemon=True)
    with _start_lock:  # the preparation data is read while starting, so patched only meanwhile
        spawn.get_preparation_data = _without_main
        try:
            process.start()
        finally:
            spawn.get_preparation_data = _original_preparation
    sender.close()
    try:
        deadline = None if time_limit is None else time.monotonic() + time_limit + GRACE
        granted = 0.0
        while True:
            if not receiver.poll(None if deadline is None else max(deadline - time.monotonic(), 0)):
                process.kill()
                raise ParseTimeout(f"解析超时：超过了单个文件 {limit_seconds_text(float(time_limit or 0), granted)}"
                                   "的时间上限，已中止，文件未加入。", detail="killed")
            try:
                status, value, extra = receiver.recv()
            except (EOFError, OSError):
                process.join(5)
                raise ParserDied(
                    "解析这个文件的进程意外终止（可能是文件异常或内存不足），文件未加入；报告库未受影响。",
                    detail=f"exit code {process.exitcode}",
                ) from None
            if status == "grant":  # a scan's pages earned more time
                granted += value
                deadline = None if deadline is None else deadline + value
            elif status == "progress":
                if progress is not None:
                    progress(*value)
            else:
                break
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(1)
    if status == "ok":
        return Outcome(value, int(extra))
    if status == "refused":
        raise value
    raise SandboxError(str(value), str(extra))

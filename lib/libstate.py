"""What state the library file is in, said plainly: locked, corrupt, read-only or missing.

Small functions called from `lib.store` (where connections are opened), the CLI (exit
codes, README) and the app (what to do). A corrupt file is recognised at once from its
header or DuckDB's own words — never retried as if it were locked — and is never
overwritten: `rebuild` moves it aside and re-adds every kept original.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.errors import LibraryCorrupt, LibraryError, LibraryLocked, LibraryMissing, LibraryReadOnly, os_reason

HEADER_BYTES = 3 * 4096  # DuckDB's main header and its two database headers
MAGIC = b"DUCK"  # at offset 8 of the main header
_CORRUPT_WORDS = ("not a valid DuckDB database", "Could not read enough bytes", "checksum", "Corrupt", "corrupt",
                  "Serialization", "INTERNAL Error", "Failed to deserialize")
_LOCK_WORDS = ("Could not set lock", "Conflicting lock")
# libraries that could not be created where asked (a read-only checkout) → a temp copy of the sample
_fallbacks: dict[Path, Path] = {}


def _corrupt(path: Path, what: str, detail: str = "") -> LibraryCorrupt:
    return LibraryCorrupt(
        f"报告库文件 {path} 已损坏（{what}），无法读取。文件已原样保留，不会被改写。"
        "可以从保存的原件重建报告库：运行 `juesuan rebuild`（或在“报告库”页点“从原件重建报告库”）；"
        "损坏的文件会被改名保留。",
        path=str(path), detail=detail,
    )


def locked(path: Path, detail: str = "") -> LibraryLocked:
    match = re.search(r"PID (\d+)", detail)
    who = f"另一个程序（进程号 {match.group(1)}）" if match else "另一个程序"
    return LibraryLocked(
        f"报告库 {path} 正被{who}使用（例如正在运行的 juesuan ingest），暂时无法打开。请等它结束或关闭它后再试。",
        path=str(path), detail=detail,
    )


def read_only(path: Path) -> LibraryReadOnly:
    return LibraryReadOnly(
        f"报告库 {path} 所在位置是只读的：已有的报告可以继续浏览，但不能加入或删除报告。"
        "要加入报告，请把环境变量 JUESUAN_DB（或 --db）指向一个可写的位置。",
        path=str(path),
    )


def missing(path: Path, reason: str) -> LibraryMissing:
    return LibraryMissing(
        f"报告库文件 {path} 不存在，且无法在此位置创建（{os_reason(reason)}）。"
        "请把环境变量 JUESUAN_DB（或 --db）指向一个可写的位置。",
        path=str(path),
    )


def check_file(path: Path) -> None:
    """Raise LibraryCorrupt when the file cannot be a DuckDB database (truncated below its
    headers, or without DuckDB's magic bytes) — before DuckDB is asked, which for an empty
    file would start a new database over it."""
    if path.is_dir():  # a Parquet dataset written by `ingest --scheduler`: not a DuckDB file
        return
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(12)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _corrupt(path, f"无法读取：{os_reason(exc)}") from exc
    if size < HEADER_BYTES:
        raise _corrupt(path, f"只有 {size:,} 字节，文件被截断")
    if head[8:12] != MAGIC:
        raise _corrupt(path, "不是 DuckDB 数据库文件")


def classify(exc: BaseException, path: Path) -> LibraryError | None:
    """The library state a DuckDB error reveals (None: not about the file itself)."""
    text = str(exc)
    if any(word in text for word in _LOCK_WORDS):
        return locked(path, text)
    if any(word in text for word in _CORRUPT_WORDS):
        what = "文件被截断或内容不完整" if "read enough bytes" in text else "内容无法解析"
        return _corrupt(path, what, text)
    if isinstance(exc, PermissionError) or "Permission denied" in text or "Read-only file system" in text:
        return read_only(path)
    return None


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def writable(path: Path) -> bool:
    """Whether the library can be written: the file and its folder (DuckDB writes a .wal
    beside the file), or, for a file not yet created, the nearest existing folder."""
    if path in _fallbacks or path in _fallbacks.values():
        return False
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(_nearest_existing(path.parent), os.W_OK)


def require_writable(path: Path) -> None:
    """LibraryReadOnly for a library that exists but cannot be written (or is the temp
    copy of the sample), LibraryMissing for one that does not exist and cannot be created."""
    if writable(path):
        return
    if not path.exists() and path not in _fallbacks:
        raise missing(path, "所在文件夹只读或不存在")
    raise read_only(path)


def fallback(path: Path) -> Path | None:
    """The temp copy used instead of `path`, when one was made."""
    return _fallbacks.get(path)


def fallback_location(path: Path) -> Path:
    """Where the bundled sample is built when `path` cannot be created (a read-only
    checkout): a per-user temp folder, shown as read-only so nothing is saved there."""
    folder = Path(tempfile.gettempdir()) / f"juesuan-{os.getuid()}-{abs(hash(str(path))) % 10**8}"
    return folder / path.name


def remember_fallback(path: Path, used: Path) -> None:
    _fallbacks[path] = used


def diagnose(path: Path) -> LibraryError | None:
    """The state of the library for a page that failed: None when the file is fine (the
    failure had another cause)."""
    import duckdb

    used = _fallbacks.get(path, path)
    if used.is_dir():  # a Parquet dataset (lib.cluster), read-only by design
        return None
    if not used.exists():
        return None if writable(used) else missing(used, "文件夹只读或不存在")
    from lib.store import library_tables

    try:
        check_file(used)
        con = duckdb.connect(str(used), read_only=True)
        try:
            present = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            for table in library_tables():  # hash(t) reads every column: count(*) would not
                if table in present:  # an older schema lacks some; a missing table is not damage
                    con.execute(f"SELECT sum(hash(t)) FROM {table} t").fetchall()
        finally:
            con.close()
    except LibraryError as exc:
        return exc
    except Exception as exc:
        return classify(exc, used)
    return None


@dataclass(frozen=True)
class Rebuilt:
    kept_as: Path | None  # where the damaged file was moved
    results: list[Any]  # lib.ingest.IngestResult per original


def rebuild(path: Path, *, force: bool = False) -> Rebuilt:
    """A new library from the originals kept beside it: the damaged file (and its .wal)
    is renamed, never deleted; a fresh library (with the bundled sample) is created and
    every original in originals/ is added again (their source names were only in the
    damaged file: they appear as <report id>.<ext>). Refuses a healthy library unless forced."""
    from lib import store
    from lib.ingest import ingest_paths

    state = diagnose(path) if path.exists() else None
    if path.exists() and not isinstance(state, LibraryCorrupt) and not force:
        raise LibraryError(f"报告库 {path} 没有损坏，不需要重建（确需重建请加 --force）。", path=str(path))
    require_writable(path)
    kept: Path | None = None
    if path.exists():
        kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, kept)
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            os.replace(wal, kept.with_name(kept.name + ".wal"))
    store.ensure_library(path)
    originals = sorted(p for p in store.originals_dir(path).glob("*.*") if not p.name.startswith("."))
    results = ingest_paths(originals, path, keep_originals=True) if originals else []
    return Rebuilt(kept, results)

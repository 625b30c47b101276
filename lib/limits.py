"""Per-file limits, the same for every reader, and the process-level means that enforce them.

A report is at most a few hundred pages of ordinary text; anything far beyond is a
compilation we cannot show usefully or a hostile file (a repeated text, a compression
bomb, a million empty rows). Limits are checked where the work happens (inside the text
and xlsx loops, per PDF page) and, where a parse runs in its own process, backed by a
wall-clock alarm and an address-space cap, so no single file can hang or exhaust the
machine. Every breach is a `lib.errors.TooLarge` / `ParseTimeout` subclass with a message
saying which limit and its value.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from lib.errors import ImageTooLarge, MemoryLimit, PageTooComplex, ParseTimeout, TextTooLong, TooManyPages, TooManyRows

MIB = 1024 * 1024
MAX_BYTES = 200 * MIB  # per uploaded / ingested file
MAX_PAGES = 1500  # PDF pages, image frames, workbook sheets, form-feed pages of a text
MAX_PAGE_CHARS = 200_000  # characters on one PDF page (a dense A4 page holds ~5,000)
MAX_PAGE_SEGMENTS = 50_000  # path segments (line pieces, box sides, curve points) on one PDF page (a table page: thousands)
MAX_TEXT_CHARS = 4_000_000  # characters of a text export or all cells of a workbook (~40 reports)
MAX_INFLATED = 256 * MIB  # xlsx: the workbook's parts once decompressed (zip bombs)
MAX_WHOLE_PART = 32 * MIB  # xlsx: one part read whole (shared strings, styles), decompressed; 4 M CJK characters are 12 MiB
MAX_ROWS = 100_000  # xlsx/xls rows over all sheets (a report has a few thousand)
MAX_CELLS = 5_000_000  # xlsx/xls cells over all sheets (padding to a huge declared width)
MAX_IMAGE_BYTES = 160 * MIB  # one PNG/JPEG page decoded (A4 at 600 dpi in colour is 133 MiB)
MAX_OCR_PIXELS = 4_000_000  # a larger page image is reduced to this before OCR (A4 at 150 dpi, as validated, is 2.2 M)
MEMORY_BUDGET = 2048 * MIB  # address space a parsing process may add to what it started with
CHECK_EVERY = 2000  # loop iterations between deadline checks
OCR_SECONDS_PER_PAGE = 20.0  # a scanned page earns this on top of the per-file time limit (OCR ≈ 1–3 s a page)


def size_text(n: int) -> str:
    """'209,715,201 字节（200.0 MiB）': exact bytes, so a file just over a limit never
    reads as equal to it."""
    return f"{n:,} 字节（{n / MIB:.1f} MiB）"


def limit_text(n: int) -> str:
    """'200 MiB（209,715,200 字节）'."""
    mib = n / MIB
    shown = f"{mib:.0f}" if mib.is_integer() else f"{mib:.1f}"
    return f"{shown} MiB（{n:,} 字节）"


def check_deadline(deadline: float | None, where: str) -> None:
    """Raise ParseTimeout when `deadline` (a time.monotonic() value) has passed."""
    if deadline is not None and time.monotonic() > deadline:
        raise ParseTimeout(f"解析超时：{where}时超过了单个文件的时间上限，文件未加入。")


def scan_allowance(pages: int) -> float:
    """Seconds a file earns on top of its time limit for `pages` pages read by OCR."""
    return OCR_SECONDS_PER_PAGE * pages


_granted = 0.0  # seconds granted to the running hard_deadline (scanned pages)
GRANT_LISTENERS: list[Callable[[float], None]] = []  # told of every grant (a sandbox child tells its parent)


def grant_scan_time(deadline: float | None, pages: int) -> float | None:
    """A scan's time limit grows with its page count: `deadline` moved by
    `scan_allowance(pages)`, and the running alarm (`hard_deadline`) and any listener
    (the sandbox's parent, which kills an overrunning child) extended alike. Returns the
    new deadline (None stays None: no limit)."""
    global _granted
    extra = scan_allowance(pages)
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGALRM) is _on_alarm:
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining + extra)
            _granted += extra
    for listener in GRANT_LISTENERS:
        listener(extra)
    return None if deadline is None else deadline + extra


def limit_seconds_text(seconds: float, granted: float) -> str:
    """'300 秒' or '2,300 秒（300 秒，另加扫描页每页 20 秒）'."""
    if not granted:
        return f"{seconds:g} 秒"
    return f"{seconds + granted:,g} 秒（{seconds:g} 秒，另加扫描页每页 {OCR_SECONDS_PER_PAGE:g} 秒）"


def check_page_segments(number: int, segments: int) -> None:
    """Refuse a PDF page drawing more path segments than MAX_PAGE_SEGMENTS, before they
    become pdfplumber objects and edges (both PDF readers)."""
    if segments > MAX_PAGE_SEGMENTS:
        raise PageTooComplex(f"PDF 第 {number} 页的图形有 {segments:,} 段线条，超过每页 {MAX_PAGE_SEGMENTS:,} 段的上限"
                             "（表格页通常只有数千段），文件未加入。")


class SheetBudget:
    """Rows, cells and characters read so far over a whole workbook (xlsx or xls) and the
    deadline: both spreadsheet readers charge every row here, so a workbook of a million
    empty rows, rows padded to a huge declared width, or megabytes of cell text is refused
    inside the reading loop with the limit it broke."""

    def __init__(self, deadline: float | None) -> None:
        self.rows = self.cells = self.chars = 0
        self.deadline = deadline

    def sheets(self, count: int) -> None:
        """Refuse a workbook of more sheets than a PDF may have pages (each sheet is a page;
        50,000 sheets sharing one part are a 500 KB xlsx)."""
        if count > MAX_PAGES:
            raise TooManyPages(f"工作簿有 {count:,} 张工作表，超过单个文件 {MAX_PAGES:,} 张（页）的上限，文件未加入。")

    def take(self, sheet: str, row_no: int, cells: int) -> None:
        """Charge one row of `cells` cells (row_no as the sheet numbers it, from 1)."""
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise TooManyRows(f"工作簿的行数超过 {MAX_ROWS:,} 行的上限（在工作表“{sheet[:30]}”第 {row_no:,} 行），"
                              "远多于一份决算报告；文件未加入。")
        if self.cells > MAX_CELLS:
            raise _too_many_cells(f"在工作表“{sheet[:30]}”第 {row_no:,} 行")
        if self.rows % CHECK_EVERY == 0:
            self.check_time(f"读到工作表“{sheet[:30]}”第 {row_no:,} 行")

    def declare(self, sheet: str, cells: int) -> None:
        """Refuse a sheet whose stored cells alone would break the cell limit, before a
        library loads them all (xlrd reads a whole sheet at once: a 35 MB .xls of blank
        formatted cells holds 16.7 M)."""
        if self.cells + cells > MAX_CELLS:
            raise _too_many_cells(f"工作表“{sheet[:30]}”存有 {cells:,} 个")

    def add_text(self, chars: int) -> None:
        self.chars += chars
        if self.chars > MAX_TEXT_CHARS:
            raise TextTooLong(f"工作簿的文字超过 {MAX_TEXT_CHARS:,} 个字符的上限（约为四十份报告），文件未加入。")

    def check_time(self, where: str) -> None:
        check_deadline(self.deadline, where)


def check_image(width: int | None, height: int | None, mode: str | None, frames: int = 1, *,
                pixels: int | None = None) -> None:
    """Refuse, from the header before any pixel is decoded, an image with more frames than
    a PDF may have pages, or a page that decodes to more than MAX_IMAGE_BYTES (Pillow keeps
    1 byte a pixel for 1/L/P, 2 for I;16, 4 for all else; an animated PNG holds the previous
    frame too, so twice that). `pixels` and no mode when only the count is known (Pillow's
    own bomb check names neither dimensions nor mode: then at least a byte a pixel)."""
    if frames > MAX_PAGES:
        raise TooManyPages(f"图片共 {frames:,} 帧（页），超过单个文件 {MAX_PAGES:,} 页的上限，文件未加入。")
    count = pixels if pixels is not None else (width or 0) * (height or 0)
    depth = 1 if mode is None or mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    decoded = count * depth * (2 if frames > 1 else 1)
    if decoded > MAX_IMAGE_BYTES:
        size = f"{width:,}×{height:,} 像素" if width and height else f"{count:,} 像素"
        about = "至少" if mode is None else "约"
        raise ImageTooLarge(f"图片尺寸过大：{size}，每页解码后{about} {decoded / MIB:,.0f} MiB，超过 {limit_text(MAX_IMAGE_BYTES)}"
                            "的上限（600 dpi 的 A4 彩色扫描页约 133 MiB；可能是解压炸弹），文件未加入。")


def _too_many_cells(where: str) -> TooManyRows:
    return TooManyRows(f"工作簿的单元格数超过 {MAX_CELLS:,} 个的上限（{where}），远多于一份决算报告；文件未加入。")


class _Alarm(BaseException):
    """Raised by SIGALRM inside whatever Python code is running; a BaseException so that
    the broad `except Exception` of a reader (one damaged page) does not swallow it."""


_alarm_fired = threading.Event()


REARM_SECONDS = 0.5


def _on_alarm(signum: int, frame: object) -> None:
    _alarm_fired.set()
    # Python drops an exception raised inside a garbage-collector callback or __del__ (and
    # a library may swallow it): the alarm rings again until hard_deadline has caught it.
    signal.setitimer(signal.ITIMER_REAL, REARM_SECONDS)
    raise _Alarm()


@contextmanager
def hard_deadline(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after `seconds` with ParseTimeout (SIGALRM: pure-Python loops in
    pdfminer, openpyxl and our recogniser are stopped even between our own checks). Only in
    the main thread (signals are delivered there); elsewhere, and inside an earlier outer
    deadline, it does nothing (the outer one fires) and the cooperative checks remain."""
    usable = seconds is not None and threading.current_thread() is threading.main_thread()
    if usable and signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        usable = False  # an outer deadline is running: it alone owns the timer
    if not usable:
        yield
        return
    global _granted
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _granted = 0.0
    _alarm_fired.clear()
    signal.setitimer(signal.ITIMER_REAL, max(float(seconds or 0), 0.001))

    def timeout() -> ParseTimeout:  # built when raised: scanned pages may have granted time
        limit = limit_seconds_text(float(seconds or 0), _granted)
        return ParseTimeout(f"解析超时：超过了单个文件 {limit}的时间上限，文件未加入（可能是极大或异常的文件）。")

    try:
        yield
    except _Alarm:
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise timeout() from None
    except BaseException as exc:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # The alarm can land inside a C callback or library code that turns it into its own
        # error (pdfium's "cannot read", a reader's CorruptFile): once it has fired, any
        # failure is the time limit's doing, never the file's.
        if _alarm_fired.is_set():
            raise timeout() from exc
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * resource.getpagesize()


def cap_memory(budget: int = MEMORY_BUDGET) -> int:
    """Limit this process's address space to what it uses now plus `budget` (call in a
    process that only parses); an allocation beyond raises MemoryError, which the parse
    turns into `MemoryLimit`. Returns the cap (0 when the platform has none)."""
    try:
        cap = _address_space() + budget
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        return cap
    except (OSError, ValueError):
        return 0


def memory_error(budget: int = MEMORY_BUDGET) -> MemoryLimit:
    return MemoryLimit(f"解析这个文件需要的内存超过了单个文件 {limit_text(budget)}的上限，文件未加入。")


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (a `kill -9` of
    `ingest` must not leave its workers behind); exit at once if the parent is already
    gone. A no-op where prctl is unavailable."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

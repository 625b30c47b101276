"""The pure parse function: bytes in, Report out (or a documented ReportError).

Kept free of I/O beyond the bytes so it can be mapped over a process pool or a cluster.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lib.document import Document
from lib.errors import UnfilledTemplate
from lib.limits import check_deadline, hard_deadline, memory_error, scan_allowance
from lib.readers import read_document

if TYPE_CHECKING:
    from lib.document import Document
    from lib.model import Report

def build_report(document: Document) -> Report:
    """lib.model.build_report, imported on first use: pandas loads only once a file was read,
    so a refused file (encrypted, corrupt, scanned) never loads it."""
    from lib.model import build_report as build

    return build(document)


DEFAULT_TIME_LIMIT = 300.0  # seconds per file; a 600-page compilation takes about a minute


def parse_bytes(
    data: bytes,
    source_name: str,
    *,
    allow_template: bool = False,
    max_pages: int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    progress: Callable[[int, int, float], None] | None = None,
) -> Report:
    """Read and recognise one file. Limits (lib.limits): `max_pages` (PDF), `time_limit`
    seconds — checked inside every reader's loop and, in a main thread, enforced by an
    alarm over the whole parse; a scan earns `limits.scan_allowance` per OCR'd page — and the size limits of each reader; exceeding any raises
    a ReportError, never hangs silently. A MemoryError (a capped parsing process) becomes
    MemoryLimit."""
    deadline = None if time_limit is None else time.monotonic() + time_limit
    try:
        with hard_deadline(time_limit):
            document = read_document(data, source_name, max_pages=max_pages, deadline=deadline, progress=progress)
            if deadline is not None and document.ocr_pages:  # the reader granted a scan time per OCR'd page
                deadline += scan_allowance(len(document.ocr_pages))
            check_deadline(deadline, "读取完成、识别表格之前")
            report = report_from_document(document)
            # the alarm can be lost (raised inside a gc callback, which Python ignores): check again
            check_deadline(deadline, "识别表格之后")
    except MemoryError:
        raise memory_error() from None
    if report.is_template and not allow_template:
        raise UnfilledTemplate(
            f"这是未填写的部门决算模板：识别出 {len(report.tables_found)} 张表，但表中没有任何金额"
            "（只有“XX/XXX”之类的占位符）。请上传已填报的决算报告。"
        )
    return report


def report_from_document(document: Document) -> Report:
    """Recognise the tables; for an OCR'd document let the identities judge every amount."""
    report = build_report(document)
    report.ocr_pages = document.ocr_pages
    if document.ocr:
        from lib.verification import verify_ocr

        report, readings = verify_ocr(report)
        report.ocr_readings = readings
    from lib.checks import reading_confidence

    report.reading_confidence = reading_confidence(report)
    return report


def parse_path(path: str | Path, **options: object) -> Report:
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name, **options)  # type: ignore[arg-type]

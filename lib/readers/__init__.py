"""Readers: bytes of a PDF, text export or xlsx workbook → `lib.document.Document`.

`read_document` sniffs the content (not the file name), so a Word file renamed to
.pdf or random bytes get a clear `ReportError` instead of a traceback.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable

from lib.document import Document
from lib.errors import CorruptFile, FileTooLarge, NoTextLayer, UnsupportedFile
from lib.limits import MAX_BYTES, limit_text, size_text

SPARSE_CHARS = 40  # fewer text-layer characters on a page: it may be a scanned page (lib.readers.ocr)


def content_hash(data: bytes) -> str:
    """Stable report id: the first 16 hex digits of the file's SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def pdf_reader(name: str | None = None) -> Callable[..., Document]:
    """The PDF reader: pypdfium2 characters under pdfplumber's table finder (default), or
    plain pdfplumber (`JUESUAN_PDF_READER=pdfplumber`), which the first falls back to
    page by page; both give the same Document (tests/test_pdfium_reader.py)."""
    if (name or os.environ.get("JUESUAN_PDF_READER", "pdfium")) == "pdfplumber":
        from lib.readers.pdf import read_pdf
    else:
        from lib.readers.pdfium import read_pdf
    return read_pdf


def read_document(
    data: bytes, source_name: str, *, max_pages: int | None = None, deadline: float | None = None,
    progress: Callable[[int, int, float], None] | None = None,
) -> Document:
    """Dispatch on the file's magic bytes to the PDF, xlsx or text reader; PDFs without a
    text layer and PNG/JPEG images go to OCR (`progress(done, pages, seconds_left)`)."""
    if len(data) > MAX_BYTES:
        raise FileTooLarge(f"文件过大：{size_text(len(data))}，超过单个文件 {limit_text(MAX_BYTES)}的上限。")
    if not data.strip():
        raise CorruptFile("文件为空，没有可读取的内容。")
    head = data[:1024]
    if b"%PDF-" in head:
        from lib.readers.pdf import DEFAULT_MAX_PAGES

        try:
            document = pdf_reader()(data, source_name, max_pages=max_pages, deadline=deadline)
        except NoTextLayer:
            from lib.readers.ocr import read_scanned_pdf

            return read_scanned_pdf(data, source_name, content_hash(data), max_pages=max_pages or DEFAULT_MAX_PAGES,
                                    deadline=deadline, progress=progress)
        if any(page.char_count < SPARSE_CHARS for page in document.pages):  # some pages may be scans
            from lib.readers.ocr import complete_scanned_pages

            return complete_scanned_pages(document, data, deadline=deadline, progress=progress)
        return document
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        from lib.readers.ocr import read_image

        return read_image(data, source_name, content_hash(data), deadline=deadline, progress=progress)
    if data.startswith(b"PK\x03\x04"):
        return _read_zip_office(data, source_name, deadline)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: a legacy .xls workbook (or a .doc)
        from lib.readers.xls import read_xls

        return read_xls(data, source_name, deadline=deadline)
    from lib.readers.text import read_text

    return read_text(data, source_name, deadline=deadline)


def _read_zip_office(data: bytes, source_name: str, deadline: float | None = None) -> Document:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception as exc:  # zipfile raises BadZipFile, NotImplementedError, ValueError…
        raise CorruptFile("文件是损坏的压缩包（可能未下载完整）。", detail=str(exc)) from exc
    if any(name.startswith("xl/") for name in names):
        from lib.readers.xlsx import read_xlsx

        return read_xlsx(data, source_name, deadline=deadline)
    if any(name.startswith("word/") for name in names):
        raise UnsupportedFile("这是 Word 文档（.docx），请先导出为 PDF 或文本后再上传。")
    raise UnsupportedFile("这是一个 ZIP 压缩包，不是决算报告；请解压后逐个上传。")

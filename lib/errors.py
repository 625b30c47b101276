"""The documented ways a file can fail to become a Report.

Every reader and the recogniser raise only these (the CLI and the app turn them into a
Chinese message); anything else escaping is a bug.
"""

from __future__ import annotations

import errno
import os

# what the operating system says (in English), said in Chinese for a reader
_OS_REASONS = {
    errno.EACCES: "没有读写权限", errno.EPERM: "没有读写权限", errno.EROFS: "所在的文件系统只读",
    errno.ENOENT: "文件或文件夹不存在", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EEXIST: "路径中已有同名的文件",
    errno.EISDIR: "这是文件夹", errno.ENOSPC: "磁盘空间已满", errno.EDQUOT: "磁盘配额已满", errno.EIO: "读写出错（磁盘或网络故障）",
    errno.ENAMETOOLONG: "文件名太长", errno.ELOOP: "符号链接循环",
}


def os_reason(reason: OSError | str | None) -> str:
    """An OSError (or its English strerror) as a short Chinese reason; text that is already
    Chinese is kept."""
    if isinstance(reason, OSError):
        return _OS_REASONS.get(reason.errno or 0) or "无法读写"
    if reason and not reason.isascii():
        return reason
    known = {os.strerror(code): text for code, text in _OS_REASONS.items()}
    return known.get(reason or "", "无法读写")


class ReportError(Exception):
    """Base: `code` is stable for programs, `message` is for people (Chinese)."""

    code = "report_error"

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class UnsupportedFile(ReportError):
    code = "unsupported_file"


class CorruptFile(ReportError):
    code = "corrupt_file"


class EncryptedFile(ReportError):
    code = "encrypted_file"


class NoTextLayer(ReportError):
    code = "no_text_layer"


class NotFinalAccounts(ReportError):
    code = "not_final_accounts"


class UnfilledTemplate(ReportError):
    code = "unfilled_template"


class TooLarge(ReportError):
    code = "too_large"


class ParseTimeout(ReportError):
    code = "parse_timeout"


# --- limits: each breach its own class, so a program can tell them apart (all are too_large
# or parse_timeout for older callers) and the message says which limit and its value.


class FileTooLarge(TooLarge):
    code = "file_too_large"


class TooManyPages(TooLarge):
    code = "too_many_pages"


class TextTooLong(TooLarge):
    """A page (PDF page, text export, xlsx sheet) holds more characters than any report."""

    code = "text_too_long"


class InflatedTooLarge(TooLarge):
    """An xlsx/xls whose sheets inflate beyond the limit (a compression bomb)."""

    code = "inflated_too_large"


class TooManyRows(TooLarge):
    code = "too_many_rows"


class PageTooComplex(TooLarge):
    """A PDF page drawing more line segments than any table page (a few hundred KB of
    compressed paths stalled the table finder for minutes)."""

    code = "page_too_complex"


class ImageTooLarge(TooLarge):
    """A PNG/JPEG page of more pixels than any scan (a decompression bomb: a small file
    declaring an enormous canvas)."""

    code = "image_too_large"


class MemoryLimit(TooLarge):
    code = "memory_limit"


class ParserDied(CorruptFile):
    """The parsing process ended without an answer (killed by the system or a crash in a
    C library on this file): the file is refused, nothing else is affected."""

    code = "parser_died"


# --- the library's own states (not about a file): said plainly, never "内部错误".


class LibraryError(Exception):
    """Base of the library states; `exit_code` is the CLI's (documented in README)."""

    code = "library_error"
    exit_code = 2  # the subclasses have their own

    def __init__(self, message: str, *, path: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class LibraryLocked(LibraryError):
    code = "library_locked"
    exit_code = 4


class LibraryCorrupt(LibraryError):
    code = "library_corrupt"
    exit_code = 5


class LibraryReadOnly(LibraryError):
    code = "library_read_only"
    exit_code = 6


class LibraryMissing(LibraryError):
    code = "library_missing"
    exit_code = 7

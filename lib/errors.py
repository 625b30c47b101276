"""The documented ways a file can fail to become a Report.

Every reader and the recogniser raise only these (the CLI and the app turn them into a
Chinese message); anything else escaping is a bug.
"""

from __future__ import annotations


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

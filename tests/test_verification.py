"""The identities that prove OCR'd amounts (lib/verification.py), on a generated report read
as if every page had been scanned: no OCR engine needed, so these run on a fresh clone."""

from __future__ import annotations

from functools import cache

from testbed import Layout, clean_model, to_text

from lib.model import Report
from lib.pipeline import parse_bytes
from lib.verification import verify_ocr


@cache
def _text() -> str:
    text = to_text(clean_model(), Layout())
    return text if isinstance(text, str) else text.decode()


def _as_scanned(text: str | None = None) -> Report:
    """The clean generated report (or `text`) with every page marked as OCR'd."""
    report = parse_bytes((text or _text()).encode(), "testbed.txt")
    report.ocr_pages = tuple(range(1, report.meta.page_count + 1))
    return report


def _carryover_part(report: Report) -> int:
    """The ledger row of 表4's 年初结转和结余 · 一般公共预算财政拨款."""
    ledger = report.ledger
    rows = ledger[(ledger["table"] == "t4") & (ledger["item"] == "carryover_begin_gpb") & (ledger["cell"] == "value")]
    assert len(rows) == 1, "the generated 表4 prints 年初结转和结余 by fund"
    return int(rows.index[0])


def test_every_amount_of_a_clean_report_is_proven_by_an_identity() -> None:
    report = _as_scanned()
    _, readings = verify_ocr(report)
    assert len(readings) >= 100
    assert [r for r in readings if r.status != "verified"] == []  # 表4's carry-over by fund was unchecked


def test_a_misread_carryover_part_is_proposed_as_reading_doubt() -> None:
    printed = _as_scanned()
    index = _carryover_part(printed)
    amount = float(printed.ledger.loc[index, "amount"])
    line = next(line for line in _text().splitlines() if line.startswith("一般公共预算财政拨款\t") and f"{amount:.2f}" in line)
    misread = amount + 3.0  # 5.00 read as 8.00: one digit
    report = _as_scanned(_text().replace(line, line.replace(f"{amount:.2f}", f"{misread:.2f}", 1), 1))
    assert report.ledger.loc[index, "amount"] == misread
    checked, readings = verify_ocr(report)
    reading = next(r for r in readings if (r.frame, r.row) == ("ledger", index))
    assert reading.status == "doubt" and reading.proposal == amount
    assert "年初结转和结余" in reading.evidence
    assert checked.ledger.loc[index, "cell"] == "unreadable"  # never the basis of an 错误

"""Scanned reports: what OCR read and how sure we are (rules `ocr.*`).

The verdicts come from `lib.verification` (the identities decide). This family reports
them, and `guard` makes sure no 错误 rests on an OCR'd figure that no identity proves:
such a finding becomes 读取存疑, and every finding says the report was read by OCR.
"""

from __future__ import annotations

from dataclasses import replace

from lib.checks.base import Emitter
from lib.checks.findings import ERROR, READING_DOUBT, Finding, Location, fmt
from lib.model import Report


def ocr_pages(report: Report) -> set[int]:
    from lib.verification import ocr_pages as pages  # lib.verification uses lib.checks.findings

    return pages(report)


OCR_TAG = "〔扫描件，经 OCR 识别〕"
MAX_LISTED = 30


def _scope(report: Report, pages: set[int]) -> tuple[str, str]:
    """(what was OCR'd, the tag of a finding on those pages): the whole report, or its
    scanned pages 'PDF 第5–16页' of a partly scanned PDF."""
    from lib.readers.ocr import page_list

    if pages >= set(range(1, report.meta.page_count + 1)):
        return "本报告为扫描件，经 OCR 识别读取", OCR_TAG
    where = page_list(sorted(pages))
    return (f"本报告 PDF 第 {where} 页为扫描页（没有文字层），经 OCR 识别读取，其余页面按文字层读取",
            f"〔PDF 第 {where} 页为扫描页，经 OCR 识别〕")


def run(report: Report, out: Emitter) -> None:
    pages = ocr_pages(report)
    if not pages:
        return
    scope, _ = _scope(report, pages)
    readings = report.ocr_readings
    counts = {status: sum(1 for r in readings if r.status == status) for status in ("verified", "doubt", "unreadable", "unchecked")}
    if readings:
        summary = (f"{scope}：共识别 {len(readings)} 个表内金额，{counts['verified']} 个经勾稽关系核对无误，"
                   f"{counts['doubt']} 个可能误读一位数字，{counts['unreadable']} 个无法确认，{counts['unchecked']} 个无从核对。")
    else:
        summary = f"{scope}（未识别出表内金额，或本报告是较早加入报告库的，逐项核对结果未保存）。"
    out.emit("ocr.read", summary, expected=len(readings), actual=counts["verified"])
    for r in readings:
        where = Location(r.page, r.table, r.line)
        if r.status == "doubt":
            out.emit("ocr.digit", f"表{r.table[1:]} {r.label}：OCR 读作 {r.text}；若为 {fmt(r.proposal)}，则所涉勾稽关系全部成立（{r.evidence}）。"
                     "很可能是识别错了一位数字，请对照原件核实；该数字暂按无法识读处理。",
                     expected=r.proposal, actual=r.amount, locations=[where])
        elif r.status == "unreadable":
            out.emit("ocr.unreadable", f"表{r.table[1:]} {r.label}：OCR 读作 {r.text}，与勾稽关系不符（{r.evidence}），也没有其他关系能证实它；"
                     "按无法识读处理，相关核对记为未检查，请对照原件核实。", actual=r.amount, locations=[where])
    unchecked = [r for r in readings if r.status == "unchecked"]
    if unchecked:
        shown = "；".join(f"表{r.table[1:]} {r.label} {r.text}" for r in unchecked[:MAX_LISTED])
        out.emit("ocr.unchecked", f"{len(unchecked)} 个 OCR 读出的金额没有勾稽关系可以核对，请对照原件核实：{shown}"
                 + ("…" if len(unchecked) > MAX_LISTED else "") + "。",
                 actual=len(unchecked), locations=[Location(r.page, r.table, r.line) for r in unchecked])


def guard(report: Report, findings: list[Finding]) -> list[Finding]:
    """On an OCR'd report an 错误 stands only when every table row it cites holds proven
    amounts only; otherwise it is a 读取存疑. A finding citing an OCR'd page (every
    finding of a scan) is tagged as read by OCR."""
    pages = ocr_pages(report)
    if not pages:
        return findings
    _, tag = _scope(report, pages)
    whole = tag == OCR_TAG
    unproven = {(r.page, r.line) for r in report.ocr_readings if r.status != "verified"}
    unproven |= {(int(row["page"]), int(row["line"])) for frame in (report.subjects, report.subject_totals, report.ledger,
                 report.economic, report.economic_totals, report.sangong) for _, row in frame[frame["cell"] == "unreadable"].iterrows()
                 if int(row["page"]) in pages}
    guarded = []
    for finding in findings:
        if finding.rule.startswith("ocr."):
            guarded.append(finding)
            continue
        if not whole and not any(loc.page in pages for loc in finding.location):
            guarded.append(finding)  # read from the text layer only
            continue
        message = f"{tag}{finding.message}"
        if finding.severity == ERROR:
            cites_text = any(loc.table == "text" and (whole or loc.page in pages) for loc in finding.location)
            if cites_text or not report.ocr_readings or any((loc.page, loc.line) in unproven for loc in finding.location):
                message = (f"{tag}读取存疑：{finding.message}所涉数字经 OCR 识别，未能全部用勾稽关系证实，"
                           "差异可能来自识别错误，请对照原件核实。")
                guarded.append(replace(finding, severity=READING_DOUBT, message=message))
                continue
        guarded.append(replace(finding, message=message))
    return guarded

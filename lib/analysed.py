"""One analysed report, made once at parse time and carried whole to the pages.

`analyse_bytes` (bytes in, `AnalysedReport` out) is the one pure function that turns a
file into everything the library keeps and the app shows: the Report's frames, its key
figures (`summary`), the narrative facts and the findings as typed records, and every
line a fact or a finding cites with its page, text and (PDF) box. The store saves and
loads exactly this bundle, so no page ever parses an original again: the original is
needed only to draw a PDF page image, and the boxes drawn on it are the ones computed
here from the very parse that produced the findings (a second parse could number lines
differently).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lib.checks import Finding, crashed, run_checks
from lib.document import Line
from lib.model import Report
from lib.narrative import NarrativeFacts, extract_facts
from lib.pipeline import parse_bytes
from lib.summary import summarize

log = logging.getLogger("juesuan.analysed")

Box = tuple[float, float, float, float]  # pdfplumber x0, top, x1, bottom (points, from the page top)
CONTEXT_LINES = 4  # lines kept either side of a cited line of a text export (shown as its evidence)
OK, FAILED = "ok", "failed"


@dataclass(frozen=True)
class CitedLine:
    """A source line a fact or finding points at (or a text export's line around one)."""

    page: int
    line_no: int
    text: str
    bbox: Box | None = None
    cited: bool = True  # False: kept only as context of a cited line


@dataclass(frozen=True)
class EvidencePage:
    """What to show for one page of a finding's evidence: the boxes to draw on the PDF page
    image, or the stored lines around the cited ones (`cited` = their line numbers)."""

    page: int
    boxes: tuple[Box, ...]
    lines: tuple[CitedLine, ...]
    cited: tuple[int, ...]


@dataclass(frozen=True)
class AnalysedReport:
    """The Report (frames and meta, without its source lines), its key figures, facts,
    findings and cited lines. `facts`/`findings` are None when that step failed, with the
    reason in `failures` (also logged)."""

    report: Report
    summary: Mapping[str, Any]
    facts: NarrativeFacts | None
    findings: tuple[Finding, ...] | None
    lines: tuple[CitedLine, ...]
    facts_status: str = OK
    checks_status: str = OK
    failures: tuple[str, ...] = ()
    origin: str = "upload"

    @property
    def report_id(self) -> str:
        return self.report.meta.report_id

    def line(self, page: int, line_no: int) -> CitedLine | None:
        return next((item for item in self.lines if item.page == page and item.line_no == line_no), None)

    def evidence(self, finding: Finding) -> list[EvidencePage]:
        """Per page of the finding's places (in page order): boxes of the cited lines and the
        stored lines around them."""
        places = list(dict.fromkeys((loc.page, loc.line) for loc in finding.location if loc.page and loc.line))
        pages: list[EvidencePage] = []
        for page in sorted({p for p, _ in places}):
            cited = tuple(n for p, n in places if p == page)
            found = [self.line(page, n) for n in cited]
            near = tuple(item for item in self.lines if item.page == page
                         and any(abs(item.line_no - n) <= CONTEXT_LINES for n in cited))
            boxes = tuple(item.bbox for item in found if item is not None and item.bbox is not None)
            pages.append(EvidencePage(page, boxes, near, cited))
        return pages


def _places(facts: NarrativeFacts | None, findings: Iterable[Finding]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(page, line) cited by findings, and by facts."""
    by_findings = {(loc.page, loc.line) for f in findings for loc in f.location if loc.page and loc.line}
    by_facts: set[tuple[int, int]] = set()
    for field in dataclasses.fields(facts) if facts is not None else ():
        frame = getattr(facts, field.name)
        if {"page", "line"} <= set(frame.columns):
            by_facts |= {(int(p), int(n)) for p, n in zip(frame["page"], frame["line"])}
    return by_findings, by_facts


def cited_lines(lines: Iterable[Line], facts: NarrativeFacts | None, findings: Iterable[Finding],
                *, context: bool) -> tuple[CitedLine, ...]:
    """Every line cited by a fact or finding, with its box; with `context` (text exports,
    whose evidence is the surrounding text) also the lines within CONTEXT_LINES of a
    finding's line on the same page."""
    by_findings, by_facts = _places(facts, findings)
    cited = by_findings | by_facts
    kept: list[CitedLine] = []
    for line in lines:
        place = (line.page, line.line_no)
        is_cited = place in cited
        near = context and any(p == line.page and abs(n - line.line_no) <= CONTEXT_LINES for p, n in by_findings)
        if is_cited or near:
            kept.append(CitedLine(line.page, line.line_no, line.text, line.bbox, is_cited))
    return tuple(kept)


def analyse(report: Report, origin: str = "upload") -> AnalysedReport:
    """Facts, findings, key figures and cited lines of a freshly parsed Report (with its
    lines). A step that raises is logged and recorded as failed; the report is kept."""
    failures: list[str] = []
    facts: NarrativeFacts | None
    findings: tuple[Finding, ...] | None
    try:
        facts = extract_facts(report)
    except MemoryError:  # a limit (capped worker), not a bug: the file is refused
        raise
    except Exception as exc:  # a bug in one analysis must not lose the report
        log.exception("facts of %s failed", report.meta.source_name)
        facts, failures = None, [*failures, f"情况说明事实提取出错（{type(exc).__name__}: {exc}）"]
    try:
        findings = tuple(run_checks(report))
    except MemoryError:
        raise
    except Exception as exc:
        log.exception("checks of %s failed", report.meta.source_name)
        findings, failures = None, [*failures, f"一致性检查出错（{type(exc).__name__}: {exc}）"]
    for crash in crashed(findings or ()):
        log.error("check family crashed on %s: %s", report.meta.source_name, crash.message)
    lines = cited_lines(report.all_lines, facts, findings or (), context=report.meta.source_kind != "pdf")
    return AnalysedReport(
        report=dataclasses.replace(report, narrative=(), all_lines=()),
        summary=summarize(report), facts=facts, findings=findings, lines=lines,
        facts_status=OK if facts is not None else FAILED, checks_status=OK if findings is not None else FAILED,
        failures=tuple(failures), origin=origin,
    )


def analyse_bytes(data: bytes, source_name: str, origin: str = "upload", **limits: Any) -> AnalysedReport:
    """Parse and analyse one file (raises ReportError for a file that is refused).
    `limits`: parse_bytes' max_pages / time_limit / allow_template."""
    return analyse(parse_bytes(data, source_name, **limits), origin)

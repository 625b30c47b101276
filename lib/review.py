"""The review document a 审查会 takes away, built from one stored analysed report.

Three outputs, bytes in / bytes out (no UI): `review_html` (a printable page: identity,
headline figures, counts by severity, every finding with its message, place and evidence:
a crop of the PDF page with the cited lines boxed, or the cited lines of a text export),
`review_pdf` (the same content as a PDF, reportlab with its built-in CJK CID font) and
`annotated_pdf` (the original PDF with each cited line boxed as a Square annotation whose
contents is the finding's message, so any PDF reader shows it). Report text is untrusted:
everything put into the HTML is escaped.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lib import evidence, locations, readable
from lib.analysed import AnalysedReport, Box
from lib.checks.findings import SEVERITIES, SEVERITY_LABELS, Finding

HEADLINES = (  # summary key, label (万元)
    ("income_total", "本年收入合计"), ("expense_total", "本年支出合计"), ("grand_total", "收入总计"),
    ("fiscal_income", "财政拨款收入"), ("basic_expense", "基本支出"), ("project_expense", "项目支出"),
    ("sangong_final", "“三公”经费支出"),
)
EVIDENCE_RESOLUTION = 90
ANNOTATION_MARGIN = evidence.MARGIN


@dataclass(frozen=True)
class Annotation:
    """One box of the annotated PDF: 1-based page, PDF bottom-up rectangle, message."""

    page: int
    rect: tuple[float, float, float, float]
    contents: str


def _kind(bundle: AnalysedReport) -> str:
    return bundle.report.meta.source_kind


def finding_place(bundle: AnalysedReport, finding: Finding) -> str:
    """Where a finding points, cited as the reader finds it (报告第15页（PDF第17页） 第3行 / 第12行)."""
    kind, printed = _kind(bundle), locations.printed_pages(bundle.report)
    places = []
    for loc in finding.location:
        text = locations.cite(loc.page, loc.line, kind, printed)
        if kind == "pdf" and text and loc.line:
            text = f"{text} 第{loc.line}行"
        if text and text not in places:
            places.append(text)
    return "；".join(places) or "（全文）"


def identity(bundle: AnalysedReport) -> list[tuple[str, str]]:
    meta = bundle.report.meta
    return [("部门", meta.department or "（未识别）"), ("年度", str(meta.year or "（未识别）")), ("文件", meta.source_name)]


def headlines(bundle: AnalysedReport) -> list[tuple[str, str]]:
    rows = []
    for key, label in HEADLINES:
        value = bundle.summary.get(key)
        if isinstance(value, (int, float)):
            rows.append((f"{label}（万元）", readable.money(value)))
    return rows


def severity_counts(findings: Sequence[Finding]) -> list[tuple[str, int]]:
    return [(SEVERITY_LABELS[s], sum(f.severity == s for f in findings)) for s in SEVERITIES]


def _findings(bundle: AnalysedReport) -> tuple[Finding, ...]:
    return bundle.findings or ()


def evidence_images(bundle: AnalysedReport, finding: Finding, pdf: bytes | None) -> list[tuple[str, bytes]]:
    """(page label, PNG crop with the cited boxes drawn) per page of the finding's evidence."""
    if pdf is None or _kind(bundle) != "pdf":
        return []
    printed = locations.printed_pages(bundle.report)
    out = []
    for page in bundle.evidence(finding):
        if not page.boxes:
            continue
        try:
            image, width, height = evidence.page_image(pdf, page.page, EVIDENCE_RESOLUTION)
        except IndexError:
            continue
        boxed = evidence.draw_boxes(image, page.boxes, width, height)
        out.append((locations.page_label(page.page, printed), evidence.png(evidence.crop_around(boxed, page.boxes, width, height))))
    return out


def cited_texts(bundle: AnalysedReport, finding: Finding) -> list[str]:
    """The cited lines as text ('第12行：…'), for text exports and as a caption of PDF crops."""
    kind, printed = _kind(bundle), locations.printed_pages(bundle.report)
    texts = []
    for page in bundle.evidence(finding):
        for line in page.lines:
            if line.line_no in page.cited:
                where = locations.cite(page.page, line.line_no, kind, printed)
                where = f"{where} 第{line.line_no}行" if kind == "pdf" else where
                texts.append(f"{where}：{line.text}")
    return texts


_CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 8px}
td.n{text-align:right}.f{border-top:1px solid #ccc;padding:.6em 0;page-break-inside:avoid}.sev{font-weight:bold}
.sev-error{color:#b00}.sev-warning{color:#c60}.place{color:#555}img{max-width:100%;border:1px solid #ddd}
pre{white-space:pre-wrap;background:#f6f6f6;padding:4px}@media print{body{margin:0}}"""


def review_html(bundle: AnalysedReport, pdf: bytes | None = None) -> str:
    """The printable review (one self-contained HTML page, evidence images embedded)."""
    esc = html.escape
    meta = identity(bundle)
    title = f"审查报告：{meta[0][1]} {meta[1][1]}年度部门决算"
    parts = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{esc(title)}</title>"
             f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1><table>"]
    parts += [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in meta]
    parts.append("</table><h2>主要数字</h2><table>")
    parts += [f"<tr><th>{esc(k)}</th><td class='n'>{esc(v)}</td></tr>" for k, v in headlines(bundle)]
    parts.append("</table><h2>检查结果</h2><table><tr>")
    counts = severity_counts(_findings(bundle))
    parts += [f"<th>{esc(label)}</th>" for label, _ in counts]
    parts.append("</tr><tr>" + "".join(f"<td class='n'>{n:,}</td>" for _, n in counts) + "</tr></table>")
    if bundle.findings is None:
        parts.append("<p>一致性检查未能完成：" + esc("；".join(bundle.failures)) + "</p>")
    for number, finding in enumerate(_findings(bundle), 1):
        label = SEVERITY_LABELS.get(finding.severity, finding.severity)
        parts.append(f"<div class='f'><p><b>第{number}条</b>　<span class='sev sev-{esc(finding.severity)}'>"
                     f"{esc(label)}</span>　<span class='place'>{esc(finding_place(bundle, finding))}</span></p>"
                     f"<p class='msg'>{esc(finding.message)}</p>")
        images = evidence_images(bundle, finding, pdf)
        for page_label, image in images:
            data = base64.b64encode(image).decode("ascii")
            parts.append(f"<figure><img alt='{esc(page_label)}' src='data:image/png;base64,{data}'>"
                         f"<figcaption>{esc(page_label)}（红框：所引的行）</figcaption></figure>")
        texts = cited_texts(bundle, finding)
        if texts:
            parts.append("<pre>" + esc("\n".join(texts)) + "</pre>")
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


def review_pdf(bundle: AnalysedReport, pdf: bytes | None = None) -> bytes:
    """The same review as a PDF (A4; CJK text in reportlab's STSong-Light CID font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=15, leading=20, spaceAfter=6)
    sub = ParagraphStyle("sub", parent=body, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(html.escape(text), style)

    meta = identity(bundle)
    width = A4[0] - 30 * mm
    story: list[Any] = [para(f"审查报告：{meta[0][1]} {meta[1][1]}年度部门决算", head)]
    grid = [("GRID", (0, 0), (-1, -1), 0.4, "#999999"), ("FONTNAME", (0, 0), (-1, -1), font)]
    story.append(Table([[para(k), para(v)] for k, v in meta], colWidths=[25 * mm, width - 25 * mm], style=grid))
    rows = headlines(bundle)
    if rows:
        story += [para("主要数字", sub), Table([[para(k), para(v)] for k, v in rows], style=grid)]
    counts = severity_counts(_findings(bundle))
    story += [para("检查结果", sub), Table([[para(k) for k, _ in counts], [para(f"{n:,}") for _, n in counts]], style=grid)]
    if bundle.findings is None:
        story.append(para("一致性检查未能完成：" + "；".join(bundle.failures)))
    for number, finding in enumerate(_findings(bundle), 1):
        label = SEVERITY_LABELS.get(finding.severity, finding.severity)
        story += [Spacer(1, 6), para(f"第{number}条　【{label}】　{finding_place(bundle, finding)}", sub), para(finding.message)]
        for page_label, image in evidence_images(bundle, finding, pdf):
            picture = Image(io.BytesIO(image))
            scale = min(1.0, width / picture.imageWidth, 90 * mm / picture.imageHeight)
            picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
            story += [picture, para(f"{page_label}（红框：所引的行）")]
        story += [para(text) for text in cited_texts(bundle, finding)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                      bottomMargin=15 * mm, title="审查报告").build(story)
    return out.getvalue()


def to_pdf_rect(box: Box, mediabox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A pdfplumber box (x0, top, x1, bottom from the page top) as a PDF rectangle
    (x0, y0, x1, y1 from the mediabox bottom), MARGIN points outside the text."""
    left, bottom, _, top_edge = mediabox
    x0, top, x1, low = box
    m = ANNOTATION_MARGIN
    return (left + x0 - m, top_edge - low - m, left + x1 + m, top_edge - top + m)


def annotations(bundle: AnalysedReport, mediaboxes: Sequence[tuple[float, float, float, float]]) -> list[Annotation]:
    """One Annotation per cited box of every finding (pages outside the PDF skipped)."""
    out = []
    for finding in _findings(bundle):
        label = SEVERITY_LABELS.get(finding.severity, finding.severity)
        for page in bundle.evidence(finding):
            if not 1 <= page.page <= len(mediaboxes):
                continue
            for box in page.boxes:
                out.append(Annotation(page.page, to_pdf_rect(box, mediaboxes[page.page - 1]), f"【{label}】{finding.message}"))
    return out


def annotated_pdf(bundle: AnalysedReport, pdf: bytes) -> bytes:
    """The original PDF with every cited line boxed (red Square annotations, message as contents)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Rectangle
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    boxes = [tuple(float(v) for v in page.mediabox) for page in writer.pages]
    for item in annotations(bundle, boxes):  # type: ignore[arg-type]
        note = Rectangle(rect=item.rect)
        note[NameObject("/C")] = ArrayObject([FloatObject(0.86), FloatObject(0.16), FloatObject(0.16)])
        note[NameObject("/Contents")] = TextStringObject(item.contents)
        note[NameObject("/T")] = TextStringObject("决算透视")
        note[NameObject("/BS")] = DictionaryObject({NameObject("/W"): FloatObject(1.5)})
        writer.add_annotation(item.page - 1, note)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

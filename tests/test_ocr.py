"""Scanned reports: rasterised PDFs (pdfium render → image-only PDF, 150 dpi, one rotated
0.6°) read by OCR must give the text-layer reading's figures, and every OCR'd amount must
be proven by an identity or marked unreadable / 读取存疑.

OCR is slow (≈ 1–2 s per page), so each scanned document is read once per session.
The full corpus comparison uses the smallest filled PDF (24 pages) and the template's
table pages; the other corpus PDFs (25 and 50 pages) are left to `scripts/bench_ocr.py`.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import pytest
import synthetic
from conftest import ROOT, corpus_path, corpus_report
from rasterise import partly_scanned_pdf, rasterise_pdf

from lib import errors, limits
from lib.checks import run_checks
from lib.document import Document
from lib.pipeline import parse_bytes, report_from_document
from lib.readers import ocr, read_document
from lib.readers.ocr import OCR_NOTE
from lib.summary import summarize

pytestmark = pytest.mark.skipif(not ocr.available(), reason="OCR engine (rapidocr-onnxruntime) not installed")

SMALL_PDF = "中共上海市普陀区委社会工作部2024年度部门决算.pdf"
PROGRESS: dict[str, list[tuple[int, int, float]]] = {}


@cache
def _scan(name: str, rotate: float = 0.0) -> bytes:
    source = synthetic.pdf_bytes() if name == "synthetic" else corpus_path(name).read_bytes()
    return rasterise_pdf(source, dpi=150, rotate=rotate)


@cache
def _partly_scanned(name: str, pages: tuple[int, ...]) -> bytes:
    source = synthetic.pdf_bytes() if name == "synthetic" else corpus_path(name).read_bytes()
    return partly_scanned_pdf(source, list(pages))


@cache
def _partly_scanned_report(name: str, pages: tuple[int, ...]):
    calls = PROGRESS.setdefault(f"{name}@{pages}", [])
    return parse_bytes(_partly_scanned(name, pages), f"mixed-{name}", time_limit=None,
                       progress=lambda done, total, left: calls.append((done, total, left)))


def _ocr_report(name: str, rotate: float = 0.0):
    return _ocr_report_cached(name, float(rotate))  # one cache entry per (name, angle)


@cache
def _ocr_report_cached(name: str, rotate: float):
    calls = PROGRESS.setdefault(f"{name}@{rotate}", [])
    return parse_bytes(_scan(name, rotate), f"scan-{name}", allow_template=True, time_limit=None,
                       progress=lambda done, total, left: calls.append((done, total, left)))


def _key_figures(summary: dict) -> dict[str, object]:
    """The `summary` key figures, expense_by_class flattened to one entry per class."""
    flat = {key: value for key, value in summary.items() if key != "expense_by_class"}
    for code, amount in (summary.get("expense_by_class") or {}).items():
        flat[f"class:{code}"] = amount
    return flat


def _errors(findings) -> set[tuple[str, float | str | None, float | str | None]]:
    return {(f.rule, f.expected, f.actual) for f in findings if f.severity == "error"}


# ---------------------------------------------------------------- generated fixture (fresh clone)


def test_scanned_synthetic_pdf_reads_every_key_figure_exactly() -> None:
    report = _ocr_report("synthetic")
    assert {key: value for key, value in summarize(report).items() if key in synthetic.EXPECTED_SUMMARY} == synthetic.EXPECTED_SUMMARY
    assert report.meta.source_kind == "pdf" and OCR_NOTE in report.notes
    assert not _errors(run_checks(report))


def test_scanned_rotated_pdf_is_deskewed_and_read_exactly() -> None:
    report = _ocr_report("synthetic", 0.6)
    summary = summarize(report)
    assert {key: value for key, value in summary.items() if key in synthetic.EXPECTED_SUMMARY} == synthetic.EXPECTED_SUMMARY
    assert any("倾斜" in note and "+0.6°" in note for note in report.notes), report.notes


def test_ocr_lines_sit_where_the_text_layer_puts_them() -> None:
    """Positions are pdfplumber top-down points of the original page, also after deskew."""
    text_layer = parse_bytes(synthetic.pdf_bytes(), "r.pdf")
    for rotate in (0.0, 0.6):
        scanned = _ocr_report("synthetic", rotate)
        for label in ("本年支出合计", "机关事业单位基本养老保险缴费支出", "人员经费合计"):
            want = next(line for line in text_layer.all_lines if label in line.text and line.positional)
            got = next(line for line in scanned.all_lines if label in line.text and line.positional)
            assert got.page == want.page
            assert all(abs(a - b) <= 3.0 for a, b in zip(got.bbox, want.bbox)), (label, rotate, got.bbox, want.bbox)
            assert got.cells == tuple(cell.replace(",", "") for cell in want.cells) or got.cells == want.cells


def test_every_ocr_amount_is_verified_or_marked() -> None:
    for rotate in (0.0, 0.6):
        report = _ocr_report("synthetic", rotate)
        readings = {(r.frame, r.row): r for r in report.ocr_readings}
        for name in ("subjects", "subject_totals", "ledger", "economic", "economic_totals", "sangong"):
            frame = getattr(report, name)
            for index, row in frame.iterrows():
                if row["cell"] == "empty" or (row["cell"] == "unreadable" and (name, index) not in readings):
                    continue  # no amount, or text the recogniser could not read as one (already unreadable)
                reading = readings[(name, index)]  # every amount OCR read has a verdict
                assert reading.status in ("verified", "unreadable", "doubt", "unchecked")
                if reading.status in ("unreadable", "doubt"):
                    assert row["cell"] == "unreadable" and reading.crop is not None
        assert all(r.status == "verified" for r in report.ocr_readings), [r for r in report.ocr_readings if r.status != "verified"]
        assert len(report.ocr_readings) >= 100


def test_findings_say_the_report_was_read_by_ocr() -> None:
    findings = run_checks(_ocr_report("synthetic"))
    assert findings and all("OCR" in f.message for f in findings)
    read = [f for f in findings if f.rule == "ocr.read"]
    assert len(read) == 1 and f"{read[0].actual} 个经勾稽关系核对无误" in read[0].message


def test_progress_is_reported_per_page_with_time_left() -> None:
    report = _ocr_report("synthetic")
    calls = PROGRESS["synthetic@0.0"]
    pages = report.meta.page_count
    assert [done for done, _, _ in calls] == list(range(1, pages + 1))
    assert all(total == pages for _, total, _ in calls) and calls[-1][2] == 0
    assert all(left > 0 for _, _, left in calls[:-1])
    assert ocr.progress_text(3, 11, 40) == "OCR 识别扫描件：第 3/11 页，预计还需约 40 秒"


def test_png_upload_of_a_page_is_read() -> None:
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(synthetic.pdf_bytes())[1]  # 收入支出决算总表
    buffer = io.BytesIO()
    page.render(scale=150 / 72).to_pil().save(buffer, format="PNG", dpi=(150, 150))
    document = read_document(buffer.getvalue(), "第2页.png")
    assert document.kind == "image" and document.ocr
    rows = {line.cells[0]: line.cells for line in document.iter_lines() if line.positional}
    assert rows["本年收入合计"] == ("本年收入合计", "27", "140.50", "本年支出合计", "58", "140.50")


def test_cli_shows_ocr_progress_on_stderr(tmp_path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(rasterise_pdf(synthetic.pdf_bytes(), pages=[1]))
    result = subprocess.run([sys.executable, "-m", "lib", "summary", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "OCR 识别扫描件：第 1/1 页，识别完成" in result.stderr
    assert '"income_total": 140.5' in result.stdout


def test_scanned_budget_is_still_refused_as_a_budget() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    drawing.setFont("STSong-Light", 14)
    for index, text in enumerate(synthetic.BUDGET_TEXT.replace("\t", "  ").splitlines()):
        drawing.drawString(72, 760 - 28 * index, text)
    drawing.save()
    with pytest.raises(errors.NotFinalAccounts, match="部门预算"):
        parse_bytes(rasterise_pdf(buffer.getvalue()), "预算扫描件.pdf")


def test_without_the_ocr_engine_a_scan_is_refused_in_chinese(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(errors.NoTextLayer, match="没有文字层.*未安装 OCR 组件"):
        read_document(rasterise_pdf(synthetic.pdf_bytes(), pages=[1]), "scan.pdf")


# ---------------------------------------------------------------- verification by identities


def _all_pages(document: Document) -> tuple[int, ...]:
    return tuple(page.number for page in document.pages)


def _misread(document: Document, page: int, label: str, column: int, text: str) -> Document:
    """The text-layer reading posing as OCR, with one cell read as `text`."""
    pages = []
    for p in document.pages:
        lines = []
        for line in p.lines:
            if line.page == page and line.positional and label in line.text:
                cells = tuple(text if i == column else c for i, c in enumerate(line.cells))
                line = dataclasses.replace(line, cells=cells, text=" ".join(c for c in cells if c))
            lines.append(line)
        pages.append(dataclasses.replace(p, lines=tuple(lines)))
    return dataclasses.replace(document, pages=tuple(pages), ocr_pages=_all_pages(document), notes=(OCR_NOTE, *document.notes))


@pytest.mark.parametrize(
    ("page", "label", "column", "misread", "value", "fix"),
    [
        (4, "行政运行", 4, "86.00", 86.0, 80.0),  # 表3 基本支出 of a 项: 款 = Σ项 and the row sum break
        (2, "本年收入合计", 2, "146.50", 146.5, 140.5),  # 表1 本年收入合计: 表1 sums and 表1 = 表2 break
        (7, "人员经费合计", 2, "11.00", 11.0, 110.0),  # 表6: a dropped digit
    ],
)
def test_a_misread_digit_is_proposed_as_reading_doubt_not_an_error(page, label, column, misread, value, fix) -> None:
    document = _misread(read_document(synthetic.pdf_bytes(), "r.pdf"), page, label, column, misread)
    report = report_from_document(document)
    doubts = [r for r in report.ocr_readings if r.status == "doubt"]
    assert [(r.text, r.amount, r.proposal) for r in doubts] == [(misread, value, fix)]
    assert all(r.status == "verified" for r in report.ocr_readings if r.status != "doubt")
    frame = getattr(report, doubts[0].frame)
    assert frame.loc[doubts[0].row, "cell"] == "unreadable"  # proposed, never applied
    findings = run_checks(report)
    assert not _errors(findings)
    digit = [f for f in findings if f.rule == "ocr.digit"]
    assert len(digit) == 1 and digit[0].severity == "reading_doubt"
    assert (digit[0].expected, digit[0].actual) == (fix, value) and misread in digit[0].message
    assert digit[0].location[0].page == page


def test_a_garbled_amount_is_unreadable_and_never_an_error() -> None:
    document = _misread(read_document(synthetic.pdf_bytes(), "r.pdf"), 4, "行政运行", 4, "55.55")
    report = report_from_document(document)
    bad = [r for r in report.ocr_readings if r.status != "verified"]
    assert [(r.status, r.text) for r in bad] == [("unreadable", "55.55")]
    findings = run_checks(report)
    assert not _errors(findings)
    assert any(f.rule == "ocr.unreadable" and f.severity == "reading_doubt" for f in findings)
    assert any(f.severity == "not_checked" and "无法识读" in f.message for f in findings)


def test_a_real_inconsistency_proven_elsewhere_stays_an_error_and_ocr_narrative_never_is() -> None:
    """The narrative is OCR'd too and has no identity: a table/text mismatch is 读取存疑."""
    document = read_document(synthetic.pdf_bytes(), "r.pdf")
    pages = [dataclasses.replace(p, lines=tuple(
        dataclasses.replace(line, text=line.text.replace("145.50万元", "155.50万元")) for line in p.lines)) for p in document.pages]
    # another content hash than the unedited report's: the narrative facts are cached per report id
    document = dataclasses.replace(document, pages=tuple(pages), content_hash="edited-narrative")
    text_layer = report_from_document(document)
    assert any(f.rule == "text.amount" for f in run_checks(text_layer) if f.severity == "error")
    scanned = report_from_document(dataclasses.replace(document, ocr_pages=_all_pages(document), notes=(OCR_NOTE,)))
    findings = run_checks(scanned)
    assert not _errors(findings)
    assert any(f.rule == "text.amount" and f.severity == "reading_doubt" and "OCR" in f.message for f in findings)


# ---------------------------------------------------------------- corpus (skips without ../shared/corpus)


def test_scanned_corpus_report_matches_its_text_layer() -> None:
    text_layer = corpus_report(SMALL_PDF)
    scanned = _ocr_report(SMALL_PDF)
    want, got = _key_figures(summarize(text_layer)), _key_figures(summarize(scanned))
    equal = [key for key in want if got.get(key) == want[key]]
    assert len(equal) / len(want) >= 0.95, {key: (want[key], got.get(key)) for key in want if key not in equal}
    assert _errors(run_checks(scanned)) <= _errors(run_checks(text_layer))


def test_scanned_template_is_recognised_as_a_template() -> None:
    data = rasterise_pdf(corpus_path("部门决算模板.pdf").read_bytes(), pages=list(range(4, 12)))  # its table pages
    with pytest.raises(errors.UnfilledTemplate, match="未填写的部门决算模板"):
        parse_bytes(data, "模板扫描件.pdf", time_limit=None)


def test_upload_progress_callback_shows_pages_and_time_left() -> None:
    from lib import views

    seen: list[tuple[float, str]] = []
    callback = views.ocr_progress(lambda share, text: seen.append((share, text)))
    callback(3, 12, 95.0)
    callback(12, 12, 0.0)
    assert seen == [(0.25, "OCR 识别扫描件：第 3/12 页，预计还需约 2 分钟"), (1.0, "OCR 识别扫描件：第 12/12 页，识别完成")]


# ---------------------------------------------------------------- partly scanned PDFs


SCANNED = (1, 3, 4)  # 0-based: the synthetic report's 表1, 表3 and its continuation


def test_partly_scanned_pdf_ocrs_only_its_image_pages() -> None:
    report = _partly_scanned_report("synthetic", SCANNED)
    text_layer = parse_bytes(synthetic.pdf_bytes(), "r.pdf")
    assert report.ocr_pages == (2, 4, 5)
    assert {key: value for key, value in summarize(report).items() if key in synthetic.EXPECTED_SUMMARY} == synthetic.EXPECTED_SUMMARY
    assert any(note.startswith("第 2、4–5 页没有文字层（扫描页），经 OCR 文字识别读取，其余页面按文字层读取") for note in report.notes)
    assert OCR_NOTE not in report.notes
    # the typed pages are read exactly as without the scanned ones
    for page in (1, 3, 6, 7):
        assert [line for line in report.all_lines if line.page == page] == [line for line in text_layer.all_lines if line.page == page]
    # only amounts on the OCR'd pages get a verdict, and every one holds
    assert report.ocr_readings and {r.page for r in report.ocr_readings} <= {2, 4, 5}
    assert all(r.status == "verified" for r in report.ocr_readings)
    assert [done for done, _, _ in PROGRESS[f"synthetic@{SCANNED}"]] == [1, 2, 3]  # progress over the OCR'd pages


def test_partly_scanned_findings_say_which_pages_were_ocrd() -> None:
    report = _partly_scanned_report("synthetic", SCANNED)
    findings = run_checks(report)
    assert not _errors(findings)
    read = [f for f in findings if f.rule == "ocr.read"]
    assert len(read) == 1 and read[0].message.startswith("本报告 PDF 第 2、4–5 页为扫描页（没有文字层），经 OCR 识别读取，其余页面按文字层读取")
    tag = "〔PDF 第 2、4–5 页为扫描页，经 OCR 识别〕"
    for finding in findings:
        if finding.rule.startswith("ocr."):
            continue
        on_scanned = any(loc.page in (2, 4, 5) for loc in finding.location)
        assert finding.message.startswith(tag) == on_scanned, finding


def test_an_error_on_the_typed_pages_of_a_partly_scanned_pdf_stays_an_error() -> None:
    """The narrative of a partly scanned report is typed: a mismatch with a proven table is
    the report's error, not a reading doubt (on a full scan the narrative is OCR'd too)."""
    document = read_document(_partly_scanned("synthetic", SCANNED), "mixed.pdf")
    pages = [dataclasses.replace(p, lines=tuple(
        dataclasses.replace(line, text=line.text.replace("145.50万元", "155.50万元")) for line in p.lines))
        if p.number not in document.ocr_pages else p for p in document.pages]
    # another content hash: the narrative facts are cached per report id
    report = report_from_document(dataclasses.replace(document, pages=tuple(pages), content_hash="edited-mixed"))
    assert any(f.rule == "text.amount" for f in run_checks(report) if f.severity == "error")


def test_without_the_ocr_engine_scanned_pages_are_named_and_the_rest_read(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    document = read_document(_partly_scanned("synthetic", SCANNED), "mixed.pdf")
    assert document.ocr_pages == ()
    assert any(note.startswith("第 2、4–5 页是扫描页（没有文字层），本机未安装 OCR 组件") for note in document.notes)
    assert document.pages[2].char_count > 0 and document.pages[1].lines == ()


def test_a_typed_pdf_never_starts_the_ocr_engine(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "ocr_pages", lambda *a, **k: pytest.fail("OCR started on a PDF with a text layer"))
    assert not read_document(synthetic.pdf_bytes(), "r.pdf").ocr_pages


def test_a_typed_cover_over_a_picture_keeps_its_text_layer() -> None:
    """A designed cover (a full-page picture under a typed title) has little text layer and
    is mostly image: OCR reads nothing more than the text layer holds, so it is kept."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    from PIL import Image

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    drawing.drawImage(ImageReader(Image.new("RGB", (400, 560), (214, 230, 245))), 0, 0, *A4)
    drawing.setFont("STSong-Light", 24)
    drawing.drawString(120, 520, "示例区示例局2023年度部门决算")
    drawing.showPage()
    drawing.save()
    document = read_document(buffer.getvalue(), "封面.pdf")
    assert document.ocr_pages == () and "示例区示例局2023年度部门决算" in document.pages[0].lines[0].text


def test_partly_scanned_corpus_report_matches_its_text_layer() -> None:
    """Tables scanned, narrative typed (the corpus report's table pages 5–16 as images)."""
    text_layer = corpus_report(SMALL_PDF)
    mixed = _partly_scanned_report(SMALL_PDF, tuple(range(4, 16)))
    assert mixed.ocr_pages == tuple(range(5, 17))
    want, got = _key_figures(summarize(text_layer)), _key_figures(summarize(mixed))
    assert {key: (want[key], got.get(key)) for key in want if got.get(key) != want[key]} == {}
    assert _errors(run_checks(mixed)) <= _errors(run_checks(text_layer))


# ---------------------------------------------------------------- time limit, progress outside the CLI


def test_a_scan_earns_time_per_page() -> None:
    """A 1-page scan under a 0.5 s limit: the page's allowance lets OCR finish."""
    report = parse_bytes(rasterise_pdf(synthetic.pdf_bytes(), pages=[1]), "扫描件.pdf", time_limit=0.5)
    assert report.ocr_pages == (1,)


def test_a_scan_over_its_time_says_the_limit_it_was_given(monkeypatch) -> None:
    monkeypatch.setattr(limits, "OCR_SECONDS_PER_PAGE", 0.3)
    with pytest.raises(errors.ParseTimeout, match=re.escape("超过了单个文件 0.5 秒（0.2 秒，另加扫描页每页 0.3 秒）的时间上限")):
        with limits.hard_deadline(0.2):
            assert limits.grant_scan_time(None, 1) is None
            while True:
                pass
    assert limits.grant_scan_time(100.0, 2) == pytest.approx(100.6)


def _granted_sleep(seconds: float) -> str:
    limits.grant_scan_time(None, 1)  # one scanned page: 20 s more
    time.sleep(seconds)
    return "finished"


def test_the_upload_sandbox_waits_for_the_time_a_scan_earned() -> None:
    from lib import sandbox

    # without the grant the child's alarm fires at 0.2 s and the parent kills it at 5.2 s
    assert sandbox.run_isolated(_granted_sleep, 6.0, time_limit=0.2).value == "finished"


def test_the_upload_sandbox_passes_ocr_progress_on() -> None:
    from lib import sandbox
    from lib.analysed import analyse_bytes

    seen: list[tuple[int, int, float]] = []
    outcome = sandbox.run_isolated(analyse_bytes, rasterise_pdf(synthetic.pdf_bytes(), pages=[1, 2]), "扫描件.pdf",
                                   time_limit=60, progress=lambda *values: seen.append(values))
    assert outcome.value.report.ocr_pages == (1, 2)
    assert [(done, total) for done, total, _ in seen] == [(1, 2), (2, 2)] and seen[-1][2] == 0


def test_ingest_shows_a_scans_pages(tmp_path) -> None:
    from lib.ingest import ProgressBar, ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "扫描件.pdf").write_bytes(rasterise_pdf(synthetic.pdf_bytes(), pages=[1, 2]))
    (folder / "r.txt").write_text(synthetic.tab_text(), encoding="utf-8")
    pages: list[tuple[str, int, int, float]] = []
    stream = io.StringIO()
    bar = ProgressBar(stream)
    results = ingest_paths([folder], tmp_path / "lib.duckdb", workers=2, progress=bar,
                           page_progress=lambda *values: (pages.append(values), bar.pages(*values)))
    assert [r.status for r in results] == ["added", "added"]
    assert [(name, done, total) for name, done, total, _ in pages] == [("扫描件.pdf", 1, 2), ("扫描件.pdf", 2, 2)]
    assert "扫描件.pdf：OCR 识别扫描件：第 1/2 页，预计还需约" in stream.getvalue()
    assert "扫描件.pdf：OCR 识别扫描件：第 2/2 页，识别完成" in stream.getvalue()


# ---------------------------------------------------------------- verdicts kept in the library and shown


def _doubtful_analysed():
    from lib.analysed import analyse

    document = _misread(read_document(synthetic.pdf_bytes(), "r.pdf"), 4, "行政运行", 4, "86.00")
    return analyse(report_from_document(document))


def test_ocr_verdicts_are_stored_with_the_report(tmp_path) -> None:
    from lib import store

    item = _doubtful_analysed()
    assert item.report.ocr_readings and item.report.ocr_pages
    db = tmp_path / "lib.duckdb"
    store.save_report(item, None, db)
    loaded = store.load_analysed(item.report_id, db)
    assert loaded is not None
    assert loaded.report.ocr_readings == item.report.ocr_readings
    assert loaded.report.ocr_pages == item.report.ocr_pages
    assert [(r.status, r.text, r.proposal) for r in loaded.report.ocr_readings if r.status != "verified"] == [("doubt", "86.00", 80.0)]


def test_checks_page_lists_every_ocr_verdict(library, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    from lib import store

    item = _doubtful_analysed()
    store.save_report(item, None)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["active_ids"] = [item.report_id]
    at.run()
    at.switch_page("app_pages/checks.py").run()
    assert not at.exception, [e.value for e in at.exception]
    expander = next(e for e in at.expander if e.label.startswith("扫描页经 OCR 识别的表内金额"))
    assert expander.label.endswith(f"（{len(item.report.ocr_readings):,} 个）")
    table = next(d.value for d in at.dataframe if "核对结果" in d.value.columns)
    assert len(table) == len(item.report.ocr_readings)
    first = table.iloc[0]
    assert (first["表"], first["识别读数"], first["核对结果"], first["建议读数"]) == ("表3", "86.00", "可能误读一位数字", "80.00")
    assert set(table["核对结果"].iloc[1:]) == {"经勾稽关系核对无误"}
    shown = " ".join(str(v) for v in table.to_numpy().ravel())
    assert not re.search(r"[A-Za-z_]{3,}", shown.replace("OCR", "").replace("PDF", "")), shown  # no internal key


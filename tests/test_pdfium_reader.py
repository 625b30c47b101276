"""The pypdfium2 reader gives the same Document as the pdfplumber reader, line by line.

Every field of every Line is compared (new fields included, so a field one reader fills
and the other does not fails here); coordinates within 0.01 pt, everything else exactly.
Pages pdfium cannot serve (rotated page or text) are read by pdfplumber and noted.
"""

from __future__ import annotations

import dataclasses
import io
import time

import pytest
import synthetic
from conftest import FILLED_PDFS, TEMPLATE_PDF, corpus_path

from lib import errors
from lib.document import Document
from lib.readers import pdf as plumber_reader
from lib.readers import pdf_reader, read_document
from lib.readers import pdfium as pdfium_reader

TOLERANCE = 0.01  # pt; pdfium keeps coordinates as float32, pdfminer as float64


def _close(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= TOLERANCE
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b


def differences(one: Document, other: Document) -> list[str]:
    """Every field that differs, as 'page N line M field: a != b' (empty when the same)."""
    found = []
    for name in ("source_name", "kind", "content_hash", "notes"):
        if getattr(one, name) != getattr(other, name):
            found.append(f"document {name}: {getattr(one, name)!r} != {getattr(other, name)!r}")
    if one.page_count != other.page_count:
        return found + [f"pages: {one.page_count} != {other.page_count}"]
    for page_a, page_b in zip(one.pages, other.pages):
        for field in dataclasses.fields(page_a):
            if field.name == "lines":
                continue
            a, b = getattr(page_a, field.name), getattr(page_b, field.name)
            if not _close(a, b):
                found.append(f"page {page_a.number} {field.name}: {a!r} != {b!r}")
        if len(page_a.lines) != len(page_b.lines):
            found.append(f"page {page_a.number}: {len(page_a.lines)} lines != {len(page_b.lines)}")
        for line_a, line_b in zip(page_a.lines, page_b.lines):
            for field in dataclasses.fields(line_a):
                a, b = getattr(line_a, field.name), getattr(line_b, field.name)
                if not _close(a, b):
                    found.append(f"page {line_a.page} line {line_a.line_no} {field.name}: {a!r} != {b!r}")
    return found


def _both(data: bytes) -> tuple[Document, Document]:
    return plumber_reader.read_pdf(data, "x.pdf"), pdfium_reader.read_pdf(data, "x.pdf")


@pytest.mark.parametrize("name", FILLED_PDFS + [TEMPLATE_PDF])
def test_corpus_pdf_reads_the_same_with_pdfium(name: str) -> None:
    plumber, pdfium = _both(corpus_path(name).read_bytes())
    assert differences(plumber, pdfium) == []
    assert pdfium.notes == ()  # no page needed the pdfplumber fallback
    assert sum(len(page.lines) for page in pdfium.pages) > 100


def test_generated_pdf_reads_the_same_with_pdfium(fixture_dir) -> None:
    plumber, pdfium = _both(fixture_dir["report.pdf"].read_bytes())
    assert pdfium.notes and "特殊字体" in pdfium.notes[0]  # STSong-Light is not embedded
    assert differences(dataclasses.replace(plumber, notes=pdfium.notes), pdfium) == []
    assert any(line.positional for line in pdfium.iter_lines())


def test_differences_sees_a_changed_cell(fixture_dir) -> None:
    """The comparison itself can fail: one changed cell and one moved line are reported."""
    document = pdfium_reader.read_pdf(fixture_dir["report.pdf"].read_bytes(), "x.pdf")
    page = next(p for p in document.pages if any(line.positional for line in p.lines))
    index = next(i for i, line in enumerate(page.lines) if line.positional)
    line = page.lines[index]
    changed = dataclasses.replace(line, cells=("?",) + line.cells[1:], top=line.top + 0.5)
    lines = page.lines[:index] + (changed,) + page.lines[index + 1:]
    pages = tuple(dataclasses.replace(p, lines=lines) if p is page else p for p in document.pages)
    found = differences(document, dataclasses.replace(document, pages=pages))
    assert [entry.split(":")[0] for entry in found] == [
        f"page {page.number} line {line.line_no} cells", f"page {page.number} line {line.line_no} top"]


def test_pdfium_is_the_default_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUESUAN_PDF_READER", raising=False)
    assert pdf_reader() is pdfium_reader.read_pdf
    monkeypatch.setenv("JUESUAN_PDF_READER", "pdfplumber")
    assert pdf_reader() is plumber_reader.read_pdf


def _rotated_pdf() -> bytes:
    """Page 1 upright text, page 2 a line of text turned 90°, page 3 a /Rotate 90 page."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(400, 400))
    for page in range(3):
        sheet.setFont("Helvetica", 12)
        sheet.drawString(40, 300, f"upright line on page {page + 1}")
        if page == 1:
            sheet.saveState()
            sheet.translate(200, 100)
            sheet.rotate(90)
            sheet.drawString(0, 0, "turned text")
            sheet.restoreState()
        if page == 2:
            sheet.setPageRotation(90)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def test_rotated_pages_fall_back_to_pdfplumber_and_say_so() -> None:
    plumber, pdfium = _both(_rotated_pdf())
    assert [line.text for line in pdfium.pages[1].lines] == [line.text for line in plumber.pages[1].lines]
    assert pdfium.notes == ("第 2、3 页含旋转、竖排或特殊字体的文字，已改用兼容方式逐字读取。",)
    assert differences(dataclasses.replace(plumber, notes=pdfium.notes), pdfium) == []
    assert "upright line on page 2" in pdfium.pages[1].lines[0].text
    assert pdfium.pages[1].char_count == plumber.pages[1].char_count == len("upright line on page 2turned text")


def test_pdfium_reader_refuses_like_pdfplumber(fixture_dir) -> None:
    data = fixture_dir["report.pdf"].read_bytes()
    with pytest.raises(errors.TooLarge, match="超过单个文件 3 页的上限"):
        pdfium_reader.read_pdf(data, "x.pdf", max_pages=3)
    with pytest.raises(errors.ParseTimeout, match="超时"):
        pdfium_reader.read_pdf(data, "x.pdf", deadline=time.monotonic() - 1)
    with pytest.raises(errors.NoTextLayer, match="没有文字层"):
        pdfium_reader.read_pdf(fixture_dir["scanned.pdf"].read_bytes(), "scan.pdf")
    with pytest.raises(errors.CorruptFile):
        pdfium_reader.read_pdf(b"%PDF-1.4\n garbage", "bad.pdf")


def test_pdfium_reader_refuses_an_encrypted_pdf() -> None:
    pytest.importorskip("pypdf", reason="pypdf makes the encrypted fixture")
    with pytest.raises(errors.EncryptedFile, match="加密"):
        read_document(synthetic.encrypted_pdf_bytes(), "locked.pdf")


def test_damaged_stream_keeps_the_other_pages(fixture_dir) -> None:
    """A truncated file: pdfium reads what it can (or refuses it), never hangs or crashes."""
    data = fixture_dir["report.pdf"].read_bytes()
    for cut in (0.3, 0.6, 0.95):
        try:
            document = pdfium_reader.read_pdf(data[: int(len(data) * cut)], "half.pdf")
        except (errors.CorruptFile, errors.NoTextLayer):
            continue
        assert document.page_count >= 1


def _variant_pdf(variant: str) -> bytes:
    from testbed import clean_model, to_pdf
    from testbed.variants import VARIANTS

    model, layout = VARIANTS[variant](clean_model())
    return to_pdf(model, layout)


def _variants() -> list[str]:
    from testbed.variants import VARIANTS

    return sorted(VARIANTS)


@pytest.mark.parametrize("variant", _variants())
def test_testbed_pdf_variant_reads_the_same_with_pdfium(variant: str) -> None:
    """The test bed prints with reportlab's STSong-Light, which is not embedded: pdfium would
    size its glyphs from a substitute font, so every page falls back, and says so."""
    plumber, pdfium = _both(_variant_pdf(variant))
    pages = "、".join(str(page.number) for page in pdfium.pages[:10]) + ("…" if pdfium.page_count > 10 else "")
    assert pdfium.notes == (f"第 {pages} 页含旋转、竖排或特殊字体的文字，已改用兼容方式逐字读取。",)
    assert differences(dataclasses.replace(plumber, notes=pdfium.notes), pdfium) == []


def _ruled_pdf() -> bytes:
    """Ruled tables of codes and amounts in an embedded-metrics font (Helvetica): pages that
    pdfium serves, with the table finder, cells, empty cells and text lines around them."""
    import random

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    rng = random.Random(5)
    style = ParagraphStyle("plain", fontName="Helvetica", fontSize=10, leading=14)
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), "Helvetica"), ("FONTSIZE", (0, 0), (-1, -1), 7),
                       ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story: list[object] = []
    for page in range(3):
        story.append(Paragraph(f"Table {page + 1} expenditure by subject (unit: 10k yuan)", style))
        rows = [["Code", "Subject", "Total", "Basic", "Project"]]
        for _ in range(12 + 4 * page):
            total = round(rng.uniform(0, 900), 2)
            basic = round(total * rng.choice([1.0, 0.5, 0.0]), 2)
            rows.append([str(rng.randrange(201, 230) * 10000 + rng.randrange(100, 999)), "Administration",
                         f"{total:,.2f}", f"{basic:,.2f}" if basic else "", f"{total - basic:,.2f}" if total - basic else ""])
        table = Table(rows)
        table.setStyle(grid)
        story += [table, Paragraph(f"Note: the total of page {page + 1} is {rng.uniform(1, 9):.2f} higher than last year.", style),
                  PageBreak()]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build(story)
    return buffer.getvalue()


def test_generated_ruled_tables_read_the_same_with_pdfium() -> None:
    plumber, pdfium = _both(_ruled_pdf())
    assert pdfium.notes == ()  # every page served by pdfium
    assert differences(plumber, pdfium) == []
    rows = [line for line in pdfium.iter_lines() if line.positional]
    assert len(rows) == 3 + 12 + 16 + 20 and rows[0].cells == ("Code", "Subject", "Total", "Basic", "Project")
    assert any(line.cells[3] == "" for line in rows)  # empty cells stay in place


@pytest.mark.parametrize("source", ["served by pdfium", "pdfplumber fallback"])
def test_page_character_limit_refuses_like_pdfplumber(source: str, fixture_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-page character limit (lib.limits) holds in both readers with the same message:
    on pages pdfium serves (Helvetica tables) and on pages it hands to pdfplumber (the
    fixture's non-embedded STSong). Before, the pdfium reader skipped such a page with a note."""
    data = _ruled_pdf() if source == "served by pdfium" else fixture_dir["report.pdf"].read_bytes()
    counts = [page.char_count for page in pdfium_reader.read_pdf(data, "x.pdf").pages]
    limit = max(counts) - 1  # only the densest page is over it
    monkeypatch.setattr(plumber_reader, "MAX_PAGE_CHARS", limit)
    refusals = []
    for reader in (plumber_reader.read_pdf, pdfium_reader.read_pdf):
        with pytest.raises(errors.TextTooLong) as caught:
            reader(data, "x.pdf")
        refusals.append(caught.value.message)
    page = counts.index(max(counts)) + 1
    assert refusals[0] == refusals[1] == (
        f"PDF 第 {page} 页有 {max(counts):,} 个字符，超过每页 {limit:,} 个字符的上限（正常页面约数千字），文件未加入。")
    monkeypatch.setattr(plumber_reader, "MAX_PAGE_CHARS", max(counts))  # at the limit: read
    assert pdfium_reader.read_pdf(data, "x.pdf").page_count == len(counts)

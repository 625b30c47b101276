"""Readers: every input kind becomes the same intermediate form, or a documented error."""

from __future__ import annotations

import pytest
import synthetic
from conftest import corpus_path

from lib import errors
from lib.readers import read_document
from lib.readers.text import text_to_lines


def test_tab_lines_keep_empty_cells_in_place() -> None:
    (line,) = text_to_lines("201\t\t一般公共服务支出\t166.30\t\t20.97", page=1, start_line=7)
    assert line.positional and line.line_no == 7
    assert line.cells == ("201", "", "一般公共服务支出", "166.30", "", "20.97")


def test_flattened_lines_are_tokens() -> None:
    (line,) = text_to_lines("2012901 行政运行 269.02 269.02")
    assert not line.positional and line.cells == ("2012901", "行政运行", "269.02", "269.02")


def test_html_cells_become_tab_separated() -> None:
    (line,) = text_to_lines("<tr><td>预算数</td><td>12.50</td></tr>")
    assert line.cells[:2] == ("预算数", "12.50")


@pytest.mark.parametrize("name", ["report_tabs.txt", "report_gbk.txt", "report_flat.txt"])
def test_text_encodings_and_layouts(fixture_dir, name: str) -> None:
    document = read_document(fixture_dir[name].read_bytes(), name)
    assert document.kind == "text"
    texts = [line.text for line in document.iter_lines()]
    assert any("收入决算表" in text for text in texts)
    assert all(line.page == 1 for line in document.iter_lines())


def test_xlsx_sheets_become_pages(fixture_dir) -> None:
    document = read_document(fixture_dir["report.xlsx"].read_bytes(), "report.xlsx")
    assert document.kind == "xlsx" and document.page_count == 10
    t6_rows = [line.cells for line in document.pages[5].lines]
    assert ("30101", "基本工资", "60.00", "30201", "办公费", "8.50") in t6_rows


def test_generated_pdf_rows_come_from_ruled_tables(fixture_dir) -> None:
    document = read_document(fixture_dir["report.pdf"].read_bytes(), "report.pdf")
    assert document.kind == "pdf"
    rows = [line for line in document.iter_lines() if line.positional]
    assert any(line.cells[:3] == ("2010101", "", "行政运行") for line in rows)
    first = rows[0]
    assert first.top is not None and first.bbox is not None and first.page >= 2


def test_scanned_pdf_is_refused(fixture_dir) -> None:
    with pytest.raises(errors.NoTextLayer, match="没有文字层"):
        read_document(fixture_dir["scanned.pdf"].read_bytes(), "scanned.pdf")


def test_encrypted_pdf_is_refused() -> None:
    pytest.importorskip("pypdf", reason="pypdf makes the encrypted fixture")
    with pytest.raises(errors.EncryptedFile, match="加密"):
        read_document(synthetic.encrypted_pdf_bytes(), "locked.pdf")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_refused_or_partial(fixture_dir, cut: float) -> None:
    data = fixture_dir["report.pdf"].read_bytes()
    try:
        document = read_document(data[: int(len(data) * cut)], "half.pdf")
    except (errors.CorruptFile, errors.NoTextLayer):
        return
    full = read_document(data, "report.pdf")
    # what a partial read recovers is text of the original, nothing invented
    assert document.char_count > 0 and document.page_count <= full.page_count
    assert {ln.text for ln in document.iter_lines()} <= {ln.text for ln in full.iter_lines()}


def test_random_bytes_are_refused(fixture_dir) -> None:
    with pytest.raises(errors.UnsupportedFile):
        read_document(fixture_dir["random.bin"].read_bytes(), "random.bin")


def test_word_file_renamed_to_pdf_is_refused() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(errors.UnsupportedFile, match="Word"):
        read_document(buffer.getvalue(), "report.pdf")


def test_empty_file_is_refused() -> None:
    with pytest.raises(errors.CorruptFile, match="为空"):
        read_document(b"  \n", "empty.txt")


def test_corpus_pdf_narrative_numbers_join_their_words() -> None:
    """财政局 prints narrative numbers on a lower baseline; they must stay in the sentence."""
    document = read_document(corpus_path("上海市普陀区财政局2024年度部门决算.pdf").read_bytes(), "x.pdf")
    page = document.pages[20]
    assert any("收入支出总计2995.39万元" in line.text for line in page.lines)


def test_corpus_empty_continuation_page_is_kept() -> None:
    document = read_document(corpus_path("上海市普陀区财政局2024年度部门决算.pdf").read_bytes(), "x.pdf")
    assert document.page_count == 25
    assert document.pages[13].lines == ()


def test_damaged_flate_stream_decodes_in_linear_time() -> None:
    """pdfminer's fallback for a damaged flate stream is quadratic (a truncated 1 MB font
    took minutes in the fuzz run); ours gives the same bytes in well under a second."""
    import random
    import time
    import zlib

    from pdfminer.pdftypes import decompress_corrupted as pdfminer_version

    from lib.readers.pdf import _decompress_corrupted

    rng = random.Random(3)
    payload = bytes(rng.randrange(256) for _ in range(1_500_000))
    truncated = zlib.compress(payload)[:-10]
    start = time.perf_counter()
    decoded = _decompress_corrupted(truncated)
    assert time.perf_counter() - start < 2.0
    assert payload.startswith(decoded) and len(decoded) > 1_400_000
    for size in (10, 500, 5000):
        damaged = bytearray(zlib.compress(payload[:size]))
        damaged[-1] ^= 0xFF  # a bad checksum only
        assert _decompress_corrupted(bytes(damaged)) == pdfminer_version(bytes(damaged))

"""The review document and the annotated original: opened and searched for every finding."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import synthetic
from conftest import ROOT, corpus_path, corpus_report
from pypdf import PdfReader

from lib import review
from lib.analysed import analyse, analyse_bytes
from lib.checks.findings import SEVERITY_LABELS

CORPUS_PDF = "上海市普陀区财政局2024年度部门决算.pdf"


@cache
def _synthetic() -> tuple:
    data = synthetic.pdf_bytes()
    return analyse_bytes(data, "synthetic.pdf"), data


@cache
def _corpus() -> tuple:
    path = corpus_path(CORPUS_PDF)
    return analyse(corpus_report(CORPUS_PDF)), path.read_bytes()


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def _cases():
    return [pytest.param(_synthetic, id="synthetic"), pytest.param(_corpus, id="corpus")]


@pytest.mark.parametrize("make", _cases())
def test_html_lists_every_finding_with_place_and_boxed_evidence(make) -> None:
    bundle, data = make()
    assert bundle.findings
    page = review.review_html(bundle, data)
    assert bundle.report.meta.department in page and bundle.report.meta.source_name in page
    for finding in bundle.findings:
        assert review.finding_place(bundle, finding) and review.finding_place(bundle, finding) in page
        assert review.html.escape(finding.message) in page
    boxed = [f for f in bundle.findings if any(p.boxes for p in bundle.evidence(f))]
    assert page.count("data:image/png;base64,") == sum(
        sum(1 for p in bundle.evidence(f) if p.boxes) for f in boxed)
    total = sum(n for _, n in review.severity_counts(bundle.findings))
    assert total == len(bundle.findings)


def test_html_escapes_report_text() -> None:
    bundle, _ = _synthetic()
    finding = bundle.findings[0]
    hostile = type(finding)(**{**finding.__dict__, "message": "<script>alert(1)</script>"})
    bundle = bundle.__class__(**{**bundle.__dict__, "findings": (hostile,)})
    page = review.review_html(bundle, None)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_text_export_shows_cited_lines(fixture_dir) -> None:
    path = fixture_dir["report_tabs.txt"]
    bundle = analyse_bytes(path.read_bytes(), path.name)
    page = review.review_html(bundle, None)
    assert "data:image" not in page
    cited = [text for f in bundle.findings or () for text in review.cited_texts(bundle, f)]
    assert cited, "the fixture's findings cite lines"
    for text in cited:
        assert review.html.escape(text) in page
        assert "页" not in text.split("：")[0]  # text exports cite 第N行


@pytest.mark.parametrize("make", _cases())
def test_review_pdf_has_every_finding_place(make) -> None:
    bundle, data = make()
    text = _text(review.review_pdf(bundle, data))
    for finding in bundle.findings:
        assert re.sub(r"\s+", "", review.finding_place(bundle, finding)) in text
        assert SEVERITY_LABELS[finding.severity] in text


@pytest.mark.parametrize("make", _cases())
def test_annotated_pdf_boxes_every_cited_line(make) -> None:
    bundle, data = make()
    reader = PdfReader(io.BytesIO(review.annotated_pdf(bundle, data)))
    expected: dict[int, list] = {}
    for finding in bundle.findings:
        for page in bundle.evidence(finding):
            height = float(reader.pages[page.page - 1].mediabox.top)
            for x0, top, x1, bottom in page.boxes:  # pdfplumber top-down → PDF bottom-up, 3 pt margin
                expected.setdefault(page.page, []).append(
                    (round(x0 - 3, 2), round(height - bottom - 3, 2), round(x1 + 3, 2), round(height - top + 3, 2)))
    assert expected, "the fixture cites at least one line"
    for number, page in enumerate(reader.pages, 1):
        notes = [a.get_object() for a in page.get("/Annots", [])]
        squares = [n for n in notes if n["/Subtype"] == "/Square"]
        rects = sorted(tuple(round(float(v), 2) for v in n["/Rect"]) for n in squares)
        assert rects == sorted(expected.get(number, [])), number
        for note in squares:
            assert [round(float(c), 2) for c in note["/C"]] == [0.86, 0.16, 0.16]
            assert note["/Contents"].startswith("【")


def test_cli_writes_review_and_annotated(fixture_dir, tmp_path: Path) -> None:
    path = fixture_dir["report.pdf"]
    out, annotated = tmp_path / "审查.pdf", tmp_path / "标注.pdf"
    run = subprocess.run([sys.executable, "-m", "lib", "check", str(path), "--format", "pdf", "--out", str(out),
                          "--annotated", str(annotated)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    bundle, _ = _synthetic()
    text = _text(out.read_bytes())
    assert all(re.sub(r"\s+", "", review.finding_place(bundle, f)) in text for f in bundle.findings)
    assert any(page.get("/Annots") for page in PdfReader(annotated).pages)
    html_out = tmp_path / "r.html"
    run = subprocess.run([sys.executable, "-m", "lib", "check", str(path), "--format", "html", "--out", str(html_out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0 and all(f.message in html_out.read_text(encoding="utf-8") or
                                       review.html.escape(f.message) in html_out.read_text(encoding="utf-8")
                                       for f in bundle.findings)
    missing = subprocess.run([sys.executable, "-m", "lib", "check", str(path), "--format", "html"], cwd=ROOT,
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "--out" in missing.stderr and "请用" in missing.stderr

"""OCR speed and accuracy on rasterised reports (not a timed test).

Each PDF is rendered by pdfium at 150 dpi into an image-only PDF (optionally rotated, as a
scanner would), read through the normal pipeline (→ OCR), and compared with the
text-layer reading: seconds per page (wall clock, and CPU of this process), `summary` key
figures equal, 错误 not raised by the text layer, and the verdicts on the OCR'd amounts.
Usage: python3 scripts/bench_ocr.py [--rotate DEG] [FILE.pdf …]  (default: the corpus PDFs
with a text layer, else the generated fixture)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from rasterise import rasterise_pdf  # noqa: E402

from lib.checks import run_checks  # noqa: E402
from lib.pipeline import parse_bytes  # noqa: E402
from lib.summary import summarize  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"


def key_figures(summary: dict) -> dict:
    """The report's figures in `summary` (reading_confidence is ours, compared apart)."""
    flat = {k: v for k, v in summary.items() if k not in ("expense_by_class", "reading_confidence")}
    flat.update({f"class:{c}": v for c, v in (summary.get("expense_by_class") or {}).items()})
    return flat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--rotate", type=float, default=0.0)
    args = parser.parse_args()
    files = [Path(f) for f in args.files] or sorted(p for p in CORPUS.glob("*.pdf") if "模板" not in p.name)
    sources = [(p.name, p.read_bytes()) for p in files]
    if not sources:
        import synthetic

        sources = [("synthetic.pdf", synthetic.pdf_bytes())]
    pages_all = seconds_all = 0.0
    for name, data in sources:
        text_layer = parse_bytes(data, name)
        scan = rasterise_pdf(data, dpi=150, rotate=args.rotate)
        started, cpu = time.monotonic(), time.process_time()
        report = parse_bytes(scan, name, time_limit=None, progress=lambda d, n, left: print(f"\r  {d}/{n} 页", end="", file=sys.stderr))
        wall, cpu = time.monotonic() - started, time.process_time() - cpu
        print(file=sys.stderr)
        pages = report.meta.page_count
        pages_all += pages
        seconds_all += wall
        want, got = key_figures(summarize(text_layer)), key_figures(summarize(report))
        equal = [k for k in want if got.get(k) == want[k]]
        errors_text = {(f.rule, f.expected, f.actual) for f in run_checks(text_layer) if f.severity == "error"}
        extra = [f for f in run_checks(report) if f.severity == "error" and (f.rule, f.expected, f.actual) not in errors_text]
        verdicts = Counter(r.status for r in report.ocr_readings)
        print(f"{name}（旋转 {args.rotate}°）：{pages} 页，{wall / pages:.2f} s/页（CPU {cpu / pages:.2f} s/页）；"
              f"summary 关键数字 {len(equal)}/{len(want)} 相同；OCR 新增错误 {len(extra)} 条；"
              f"金额核对 {dict(verdicts)}")
        for key in want:
            if key not in equal:
                print(f"    不同：{key} 文字层 {want[key]!r} OCR {got.get(key)!r}")
        for finding in extra:
            print(f"    新增错误：{finding.message}（{finding.location}）")
        confidence = (summarize(text_layer)["reading_confidence"], summarize(report)["reading_confidence"])
        if confidence[0] != confidence[1]:
            print(f"    读取可信度不同：文字层 {confidence[0]} OCR {confidence[1]}")
    print(f"合计：{pages_all:.0f} 页，平均 {seconds_all / max(pages_all, 1):.2f} s/页（本机 2 核，与其他进程共享）")


if __name__ == "__main__":
    main()

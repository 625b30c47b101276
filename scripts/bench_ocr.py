"""OCR speed and accuracy on rasterised reports (not a timed test).

Each PDF is rendered by pdfium at 150 dpi into an image-only PDF (optionally rotated, as a
scanner would; or only some pages, a partly scanned report), read through the normal
pipeline (→ OCR), and compared with the text-layer reading: seconds per OCR'd page (wall
clock, and CPU of this process, all threads), where the CPU went (detection, recognition,
our image processing), `summary` key figures equal, 错误 not raised by the text layer, and
the verdicts on the OCR'd amounts. The load average is printed beside every timing: the
machine may be shared.

Usage: python3 scripts/bench_ocr.py [--rotate DEG] [--pages 5-16] [--threads N] [FILE.pdf …]
(default: the corpus PDFs with a text layer, else the generated fixture)
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from rasterise import partly_scanned_pdf, rasterise_pdf  # noqa: E402

from lib.checks import run_checks  # noqa: E402
from lib.pipeline import parse_bytes  # noqa: E402
from lib.readers import ocr  # noqa: E402
from lib.summary import summarize  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"
STAGES: Counter[str] = Counter()  # CPU seconds per stage, summed over the page threads
_lock = threading.Lock()


def _timed(stage: str, function):  # type: ignore[no-untyped-def]
    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.thread_time()  # this thread only: pages run side by side
        try:
            return function(*args, **kwargs)
        finally:
            with _lock:
                STAGES[stage] += time.thread_time() - started
    return run


def instrument() -> None:
    """Count the CPU of detection, recognition and the whole page (the rest is ours)."""
    ocr.Engine.detect = _timed("检测 detection", ocr.Engine.detect)  # type: ignore[method-assign]
    ocr.Engine.read = _timed("识别 recognition", ocr.Engine.read)  # type: ignore[method-assign]
    ocr._page_lines = _timed("整页 page", ocr._page_lines)  # type: ignore[assignment]


def key_figures(summary: dict) -> dict:
    """The report's figures in `summary` (reading_confidence is ours, compared apart)."""
    flat = {k: v for k, v in summary.items() if k not in ("expense_by_class", "reading_confidence")}
    flat.update({f"class:{c}": v for c, v in (summary.get("expense_by_class") or {}).items()})
    return flat


def page_range(text: str) -> list[int]:
    """'5-16' → 0-based [4 … 15]."""
    first, _, last = text.partition("-")
    return list(range(int(first) - 1, int(last or first)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--rotate", type=float, default=0.0)
    parser.add_argument("--pages", help="scan only these pages (1-based, e.g. 5-16): a partly scanned PDF")
    parser.add_argument("--threads", type=int, help="pages OCR'd side by side (default: one per core)")
    args = parser.parse_args()
    if args.threads:
        os.environ["JUESUAN_OCR_THREADS"] = str(args.threads)
    instrument()
    files = [Path(f) for f in args.files] or sorted(p for p in CORPUS.glob("*.pdf") if "模板" not in p.name)
    sources = [(p.name, p.read_bytes()) for p in files]
    if not sources:
        import synthetic

        sources = [("synthetic.pdf", synthetic.pdf_bytes())]
    print(f"每次并行识别 {ocr.page_threads()} 页；检测图像长边 {ocr.DET_MAX_SIDE} px；渲染 {ocr.RENDER_DPI} dpi")
    pages_all = wall_all = cpu_all = 0.0
    for name, data in sources:
        text_layer = parse_bytes(data, name)
        scan = (partly_scanned_pdf(data, page_range(args.pages)) if args.pages
                else rasterise_pdf(data, dpi=150, rotate=args.rotate))
        STAGES.clear()
        load = os.getloadavg()[0]
        started, cpu = time.monotonic(), time.process_time()
        report = parse_bytes(scan, name, time_limit=None, progress=lambda d, n, left: print(f"\r  {d}/{n} 页", end="", file=sys.stderr))
        wall, cpu = time.monotonic() - started, time.process_time() - cpu
        print(file=sys.stderr)
        pages = len(report.ocr_pages)
        pages_all, wall_all, cpu_all = pages_all + pages, wall_all + wall, cpu_all + cpu
        want, got = key_figures(summarize(text_layer)), key_figures(summarize(report))
        equal = [k for k in want if got.get(k) == want[k]]
        errors_text = {(f.rule, f.expected, f.actual) for f in run_checks(text_layer) if f.severity == "error"}
        extra = [f for f in run_checks(report) if f.severity == "error" and (f.rule, f.expected, f.actual) not in errors_text]
        verdicts = Counter(r.status for r in report.ocr_readings)
        what = f"第 {args.pages} 页扫描" if args.pages else f"旋转 {args.rotate}°"
        print(f"{name}（{what}）：OCR {pages} 页，{wall / pages:.2f} s/页（CPU {cpu / pages:.2f} s/页；"
              f"负载 {load:.1f}→{os.getloadavg()[0]:.1f}）；summary 关键数字 {len(equal)}/{len(want)} 相同；"
              f"OCR 新增错误 {len(extra)} 条；金额核对 {dict(verdicts)}")
        page_cpu = STAGES.pop("整页 page", 0.0)
        ours = page_cpu - sum(STAGES.values())
        shown = [*(f"{stage} {seconds / pages:.2f}" for stage, seconds in STAGES.items()), f"图像处理 ours {ours / pages:.2f}",
                 f"其余（渲染、表格识别、核对）{(cpu - page_cpu) / pages:.2f}"]
        print("    CPU s/页：" + "，".join(shown))
        for key in want:
            if key not in equal:
                print(f"    不同：{key} 文字层 {want[key]!r} OCR {got.get(key)!r}")
        for finding in extra:
            print(f"    新增错误：{finding.message}（{finding.location}）")
        confidence = (summarize(text_layer)["reading_confidence"], summarize(report)["reading_confidence"])
        if confidence[0] != confidence[1]:
            print(f"    读取可信度不同：文字层 {confidence[0]} OCR {confidence[1]}")
    print(f"合计：OCR {pages_all:.0f} 页，平均 {wall_all / max(pages_all, 1):.2f} s/页，CPU {cpu_all / max(pages_all, 1):.2f} s/页"
          f"（本机 {os.cpu_count()} 核；负载 {os.getloadavg()[0]:.1f}）")


if __name__ == "__main__":
    main()

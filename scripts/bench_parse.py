"""Parse time per page on the corpus PDFs, next to raw pdfplumber on the same files.

Raw = pdfplumber.open + extract_text() + extract_tables() on every page; ours = the whole
pipeline (read → recognise → Report). Target: ratio ≤ 1.3. Run: python scripts/bench_parse.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lib.errors import ReportError  # noqa: E402
from lib.pipeline import parse_bytes  # noqa: E402

PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"


def raw_pdfplumber(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def ours(data: bytes, name: str) -> None:
    try:
        parse_bytes(data, name, allow_template=True)
    except ReportError:
        pass


def best_of(runs: int, function, *args) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main(runs: int = 3) -> int:
    if not PDFS.exists():
        print(f"corpus not found at {PDFS}")
        return 1
    ratios = []
    print(f"{'file':<42} {'pages':>5} {'raw ms/page':>12} {'ours ms/page':>13} {'ratio':>6}")
    for path in sorted(PDFS.glob("*.pdf")):
        data = path.read_bytes()
        pages = raw_pdfplumber(data)
        raw = best_of(runs, raw_pdfplumber, data)
        mine = best_of(runs, ours, data, path.name)
        ratios.append(mine / raw)
        print(f"{path.name[:40]:<42} {pages:>5} {raw / pages * 1000:>12.1f} {mine / pages * 1000:>13.1f} {mine / raw:>6.2f}")
    print(f"median ratio {statistics.median(ratios):.2f} (target ≤ 1.30), max {max(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))

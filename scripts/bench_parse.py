"""Reading speed on the corpus PDFs, next to raw pdfplumber on the same files.

Raw = pdfplumber.open + extract_text() + extract_tables() on every page. Printed per PDF
(median of ROUNDS runs each, runs interleaved so machine load hits both sides alike):

- whole process: `python3 -m lib summary FILE` vs a raw pdfplumber process (targets ≤ 0.5×);
- in process: reading the Document with the pdfium reader (the default) and with the
  pdfplumber reader, vs raw pdfplumber in the same process (target ≤ 0.35×);
- `python3 -m lib --help` (target < 0.15 s).

Processes are also timed in CPU seconds (user + system, from wait4), which a loaded
machine inflates less than the wall clock; the load average is printed with the results.
`lib`'s bytecode is compiled first: without it every process compiles our modules from
source (~0.1 s), which only happens on a machine that sets PYTHONDONTWRITEBYTECODE (this
one does); a user's second run finds the cached bytecode.

Run: python3 scripts/bench_parse.py [ROUNDS]   (default 5)
"""

from __future__ import annotations

import compileall
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"
RAW_SCRIPT = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_text(); page.extract_tables()\n"
)


def raw_pdfplumber(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def read_with(reader: str, data: bytes) -> None:
    from lib.errors import ReportError
    from lib.readers import pdf_reader

    try:
        pdf_reader(reader)(data, "bench.pdf")
    except ReportError:
        pass


def process_seconds(args: list[str], cpu: list[float] | None = None) -> float:
    """Wall seconds of one process; its CPU seconds (user + system) appended to `cpu`."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return time.perf_counter() - start


def load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main(rounds: int = 5) -> int:
    if not PDFS.exists():
        print(f"corpus not found at {PDFS}")
        return 1
    python = sys.executable
    compileall.compile_dir(ROOT / "lib", quiet=1)
    print(f"start: {load()}")
    helps = [process_seconds([python, "-m", "lib", "--help"]) for _ in range(rounds)]
    print(f"python3 -m lib --help: median {statistics.median(helps):.3f} s (target < 0.15 s)")
    print(f"\n{'file':<30} {'pages':>5} | {'raw proc s':>10} {'summary s':>9} {'ratio':>5} {'cpu ratio':>9} | "
          f"{'raw s':>6} {'pdfium s':>8} {'ratio':>5} {'plumber s':>9} {'ratio':>5}")
    whole_ratios, cpu_ratios, read_ratios = [], [], []
    for path in sorted(PDFS.glob("*.pdf")):
        data = path.read_bytes()
        pages = raw_pdfplumber(data)  # warm the page cache and imports
        read_with("pdfium", data)
        raw_proc, ours_proc, raw_in, pdfium_in, plumber_in = [], [], [], [], []
        raw_cpu: list[float] = []
        ours_cpu: list[float] = []
        for _ in range(rounds):
            raw_proc.append(process_seconds([python, "-c", RAW_SCRIPT, str(path)], raw_cpu))
            ours_proc.append(process_seconds([python, "-m", "lib", "summary", str(path)], ours_cpu))
            raw_in.append(timed(raw_pdfplumber, data))
            pdfium_in.append(timed(read_with, "pdfium", data))
            plumber_in.append(timed(read_with, "pdfplumber", data))
        rp, op, ri, fi, pi = (statistics.median(v) for v in (raw_proc, ours_proc, raw_in, pdfium_in, plumber_in))
        cpu_ratio = statistics.median(ours_cpu) / statistics.median(raw_cpu)
        whole_ratios.append(op / rp)
        cpu_ratios.append(cpu_ratio)
        read_ratios.append(fi / ri)
        print(f"{path.name[:28]:<30} {pages:>5} | {rp:>10.2f} {op:>9.2f} {op / rp:>5.2f} {cpu_ratio:>9.2f} | "
              f"{ri:>6.2f} {fi:>8.2f} {fi / ri:>5.2f} {pi:>9.2f} {pi / ri:>5.2f}")
    print(f"\nwhole process (summary / raw): max {max(whole_ratios):.2f} (target ≤ 0.50); in CPU time max "
          f"{max(cpu_ratios):.2f}")
    print(f"in process (pdfium reader / raw): max {max(read_ratios):.2f} (target ≤ 0.35)")
    print(f"end: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))

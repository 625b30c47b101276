"""Batch-ingest throughput: the corpus ingested into a fresh library with 1 and with 2
worker processes; prints files/s and the speed-up (target ≥ 1.8× with 2 workers).
Run: python scripts/bench_ingest.py [repeats=2] [copies=2]

`copies` ingests each corpus file that many times with a one-byte-different tail (so each
copy is a new report), giving the pool enough files to keep two workers busy.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lib.ingest import ingest_paths  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def make_batch(folder: Path, copies: int) -> list[Path]:
    files = []
    for source in sorted(CORPUS.glob("*/*")):
        if source.suffix not in (".pdf", ".txt"):
            continue
        for copy in range(copies):
            target = folder / f"{source.stem}_{copy}{source.suffix}"
            data = source.read_bytes()
            tail = b"\n" * (copy + 1) if source.suffix == ".txt" else b"%" + b" " * copy + b"\n"
            target.write_bytes(data + tail)
            files.append(target)
    return files


def run(files: list[Path], workers: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        results = ingest_paths(files, db, workers=workers, keep_originals=True)
        elapsed = time.perf_counter() - start
    bad = [r for r in results if r.status == "error"]
    if bad:
        raise SystemExit(f"ingest errors: {bad[:3]}")
    return elapsed


def main(repeats: int = 2, copies: int = 2) -> int:
    os.environ["JUESUAN_SAMPLE"] = "0"  # time the ingest, not seeding a new library with the sample
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        files = make_batch(folder, copies)
        timings = {workers: statistics.median(run(files, workers) for _ in range(repeats)) for workers in (1, 2)}
    finally:
        shutil.rmtree(folder)
    for workers, seconds in timings.items():
        print(f"{workers} worker(s): {len(files)} files in {seconds:6.1f}s  ({len(files) / seconds:.2f} files/s)")
    speedup = timings[1] / timings[2]
    print(f"speed-up with 2 workers: {speedup:.2f}× (target ≥ 1.8×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*(int(a) for a in sys.argv[1:3])))

"""Ingest on a Dask LocalCluster: the corpus (each file in COPIES one-byte-different copies)
parsed into a Parquet dataset with 1 and with 2 worker processes (one thread each);
prints the time of the map (cluster started and warmed first) and the speed-up (target
≥ 1.8× with 2 workers).

Rounds alternate 1 and 2 workers so that the load of a shared machine falls on both alike;
the medians are compared. Also printed per run: the CPU seconds the workers spent and
how many cores that kept busy (CPU seconds ÷ wall seconds) — on a machine shared with
other jobs two workers cannot be faster than the cores they are given, and this says
how many they got. The load average is printed with the results.

Run: python3 scripts/bench_cluster.py [copies=2] [rounds=3]
"""

from __future__ import annotations

import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_ingest import CORPUS, make_batch  # noqa: E402

from lib import cluster  # noqa: E402


def _warm() -> bool:
    import lib.ingest  # noqa: F401  (the imports every task needs, paid before timing)
    import lib.narrative  # noqa: F401
    import lib.readers.pdfium  # noqa: F401
    import lib.store  # noqa: F401

    return True


def _cpu() -> float:
    return time.process_time()


def run(files: list[Path], workers: int) -> tuple[float, float]:
    """(wall seconds of the map, CPU seconds the workers spent on it)."""
    from dask.distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp, \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        client.run(_warm)
        before = client.run(_cpu)
        start = time.perf_counter()
        results = cluster.ingest_dataset(files, Path(tmp) / "dataset", client=client)
        elapsed = time.perf_counter() - start
        after = client.run(_cpu)
    bad = [r for r in results if r.status == "error"]
    if bad:
        raise SystemExit(f"ingest errors: {bad[:3]}")
    return elapsed, sum(after[w] - before[w] for w in after)


def load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def main(copies: int = 2, rounds: int = 3) -> int:
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="bench_cluster_"))
    timings: dict[int, list[float]] = {1: [], 2: []}
    print(f"start: {load()}")
    try:
        files = make_batch(folder, copies)
        for round_ in range(rounds):
            for workers in (1, 2):
                wall, cpu = run(files, workers)
                timings[workers].append(wall)
                print(f"round {round_ + 1}, {workers} worker(s): {len(files)} files in {wall:6.1f}s, "
                      f"workers' CPU {cpu:5.1f}s ({cpu / wall:.2f} cores busy)  [{load()}]")
    finally:
        shutil.rmtree(folder)
    one, two = statistics.median(timings[1]), statistics.median(timings[2])
    print(f"median: 1 worker {one:.1f}s, 2 workers {two:.1f}s; speed-up with 2 workers: {one / two:.2f}× "
          "(target ≥ 1.8×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*(int(a) for a in sys.argv[1:3])))

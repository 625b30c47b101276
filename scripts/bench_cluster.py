"""Ingest on a Dask LocalCluster: the corpus (each file in COPIES one-byte-different copies)
parsed into a Parquet dataset with 1 and with 2 worker processes; prints the time of the
map (cluster started and warmed first) and the speed-up (target ≥ 1.8× with 2 workers).
Run: python3 scripts/bench_cluster.py [copies=2]
"""

from __future__ import annotations

import logging
import shutil
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

    return True


def run(files: list[Path], workers: int) -> float:
    from dask.distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp, \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        client.run(_warm)
        start = time.perf_counter()
        results = cluster.ingest_dataset(files, Path(tmp) / "dataset", client=client)
        elapsed = time.perf_counter() - start
    bad = [r for r in results if r.status == "error"]
    if bad:
        raise SystemExit(f"ingest errors: {bad[:3]}")
    return elapsed


def main(copies: int = 2) -> int:
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="bench_cluster_"))
    try:
        files = make_batch(folder, copies)
        timings = {workers: run(files, workers) for workers in (1, 2)}
    finally:
        shutil.rmtree(folder)
    for workers, seconds in timings.items():
        print(f"{workers} worker(s): {len(files)} files in {seconds:6.1f}s  ({len(files) / seconds:.2f} files/s)")
    print(f"speed-up with 2 workers: {timings[1] / timings[2]:.2f}× (target ≥ 1.8×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*(int(a) for a in sys.argv[1:2])))

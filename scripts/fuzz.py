"""Long fuzz run: N mutated inputs through readers, recogniser and check engine.

Each input runs in a worker process with a wall-clock limit, so a hang is counted, not
waited on. Prints the count per outcome; exits 1 on any crash or hang.
Run: python scripts/fuzz.py [N=10000] [--workers 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import logging
import multiprocessing
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import fuzzing  # noqa: E402
import synthetic  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
HANG_SECONDS = 90.0


def seed_inputs() -> list[tuple[str, bytes, int]]:
    """(name, bytes, weight): generated fixtures always, the corpus when present."""
    seeds = [
        ("tabs.txt", synthetic.tab_text().encode(), 30),
        ("flat.txt", synthetic.flattened_text().encode(), 15),
        ("report.xlsx", synthetic.xlsx_bytes(), 10),
        ("report.pdf", synthetic.pdf_bytes(), 10),
    ]
    if CORPUS.exists():
        for path in sorted((CORPUS / "seeds").glob("*.txt")):
            seeds.append((path.name, path.read_bytes(), 6))
        for path in sorted((CORPUS / "pdfs").glob("*.pdf")):
            seeds.append((path.name, path.read_bytes(), 1))
    return seeds


def _run(task: tuple[int, str, bytes]) -> tuple[int, str, str]:
    index, name, data = task
    logging.disable(logging.CRITICAL)
    return index, name, fuzzing.outcome(data, name, time_limit=HANG_SECONDS / 2)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder to save inputs that crash or hang")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = seed_inputs()
    weights = [weight for _, _, weight in seeds]
    counts: collections.Counter[str] = collections.Counter()
    problems: list[str] = []
    start = time.monotonic()
    pool = multiprocessing.Pool(args.workers, maxtasksperchild=200)
    pending: list[tuple[int, str, str, multiprocessing.pool.AsyncResult]] = []

    def collect(block: bool) -> None:
        nonlocal pool
        while pending and (block or pending[0][3].ready()):
            index, name, how, result = pending.pop(0)
            try:
                _, _, outcome = result.get(timeout=HANG_SECONDS)
            except multiprocessing.TimeoutError:
                outcome = "hang"
                pool.terminate()
                pool = multiprocessing.Pool(args.workers, maxtasksperchild=200)
                for item in pending:  # resubmit what the dead pool held
                    problems.append(f"resubmitted #{item[0]}")
                pending[:] = [(i, n, h, pool.apply_async(_run, ((i, n, b),))) for i, n, h, b in _requeue(pending)]
            key = outcome.split(":")[0] if outcome.startswith("crash") else outcome
            counts[key] += 1
            if key in ("crash", "hang"):
                problems.append(f"#{index} {name} [{how}] → {outcome}")
                print(f"PROBLEM {problems[-1]}", file=sys.stderr)
                if args.keep and index in requeue_data:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{index}_{key}_{name}").write_bytes(requeue_data[index])
            done = sum(counts.values())
            if done % 500 == 0:
                print(f"{done}/{args.count} {dict(counts)} {time.monotonic() - start:.0f}s", file=sys.stderr)

    requeue_data: dict[int, bytes] = {}

    def _requeue(items):  # type: ignore[no-untyped-def]
        return [(i, n, h, requeue_data[i]) for i, n, h, _ in items]

    for index in range(args.count):
        name, data, _ = rng.choices(seeds, weights)[0]
        mutated, how = fuzzing.mutate(data, name, rng)
        requeue_data[index] = mutated
        pending.append((index, name, how, pool.apply_async(_run, ((index, name, mutated),))))
        if len(pending) >= args.workers * 4:
            collect(block=True)
        for done_index in [i for i in list(requeue_data) if i < index - args.workers * 8]:
            requeue_data.pop(done_index, None)
    collect(block=True)
    pool.close()
    elapsed = time.monotonic() - start
    print(f"inputs: {sum(counts.values())} in {elapsed:.0f}s")
    for key, value in counts.most_common():
        print(f"  {key:<22} {value}")
    print(f"uncaught exceptions: {counts['crash']}, hangs: {counts['hang']}")
    for line in problems[:50]:
        print("  " + line)
    return 1 if counts["crash"] or counts["hang"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Long fuzz run: N mutated inputs through readers, recogniser and check engine.

Each input runs in its own child process (lib.sandbox: memory cap, wall-clock alarm, killed
when it overruns anyway), so a hang is counted, not waited on, and each input's peak
memory is measured. Mutations include size and time bombs (repeated text, one huge line,
xlsx with very many rows, a very wide declared range, a decompression bomb; .xls with
the most rows, 256-cell rows, stored blank cells, megabytes of cell text; PNG/JPEG headers
declaring enormous canvases or billions of frames, and a real 600 dpi page for OCR).
Prints the count per outcome and the peak memory; exits 1 on any crash or hang.
Run: python scripts/fuzz.py [N=10000] [--workers 2] [--seed 1] [--minutes M]
(--minutes: no new input starts after M minutes; the inputs already running finish and the
report states the exact number that ran — on a shared machine, a run that must end by a time.)
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import fuzzing  # noqa: E402
import synthetic  # noqa: E402
import testbed  # noqa: E402

from lib import sandbox  # noqa: E402
from lib.errors import ParseTimeout, ReportError  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TIME_LIMIT = 45.0  # per input, as fuzzing.outcome's parse limit; the child is killed 5 s later
MIB = 1024 * 1024


def seed_inputs() -> list[tuple[str, bytes, int]]:
    """(name, bytes, weight): generated fixtures always, the corpus when present."""
    seeds = [
        ("tabs.txt", synthetic.tab_text().encode(), 30),
        ("flat.txt", synthetic.flattened_text().encode(), 15),
        ("report.xlsx", synthetic.xlsx_bytes(), 10),
        ("report.pdf", synthetic.pdf_bytes(), 10),
        ("report.xls", testbed.to_xls(testbed.clean_model()), 8),
        ("page.png", fuzzing.page_image(), 1),  # read by OCR: seconds each, so rare
    ]
    if CORPUS.exists():
        for path in sorted((CORPUS / "seeds").glob("*.txt")):
            seeds.append((path.name, path.read_bytes(), 6))
        for path in sorted((CORPUS / "pdfs").glob("*.pdf")):
            seeds.append((path.name, path.read_bytes(), 1))
    return seeds


def run_one(data: bytes, name: str) -> tuple[str, int]:
    """(outcome, peak resident bytes of the child; 0 when it was killed)."""
    try:
        result = sandbox.run_isolated(fuzzing.isolated_outcome, data, name, TIME_LIMIT, time_limit=TIME_LIMIT + 5)
        return result.value, result.peak_rss
    except ParseTimeout as exc:
        return ("hang" if exc.detail == "killed" else exc.code), 0
    except ReportError as exc:  # memory cap, or the child died
        return exc.code, 0
    except Exception as exc:
        return f"crash:{type(exc).__name__}: {str(exc)[:200]}", 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder to save inputs that crash or hang")
    parser.add_argument("--bombs", type=float, default=0.05, help="share of inputs that are size/time bombs")
    parser.add_argument("--minutes", type=float, help="start no new input after this many minutes")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = seed_inputs()
    weights = [weight for _, _, weight in seeds]
    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    problems: list[str] = []
    peaks: list[tuple[int, str, str]] = []
    started = time.monotonic()

    def make(index: int) -> tuple[int, str, str, bytes]:
        name, data, _ = rng.choices(seeds, weights)[0]
        if rng.random() < args.bombs:
            data, how, name = fuzzing.bomb(data, name, rng)
        else:
            data, how = fuzzing.mutate(data, name, rng)
        return index, name, how, data

    def task(item: tuple[int, str, str, bytes]) -> tuple[int, str, str, bytes, str, int, float]:
        index, name, how, data = item
        begun = time.monotonic()
        outcome, peak = run_one(data, name)
        return index, name, how, data, outcome, peak, time.monotonic() - begun

    pool = ThreadPoolExecutor(max_workers=args.workers)
    pending = [pool.submit(task, make(i)) for i in range(min(args.count, args.workers * 2))]
    next_index = len(pending)
    try:
        while pending:
            index, name, how, data, outcome, peak, seconds = pending.pop(0).result()
            in_time = args.minutes is None or time.monotonic() - started < args.minutes * 60
            if next_index < args.count and in_time:
                pending.append(pool.submit(task, make(next_index)))
                next_index += 1
            key = outcome.split(":")[0] if outcome.startswith("crash") else outcome
            counts[key] += 1
            kinds[how if how in fuzzing.BOMBS else "mutation"] += 1
            peaks.append((peak, f"#{index} {name} [{how}] {len(data):,} B", outcome))
            if key in ("crash", "hang"):
                problems.append(f"#{index} {name} [{how}] → {outcome}")
                print(f"PROBLEM {problems[-1]}", file=sys.stderr)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{index}_{key}_{name}").write_bytes(data)
            done = sum(counts.values())
            if done % 250 == 0:
                print(f"{done}/{args.count} {dict(counts)} {time.monotonic() - started:.0f}s, "
                      f"peak {max(peaks)[0] / MIB:.0f} MiB", file=sys.stderr)
    except KeyboardInterrupt:  # stopped early (e.g. a time budget): report what ran
        print(f"interrupted after {sum(counts.values())} inputs", file=sys.stderr)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    elapsed = time.monotonic() - started
    peaks.sort(reverse=True)
    if sum(counts.values()) < args.count:
        print(f"stopped early: {sum(counts.values())} of {args.count} inputs ran")
    print(f"inputs: {sum(counts.values())} in {elapsed:.0f}s (bombs: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()) if k != "mutation") + ")")
    for key, value in counts.most_common():
        print(f"  {key:<22} {value}")
    print(f"uncaught exceptions: {counts['crash']}, hangs: {counts['hang']}")
    print(f"peak memory per input: max {peaks[0][0] / MIB:.0f} MiB ({peaks[0][1]} → {peaks[0][2]}), "
          f"median {peaks[len(peaks) // 2][0] / MIB:.0f} MiB")
    for line in problems[:50]:
        print("  " + line)
    return 1 if counts["crash"] or counts["hang"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

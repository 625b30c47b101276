"""Two checkouts of the app side by side in one browser: which change helps, within this machine's noise.

Starts a Streamlit server on each checkout (same synthetic library), and in alternating
rounds opens a fresh tab on each and runs the interactions of `bench_browser.py` (first
paint, every page from the sidebar, the 对比 kind steps), so that the load of a shared
machine falls on both alike. Prints p50 wall / browser CPU / KiB sent per interaction and
checkout. Round 0 only warms the servers.

Run: python3 scripts/bench_browser_ab.py OTHER_CHECKOUT [ROUNDS=4] [SIZE=1000]
     (e.g. `git worktree add /tmp/base main`, then OTHER_CHECKOUT=/tmp/base)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import bench_browser  # noqa: E402

from scripts.appserver import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    other, rounds = Path(sys.argv[1]).resolve(), int(sys.argv[2]) if len(sys.argv) > 2 else 4
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    from playwright.sync_api import sync_playwright

    db = Path(tempfile.mkdtemp(prefix="bench_ab_")) / "synthetic.duckdb"
    bench_browser._maker().build(db, size, seed=6)
    checkouts = {"this": ROOT, "other": other}
    samples: dict[tuple[str, str], list[tuple[float, int, float, float]]] = {}
    with ExitStack() as stack, sync_playwright() as playwright:
        apps = {name: stack.enter_context(serve({"JUESUAN_DB": str(db), "JUESUAN_SAMPLE": "0"}, root=root,
                                                wait_seconds=240)) for name, root in checkouts.items()}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for round_number in range(rounds + 1):
            for name, app in apps.items():
                tab = browser.new_page(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
                probe = bench_browser.Probe(tab, app.pid)
                measured = [("首屏（报告库表格出现）", bench_browser._first_paint(probe, app.url))]
                measured += [(label, probe.measure(action)) for label, action in bench_browser._steps(probe)]
                tab.close()
                for label, value in measured:
                    if round_number and label:
                        samples.setdefault((label, name), []).append(value)
        browser.close()
    print(f"{size} reports, {rounds} rounds: this = {ROOT}, other = {other}")
    print(f"  {'interaction':<24} {'checkout':<6} {'p50 ms':>7} {'browser CPU ms':>15} {'KiB sent':>9}")
    for label, name in ((label, name) for label in dict.fromkeys(k for k, _ in samples) for name in checkouts):
        values = samples[label, name]
        wall = statistics.median(v[0] for v in values) * 1000
        cpu = statistics.median(v[2] for v in values) * 1000
        kib = statistics.median(v[1] for v in values) / 1024
        print(f"  {label:<24} {name:<6} {wall:7.0f} {cpu:15.0f} {kib:9.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

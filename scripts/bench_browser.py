"""What a user waits for, in a real browser, on large synthetic libraries.

For each library size (default 1,000 and 10,000 reports, scripts/make_synthetic_library.py)
a Streamlit server is started on it and headless Chromium (Playwright, Debian's
/usr/bin/chromium) times, from the action to the page finishing its script run:
first paint (open the app until the library table shows), switching to each page from the
sidebar, and on 对比与情景 choosing a department kind and selecting all its reports.
Prints p50/p95 per interaction over ROUNDS rounds and the server's resident memory.
Targets (issue 13): p50 < 300 ms, p95 < 600 ms at 1,000; p50 < 500 ms at 10,000; first
paint < 1.5 s; server < 500 MiB at 10,000.

Run: python3 scripts/bench_browser.py [ROUNDS=5] [SIZES=1000,10000]
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.appserver import CHROMIUM, CHROMIUM_ARGS, RUN_DONE, serve  # noqa: E402

PAGES = ("收支结构", "预算执行", "三公经费", "一致性检查", "对比与情景", "报告库")


def _maker():
    spec = importlib.util.spec_from_file_location("make_synthetic_library", ROOT / "scripts" / "make_synthetic_library.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run_done(tab, since: float) -> float:
    """Seconds from `since` until the script run has finished (status widget gone)."""
    tab.wait_for_timeout(50)
    tab.wait_for_function(RUN_DONE, timeout=120_000, polling=20)
    return time.perf_counter() - since


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms"


def bench(size: int, rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix=f"bench_browser_{size}_"))
    db = folder / "synthetic.duckdb"
    saved = os.environ.pop("JUESUAN_DB", None)
    started = time.perf_counter()
    _maker().build(db, size, seed=6)
    if saved is not None:
        os.environ["JUESUAN_DB"] = saved
    print(f"\n{size} reports (library built in {time.perf_counter() - started:.0f} s)")
    timings: dict[str, list[float]] = {}
    with serve({"JUESUAN_DB": str(db), "JUESUAN_SAMPLE": "0"}, wait_seconds=240) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for round_number in range(rounds + 1):  # round 0 warms the server's caches, not timed
            tab = browser.new_page(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
            start = time.perf_counter()
            tab.goto(app.url)
            tab.locator("[data-testid='stDataFrame']").first.wait_for(timeout=120_000)
            paint = time.perf_counter() - start
            _run_done(tab, start)
            sample = {"首屏（报告库表格出现）": paint}
            for name in PAGES:
                link = tab.locator("[data-testid='stSidebarNav'] a", has_text=name).first
                start = time.perf_counter()
                link.click()
                sample[f"切换到{name}"] = _run_done(tab, start)
                if name == "对比与情景":  # the kinds default to the chosen reports': choose 总工会 alone
                    kinds = tab.locator("[data-testid='stMultiSelect']").filter(has_text="按部门类别选择")
                    kinds.locator("button[aria-label='Clear all']").click()
                    _run_done(tab, time.perf_counter())
                    kinds.locator("input").fill("总工会")
                    start = time.perf_counter()
                    tab.get_by_role("option", name="总工会", exact=True).click()
                    tab.keyboard.press("Escape")
                    sample["对比：选择类别"] = _run_done(tab, start)
                    start = time.perf_counter()
                    tab.get_by_role("button", name="选中这些类别的全部报告").click()
                    sample["对比：选中这些类别的全部报告"] = _run_done(tab, start)
            tab.close()
            if round_number:
                for key, value in sample.items():
                    timings.setdefault(key, []).append(value)
        browser.close()
        memory = _rss_mib(app.pid)
    for key, values in timings.items():
        print(f"  {key:<24} {_percentiles(values)}")
    print(f"  server memory (RSS) {memory:.0f} MiB")


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sizes = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "1000,10000").split(",")]
    if not Path(CHROMIUM).exists():
        print(f"chromium not found at {CHROMIUM}")
        return 1
    for size in sizes:
        bench(size, rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What a user waits for, in a real browser, on large synthetic libraries.

For each library size (default 1,000 and 10,000 reports, scripts/make_synthetic_library.py)
a Streamlit server is started on it and headless Chromium (Playwright, Debian's
/usr/bin/chromium) times each interaction from the action until the server has sent the
end of the script run (Streamlit's `script_finished` message, read from the websocket) and
the browser has drawn the result (the status widget gone, then the browser's main thread
quiet: plotly draws its charts in frames after the run's elements arrive); a run
that starts another run (st.rerun) is waited for too. Interactions: first paint (open the
app until the library table shows), switching to each page from the sidebar, and on
对比与情景 choosing one department kind (总工会) and selecting all its reports (at most 200
are compared at once: lib/ui.MAX_COMPARED).

Prints p50/p95 per interaction over ROUNDS rounds (round 0 only warms the server and is
not counted) and, as medians, the bytes the server sent for it, the browser's main-thread
CPU (Chrome's TaskDuration) and the server's CPU: on a machine loaded by other work the wall
time is mostly waiting for a core, the CPU is what the interaction costs. Then the server's
own time per script run (the app logs it with JUESUAN_PERF_LOG=1, with the DuckDB queries
and rows fetched) and its resident memory (the streamlit process and its children).
Targets (issue 13): p50 < 300 ms, p95 < 600 ms at 1,000; p50 < 500 ms at 10,000; first
paint < 1.5 s; server < 500 MiB at 10,000.

First (SIZES `floor`) the same harness times a Streamlit app with nothing of ours — a title
and a 100-row grid, a text page, a page with one plotly chart, another — so that each number
can be read against what the framework itself costs on this machine.

Run: python3 scripts/bench_browser.py [ROUNDS=5] [SIZES=floor,1000,10000]
"""

from __future__ import annotations

import importlib.util
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.appserver import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

PAGES = ("收支结构", "预算执行", "三公经费", "一致性检查", "绩效自评", "对比与情景", "报告库")
# the run over (status widget gone) and every plotly chart drawn (no skeleton, every chart's svg
# in place; within 10 s): the first chart page of a tab loads plotly.js after the run, and the
# main thread can look idle while the chunk is fetched
DRAWN = """() => new Promise(done => {
    const since = performance.now();
    const charts = () => document.querySelectorAll('[data-testid="stPlotlyChart"]').length
        - document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length;
    const pending = () => document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')
        || charts() > 0;  // a chart's chunk still loading shows a skeleton, not stPlotlyChart
    const check = () => (document.querySelector('[data-testid="stStatusWidget"]')
                         || (pending() && performance.now() - since < 10000))
        ? setTimeout(check, 10) : requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
    check();
})"""
QUIET_MS = 250  # no new run within this long after a run ended: the interaction is over
IDLE_WINDOW, IDLE_CPU = 0.1, 0.01  # the browser is done drawing: < 10 ms of main-thread CPU in 100 ms
PERF_LINE = re.compile(r"juesuan-perf page=(?P<page>\S+) ms=(?P<ms>[\d.]+) queries=(?P<queries>\d+) rows=(?P<rows>\d+)")


def _maker():
    spec = importlib.util.spec_from_file_location("make_synthetic_library", ROOT / "scripts" / "make_synthetic_library.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (the upload fork server too)."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        children.setdefault(int(fields["PPid"]), []).append(int(fields["Pid"]))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            rss = next(line for line in Path(f"/proc/{current}/status").read_text().splitlines() if line.startswith("VmRSS:"))
            total += int(rss.split()[1]) / 1024
        except (OSError, StopIteration):
            pass
        todo += children.get(current, [])
    return total


class Wire:
    """Counts the script runs the server finished and the bytes it sent (websocket frames)."""

    def __init__(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._message = ForwardMsg
        self.finished = 0
        self.started = 0
        self.bytes = 0
        self.last_finish = 0.0

    def attach(self, tab) -> None:
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        self.bytes += len(payload)
        message = self._message()
        try:
            message.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - not a ForwardMsg: not ours to count
            return
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            self.finished += 1
            self.last_finish = time.perf_counter()
        elif kind == "new_session":
            self.started += 1


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (its own threads; the parse children are not used here)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Probe:
    """One browser tab on the app: times an interaction and counts what it cost — bytes sent,
    the browser's main-thread CPU (Chrome's TaskDuration) and the server's CPU. The CPU
    figures hold on a loaded machine, where the wall time mostly measures waiting for a core."""

    def __init__(self, tab, server_pid: int) -> None:
        self.tab, self.server_pid = tab, server_pid
        self.wire = Wire()
        self.wire.attach(tab)
        self.cdp = tab.context.new_cdp_session(tab)
        self.cdp.send("Performance.enable")

    def browser_cpu(self) -> float:
        metrics = self.cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    def idle(self) -> float:
        """When the browser's main thread went quiet (plotly draws its charts in later frames,
        after the run's elements are in place): the time after which it spent under IDLE_CPU
        of CPU in an IDLE_WINDOW, within 10 s."""
        last, since = self.browser_cpu(), time.perf_counter()
        while time.perf_counter() - since < 10:
            self.tab.wait_for_timeout(IDLE_WINDOW * 1000)
            now = self.browser_cpu()
            if now - last < IDLE_CPU:
                return since
            last, since = now, time.perf_counter()
        return since

    def measure(self, action: Callable[[], None]) -> tuple[float, int, float, float]:
        """(seconds from the action to the last run it caused being drawn, bytes sent, browser
        CPU seconds, server CPU seconds)."""
        tab, wire = self.tab, self.wire
        finished, sent = wire.finished, wire.bytes
        browser, server = self.browser_cpu(), _cpu_seconds(self.server_pid)
        start = time.perf_counter()
        action()
        deadline = start + 120
        while wire.finished == finished:
            tab.wait_for_timeout(5)
            if time.perf_counter() > deadline:
                raise TimeoutError("no script run finished within 120 s")
        while True:  # drawn, and no further run (st.rerun, a fragment) within QUIET_MS
            tab.evaluate(DRAWN)
            drawn = self.idle()
            seen = wire.finished
            tab.wait_for_timeout(QUIET_MS)
            if wire.finished == seen:
                return (drawn - start, wire.bytes - sent, self.browser_cpu() - browser,
                        _cpu_seconds(self.server_pid) - server)


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _server_runs(log: Path) -> list[dict[str, float | str]]:
    runs = []
    for line in log.read_text(errors="replace").splitlines():
        found = PERF_LINE.search(line)
        if found:
            runs.append({"page": found["page"], "ms": float(found["ms"]), "queries": int(found["queries"]),
                         "rows": int(found["rows"])})
    return runs


def _rounds(app, rounds: int, steps: Callable, log: Path | None = None):
    """Interaction samples over `rounds` timed rounds (a fresh tab each; round 0 only warms the
    server), and the server's own time per run (from `log`) in the timed rounds."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[tuple[float, int, float, float]]] = {}
    server_ms: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for round_number in range(rounds + 1):  # round 0 warms the server's caches, not timed
            tab = browser.new_page(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
            probe = Probe(tab, app.pid)
            runs_before = len(_server_runs(log)) if log else 0
            sample = {"首屏（报告库表格出现）": _first_paint(probe, app.url)}
            for label, action in steps(probe):
                measured = probe.measure(action)
                if label:  # an unlabelled step only prepares the next one
                    sample[label] = measured
            tab.close()
            if round_number:
                for key, value in sample.items():
                    samples.setdefault(key, []).append(value)
                for run in (_server_runs(log)[runs_before:] if log else []):
                    server_ms.setdefault(str(run["page"]), []).append(float(run["ms"]))
        browser.close()
    return samples, server_ms


def _print_samples(samples: dict[str, list[tuple[float, int, float, float]]]) -> None:
    print(f"  {'interaction':<24} {'p50 ms':>7} {'p95 ms':>7} {'KiB sent':>9} {'browser CPU ms':>15} {'server CPU ms':>14}")
    for key, values in samples.items():
        p50, p95 = _percentiles([v[0] for v in values])
        kib, browser_cpu, server_cpu = (statistics.median(v[i] for v in values) for i in (1, 2, 3))
        print(f"  {key:<24} {p50 * 1000:7.0f} {p95 * 1000:7.0f} {kib / 1024:9.0f} {browser_cpu * 1000:15.0f} "
              f"{server_cpu * 1000:14.0f}")


def bench(size: int, rounds: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"bench_browser_{size}_"))
    db = folder / "synthetic.duckdb"
    saved = os.environ.pop("JUESUAN_DB", None)
    started = time.perf_counter()
    _maker().build(db, size, seed=6)
    if saved is not None:
        os.environ["JUESUAN_DB"] = saved
    print(f"\n{size} reports (library built in {time.perf_counter() - started:.0f} s; load {os.getloadavg()[0]:.1f})")
    log = folder / "streamlit.log"
    with serve({"JUESUAN_DB": str(db), "JUESUAN_SAMPLE": "0", "JUESUAN_PERF_LOG": "1"}, log=log,
               wait_seconds=240) as app:
        samples, server_ms = _rounds(app, rounds, _steps, log)
        memory = _tree_rss_mib(app.pid)
    _print_samples(samples)
    print("  server time per script run (the app's own log), p50 / p95 ms:")
    for page, values in sorted(server_ms.items()):
        p50, p95 = _percentiles(values)
        print(f"    {page:<10} {p50:7.0f} {p95:7.0f}  ({len(values)} runs)")
    print(f"  server memory (RSS of the streamlit process tree) {memory:.0f} MiB; load {os.getloadavg()[0]:.1f}")


# The floor: a Streamlit app with nothing of ours, timed the same way, so that each number
# above can be read against what the framework itself costs on this machine.
FLOOR_APP = {
    "app.py": "import streamlit as st\nst.set_page_config(page_title='floor', layout='wide')\n"
              "st.navigation([st.Page('p/grid.py', title='报告库', default=True), st.Page('p/text.py', title='文字'),\n"
              "               st.Page('p/chart.py', title='图表'), st.Page('p/chart2.py', title='图表二')]).run()\n",
    "p/grid.py": "import numpy as np, pandas as pd, streamlit as st\nst.title('报告库')\n"
                 "st.dataframe(pd.DataFrame({f'列{i}': np.arange(100) * i for i in range(8)}), hide_index=True)\n",
    "p/text.py": "import streamlit as st\nst.title('文字')\nst.write('一段文字。')\n",
    "p/chart.py": "import plotly.graph_objects as go, streamlit as st\nst.title('图表')\n"
                  "st.plotly_chart(go.Figure(go.Bar(x=['甲', '乙'], y=[1, 2])))\n",
    "p/chart2.py": "import plotly.graph_objects as go, streamlit as st\nst.title('图表二')\n"
                   "st.plotly_chart(go.Figure(go.Bar(x=['甲', '乙'], y=[2, 1])))\n",
}


def floor(rounds: int) -> None:
    """First paint of a title and a 100-row grid; a text page; the first page with one plotly
    chart in the tab (plotly.js loaded and evaluated then); a second one-chart page; the grid again."""
    folder = Path(tempfile.mkdtemp(prefix="bench_browser_floor_"))
    for name, text in FLOOR_APP.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")

    def steps(probe: Probe) -> list[tuple[str, Callable[[], None]]]:
        nav = probe.tab.locator("[data-testid='stSidebarNav'] a")
        return [(label, nav.filter(has_text=name).first.click) for label, name in
                (("切换到文字页", "文字"), ("切换到一图页（标签页首个图表）", "图表"),
                 ("切换到另一图页", "图表二"), ("切换到表格页", "报告库"))]

    print(f"\nfloor: Streamlit alone, nothing of ours (load {os.getloadavg()[0]:.1f})")
    with serve({}, root=folder) as app:
        samples, _ = _rounds(app, rounds, steps)
    _print_samples(samples)
    print(f"  load {os.getloadavg()[0]:.1f}")


def _first_paint(probe: Probe, url: str) -> tuple[float, int, float, float]:
    """Open the app in a fresh tab until the library table shows (the first run then ends,
    its bytes and CPU counted, before the next action)."""
    tab, wire = probe.tab, probe.wire
    server = _cpu_seconds(probe.server_pid)
    start = time.perf_counter()
    tab.goto(url)
    tab.locator("[data-testid='stDataFrame']").first.wait_for(timeout=120_000)
    paint = time.perf_counter() - start
    while wire.finished == 0:
        tab.wait_for_timeout(5)
    tab.evaluate(DRAWN)
    probe.idle()
    tab.wait_for_load_state("networkidle")  # what the page still fetches (the chart library) is
    probe.idle()                             # loaded and evaluated before the user's first action
    return paint, wire.bytes, probe.browser_cpu(), _cpu_seconds(probe.server_pid) - server


def _steps(probe: Probe) -> list[tuple[str, Callable[[], None]]]:
    """Every page from the sidebar; on 对比与情景 the kinds cleared (untimed: they default to the
    chosen reports'), 总工会 chosen alone and all its reports chosen (at most MAX_COMPARED)."""
    tab = probe.tab
    kinds = tab.locator("[data-testid='stMultiSelect']").filter(has_text="按部门类别选择")

    def pick_kind() -> None:
        kinds.locator("input").fill("总工会")
        tab.get_by_role("option", name="总工会", exact=True).click()
        tab.keyboard.press("Escape")  # the list stays open over the button otherwise

    steps: list[tuple[str, Callable[[], None]]] = []
    for name in PAGES:
        steps.append((f"切换到{name}", tab.locator("[data-testid='stSidebarNav'] a", has_text=name).first.click))
        if name == "对比与情景":
            steps.append(("", kinds.locator("button[aria-label='Clear all']").click))
            steps.append(("对比：选择类别", pick_kind))
            steps.append(("对比：选中这些类别的全部报告",
                          lambda: tab.get_by_role("button", name="选中这些类别的全部报告").click()))
    return steps


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sizes = (sys.argv[2] if len(sys.argv) > 2 else "floor,1000,10000").split(",")
    if not Path(CHROMIUM).exists():
        print(f"chromium not found at {CHROMIUM}")
        return 1
    for size in sizes:
        floor(rounds) if size == "floor" else bench(int(size), rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The app served for a real browser: `streamlit run app.py` on a chosen library, and Debian's
chromium for Playwright. One place for the browser test, the browser benchmark and the
README screenshots (each used to start the server its own way).

    with serve({"JUESUAN_DB": path, "JUESUAN_SAMPLE": "1"}, log=folder / "streamlit.log") as app:
        tab.goto(app.url)          # app.pid: the server process (for its memory)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("JUESUAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
RUN_DONE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


class Server(NamedTuple):
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(env: Mapping[str, str], log: Path | None = None, wait_seconds: float = 120,
          root: Path = ROOT) -> Iterator[Server]:
    """The app (URL, server pid) while a Streamlit server runs `root`/app.py with `env` added to the
    environment (its output to `log`, else dropped); stopped (terminate, then kill) on leaving.
    RuntimeError when it does not answer its health check in `wait_seconds`."""
    port = free_port()
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=root, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("streamlit did not start" + (f" (see {log})" if log else "")) from None
                time.sleep(0.5)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if log is not None:
            out.close()  # type: ignore[union-attr]


def settle(tab: object) -> None:
    """Wait (Playwright page `tab`) for the script run to finish and every plotly chart to draw."""
    tab.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    # under load the first script run can start after the 800 ms below: wait for the navigation,
    # then for the page's title (every page starts with one)
    tab.wait_for_function("() => document.body.innerText.includes('报告库')", timeout=60_000)
    tab.wait_for_selector("[data-testid='stMain'] h1", timeout=120_000)
    tab.wait_for_timeout(800)
    tab.wait_for_function(RUN_DONE, timeout=120_000)
    charts = tab.locator("[data-testid='stPlotlyChart']")
    for _ in range(40):
        if tab.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= charts.count():
            break
        tab.mouse.wheel(0, 700)
        tab.wait_for_timeout(300)
    tab.wait_for_timeout(500)

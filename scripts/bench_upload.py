"""Uploading a new 50-page PDF until it shows in the library, in a real browser.

Each round starts the app (`scripts/appserver.py`) on a fresh sample library without the
PDF, opens 报告库 in headless Chromium (Playwright, Debian's chromium), waits until the
page is drawn and the upload parser's fork server is warm (the app starts it at launch),
chooses the file in the uploader and clicks 加入报告库. Timed, from the click: until the
result "已加入报告库" shows and the run has ended (the new report is then the first chosen
report and in the library's table). Also printed: the seconds from choosing the file until
the button can be clicked (the browser sending the file to the server), and the load.

Target (issue 13): a new 50-page PDF shows in < 3 s.

Run: python3 scripts/bench_upload.py [ROUNDS=3] [PDF=../shared/corpus/pdfs/国家信访局2024年度部门决算.pdf]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.appserver import CHROMIUM, CHROMIUM_ARGS, RUN_DONE, serve  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_PDF = CORPUS / "pdfs" / "国家信访局2024年度部门决算.pdf"
WARM_SECONDS = 8  # the fork server's imports, started in the background at launch


def _fresh_library(folder: Path, pdf: Path) -> dict[str, str]:
    env = {"JUESUAN_DB": str(folder / "library.duckdb"), "JUESUAN_SAMPLE": "1"}
    script = ("from lib import store, readers; import sys; "
              "store.delete_report(readers.content_hash(open(sys.argv[1], 'rb').read()))")
    subprocess.run([sys.executable, "-c", script, str(pdf)], cwd=ROOT, env={**os.environ, **env}, check=True)
    return env


def one_round(playwright: object, pdf: Path) -> tuple[float, float]:
    """(seconds from choosing the file until 加入报告库 is enabled, seconds from the click
    until the report shows)."""
    with tempfile.TemporaryDirectory(prefix="bench_upload_") as tmp:
        env = _fresh_library(Path(tmp), pdf)
        with serve(env, log=Path(tmp) / "streamlit.log") as app:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)  # type: ignore[attr-defined]
            try:
                tab = browser.new_page(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
                tab.goto(app.url)
                tab.locator("[data-testid='stDataFrame']").first.wait_for(timeout=120_000)
                tab.wait_for_function(RUN_DONE, timeout=120_000)
                time.sleep(WARM_SECONDS)
                tab.get_by_text("上传报告（PDF / 文本 / xlsx）").click()
                uploader = tab.locator("[data-testid='stFileUploader']").filter(has_text="选择一个或多个部门决算文件")
                button = tab.get_by_role("button", name="加入报告库")
                start = time.perf_counter()
                uploader.locator("input[type='file']").set_input_files(
                    [{"name": pdf.name, "mimeType": "application/pdf", "buffer": pdf.read_bytes()}])
                tab.wait_for_function("() => [...document.querySelectorAll('button')].some("
                                      "b => b.innerText.includes('加入报告库') && !b.disabled)", timeout=60_000)
                tab.wait_for_function(RUN_DONE, timeout=60_000)
                sent = time.perf_counter() - start
                start = time.perf_counter()
                button.click()
                tab.get_by_text("已加入报告库", exact=False).first.wait_for(timeout=120_000)
                tab.wait_for_function(RUN_DONE, timeout=120_000)
                shown = time.perf_counter() - start
            finally:
                browser.close()
    return sent, shown


def main(rounds: int = 3, pdf: Path = DEFAULT_PDF) -> int:
    if not pdf.exists():
        print(f"{pdf} not found (the corpus is not beside the project)")
        return 1
    import pypdfium2
    from playwright.sync_api import sync_playwright

    document = pypdfium2.PdfDocument(pdf)
    pages = len(document)
    document.close()
    print(f"{pdf.name} ({pages} pages), {rounds} rounds; start: load {os.getloadavg()[0]:.1f}")
    sent_times, shown_times = [], []
    with sync_playwright() as playwright:
        for round_number in range(1, rounds + 1):
            sent, shown = one_round(playwright, pdf)
            sent_times.append(sent)
            shown_times.append(shown)
            print(f"round {round_number}: file sent in {sent:.2f} s; from 加入报告库 until shown {shown:.2f} s "
                  f"[load {os.getloadavg()[0]:.1f}]")
    print(f"median: sent {statistics.median(sent_times):.2f} s, shown {statistics.median(shown_times):.2f} s "
          f"(target < 3 s)")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main(int(args[0]) if args else 3, Path(args[1]) if len(args) > 1 else DEFAULT_PDF))

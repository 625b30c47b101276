"""One screenshot per page of the app, as a reader first sees it, for the README and for
looking at what the pages show.

Starts `streamlit run app.py` on a fresh copy of the bundled sample library, opens it in
headless Chromium (Playwright, Debian's /usr/bin/chromium), makes REPORT the current report
on 报告库 and clicks through every page in the sidebar (one browser session, so the choice
holds). Writes docs/screenshots/<page>.png (the top of each page, 1,000 px wide, a palette
PNG of a few hundred KB) and, with --full, the whole page at full size under
tests/artifacts/screens/ (not tracked) for a closer look.

Run: python3 scripts/screenshots.py [--report 国家信访局] [--out docs/screenshots] [--full]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.appserver import CHROMIUM, CHROMIUM_ARGS, serve, settle  # noqa: E402

# sidebar label → file stem
PAGES = {"报告库": "home", "收支结构": "structure", "预算执行": "execution", "三公经费": "sangong",
         "一致性检查": "checks", "绩效自评": "performance", "对比与情景": "compare"}


def _settle(tab) -> None:
    """`appserver.settle`, then back to the top of the page for the picture."""
    settle(tab)
    tab.mouse.wheel(0, -100_000)
    tab.wait_for_timeout(800)


def _small(png: bytes, width: int, height: int) -> bytes:
    """The top `height` px of a screenshot, scaled to `width`, as a 128-colour PNG."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, height)))
    image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    out = io.BytesIO()
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _choose(tab, report: str) -> None:
    """Make `report` (a part of its label) the only current report on 报告库."""
    box = tab.locator("[data-testid='stMultiSelect']").filter(has_text="当前报告")
    box.locator("button[aria-label='Clear all']").click()
    _settle(tab)
    box = tab.locator("[data-testid='stMultiSelect']").filter(has_text="当前报告")
    box.locator("input").fill(report)
    tab.wait_for_timeout(500)
    tab.keyboard.press("Enter")
    tab.keyboard.press("Escape")
    tab.wait_for_timeout(500)
    _settle(tab)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", default="国家信访局", help="part of the label of the report to show")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--full", action="store_true", help="also full-size whole pages under tests/artifacts/screens")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--height", type=int, default=1500, help="px of the page top kept (of a 1,400 × 3,200 px viewport)")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="screenshots_"))
    out, full = Path(options.out), ROOT / "tests" / "artifacts" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    if options.full:
        full.mkdir(parents=True, exist_ok=True)
    env = {"JUESUAN_DB": str(folder / "library.duckdb"), "JUESUAN_SAMPLE": "1"}
    with serve(env, log=folder / "streamlit.log") as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 3200}, locale="zh-CN")
        tab.goto(app.url)
        _settle(tab)
        _choose(tab, options.report)
        for label, stem in PAGES.items():
            tab.locator("[data-testid='stSidebarNav'] a").filter(has_text=label).first.click()
            _settle(tab)
            png = tab.screenshot(full_page=True)
            (out / f"{stem}.png").write_bytes(_small(png, options.width, options.height))
            if options.full:
                (full / f"{stem}.png").write_bytes(png)
            print(f"{label}: {out / (stem + '.png')} ({(out / (stem + '.png')).stat().st_size // 1024} KiB)")
        browser.close()


if __name__ == "__main__":
    main()

"""Real browser: `streamlit run app.py` driven by Playwright with Debian's chromium.

Visits every page on a fresh sample library, uploads a corpus PDF and finds it in the
library, uploads wrong files (scanned PDF, random bytes, a 预算 document) and sees
their messages with the library unchanged. Screenshots go to tests/artifacts/.
Run with `python3 -m pytest -m browser tests/test_browser.py`; set-up in
scripts/ci_browser_setup.sh.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS

from scripts import appserver

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM, CHROMIUM_ARGS = appserver.CHROMIUM, appserver.CHROMIUM_ARGS
UPLOAD_PDF = "中共上海市普陀区委社会工作部2024年度部门决算.pdf"
PAGES = {"home": "", "structure": "structure", "execution": "execution", "sangong": "sangong", "checks": "checks",
         "performance": "performance"}

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not Path(CHROMIUM).exists():
    pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not CORPUS.exists():
        pytest.skip("../shared/corpus is not beside the project")
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "library.duckdb"
    env = {"JUESUAN_DB": str(db), "JUESUAN_SAMPLE": "1"}
    # a fresh sample library without the PDF the test uploads
    script = ("from lib import store, readers; import sys; "
              "store.delete_report(readers.content_hash(open(sys.argv[1], 'rb').read()))")
    subprocess.run([sys.executable, "-c", script, str(CORPUS / "pdfs" / UPLOAD_PDF)], cwd=ROOT, env={**os.environ, **env},
                   check=True)
    log = folder / "streamlit.log"
    try:
        with appserver.serve(env, log=log) as app:
            yield app.url, db
    except RuntimeError:
        pytest.fail("streamlit did not start:\n" + log.read_text(errors="replace"))
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if log.exists():
            (ARTIFACTS / "streamlit.log").write_text(log.read_text(errors="replace"))


@pytest.fixture(scope="module")
def page(server: tuple[str, Path]) -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 2600}, locale="zh-CN")
        yield tab
        browser.close()


_settle = appserver.settle


def _shot(tab: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _no_exception(tab: object) -> None:
    assert tab.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in tab.inner_text("body")


def _library_rows(db: Path) -> int:
    import duckdb

    for _ in range(20):
        try:
            con = duckdb.connect(str(db), read_only=True)
            try:
                return con.execute("SELECT count(*) FROM reports").fetchone()[0]
            finally:
                con.close()
        except duckdb.Error:
            time.sleep(0.3)
    raise AssertionError("library locked")


def test_every_page_renders_chinese_and_charts(server: tuple[str, Path], page: object) -> None:
    url, _ = server
    for name, path in PAGES.items():
        page.goto(f"{url}/{path}")
        _settle(page)
        _shot(page, f"page_{name}")
        _no_exception(page)
        body = page.inner_text("body")
        assert {"报告库", "收支结构", "预算执行", "三公经费", "一致性检查"} <= set(body.split()) or "报告库" in body
        if name == "structure":  # the four figures draw after the page settles (slower under load)
            page.locator("[data-testid='stPlotlyChart'] .main-svg").nth(3).wait_for(timeout=60_000)
            assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 4
            assert "图1：收、支决算总计变动情况" in page.inner_text("body")


def _upload(page: object, url: str, files: list[tuple[str, bytes, str]]) -> str:
    page.goto(url)
    _settle(page)
    page.get_by_text("上传报告（PDF / 文本 / xlsx）").click()
    payload = [{"name": name, "mimeType": mime, "buffer": data} for name, data, mime in files]
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="选择一个或多个部门决算文件")
    uploader.locator("input[type='file']").set_input_files(payload)
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="加入报告库").click()
    page.wait_for_selector("[data-testid='stProgress']", timeout=30_000)
    _settle(page)
    page.get_by_text("完成", exact=True).wait_for(timeout=120_000)
    _settle(page)
    return page.inner_text("body")


def test_upload_a_corpus_pdf_adds_it_to_the_library(server: tuple[str, Path], page: object) -> None:
    url, db = server
    before = _library_rows(db)
    data = (CORPUS / "pdfs" / UPLOAD_PDF).read_bytes()
    body = _upload(page, url, [(UPLOAD_PDF, data, "application/pdf")])
    _shot(page, "upload_pdf")
    _no_exception(page)
    assert "已加入报告库：中共上海市普陀区委社会工作部 2024年度" in body
    assert _library_rows(db) == before + 1
    table = page.locator("[data-testid='stDataFrame']").first
    assert table.is_visible()
    assert f"库中共 {before + 1} 份报告" in body
    # the new report is now active: its headline figures are shown
    assert "307.82" in body


def _scanned_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 300), outline="black", width=3)
    out = io.BytesIO()
    image.save(out, format="PDF")
    return out.getvalue()


def test_wrong_files_get_messages_and_library_is_intact(server: tuple[str, Path], page: object) -> None:
    url, db = server
    before = _library_rows(db)
    budget = ("某某局2024年部门预算公开\n一、部门收支预算总表\n收入预算表\n支出预算表\n"
              "财政拨款收支预算总表\n单位：万元\n").encode()
    files = [
        ("扫描件.pdf", _scanned_pdf(), "application/pdf"),
        ("random.pdf", os.urandom(4096), "application/pdf"),
        ("部门预算.txt", budget, "text/plain"),
    ]
    body = _upload(page, url, files)
    _shot(page, "upload_wrong_files")
    _no_exception(page)
    alerts = page.locator("[data-testid='stAlertContentError']").all_inner_texts()
    assert len(alerts) == 3, alerts
    for name, _, _ in files:
        assert any(name in alert for alert in alerts), (name, alerts)
    assert any("预算" in alert and "不是部门决算" in alert for alert in alerts), alerts
    assert _library_rows(db) == before
    assert f"库中共 {before} 份报告" in body


def test_artifacts_are_not_tracked() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", "tests/artifacts/x.png"], cwd=ROOT)
    assert ignored.returncode == 0 or shutil.which("git") is None

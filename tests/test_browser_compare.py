"""Real browser on the 对比与情景 page (fixtures of tests/test_browser.py: a fresh sample
library served by `streamlit run`, Debian chromium; skipped with the reason when absent).

Chooses the two 总工会 by kind, reads the ranking line, adds the default what-if (first
chosen report, 类 201, -20 %) and reads the scenario line computed by hand, then resets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import _no_exception, _settle, _shot, page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_compare_unions_and_what_if(server: tuple[str, Path], page: object) -> None:  # noqa: F811
    url, _ = server
    page.goto(f"{url}/compare")
    page.get_by_text("关键指标并排").wait_for(timeout=120_000)  # the first run can outlast _settle's grace period
    _settle(page)
    _no_exception(page)
    kinds = page.locator("[data-testid='stMultiSelect']").filter(has_text="按部门类别选择")
    kinds.locator("button[aria-label='Clear all']").click()
    _settle(page)
    kinds.locator("input").fill("总工会")
    page.get_by_role("option", name="总工会", exact=True).click()
    page.keyboard.press("Escape")
    _settle(page)
    page.get_by_role("button", name="选中这些类别的全部报告").click()
    _settle(page)
    body = page.inner_text("body")
    _shot(page, "compare_unions")
    _no_exception(page)
    assert "关键指标并排" in body
    # 武汉市汉阳区总工会: 人员经费 354.74 of 354.74 -> 100 %; 新洲区总工会 586.77 / 650.16 = 90.25 %
    assert "人员经费占比最高：武汉市汉阳区总工会 2022年度（100.00%）" in body
    assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 2

    page.get_by_role("tab", name="情景模拟（未写入报告库）").click()
    _settle(page)
    assert "情景模拟（未写入报告库）" in page.inner_text("body")
    page.get_by_role("button", name="添加调整").click()
    _settle(page)
    body = page.inner_text("body")
    _shot(page, "compare_what_if")
    _no_exception(page)
    # 新洲区总工会 2023, 类 201 531.09 cut by 20 %: 支出合计 673.16 - 106.218 = 566.942;
    # 完成率 566.942 / 370.76 = 152.91 % (was 673.16 / 370.76 = 181.56 %)
    assert "情景：新洲区总工会 2023年度" in body
    assert "保持不变：收入" in body  # what the scenario holds fixed
    assert "673.16 → 566.94 万元" in body
    assert "预算完成率 181.56% → 152.91%" in body
    assert page.get_by_role("button", name="导出情景（输入与结果）CSV").count() == 1
    page.get_by_role("button", name="重置情景").click()
    _settle(page)
    assert "尚未添加调整" in page.inner_text("body")

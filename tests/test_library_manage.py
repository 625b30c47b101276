"""Removing and replacing a report from 报告库, as a user does it (AppTest: pick, click,
confirm), and every page consistent afterwards: the report, its original and every choice
that pointed at it are gone; nothing is changed before the confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
import shown
import synthetic

PAGES = ("app_pages/home.py", "app_pages/structure.py", "app_pages/execution.py", "app_pages/sangong.py",
         "app_pages/checks.py", "app_pages/performance.py", "app_pages/compare.py")


def _add(name: str, data: bytes) -> str:
    from lib import ui

    result = ui.add_upload(name, data)
    assert result.status == "added", result.message
    return str(result.report_id)


def _cut(report_id: str):
    from lib.analysis import whatif

    return whatif.Adjustment(report_id, "subject", "201", "pct", -20.0)


def _manage(at, report_id: str):
    at.selectbox(key="home_manage_pick").set_value(report_id).run()
    return at


def _everything_shown(at) -> str:
    return "\n".join(shown.texts(at))


def test_removal_asks_first_and_cancel_changes_nothing(library: Path) -> None:
    from lib import store

    ids = shown.report_ids()
    target = ids["国家信访局2024年度部门决算.pdf"]
    at = _manage(shown.visit("app_pages/home.py", target), target)
    at.button(key="home_remove").click().run()
    assert any("确定要删除“国家信访局 2024年度”吗" in w.value for w in at.warning)
    assert store.has_report(target), "nothing is removed before the confirmation"
    at.button(key="home_cancel").click().run()
    assert not at.warning and store.has_report(target)
    assert "库中共 8 份报告" in _everything_shown(at)


def test_removed_report_its_original_and_every_choice_are_gone(library: Path) -> None:
    from lib import store

    own = _add("示例局.txt", synthetic.tab_text().encode("utf-8"))
    original = store.find_original(own)
    assert original is not None and original.exists()
    ids = shown.report_ids()
    other = ids["国家信访局2024年度部门决算.pdf"]
    # the user had chosen it everywhere: active, 对比, a what-if adjustment on it, a page's picker
    at = shown.visit("app_pages/home.py", own, compare_ids=[own, other], sangong_report=own,
                     whatif_adjustments=[_cut(own)])
    at.session_state["active_ids"] = [own, other]
    at.session_state["home_active"] = [own, other]
    _manage(at.run(), own)
    at.button(key="home_remove").click().run()
    at.button(key="home_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已从报告库删除" in s.value and "原件也已删除" in s.value for s in at.success)
    assert not store.has_report(own)
    assert not original.exists(), "the original kept beside the library is removed too"
    assert len(store.list_reports()) == 8
    assert at.session_state["home_active"] == [other]
    assert at.session_state["compare_ids"] == [other]
    assert list(at.session_state["whatif_adjustments"]) == []
    for page in PAGES:  # every page, in the same session, no longer knows it
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        text = _everything_shown(at)
        assert synthetic.DEPARTMENT not in text, page
        assert "出现内部错误" not in text, page


def test_removing_a_sample_report_leaves_the_corpus_alone(library: Path) -> None:
    from lib import store

    target = shown.report_ids()["002_07b422fef52514ef.txt"]
    corpus_file = store.find_original(target)
    at = _manage(shown.visit("app_pages/home.py", target), target)
    at.button(key="home_remove").click().run()
    at.button(key="home_confirm").click().run()
    assert not store.has_report(target)
    if corpus_file is not None:
        assert corpus_file.exists(), "a corpus file is never deleted"
    message = " ".join(s.value for s in at.success)
    assert "已从报告库删除" in message and "原件也已删除" not in message
    sangong = shown.visit("app_pages/sangong.py")
    ranking = [frame.value for frame in sangong.dataframe if "排名" in frame.value.columns][0]
    assert len(ranking) == 7


def test_replacing_a_report_by_a_corrected_file(library: Path) -> None:
    from lib import store

    old = _add("示例局.txt", synthetic.tab_text().encode("utf-8"))
    old_original = store.find_original(old)
    at = _manage(shown.visit("app_pages/home.py", old), old)
    new_bytes = synthetic.xlsx_bytes()  # the same report as Excel (a re-export, another file)
    at.file_uploader(key="home_replace_file").set_value(("示例局.xlsx", new_bytes, "application/octet-stream")).run()
    at.button(key="home_replace").click().run()
    assert any("确定要用 示例局.xlsx 替换" in w.value for w in at.warning)
    assert store.has_report(old)
    at.button(key="home_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已用 示例局.xlsx 替换" in s.value for s in at.success), [s.value for s in at.success]
    from lib.readers import content_hash

    new = content_hash(new_bytes)
    assert store.has_report(new) and not store.has_report(old)
    assert not old_original.exists()
    assert store.find_original(new).read_bytes() == new_bytes
    assert at.session_state["home_active"] == [new], "the new report takes the old one's place"
    assert len(store.list_reports()) == 9


def test_a_refused_replacement_keeps_the_old_report(library: Path) -> None:
    from lib import store

    target = shown.report_ids()["002_07b422fef52514ef.txt"]
    at = _manage(shown.visit("app_pages/home.py", target), target)
    at.file_uploader(key="home_replace_file").set_value(("预算.txt", "某局2024年部门预算\n".encode(), "text/plain")).run()
    at.button(key="home_replace").click().run()
    at.button(key="home_confirm").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "保持不变" in errors, errors
    assert store.has_report(target) and len(store.list_reports()) == 8


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_a_choice_of_a_report_no_longer_there(library: Path, page: str) -> None:
    """A session that chose a report another session removed (no callback cleaned it up)."""
    ids = shown.report_ids()
    gone = "0" * 64
    at = shown.visit("app_pages/home.py", None, active_ids=[gone, ids["国家信访局2024年度部门决算.pdf"]],
                     home_active=[gone], compare_ids=[gone, ids["国家信访局2024年度部门决算.pdf"]])
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "出现内部错误" not in _everything_shown(at)

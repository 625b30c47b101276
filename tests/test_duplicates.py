"""The same report in other bytes is recognised by its content (issue 15, item 5): a GBK,
UTF-16 or BOM copy of a report already in the library is not added again; the CLI says so
and replaces with --replace, the app offers to replace."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import synthetic
from streamlit.testing.v1 import AppTest

from lib import duplicates, store
from lib.cli import main
from lib.ingest import ingest_paths

TEXT = synthetic.tab_text()
VARIANTS = {
    "gbk": TEXT.encode("gbk"),
    "utf16": TEXT.encode("utf-16"),  # with a BOM
    "utf16le-no-bom": TEXT.encode("utf-16-le"),
    "bom": codecs.BOM_UTF8 + TEXT.encode(),
    "crlf": TEXT.replace("\n", "\r\n").encode(),
}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    path = tmp_path / "library.duckdb"
    monkeypatch.setenv("JUESUAN_DB", str(path))
    original = tmp_path / "original.txt"
    original.write_text(TEXT, encoding="utf-8")
    assert [r.status for r in ingest_paths([original], path)] == ["added"]
    return path


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_same_report_in_another_encoding_is_a_duplicate(db: Path, tmp_path: Path, variant: str) -> None:
    copy = tmp_path / f"copy_{variant}.txt"
    copy.write_bytes(VARIANTS[variant])
    (result,) = ingest_paths([copy], db)
    (first,) = store.known_ids(db)
    assert result.status == "duplicate" and result.report_id == first
    assert "报告库中已有同一份报告：示例区示例局 2023 年度（文件 original.txt" in result.message
    assert "--replace" in result.message
    assert len(store.list_reports(db)) == 1


def test_cli_says_so_and_replaces_on_request(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(VARIANTS["gbk"])
    assert main(["ingest", str(copy), "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "重复\t" in captured.out and "如要用这个文件替换它，请加 --replace" in captured.out
    assert "重复 1（加 --replace 可替换）" in captured.err
    assert main(["ingest", str(copy), "--db", str(db), "--replace"]) == 0
    rows = store.list_reports(db)
    assert list(rows["source_name"]) == ["copy.txt"]  # the earlier one replaced, not kept twice
    assert "新增\t" in capsys.readouterr().out


def test_a_different_report_is_not_a_duplicate(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    changed = TEXT.replace("总计\t31\t145.50", "总计\t31\t145.60")
    assert changed != TEXT
    other.write_text(changed, encoding="utf-8")  # one key figure (表1 总计) differs
    (result,) = ingest_paths([other], db)
    assert result.status == "added"
    other_year = tmp_path / "other_year.txt"
    other_year.write_text(TEXT.replace("2023", "2024"), encoding="utf-8")
    assert ingest_paths([other_year], db)[0].status == "added"


def test_content_key_needs_enough_figures() -> None:
    assert duplicates.content_key({"department": "甲", "year": 2023, "grand_total": 1.0}) is None
    row = {"department": "甲 局", "year": 2023.0, "grand_total": 1.004, "income_total": 2, "expense_total": 3}
    assert duplicates.content_key(row) == ("甲局", 2023, 1.0, 2.0, 3.0, None, None, None, None, None, None, None)


def test_app_offers_to_replace(db: Path) -> None:
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    from lib import ui

    # the upload as the page runs it, then the page shows the pending replacement
    with pytest.MonkeyPatch.context() as patch:
        state: dict = {}
        patch.setattr(ui.st, "session_state", state)
        result = ui.add_upload("copy.txt", VARIANTS["utf16"])
    assert result.status == "duplicate" and "可以用这个文件替换它" in result.message
    at.session_state[ui.PENDING] = state[ui.PENDING]
    at.run()
    (button,) = [b for b in at.button if b.label == "用 copy.txt 替换库中的同一份报告"]
    button.click().run()
    assert not at.exception
    assert any("已用新文件替换报告库中的同一份报告" in s.value for s in at.success)
    rows = store.list_reports(db)
    assert list(rows["source_name"]) == ["copy.txt"] and list(rows["report_id"]) == [result.report_id]

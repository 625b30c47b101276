"""The `juesuan` CLI (run as `python -m lib`): JSON contract, files written, clean refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import synthetic
from conftest import ROOT, corpus_path

from lib.summary import SUMMARY_KEYS


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_summary_has_exactly_the_documented_keys(fixture_dir) -> None:
    result = run_cli("summary", str(fixture_dir["report_tabs.txt"]))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert tuple(summary) == SUMMARY_KEYS
    for key, value in synthetic.EXPECTED_SUMMARY.items():
        assert summary[key] == value, key


def test_parse_writes_one_csv_per_table_and_report_json(fixture_dir, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("parse", str(fixture_dir["report.xlsx"]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "识别到 9 张表" in result.stdout
    assert len(list(out.glob("t*.csv"))) == 9
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["tables_missing"] == [] and report["summary"]["gpb_expense"] == 140.5


def test_parse_names_missing_tables(tmp_path: Path) -> None:
    text = synthetic.tab_text()
    partial = tmp_path / "partial.txt"
    partial.write_text(text[: text.index("2023年度一般公共预算财政拨款基本支出决算明细表")], encoding="utf-8")
    result = run_cli("parse", str(partial), "--out", str(tmp_path / "o"))
    assert result.returncode == 0
    assert "缺少：一般公共预算财政拨款基本支出决算表" in result.stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scanned.pdf", "没有文字层"),
        ("random.bin", "无法识别的文件格式"),
        ("budget.txt", "部门预算"),
        ("unrelated.txt", "不是部门决算"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(fixture_dir, name: str, message: str) -> None:
    result = run_cli("summary", str(fixture_dir[name]))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_file() -> None:
    result = run_cli("summary", "/nonexistent/report.pdf")
    assert result.returncode == 2 and "找不到文件" in result.stderr


def test_unfilled_template_is_named_as_such() -> None:
    result = run_cli("summary", str(corpus_path("部门决算模板.pdf")))
    assert result.returncode == 2 and "未填写的部门决算模板" in result.stderr

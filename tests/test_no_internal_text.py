"""Nothing internal reaches a reader: every page, for every sample report, shows no ASCII
identifier (rule ids, family keys, English column keys, 表ext …) in any text, header,
cell, label, option, caption or chart label."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import shown
from expected_figures import EXPECTED

SAMPLES = [name for name, values in EXPECTED.items() if not values.get("is_template")]
# words a reader is meant to see: file kinds and the download buttons' formats
ALLOWED = {"PDF", "CSV", "Excel", "PNG", "xlsx", "pdf", "txt", "csv", "tsv", "text"}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_]|表ext")


def internal_words(texts: list[str], file_names: tuple[str, ...] = ()) -> set[str]:
    """ASCII words outside ALLOWED; the user's own file names (shown to tell reports apart) are skipped."""
    found = set()
    for text in texts:
        text = text.replace("\\", "")  # Markdown escapes are not shown
        for name in file_names:
            text = text.replace(name, "")
        for word in WORD.findall(text):
            if word not in ALLOWED and not re.fullmatch(r"[\d.,]+", word):
                found.add(word)
    return found


@pytest.fixture(scope="module")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_DB", str(tmp_path_factory.mktemp("shown") / "library.duckdb"))
        patch.setenv("JUESUAN_SAMPLE", "1")
        yield shown.report_ids()


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("page", ["app_pages/home.py", "app_pages/structure.py", "app_pages/execution.py",
                                  "app_pages/sangong.py", "app_pages/checks.py"])
def test_no_ascii_identifier_on_any_page(sample_library: dict[str, str], page: str, name: str) -> None:
    state = {"checks_severity": ["error", "warning", "info", "not_checked"]} if page.endswith("checks.py") else {}
    at = shown.visit(page, sample_library[name], **state)
    assert internal_words(shown.texts(at), tuple(sample_library)) == set()


def test_no_ascii_identifier_on_the_compare_page(sample_library: dict[str, str]) -> None:
    ids = list(sample_library.values())
    at = shown.visit("app_pages/compare.py", compare_ids=ids)
    assert internal_words(shown.texts(at), tuple(sample_library)) == set()


def test_the_check_catches_internal_words() -> None:
    assert internal_words(["规则 text.percent", "abroad完成预算", "表ext", "full_year_budget"]) == {
        "text.percent", "abroad", "表ext", "full_year_budget"}
    assert internal_words(["下载 CSV", "PDF第17页", "12,345.00"]) == set()

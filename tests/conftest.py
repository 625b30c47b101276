"""Shared fixtures: the real corpus (skipped with a reason when absent), generated fixtures,
and parsed reports cached per session so the suite parses each document once."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))
CORPUS = ROOT.parent / "shared" / "corpus"

SEEDS = [
    "000_f138fc5b8c380ba3.txt",
    "001_26eecacb94f69307.txt",
    "002_07b422fef52514ef.txt",
    "003_7b047703dfb923be.txt",
    "004_c7ae50d7beaa4f6f.txt",
]
FILLED_PDFS = [
    "上海市普陀区财政局2024年度部门决算.pdf",
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf",
    "国家信访局2024年度部门决算.pdf",
]
TEMPLATE_PDF = "部门决算模板.pdf"
CORPUS_FILES = SEEDS + FILLED_PDFS


def corpus_path(name: str) -> Path:
    """Path of a corpus document; skips the test (with the reason) when it is absent."""
    folder = "seeds" if name.endswith(".txt") else "pdfs"
    path = CORPUS / folder / name
    if not path.exists():
        pytest.skip(f"../shared/corpus is not beside the project ({path} missing)")
    return path


@cache
def _parsed(name: str, allow_template: bool):
    from lib.pipeline import parse_path

    return parse_path(corpus_path(name), allow_template=allow_template)


def corpus_report(name: str, *, allow_template: bool = False):
    """The parsed corpus report (parsed once per test session)."""
    return _parsed(name, allow_template)


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every generated fixture (tests/synthetic.py) written once per session."""
    import synthetic

    return synthetic.write_all(tmp_path_factory.mktemp("fixtures"))


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh library file seeded with the shipped sample (data/sample_library)."""
    db = tmp_path / "library.duckdb"
    monkeypatch.setenv("JUESUAN_DB", str(db))
    monkeypatch.setenv("JUESUAN_SAMPLE", "1")
    return db

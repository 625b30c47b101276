"""Short fuzz run (CI): mutated fixtures and arbitrary text end in a Report or a documented
ReportError, never an uncaught exception. The long run is scripts/fuzz.py (≥ 10,000 inputs)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import fuzzing
import pytest
import synthetic
from fuzzing import MIB, mutate, outcome
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import sandbox
from lib.checks import crashed, run_checks
from lib.errors import ReportError
from lib.pipeline import parse_bytes

SEEDS = {
    "tabs.txt": synthetic.tab_text().encode(),
    "flat.txt": synthetic.flattened_text().encode(),
    "report.xlsx": synthetic.xlsx_bytes(),
}


@pytest.mark.parametrize("seed", range(60))
def test_mutated_fixtures_never_crash(seed: int) -> None:
    rng = random.Random(seed)
    name = rng.choice(sorted(SEEDS))
    data, how = mutate(SEEDS[name], name, rng)
    result = outcome(data, name)
    assert not result.startswith("crash"), (name, how, result)


@pytest.mark.parametrize("seed", range(6))
def test_mutated_pdf_never_crashes(seed: int) -> None:
    rng = random.Random(1000 + seed)
    data, how = mutate(synthetic.pdf_bytes(), "report.pdf", rng)
    result = outcome(data, "report.pdf")
    assert not result.startswith("crash"), (how, result)


TABLE_WORDS = st.sampled_from(
    ["收入决算表", "支出决算表（表3）", "合计", "201", "20101", "2010101", "人员经费合计", "\t", " ", "\n", "12,345.67",
     "0.00", "XXX", "<script>", "本表无数据", "栏次", "1", "2", "预算数", "决算数", "公开 09 表", "一、", "总计"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(TABLE_WORDS, st.text(max_size=12)), max_size=120))
def test_arbitrary_table_like_text_never_crashes(tokens: list[str]) -> None:
    data = "".join(tokens).encode("utf-8", errors="replace")
    try:
        report = parse_bytes(data, "fuzz.txt", allow_template=True)
    except ReportError:
        return
    # the check engine must cope with whatever the recogniser produced: no family may raise
    assert crashed(run_checks(report)) == []


def test_a_crashing_rule_is_a_fuzz_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_checks turns a crash into a finding; the fuzz outcome must still call it a crash."""
    import lib.checks as checks

    def broken(report: object, out: object) -> None:
        raise ZeroDivisionError("x")

    assert outcome(SEEDS["tabs.txt"], "tabs.txt") == "report"
    monkeypatch.setattr(checks, "FAMILY_RUNNERS", (*checks.FAMILY_RUNNERS, ("beyond", broken)))
    result = outcome(SEEDS["tabs.txt"], "tabs.txt")
    assert result.startswith("crash:rule:") and "ZeroDivisionError" in result


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    result = outcome(data, "fuzz.bin")
    assert not result.startswith("crash"), result


REGRESSIONS = sorted((Path(__file__).parent / "regressions").glob("*"))


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_fuzz_findings_stay_fixed(path: Path) -> None:
    """Inputs (mutations of our own fixtures) that once crashed or hung."""
    result = outcome(path.read_bytes(), path.name, time_limit=30)
    assert not result.startswith("crash") and result != "hang", result


_RNG = random.Random(0)
BOMBS = {
    "text over the character limit (14 MiB repeated)": (lambda: fuzzing.text_repeat(SEEDS["tabs.txt"], _RNG, 14 * MIB),
                                                         "r.txt", "text_too_long"),
    "one 4 MiB line": (lambda: fuzzing.line_bomb(SEEDS["tabs.txt"], _RNG, 4 * MIB), "r.txt", None),
    "xlsx with 250,000 rows": (lambda: fuzzing.xlsx_rows(_RNG, 250_000), "b.xlsx", ("too_many_rows", "parse_timeout")),
    "xlsx 16,384 columns wide": (lambda: fuzzing.xlsx_wide(_RNG, 5000), "b.xlsx", "too_many_rows"),
    "xlsx inflating to 300 MiB": (lambda: fuzzing.xlsx_inflate(_RNG), "b.xlsx", "inflated_too_large"),
    "xlsx of a million cell styles": (lambda: fuzzing.xlsx_styles(_RNG, 1_000_000), "b.xlsx", "inflated_too_large"),
    "xls with 3 × 65,536 rows": (lambda: fuzzing.xls_rows(_RNG, 3, 65_536), "b.xls", ("too_many_rows", "parse_timeout")),
    "xls rows 256 cells long": (lambda: fuzzing.xls_wide(_RNG, 65_536), "b.xls", ("too_many_rows", "parse_timeout")),
    "xls of 16.7 M stored blank cells": (lambda: fuzzing.xls_blank(_RNG, 65_536), "b.xls", "too_many_rows"),
    "xls of megabytes of cell text": (lambda: fuzzing.xls_text(_RNG, 600), "b.xls", "text_too_long"),
    "PNG declaring a huge canvas": (lambda: fuzzing.png_huge(_RNG), "b.png", "image_too_large"),
    "PNG declaring billions of frames": (lambda: fuzzing.png_frames(_RNG), "b.png", "too_many_pages"),
    "JPEG declaring a huge canvas": (lambda: fuzzing.jpeg_huge(_RNG), "b.jpg", "image_too_large"),
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_size_and_time_bombs_end_in_a_limit(kind: str) -> None:
    """Each bomb ends in its documented limit (or a report), in bounded time and memory,
    in a capped child process as scripts/fuzz.py runs every input."""
    make, name, expected = BOMBS[kind]
    data = make()
    started = time.monotonic()
    result = sandbox.run_isolated(fuzzing.isolated_outcome, data, name, 45.0, time_limit=50)
    assert time.monotonic() - started < 50
    allowed = (expected,) if isinstance(expected, str) else expected  # a loaded machine may reach the time limit first
    assert result.value in allowed if expected else not result.value.startswith("crash"), result.value
    assert result.peak_rss < 1024 * MIB

"""How well the 情况说明 is read in the wordings real reports use (not a timed test).

Renders the test bed's narrative wordings (tests/testbed/narrative_variants.py) on the
generated rich report as text and PDF, and on each corpus report's tables (text), and
counts: sentences (paragraphs) written, facts read right / not read / wrong, and the
错误 / 警告 / 读取存疑 the clean narratives raise (all should be 0 but "right"); then
writes each kind of reporting error into the narrative in every wording and counts how
often it is found as 错误.
Usage: python3 scripts/measure_narrative.py [--no-pdf] [--no-corpus]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from testbed import Layout, model_from_report, to_pdf, to_text  # noqa: E402
from testbed.narrative_variants import (  # noqa: E402
    INJECTIONS,
    WORDINGS,
    Score,
    narrate,
    rich_model,
    score,
    with_narrative,
)
from testbed.narrative_variants import _names as subject_names  # noqa: E402

from lib.checks import run_checks  # noqa: E402
from lib.narrative import extract_facts  # noqa: E402
from lib.pipeline import parse_bytes, parse_path  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
FAMILIES = ("text_vs_table", "text_arithmetic", "beyond")
SKIP = {("yoy_pct", "pct_only"), ("yoy_pct", "amount_only"), ("total_value", "yuan_totals"),
        ("total_value", "prior_year_first"), ("item_rate", "no_rate"), ("item_rate", "zero_budget_item"),
        ("item_rate", "execution_without_budgets")}  # no budget, no rate to test


def _run(base, wording, fmt: str) -> tuple[Score, int, int, int, int]:
    model = with_narrative(base, wording)
    data = to_pdf(model, Layout()) if fmt == "pdf" else to_text(model, Layout())
    report = parse_bytes(data, f"narrative.{fmt}")
    lines, truth = narrate(base, wording)
    result = score(extract_facts(report), truth, subject_names(base))
    findings = [f for f in run_checks(report) if f.family in FAMILIES]
    counts = [sum(f.severity == s for f in findings) for s in ("error", "warning", "reading_doubt")]
    return result, len(lines) - 1, *counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    bases = [("生成的报告", rich_model(), ("txt",) if args.no_pdf else ("txt", "pdf"))]
    if not args.no_corpus and CORPUS.exists():
        for path in sorted(CORPUS.glob("*/*")):
            if path.suffix in (".txt", ".pdf") and "模板" not in path.name:
                bases.append((path.stem[:14], model_from_report(parse_path(path)), ("txt",)))
    print(f"{'report':16s} {'fmt':4s} {'wordings':>8s} {'lines':>6s} {'right':>6s} {'not read':>8s} {'wrong':>6s}"
          f" {'错误':>4s} {'警告':>4s} {'存疑':>4s}")
    grand = [0] * 8
    for label, base, formats in bases:
        for fmt in formats:
            totals = Score()
            row = [0, 0, 0, 0, 0]
            for name, wording in WORDINGS.items():
                result, lines, errors, warnings, doubts = _run(base, wording, fmt)
                totals.add(result)
                row = [row[0] + 1, row[1] + lines, row[2] + errors, row[3] + warnings, row[4] + doubts]
                for wrong in result.wrong:
                    print(f"  WRONG {label} {fmt} {name}: {wrong}")
            print(f"{label:16s} {fmt:4s} {row[0]:8d} {row[1]:6d} {totals.right:6d} {totals.not_read:8d} {len(totals.wrong):6d}"
                  f" {row[2]:4d} {row[3]:4d} {row[4]:4d}")
            for i, value in enumerate([row[0], row[1], totals.right, totals.not_read, len(totals.wrong), *row[2:]]):
                grand[i] += value
    print(f"{'all':16s} {'':4s} {grand[0]:8d} {grand[1]:6d} {grand[2]:6d} {grand[3]:8d} {grand[4]:6d}"
          f" {grand[5]:4d} {grand[6]:4d} {grand[7]:4d}")
    found = tried = 0
    for kind, (_, _, _, rule) in INJECTIONS.items():
        for name, wording in WORDINGS.items():
            if (kind, name) in SKIP:
                continue
            try:
                model = with_narrative(rich_model(), replace(wording, inject=kind))
            except ValueError:
                continue
            report = parse_bytes(to_text(model, Layout()), "injected.txt")
            tried += 1
            hit = any(f.rule == rule and f.severity == "error" for f in run_checks(report))
            found += hit
            if not hit:
                print(f"  NOT FOUND {kind} in {name}")
    print(f"injected narrative errors found as 错误: {found}/{tried} ({len(INJECTIONS)} kinds × wordings)")
    print(f"{time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()

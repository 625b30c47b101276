"""Measure how well unseen layouts are read: every test-bed variant (tests/testbed) in
every format, with its known truth.

    python3 scripts/measure_reading.py [--no-corpus] [--formats tabs,flat,pdf,xlsx,xls]

Prints, per group (generated clean report × layout variants, real templates × the rich
report, corpus reports re-laid out), the variants and cases read, the `summary` key figures
checked, how many are right / null (not read, said so) / wrong, the 错误 and 读取存疑 raised
on these clean reports, and how many injected errors were found as 错误 at their row or
sentence. A key figure is one `summary` key the model states (each 类 of expense_by_class
counts as one); "wrong" is a number other than the truth — the one outcome that must be 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from testbed import clean_model, model_from_report, to_pdf, to_text, to_xls, to_xlsx, truth  # noqa: E402
from testbed.rich import rich_model  # noqa: E402
from testbed.templates import TEMPLATES  # noqa: E402
from testbed.variants import VARIANTS  # noqa: E402

from lib.checks import run_checks  # noqa: E402
from lib.pipeline import parse_bytes, parse_path  # noqa: E402
from lib.summary import summarize  # noqa: E402

RENDER = {
    "tabs": lambda model, layout: to_text(model, layout),
    "flat": lambda model, layout: to_text(model, layout, flat=True),
    "pdf": to_pdf, "xlsx": to_xlsx, "xls": to_xls,
}
NARRATIVE_KEYS = ("prior_year_total", "gpb_initial_budget")


def figures(expected: dict, summary: dict) -> Counter:
    """right / null / wrong over the key figures the truth states."""
    tally: Counter = Counter()
    for key, value in expected.items():
        if key in ("table_set_tables", "tables_found"):
            continue
        if key == "expense_by_class" and isinstance(value, dict):
            got = summary.get(key) or {}
            for code, amount in value.items():
                tally["right" if got.get(code) == amount else "null" if got.get(code) is None else "wrong"] += 1
            continue
        got = summary.get(key)
        tally["right" if got == value else "null" if got is None else "wrong"] += 1
    return tally


def run_case(model, layout, fmt: str, name: str, tally: Counter, wrong: list[str]) -> None:
    report = parse_bytes(RENDER[fmt](model, layout), f"{name}.{fmt}")
    counts = figures(truth(model), summarize(report))
    tally.update(counts)
    findings = run_checks(report)
    tally["错误"] += sum(1 for f in findings if f.severity == "error")
    tally["读取存疑"] += sum(1 for f in findings if f.severity == "reading_doubt")
    tally["cases"] += 1
    if counts["wrong"]:
        wrong.append(f"{name}.{fmt}")


def corpus_models() -> list[tuple[str, object, set[str]]]:
    from conftest import CORPUS, CORPUS_FILES

    models = []
    for name in CORPUS_FILES:
        path = CORPUS / ("seeds" if name.endswith(".txt") else "pdfs") / name
        if not path.exists():
            return []
        report = parse_path(path)
        summary = summarize(report)
        errors = {f.rule for f in run_checks(report) if f.severity == "error"}
        models.append((name, model_from_report(report, {k: summary[k] for k in NARRATIVE_KEYS}), errors))
    return models


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--formats", default="tabs,flat,pdf,xlsx,xls")
    args = parser.parse_args()
    formats = args.formats.split(",")
    groups: dict[str, Counter] = {}
    wrong: list[str] = []
    started = time.monotonic()
    for label, base, variants in (("generated clean report × layouts", clean_model(), VARIANTS),
                                  ("rich report × real templates", rich_model(), TEMPLATES)):
        tally = groups.setdefault(label, Counter())
        for name, variant in variants.items():
            model, layout = variant(base)
            tally["variants"] += 1
            for fmt in formats:
                run_case(model, layout, fmt, name, tally, wrong)
    if not args.no_corpus:
        tally = groups.setdefault("corpus reports re-laid out", Counter())
        new_errors = 0
        for name, model, original in corpus_models():
            for variant in ("reprinted_titles", "narrative_first", "sangong_two_row", "joined_labels"):
                varied, layout = VARIANTS[variant](model)
                tally["variants"] += 1
                for fmt in [f for f in formats if f in ("tabs", "flat", "pdf")]:
                    report = parse_bytes(RENDER[fmt](varied, layout), f"{variant}.{fmt}")
                    counts = figures(truth(varied), summarize(report))
                    tally.update(counts)
                    findings = run_checks(report)
                    new_errors += len({f.rule for f in findings if f.severity == "error"} - original)
                    tally["读取存疑"] += sum(1 for f in findings if f.severity == "reading_doubt")
                    tally["cases"] += 1
                    if counts["wrong"]:
                        wrong.append(f"{name}:{variant}.{fmt}")
        tally["错误"] = new_errors  # errors the original does not raise (its own are real)
    print(f"{'group':36} {'variants':>8} {'cases':>6} {'figures':>8} {'right':>7} {'null':>5} {'wrong':>5} {'错误':>4} {'读取存疑':>6}")
    total: Counter = Counter()
    for label, tally in groups.items():
        checked = tally["right"] + tally["null"] + tally["wrong"]
        total.update(tally)
        print(f"{label:36} {tally['variants']:8} {tally['cases']:6} {checked:8} {tally['right']:7} {tally['null']:5} "
              f"{tally['wrong']:5} {tally['错误']:4} {tally['读取存疑']:6}")
    checked = total["right"] + total["null"] + total["wrong"]
    print(f"{'all':36} {total['variants']:8} {total['cases']:6} {checked:8} {total['right']:7} {total['null']:5} "
          f"{total['wrong']:5} {total['错误']:4} {total['读取存疑']:6}")
    print(f"key figures right: {100 * total['right'] / max(checked, 1):.2f} %   wrong: {total['wrong']}   "
          f"({time.monotonic() - started:.0f} s)")
    if wrong:
        print("wrong figures in:", ", ".join(wrong))
    print(injected())


def injected() -> str:
    """Injected reporting errors found as 错误 at their row or sentence, with no 读取存疑."""
    import test_injected_errors as generated
    import test_templates as templates

    found = cases = 0
    for kind, _, rule, (table, words) in generated.INJECTED:
        for fmt in generated.RENDER:
            report, findings = generated.parsed(kind, fmt)
            place = generated.where(report, table, words)
            cited = {(loc.page, loc.line) for f in findings if f.severity == "error" and f.rule == rule for loc in f.location}
            cases += 1
            found += place in cited and not any(f.severity == "reading_doubt" for f in findings)
    for name, edit, rule, where in templates.INJECTED:
        for fmt in ("tabs", "pdf"):
            cases += 1
            try:
                templates.test_injected_error_in_a_template_is_found_at_its_row(name, edit, rule, where, fmt)
                found += 1
            except AssertionError:
                pass
    kinds = len({rule for _, _, rule, _ in generated.INJECTED} | {rule for _, _, rule, _ in templates.INJECTED})
    return f"injected errors found at their place: {found}/{cases} ({kinds} rules)"


if __name__ == "__main__":
    main()

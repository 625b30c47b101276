"""Time the comparison queries and the 对比与情景 page on a synthetic 1,000-report library.

    python scripts/bench_compare.py [--db var/bench/synthetic.duckdb] [--reports 1000] [--repeat 5]

Builds the library with scripts/make_synthetic_library.py when it is missing. Prints the
median ms of each query (cold: a new selection, so no cache) and of each page interaction
(AppTest rerun, Streamlit caches warm as in a live session), against the 300 ms target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_MS = 300.0


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _line(name: str, ms: float) -> str:
    return f"{name:<58} {ms:8.1f} ms  {'ok' if ms < TARGET_MS else 'OVER'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench" / "synthetic.duckdb")
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        import make_synthetic_library

        make_synthetic_library.build(args.db, args.reports, seed=6)
    os.environ["JUESUAN_DB"] = str(args.db.resolve())
    from lib import store
    from lib.analysis import compare, whatif

    library = store.list_reports()
    kinds = library["department"].map(compare.department_kind)
    selections = {
        "4 reports (2 总工会 + 2 职工服务中心)": list(library["report_id"][kinds == "总工会"][:2])
        + list(library["report_id"][kinds == "职工服务中心"][:2]),
        "one department, 5 years": list(library["report_id"][library["department"] == library["department"].iloc[0]]),
        f"one kind ({int((kinds == '职工服务中心').sum())} 职工服务中心)": list(library["report_id"][kinds == "职工服务中心"]),
        f"whole library ({len(library)})": None,
    }
    print(f"library {args.db}: {len(library)} reports; median of {args.repeat}; target {TARGET_MS:.0f} ms\n")
    print("queries (each a fresh DuckDB connection + query, no cache)")
    results: list[tuple[str, float]] = []
    for label, ids in selections.items():
        for name, query in (("kpis", compare.kpis), ("class_shares", compare.class_shares),
                            ("economic_shares", compare.economic_shares), ("yoy", compare.yoy),
                            ("kind_summary", compare.kind_summary)):
            def run(query=query, ids=ids):
                with store.connect(read_only=True) as con:
                    return query(con, ids)
            results.append((f"{label}: {name}", _median_ms(run, args.repeat)))
        results.append((f"{label}: compare() all six", _median_ms(lambda ids=ids: compare.compare(ids), args.repeat)))
    four = selections["4 reports (2 总工会 + 2 职工服务中心)"]
    baseline = whatif.Baseline.from_library(four)
    scenario = whatif.Scenario((whatif.Adjustment(four[0], "subject", "201", "pct", -20),
                                whatif.Adjustment(four[1], "budget", None, "full_year")))
    results.append(("what-if: Baseline.from_library (4 reports)", _median_ms(lambda: whatif.Baseline.from_library(four), args.repeat)))
    results.append(("what-if: apply 2 adjustments (4 reports)", _median_ms(lambda: whatif.apply(scenario, baseline), args.repeat)))
    for name, ms in results:
        print(_line(name, ms))

    print("\npage interactions (AppTest, 对比与情景 on the synthetic library)")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["compare_ids"] = four
    at.run()
    started = time.perf_counter()
    at.switch_page("pages/compare.py").run()
    first = (time.perf_counter() - started) * 1000
    assert not at.exception, [e.value for e in at.exception]
    page: list[tuple[str, float]] = [("first render of the page (cold caches)", first)]

    def step(name: str, action: Callable[[], object]) -> None:
        started = time.perf_counter()
        action()
        page.append((name, (time.perf_counter() - started) * 1000))
        assert not at.exception, [e.value for e in at.exception]

    step("rerun, same selection", lambda: at.run())
    step("change ranking metric", lambda: at.selectbox(key="compare_rank_metric").set_value("execution_rate_pct").run())
    step("switch share / 万元 view", lambda: at.radio(key="compare_view").set_value("金额（万元）").run())
    step("select kind 职工服务中心 (radio only)", lambda: at.selectbox(key="compare_kind").set_value("职工服务中心").run())
    step("choose all 125 职工服务中心 (new query)", lambda: at.button(key="compare_pick_kind").click().run())
    step("back to 4 reports (cached query)", lambda: at.multiselect(key="compare_ids").set_value(four).run())
    step("what-if: pick 类 201", lambda: at.selectbox(key="whatif_code").set_value("201").run())
    step("what-if: add -20 % adjustment", lambda: at.button(key="whatif_add").click().run())
    step("what-if: reset", lambda: at.button(key="whatif_reset").click().run())
    for name, ms in page:
        print(_line(name, ms))
    over = [name for name, ms in results + page[1:] if ms >= TARGET_MS]
    print(f"\n{len(over)} interaction(s) over {TARGET_MS:.0f} ms" + (": " + "; ".join(over) if over else ""))


if __name__ == "__main__":
    main()

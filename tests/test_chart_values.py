"""Every chart's plotted values, read out of the plotly JSON the page sends (typed arrays
decoded), equal the figures printed in each sample report (tests/expected_figures.py,
read by hand from the documents)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shown
from expected_figures import EXPECTED
from streamlit.testing.v1 import AppTest

SAMPLES = [name for name, values in EXPECTED.items() if not values.get("is_template")]
_RUNS: dict[tuple[str, str], AppTest] = {}
TEMPLATE_TITLES = {"total": "图1：收、支决算总计变动情况", "fiscal_total": "图4：财政拨款收、支决算总计变动情况",
                   "income": "图2：收入决算结构", "expense": "图3：支出决算结构",
                   "class": "表3 本年支出合计（类 → 款 → 项，点击展开）"}
# a report that captions its own figures keeps its numbers and titles (国家信访局, printed pages 17–18);
# the figures it does not draw get the app's title, without a number
OWN_TITLES = {"国家信访局2024年度部门决算.pdf": {
    "total": "收、支决算总计变动情况", "fiscal_total": "财政拨款收、支决算总计变动情况",
    "income": "图1：2024年度本年收入比重图", "class": "图2：2024年度按功能分类支出比重图",
    "expense": "图3：2024年度按经济分类支出比重图"}}


def _title(name: str, kind: str) -> str:
    return OWN_TITLES.get(name, TEMPLATE_TITLES)[kind]


@pytest.fixture(scope="module")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One fresh sample library for the module; source name → report id."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_DB", str(tmp_path_factory.mktemp("charts") / "library.duckdb"))
        patch.setenv("JUESUAN_SAMPLE", "1")
        yield shown.report_ids()
    _RUNS.clear()


def _page(page: str, name: str, ids: dict[str, str]) -> AppTest:
    if (page, name) not in _RUNS:
        _RUNS[(page, name)] = shown.visit(page, ids[name])
    return _RUNS[(page, name)]


def _close(actual: list[float], expected: list[float]) -> None:
    assert actual == pytest.approx(expected, abs=0.005), (actual, expected)


@pytest.mark.parametrize("name", SAMPLES)
def test_figures_1_and_4_draw_the_tables_totals(sample_library: dict[str, str], name: str) -> None:
    expected = EXPECTED[name]
    charts = shown.figures(_page("app_pages/structure.py", name, sample_library))
    year = expected["year"]
    figure1 = charts[_title(name, "total")]
    figure4 = charts[_title(name, "fiscal_total")]
    for figure, total in ((figure1, expected["grand_total"]), (figure4, expected["t4"]["grand_total"])):
        this_year = shown.trace(figure, f"{year}年")
        assert this_year["x"] == ["收入总计", "支出总计"]
        _close(this_year["y"], [total, total])
    prior = shown.trace(figure1, f"{year - 1}年")["y"]
    narrative = expected["narrative"]
    _close(prior, [narrative["prior_year_total"], narrative.get("prior_year_expense_total", narrative["prior_year_total"])])


@pytest.mark.parametrize("name", SAMPLES)
def test_figures_2_and_3_draw_table_2_and_3_totals(sample_library: dict[str, str], name: str) -> None:
    expected = EXPECTED[name]
    charts = shown.figures(_page("app_pages/structure.py", name, sample_library))
    income = shown.trace(charts[_title(name, "income")])
    slices = dict(zip(income["labels"], income["values"]))
    _close([slices["财政拨款收入"]], [expected["fiscal_income"]])
    assert sum(slices.values()) == pytest.approx(expected["income_total"], abs=0.02)
    expense = shown.trace(charts[_title(name, "expense")])
    slices = dict(zip(expense["labels"], expense["values"]))
    _close([slices.get("基本支出", 0.0), slices.get("项目支出", 0.0)],
           [expected["basic_expense"], expected["project_expense"]])


@pytest.mark.parametrize("name", SAMPLES)
def test_treemap_draws_each_class_at_its_printed_amount(sample_library: dict[str, str], name: str) -> None:
    charts = shown.figures(_page("app_pages/structure.py", name, sample_library))
    tree = shown.trace(charts[_title(name, "class")])
    parents = dict(zip(tree["ids"], tree["parents"]))
    drawn = dict.fromkeys(tree["ids"], 0.0)
    for node, value in zip(tree["ids"], tree["values"]):  # remainder: a node is its own value + its subtree
        while node:
            drawn[node] += value
            node = parents[node]
    classes = {code: amount for code, amount in EXPECTED[name]["expense_by_class"].items() if amount}
    _close([drawn[code] for code in classes], list(classes.values()))


@pytest.mark.parametrize("name", SAMPLES)
def test_table6_bars_draw_the_economic_classes(sample_library: dict[str, str], name: str) -> None:
    charts = shown.figures(_page("app_pages/structure.py", name, sample_library))
    groups = {code: amount for code, amount in EXPECTED[name]["t6_groups"].items() if amount}
    bars = shown.trace(charts["表6 基本支出按经济分类（类）"])
    drawn = {label.split(" ")[0]: value for label, value in zip(bars["y"], bars["x"])}
    assert set(drawn) == set(groups)
    _close([drawn[code] for code in groups], list(groups.values()))


@pytest.mark.parametrize("name", SAMPLES)
def test_sangong_bars_draw_table_9(sample_library: dict[str, str], name: str) -> None:
    from lib.views import SANGONG_LABELS

    expected = EXPECTED[name]
    charts = shown.figures(_page("app_pages/sangong.py", name, sample_library))
    figure = charts["三公经费：预算与决算"]
    for measure, series in (("budget", "预算数"), ("final", "决算数")):
        bars = shown.trace(figure, series)
        drawn = dict(zip(bars["x"], bars["y"]))
        wanted = {SANGONG_LABELS["total"]: expected[f"sangong_{measure}"]}
        wanted |= {SANGONG_LABELS[c]: v[measure] for c, v in expected["t9_detail"].items() if SANGONG_LABELS[c] in drawn}
        _close([drawn[label] for label in wanted], list(wanted.values()))
    ranking = charts["三公经费决算排名"]
    finals = shown.trace(ranking, "决算数")["x"]
    assert sorted(finals, reverse=True) == finals
    assert sorted(finals) == pytest.approx(sorted(v["sangong_final"] for v in EXPECTED.values() if "sangong_final" in v))


@pytest.mark.parametrize("name", SAMPLES)
def test_execution_rates_are_final_over_budget(sample_library: dict[str, str], name: str) -> None:
    items = EXPECTED[name]["narrative"]["execution_items"]
    at = _page("app_pages/execution.py", name, sample_library)
    charts = shown.figures(at)
    rated = [i for i in items if i.get("rate") is not None or i.get("budget")]
    if not rated:
        assert "各项目完成率（虚线：80% 与 120%）" not in charts
        return
    bars = shown.trace(charts["各项目完成率（虚线：80% 与 120%）"])
    drawn = list(zip(bars["y"], bars["x"]))
    wanted = [(i["subject"], i["rate"] if i.get("rate") is not None else round(i["final"] / i["budget"] * 100, 2))
              for i in rated]
    assert [label for label, _ in drawn] == [label for label, _ in wanted]
    _close([rate for _, rate in drawn], [rate for _, rate in wanted])


def test_compare_share_bars_sum_to_100_with_each_class_its_share(sample_library: dict[str, str]) -> None:
    ids = sample_library
    at = shown.visit("app_pages/compare.py", compare_ids=[ids[n] for n in SAMPLES])
    figure = shown.figures(at)["按功能分类（类）"]
    bars: dict[str, list[float]] = {}
    for item in figure["data"]:
        for label, value in zip(item["y"], item["x"]):
            bars.setdefault(label, []).append(value)
    assert len(bars) == len(SAMPLES)
    labels = {n: next(label for label in bars if label.startswith(EXPECTED[n]["department"])) for n in SAMPLES}
    for name in SAMPLES:
        values = bars[labels[name]]
        assert all(v == v for v in values), values  # no NaN segment
        assert sum(values) == pytest.approx(100.0, abs=1e-6)
        classes = [v for v in EXPECTED[name]["expense_by_class"].values() if v]
        wanted = sorted(100 * v / sum(classes) for v in classes)
        _close(sorted(v for v in values if v), wanted)

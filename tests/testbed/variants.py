"""Named layout variants: each turns a model into (model, Layout) as some real template
prints it. Figures never change here, so `truth(model)` of the result is the truth."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from testbed.layout import Layout
from testbed.model import ReportModel, SangongTable

Variant = Callable[[ReportModel], tuple[ReportModel, Layout]]

SANGONG_MEETING_TITLE = "财政拨款“三公”经费及会议费、培训费支出决算表"
SANGONG_GPB_TITLE = "一般公共预算财政拨款“三公”经费支出决算表"


def _retitle(model: ReportModel, key: str, title: str) -> ReportModel:
    return replace(model, titles=tuple((k, v) for k, v in model.titles if k != key) + ((key, title),))


def _reorder(model: ReportModel, order: tuple[str, ...]) -> ReportModel:
    tables = dict(model.tables)
    return replace(model, tables=tuple((key, tables[key]) for key in order if key in tables))


def with_meeting_training(model: ReportModel, meeting: tuple[float | None, float | None] = (1.2, 0.8),
                          training: tuple[float | None, float | None] = (2.5, 1.75)) -> ReportModel:
    """表9 with 会议费 and 培训费 columns (extra categories, not part of the 三公 total)."""
    t9 = model.table("t9")
    assert isinstance(t9, SangongTable)
    cells = tuple(c for c in t9.cells if c[0] not in ("meeting", "training"))
    cells += (("meeting", *meeting), ("training", *training))
    return _retitle(model.with_table("t9", SangongTable(cells)), "t9", SANGONG_MEETING_TITLE)


def standard(model: ReportModel) -> tuple[ReportModel, Layout]:
    return model, Layout()


def reprinted_titles(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Every table continued over pages of 3 rows, title and header reprinted on each."""
    return model, Layout(rows_per_page=3)


def reprinted_titles_prefix(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Continuations reprint the title ('一、…' numbering) but not the header rows."""
    return model, Layout(rows_per_page=4, reprint_header=False, numbering="prefix")


def narrative_first(model: ReportModel) -> tuple[ReportModel, Layout]:
    """第二部分 情况说明 before 第三部分 决算表."""
    return model, Layout(narrative="first")


def narrative_after_glossary(model: ReportModel) -> tuple[ReportModel, Layout]:
    return model, Layout(narrative="after_glossary")


def eight_tables(model: ReportModel) -> tuple[ReportModel, Layout]:
    """The pre-2020 set without a 国有资本经营预算 table, 三公 before 政府性基金, '公开0N表' codes."""
    return _reorder(model.with_table("t8", None), ("t1", "t2", "t3", "t4", "t5", "t6", "t9", "t7")), Layout(numbering="code")


def seven_tables(model: ReportModel) -> tuple[ReportModel, Layout]:
    """No separate 政府性基金 / 国有资本经营预算 tables; '一、' numbering."""
    return model.with_table("t7", None).with_table("t8", None), Layout(numbering="prefix")


def shanghai_order(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Shanghai: 三公 as the 7th table, paired 预算数/决算数 columns."""
    return _reorder(model, ("t1", "t2", "t3", "t4", "t5", "t6", "t9", "t7", "t8")), Layout(sangong="interleaved")


def sangong_two_row(model: ReportModel) -> tuple[ReportModel, Layout]:
    """2 rows (预算数/决算数) × 8 category columns incl. 会议费 and 培训费."""
    return with_meeting_training(model), Layout(sangong="two_row")


def sangong_rows(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Categories in rows, 预算数/决算数 columns, 会议费/培训费 included."""
    return with_meeting_training(model), Layout(sangong="rows")


def sangong_paired_meeting(model: ReportModel) -> tuple[ReportModel, Layout]:
    return with_meeting_training(model), Layout(sangong="interleaved")


def sangong_gpb_title(model: ReportModel) -> tuple[ReportModel, Layout]:
    return _retitle(model, "t9", SANGONG_GPB_TITLE), Layout()


def joined_labels(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Flattened text without 行次 whose label-only lines are glued to the next line
    (render with flat=True)."""
    return model, Layout(line_numbers=False, join_empty_labels=True)


def integer_zeros(model: ReportModel) -> tuple[ReportModel, Layout]:
    """表9 printed with integer zeros ('0') in empty cells (render flat=True)."""
    return model, Layout(integer_zeros=True)


def contents_name_only(model: ReportModel) -> tuple[ReportModel, Layout]:
    """No '部门：' lines and no cover: the department is named only by the part heading
    (and its contents line) '第二部分 X2023年度部门决算'."""
    return model, Layout(department_line=False, cover=False, tables_part="")


def unit_contents_name_only(model: ReportModel) -> tuple[ReportModel, Layout]:
    """单位决算 named only by '第二部分 X2023年度单位决算表'."""
    return replace(model, kind="单位"), Layout(department_line=False, cover=False)


def unit_accounts(model: ReportModel) -> tuple[ReportModel, Layout]:
    """单位决算: one unit's final accounts, the same nine tables."""
    return replace(model, kind="单位"), Layout()


VARIANTS: dict[str, Variant] = {
    "standard": standard,
    "reprinted_titles": reprinted_titles,
    "reprinted_titles_prefix": reprinted_titles_prefix,
    "narrative_first": narrative_first,
    "narrative_after_glossary": narrative_after_glossary,
    "eight_tables": eight_tables,
    "seven_tables": seven_tables,
    "shanghai_order": shanghai_order,
    "sangong_two_row": sangong_two_row,
    "sangong_rows": sangong_rows,
    "sangong_paired_meeting": sangong_paired_meeting,
    "sangong_gpb_title": sangong_gpb_title,
    "joined_labels": joined_labels,
    "integer_zeros": integer_zeros,
    "contents_name_only": contents_name_only,
    "unit_accounts": unit_accounts,
    "unit_contents_name_only": unit_contents_name_only,
}
# the table set each variant prints, for the recogniser's `table_set`
TABLE_SETS = {"eight_tables": 8, "seven_tables": 7}

"""The template test bed: reports in layouts we have never been sent, with true figures.

We cannot ship other departments' reports, so each variant is *generated*: a
`ReportModel` (what a report says: department, year, the tables' rows and amounts, the
情况说明 lines) is laid out by a `Layout` (how it is printed) and rendered as a text
export, a ruled PDF (reportlab with a CJK CID font), .xls or .xlsx. `truth(model)` reads
the `summary` key figures back from the model, independently of `lib`.

Models:
    clean_model()                 the generated clean report (no corpus needed)
    model_from_report(report)     a parsed corpus Report's figures (built at test time;
                                  corpus text is never stored in the repository)
    huizong_model(…)              a 汇总-sized report (hundreds of rows, 万元 in 100,000s)

Variants (`variants.VARIANTS`: name → function(model) → (model, Layout)) cover titles
reprinted on continuation pages, narrative first / after 名词解释, 8- and 7-table sets in
another order, 三公 layouts (2-row with 会议费/培训费, categories in rows, paired columns,
other titles), joined label lines in flattened text, integer zeros, a contents line with
a "第二部分" prefix as the only department name, 单位决算.

Rendering (bytes, ready for `lib.pipeline.parse_bytes`):
    to_text(model, layout, flat=False)   tab-separated (flat=True: flattened, empty cells lost)
    to_pdf(model, layout)                ruled tables, one block list per page
    to_xls(model, layout) / to_xlsx(model, layout)

Injecting errors (for the checks' tests): change the model, or the printed cells.

    from testbed import clean_model, truth, to_text, Layout, CellEdit
    from testbed.model import SubjectTable
    model = clean_model()
    t3 = model.table("t3")                                  # frozen dataclasses:
    broken = model.with_table("t3", dataclasses.replace(t3, total=(150.0, *t3.total[1:])))
    data = to_text(broken, Layout())                        # 表3 合计 no longer adds up
    # or edit one printed cell, located by the row's label or code and a column index:
    data = to_pdf(model, Layout(edits=(CellEdit("t1", "本年收入合计", 2, "1,405.00"),)))
    # or the narrative: dataclasses.replace(model, narrative=tuple(new_lines))

`ReportModel.tables` is in printed order (keys t1…t9 by content); `titles`/`no_data`
override a table's printed title / its "本表无数据" sentence; `stated` holds the figures
the narrative states (prior_year_total, gpb_initial_budget).
"""

from testbed.layout import Block, Layout, document_blocks, table_grid
from testbed.model import (
    CellEdit,
    EconomicTable,
    ExtraTable,
    LedgerTable,
    ReportModel,
    SangongTable,
    SubjectTable,
    clean_model,
    model_from_report,
    truth,
)
from testbed.render import to_pdf, to_text, to_xls, to_xlsx

__all__ = [
    "Block", "CellEdit", "EconomicTable", "ExtraTable", "Layout", "LedgerTable", "ReportModel", "SangongTable", "SubjectTable",
    "clean_model", "document_blocks", "model_from_report", "table_grid", "to_pdf", "to_text", "to_xls", "to_xlsx", "truth",
]

"""PDF tables without ruling lines (issue 10, part 1 "collapsed empty cells"): the text
layer loses the empty cells, so a 表2 合计 row with an empty 上级补助收入 reads
'合计 140.50 130.50 10.00' — the 10.00 is 事业收入. Amounts are placed by the x-position
of the header's columns (lib.readers.pdf gives every token its x extent); the test bed
renders the same report unruled, with its true figures known."""

from __future__ import annotations

import dataclasses
import io

import pytest
from testbed import Layout, clean_model, to_pdf, truth
from testbed.layout import document_blocks
from testbed.model import LedgerTable, ReportModel, SubjectTable

from lib.checks import run_checks
from lib.document import Line
from lib.pipeline import parse_bytes
from lib.summary import summarize


def to_unruled_pdf(model: ReportModel, layout: Layout | None = None) -> bytes:
    """The test bed's PDF without grid lines: pdfplumber finds no ruled table, the rows come
    from the text layer, and empty cells leave no trace."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), topMargin=30, bottomMargin=30)
    plain = TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 6.5),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)])
    story: list[object] = []
    for number, page in enumerate(document_blocks(model, layout or Layout())):
        if number:
            story.append(PageBreak())
        for block in page:
            if block.text is not None:
                story.append(Paragraph(block.text, style))
            elif block.rows:
                table = Table([list(row) for row in block.rows])
                table.setStyle(plain)
                story.append(table)
    document.build(story)
    return buffer.getvalue()


def business_income_model() -> ReportModel:
    """The clean report with 10.00 of its income as 事业收入 (上级补助收入 empty beside it):
    consistent in every table (fiscal carry-over covers the gap)."""
    model = clean_model()
    t1 = model.table("t1")
    t2 = model.table("t2")
    t4 = model.table("t4")
    assert isinstance(t1, LedgerTable) and isinstance(t2, SubjectTable) and isinstance(t4, LedgerTable)
    t1_income = {"一、一般公共预算财政拨款收入": 130.50, "五、事业收入": 10.00, "年初结转和结余": 15.00, "总计": 155.50}
    t1_expense = {"年末结转和结余": (15.00,), "总计": (155.50,)}
    t1 = LedgerTable(tuple((label, t1_income.get(label, amount)) for label, amount in t1.income),
                     tuple((label, t1_expense.get(label, amounts)) for label, amounts in t1.expense))
    business = {"201", "20101", "2010101"}
    rows = tuple((code, name, (v[0], round(v[0] - 10.0, 2), None, 10.0, None, None, None) if code in business else v)
                 for code, name, v in t2.rows)
    t2 = SubjectTable((140.50, 130.50, None, 10.00, None, None, None), rows)
    t4_income = {"一、一般公共预算财政拨款": 130.50, "本年收入合计": 130.50, "年初财政拨款结转和结余": 15.00,
                 "一般公共预算财政拨款": 15.00, "总计": 145.50}
    t4 = LedgerTable(tuple((label, t4_income.get(label, amount)) for label, amount in t4.income), t4.expense)
    narrative = tuple(line.replace("收、支总计均为145.50万元。与上年相比，收、支总计各增加15.50万元，增长11.92%",
                                   "收、支总计均为155.50万元。与上年相比，收、支总计各增加25.50万元，增长19.62%")
                      for line in model.narrative)
    stated = tuple((k, 130.00 if k == "prior_year_total" else v) for k, v in model.stated)
    model = dataclasses.replace(model, narrative=narrative, stated=stated)
    return model.with_table("t1", t1).with_table("t2", t2).with_table("t4", t4)


def gov_fund_model() -> ReportModel:
    """The clean report plus 5.00 of 城乡社区支出 paid from 政府性基金 only: its 表4 row prints
    '十二、城乡社区支出 5.00 5.00' with 一般公共预算 empty, so left to right the second 5.00
    would land under 一般公共预算. Consistent in every table (表7 shows the fund)."""
    model = clean_model()
    t1, t2, t3, t4 = (model.table(k) for k in ("t1", "t2", "t3", "t4"))
    assert isinstance(t1, LedgerTable) and isinstance(t4, LedgerTable)
    assert isinstance(t2, SubjectTable) and isinstance(t3, SubjectTable)
    codes = (("212", "城乡社区支出"), ("21208", "国有土地使用权出让收入安排的支出"), ("2120801", "征地和拆迁补偿支出"))

    def relabel(items: tuple, changes: dict) -> tuple:
        return tuple((label, changes.get(label, value)) for label, value in items)

    def before_total(items: tuple, extra: tuple) -> tuple:
        at = next(i for i, (label, _) in enumerate(items) if label == "本年支出合计")
        return items[:at] + (extra,) + items[at:]

    t1 = LedgerTable(relabel(t1.income, {"二、政府性基金预算财政拨款收入": 5.0, "本年收入合计": 145.5, "总计": 150.5}),
                     before_total(relabel(t1.expense, {"本年支出合计": (145.5,), "总计": (150.5,)}), ("十二、城乡社区支出", (5.0,))))
    t4 = LedgerTable(relabel(t4.income, {"二、政府性基金预算财政拨款": 5.0, "本年收入合计": 145.5, "总计": 150.5}),
                     before_total(relabel(t4.expense, {"本年支出合计": (145.5, 140.5, 5.0, None),
                                                       "总计": (150.5, 145.5, 5.0, None)}),
                                  ("十二、城乡社区支出", (5.0, None, 5.0, None))))
    t2 = SubjectTable((145.5, 145.5, *t2.total[2:]), t2.rows + tuple((c, n, (5.0, 5.0, None, None, None, None, None)) for c, n in codes))
    t3 = SubjectTable((145.5, 120.5, 25.0, *t3.total[3:]), t3.rows + tuple((c, n, (5.0, None, 5.0, None, None, None)) for c, n in codes))
    t7 = SubjectTable((None, 5.0, 5.0, None, 5.0, None), tuple((c, n, (None, 5.0, 5.0, None, 5.0, None)) for c, n in codes))
    narrative = tuple(line.replace("收、支总计均为145.50万元。与上年相比，收、支总计各增加15.50万元，增长11.92%",
                                   "收、支总计均为150.50万元。与上年相比，收、支总计各增加20.50万元，增长15.77%")
                      for line in model.narrative)
    model = dataclasses.replace(model, narrative=narrative, no_data=tuple((k, v) for k, v in model.no_data if k != "t7"))
    for key, table in (("t1", t1), ("t2", t2), ("t3", t3), ("t4", t4), ("t7", t7)):
        model = model.with_table(key, table)
    return model


def _t4_row(report, label: str) -> dict[str, float | None]:
    data = report.ledger
    rows = data[(data["table"] == "t4") & (data["side"] == "支出") & (data["label"].str.contains(label))]
    return {m: (None if a != a else a) for m, a in zip(rows["measure"], rows["amount"])}


def test_unruled_t4_amount_under_government_fund_stays_there() -> None:
    model = gov_fund_model()
    ruled = parse_bytes(to_pdf(model, Layout()), "fund_ruled.pdf")
    assert [f.message for f in run_checks(ruled) if f.severity in ("error", "reading_doubt")] == []
    report = parse_bytes(to_unruled_pdf(model), "fund_unruled.pdf")
    assert _t4_row(report, "城乡社区支出") == {"total": 5.0, "gpb": None, "gov_fund": 5.0, "soe_capital": None}
    assert _t4_row(report, "本年支出合计") == {"total": 145.5, "gpb": 140.5, "gov_fund": 5.0, "soe_capital": None}
    findings = run_checks(report)
    assert [(f.rule, f.message) for f in findings if f.severity == "error"] == []
    # nothing about the columns the empty 上级补助收入 cell could have shifted
    assert not [f.message for f in findings if f.severity != "info" and ("上级补助" in f.message or "事业收入" in f.message)]
    assert not [f for f in findings if f.severity != "info" and f.rule in ("t4.row_sum", "t4.expense_sum", "x.t4_t5", "x.t4_t7")]
    summary = summarize(report)
    expected = truth(model)
    assert {key: summary[key] for key in expected} == expected


def _t2_total(report) -> dict[str, float | None]:
    data = report.subject_totals
    rows = data[data["table"] == "t2"]
    return {m: (None if a != a else a) for m, a in zip(rows["measure"], rows["amount"])}


def test_the_consistent_model_is_clean_when_ruled() -> None:
    model = business_income_model()
    report = parse_bytes(to_pdf(model, Layout()), "ruled.pdf")
    assert [f.message for f in run_checks(report) if f.severity in ("error", "reading_doubt")] == []
    assert _t2_total(report)["business"] == 10.0


@pytest.mark.parametrize("name", ["clean", "business_income"])
def test_unruled_pdf_places_amounts_by_header_columns(name: str) -> None:
    model = clean_model() if name == "clean" else business_income_model()
    report = parse_bytes(to_unruled_pdf(model), f"{name}_unruled.pdf")
    assert not [line for line in report.all_lines if line.positional], "the variant must have no ruled table"
    summary = summarize(report)
    expected = truth(model)
    assert {key: summary[key] for key in expected} == expected
    total = _t2_total(report)
    if name == "business_income":
        assert (total["income_total"], total["fiscal"], total["superior_subsidy"], total["business"]) == (140.5, 130.5, None, 10.0)
        rows = report.subjects[(report.subjects["table"] == "t2") & (report.subjects["subject_code"] == "2010101")]
        by_measure = dict(zip(rows["measure"], rows["amount"]))
        assert by_measure["business"] == 10.0 and by_measure["fiscal"] == 70.0
    findings = run_checks(report)
    assert [(f.rule, f.message) for f in findings if f.severity == "error"] == []
    # nothing about the columns the empty 上级补助收入 cell could have shifted
    assert not [f.message for f in findings if f.severity != "info" and ("上级补助" in f.message or "事业收入" in f.message)]


def _xline(line_no: int, tokens: list[tuple[str, float]]) -> Line:
    """A PDF text line whose tokens stand at the given x-centres (10 pt wide)."""
    return Line(1, line_no, " ".join(t for t, _ in tokens), tuple(t for t, _ in tokens), False,
                cell_x=tuple((x - 5, x + 5) for _, x in tokens))


T4_HEADER = [("项目", 20), ("行次", 120), ("决算数", 160), ("项目", 220), ("行次", 320), ("小计", 400),
             ("一般公共预算财政拨款", 500), ("政府性基金预算财政拨款", 600), ("国有资本经营预算财政拨款", 700)]


def test_t4_amounts_by_x_and_an_amount_between_columns_is_not_guessed() -> None:
    from lib.tables.ledger import parse_ledger

    body = (_xline(1, T4_HEADER), _xline(9, [("栏次", 20), ("1", 160), ("2", 400), ("3", 500), ("4", 600), ("5", 700)]),
            _xline(2, [("十二、城乡社区支出", 250), ("40", 320), ("5.00", 405), ("5.00", 598)]),
            _xline(3, [("十三、农林水支出", 250), ("41", 320), ("7.00", 405), ("7.00", 550)]))
    items = {item.label: {m: (a, s) for m, a, s in item.amounts} for item in parse_ledger("t4", body)}
    assert items["十二、城乡社区支出"] == {"total": (5.0, "value"), "gpb": (None, "empty"), "gov_fund": (5.0, "value"),
                                      "soe_capital": (None, "empty")}
    # 551 stands midway between 一般公共预算 (495–505) and 政府性基金 (595–605): unreadable, not a guess
    assert items["十三、农林水支出"]["total"] == (7.0, "value")
    assert {items["十三、农林水支出"][m][1] for m in ("gpb", "gov_fund", "soe_capital")} == {"unreadable"}


def test_columns_by_x() -> None:
    from lib.tables.columns import columns_by_x

    headers = [(90, 110), (190, 210), (290, 310)]
    assert columns_by_x([(95, 120), (285, 305)], headers) == [0, 2]  # overlaps
    assert columns_by_x([(80, 100), (212, 240)], headers) == [0, 1]  # right-aligned, nearest
    assert columns_by_x([(140, 160)], headers) is None  # midway: 190 and 110 are both 30 away
    assert columns_by_x([(192, 200), (202, 209)], headers) is None  # two in one column

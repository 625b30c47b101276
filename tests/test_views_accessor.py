"""The display frames read every figure through the one accessor (lib.figures `*_term`, the
checks' Terms): a cell the reading could not trust (unreadable, ambiguously placed) is not
drawn as a number, and every shown figure cites the row the checks cite."""

from __future__ import annotations

import dataclasses

from conftest import corpus_report

from lib import figures, views

SEED = "000_f138fc5b8c380ba3.txt"


def _mark(frame, where, **values):
    frame = frame.copy()
    for column, value in values.items():
        frame.loc[where(frame), column] = value
    return frame


def test_an_unreadable_total_is_not_drawn() -> None:
    report = corpus_report(SEED)
    shown = views.income_structure(report)
    assert "财政拨款收入" in set(shown["项目"])
    totals = _mark(report.subject_totals, lambda f: (f["table"] == "t2") & (f["measure"] == "fiscal"), cell="unreadable")
    doubted = dataclasses.replace(report, subject_totals=totals)
    assert "财政拨款收入" not in set(views.income_structure(doubted)["项目"])


def test_an_ambiguously_placed_subject_is_not_drawn_in_the_tree() -> None:
    report = corpus_report(SEED)
    code = str(views.subject_hierarchy(report)["编码"].iloc[-1])
    subjects = _mark(report.subjects, lambda f: (f["table"] == "t3") & (f["subject_code"] == code), placement="ambiguous")
    doubted = dataclasses.replace(report, subjects=subjects)
    assert figures.subject_terms(doubted, "t3", "expense_total")[code].status == "unreadable"
    assert code not in set(views.subject_hierarchy(doubted)["编码"])


def test_table_6_rows_and_totals_come_with_the_checks_places() -> None:
    report = corpus_report(SEED)
    rows = views.personnel_public(report)
    items = {item.code: item.term for item in figures.economic_items(report)}
    for row in rows.to_dict("records"):
        term = items[row["编码"]]
        assert (row["金额（万元）"], row["页"], row["行"]) == (term.amount, term.loc.page, term.loc.line)
    totals = views.economic_totals(report).set_index("项目")
    for label, term in figures.economic_total_terms(report).items():
        assert totals.loc[label, "行"] == term.loc.line
    economic = _mark(report.economic, lambda f: f["code"] == rows["编码"].iloc[0], cell="unreadable")
    assert rows["编码"].iloc[0] not in set(views.personnel_public(dataclasses.replace(report, economic=economic))["编码"])

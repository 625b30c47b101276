"""Writing a Report to disk: one CSV per table plus report.json (for `juesuan parse`)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from lib.model import Report
from lib.summary import summarize
from lib.tables.titles import TABLE_NAMES


def table_frames(report: Report) -> dict[str, pd.DataFrame]:
    """t1…t9 → that table's tidy rows (合计 rows of 表2/3/5/7/8 included, code empty)."""
    frames: dict[str, pd.DataFrame] = {}
    for table_id in report.tables_found:
        if table_id in ("t1", "t4"):
            frames[table_id] = report.ledger[report.ledger["table"] == table_id]
        elif table_id == "t6":
            totals = report.economic_totals.rename(columns={"label": "name"}).assign(group="合计")
            frames[table_id] = pd.concat([report.economic, totals], ignore_index=True)
        elif table_id == "t9":
            frames[table_id] = report.sangong
        else:
            totals = report.subject_totals[report.subject_totals["table"] == table_id].assign(
                subject_code="", level="合计", subject_name="合计", placement="printed"
            )
            rows = report.subjects[report.subjects["table"] == table_id]
            frames[table_id] = pd.concat([totals[rows.columns], rows], ignore_index=True)
    return frames


def report_json(report: Report) -> dict[str, object]:
    meta = report.meta
    return {
        "report_id": meta.report_id,
        "source_name": meta.source_name,
        "source_kind": meta.source_kind,
        "department": meta.department,
        "year": meta.year,
        "unit": meta.unit,
        "region": meta.region,
        "page_count": meta.page_count,
        "tables_found": list(report.tables_found),
        "tables_missing": list(report.tables_missing),
        "table_set": list(report.table_set),
        "accounts_kind": report.accounts_kind,
        "table_locations": {t: {"page": page, "line": line} for t, (page, line) in report.table_locations.items()},
        "empty_statements": {t: {"page": page, "line": line, "text": text} for t, (page, line, text) in report.empty_statements.items()},
        "notes": list(report.notes),
        "summary": summarize(report),
    }


def write_report(report: Report, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table_id, frame in table_frames(report).items():
        path = out / f"{table_id}_{TABLE_NAMES[table_id].replace('“', '').replace('”', '')}.csv"
        frame.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    path = out / "report.json"
    path.write_text(json.dumps(report_json(report), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(path)
    return written

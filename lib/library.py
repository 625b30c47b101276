"""The library as the pages ask for it: SQL over the store, for the chosen reports only,
and library-wide views aggregated in DuckDB and limited.

Why: at 10,000 reports the whole library no longer fits a page. The `reports` table alone
is 10,000 rows a page would send to the browser, the subject lines 1.14 M rows (121 MiB)
in the server. Every function here takes an open connection (`lib.store.connect`, a
DuckDB library or a Parquet dataset) and returns only what a page shows: one page of the
library table, the rows and labels of the chosen reports, the reports of one department
kind, the top of a ranking with its total. `lib.ui` caches each answer by the library's
stamp, so a rerun asks nothing.

Library order (the 报告库 table, "the first report"): newest year first, then department,
file name and report id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from lib.analysis.compare import kind_sql
from lib.analysis.rates import LOW_RATE

ORDER = "year DESC NULLS LAST, department, source_name, report_id"
# the columns of `reports` the 报告库 table shows (lib.views.library_table)
TABLE_COLUMNS = ("report_id", "department", "year", "region", "income_total", "expense_total", "grand_total",
                 "sangong_final", "error_count", "warning_count", "source_name", "source_kind", "added_at")


def _ids(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids)]


def _matching(text: str | None) -> tuple[str, list[Any]]:
    """WHERE text for a free-text filter (department, region or file name contains it)."""
    if not text or not text.strip():
        return "TRUE", []
    needle = text.strip().lower()
    return ("(contains(lower(coalesce(department, '')), ?) OR contains(lower(coalesce(region, '')), ?) "
            "OR contains(lower(coalesce(source_name, '')), ?) OR contains(CAST(year AS VARCHAR), ?))"), [needle] * 4


def count(con: duckdb.DuckDBPyConnection, text: str | None = None) -> int:
    """How many reports the library holds (matching `text`)."""
    where, params = _matching(text)
    return int(con.execute(f"SELECT count(*) FROM reports WHERE {where}", params).fetchone()[0])


def page(con: duckdb.DuckDBPyConnection, offset: int, limit: int, text: str | None = None) -> pd.DataFrame:
    """One page of the library table (TABLE_COLUMNS), in library order."""
    where, params = _matching(text)
    columns = ", ".join(f'"{c}"' for c in TABLE_COLUMNS)
    return con.execute(f"SELECT {columns} FROM reports WHERE {where} ORDER BY {ORDER} LIMIT ? OFFSET ?",
                       [*params, limit, offset]).df()


def first_ids(con: duckdb.DuckDBPyConnection, n: int) -> list[str]:
    """The first `n` reports in library order."""
    return [row[0] for row in con.execute(f"SELECT report_id FROM reports ORDER BY {ORDER} LIMIT ?", [n]).fetchall()]


def existing(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[str]:
    """The ids that are in the library, in the order given."""
    if not ids:
        return []
    found = {row[0] for row in con.execute("SELECT report_id FROM reports WHERE report_id IN (SELECT unnest(?))",
                                           _ids(ids)).fetchall()}
    return [i for i in ids if i in found]


def rows(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> pd.DataFrame:
    """The full `reports` rows of some reports (key figures, counts, file), in library order."""
    return con.execute(f"SELECT * FROM reports WHERE report_id IN (SELECT unnest(?)) ORDER BY {ORDER}",
                       _ids(ids)).df()


# the reports whose labels (lib.views.report_label) may equal each other: same department
# (the file name where it is empty; all unnamed ones together) and year
_LABEL_GROUP = ("CASE WHEN department IS NULL THEN NULL WHEN department = '' THEN 'file:' || coalesce(source_name, '') "
                "ELSE 'department:' || department END")


def labels(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """report id → '部门 2024年度' for some reports, told apart from every other report of the
    library with the same label (lib.views.unique_labels: by file name, then the time added):
    the rule runs on the chosen reports and those that could share their label, not on the
    whole library."""
    from lib.views import unique_labels

    if not ids:
        return {}
    sql = f"""
        WITH grouped AS (SELECT *, {_LABEL_GROUP} AS label_group FROM reports),
        wanted AS (SELECT DISTINCT label_group, year FROM grouped WHERE report_id IN (SELECT unnest(?)))
        SELECT g.report_id, g.department, g.source_name, g.year, g.added_at
        FROM grouped g JOIN wanted w ON g.label_group IS NOT DISTINCT FROM w.label_group
                                     AND g.year IS NOT DISTINCT FROM w.year
        ORDER BY {", ".join("g." + key for key in ORDER.split(", "))}"""
    named = unique_labels(con.execute(sql, _ids(ids)).df())
    return {i: named[i] for i in ids if i in named}


def search(con: duckdb.DuckDBPyConnection, text: str | None, limit: int) -> list[str]:
    """Up to `limit` report ids matching `text` (all reports when empty), in library order."""
    where, params = _matching(text)
    return [row[0] for row in con.execute(f"SELECT report_id FROM reports WHERE {where} ORDER BY {ORDER} LIMIT ?",
                                          [*params, limit]).fetchall()]


def kinds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The department kinds (compare.KIND_RULES) present in the library, sorted."""
    return sorted(row[0] for row in con.execute(f"SELECT DISTINCT {kind_sql()} FROM reports").fetchall())


def of_kinds(con: duckdb.DuckDBPyConnection, chosen: Sequence[str], limit: int) -> tuple[list[str], int]:
    """(the first `limit` reports of some department kinds in library order, how many there are)."""
    sql = f"SELECT report_id, count(*) OVER () FROM reports WHERE {kind_sql()} IN (SELECT unnest(?)) ORDER BY {ORDER} LIMIT ?"
    found = con.execute(sql, [list(chosen), limit]).fetchall()
    return [row[0] for row in found], int(found[0][1]) if found else 0


def sangong_ranking(con: duckdb.DuckDBPyConnection, limit: int) -> tuple[pd.DataFrame, int]:
    """The 三公 total of each report that prints 表9 (budget, final; 0 where empty), ranked by
    final (then department, library order), with the same department's previous-year final
    when the library holds it: (the first `limit` rows, how many reports are ranked).
    Columns: rank, report_id, department, year, budget, final, prior_final."""
    sql = f"""
        WITH totals AS (
            SELECT report_id,
                   first(amount ORDER BY page, line) FILTER (WHERE measure = 'budget' AND amount IS NOT NULL) AS budget,
                   first(amount ORDER BY page, line) FILTER (WHERE measure = 'final' AND amount IS NOT NULL) AS final
            FROM sangong WHERE category = 'total' GROUP BY report_id),
        ranked AS (
            SELECT row_number() OVER (ORDER BY coalesce(final, 0) DESC, department, {ORDER}) AS rank,
                   report_id, department, year, coalesce(budget, 0) AS budget, coalesce(final, 0) AS final
            FROM reports JOIN totals USING (report_id)),
        -- a department printed twice for one year: the lower-ranked report's final (the last
        -- one written when the finals are filled in ranking order)
        prior AS (SELECT department, year, arg_max(final, rank) AS final FROM ranked GROUP BY department, year)
        SELECT k.rank, k.report_id, k.department, k.year, k.budget, k.final, p.final AS prior_final,
               count(*) OVER () AS ranked_reports
        FROM ranked k LEFT JOIN prior p ON p.department = k.department AND p.year = k.year - 1
        ORDER BY k.rank LIMIT ?"""
    data = con.execute(sql, [limit]).df()
    total = int(data["ranked_reports"].iloc[0]) if len(data) else 0
    return data.drop(columns="ranked_reports"), total


def performance_projects(con: duckdb.DuckDBPyConnection, limit: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """Every 绩效自评 of the library with its report (department, year, kind of file, printed
    page numbers) and its first funds row's budget (全年预算, else 预算, else 年初预算) and
    executed amount: (the `limit` with the lowest 执行率, in the order they were stored;
    counts over all of them: tables, departments, low — 执行率 below LOW_RATE).
    Columns: report_id, seq, kind, name, total_score, page, line, department, year,
    source_kind, page_numbers, budget, executed."""
    sql = """
        WITH funds AS (
            SELECT report_id, seq,
                   first(value ORDER BY page, line) FILTER (WHERE measure = 'full_year_budget' AND value IS NOT NULL) AS full_year,
                   first(value ORDER BY page, line) FILTER (WHERE measure = 'budget' AND value IS NOT NULL) AS plain,
                   first(value ORDER BY page, line) FILTER (WHERE measure = 'initial_budget' AND value IS NOT NULL) AS initial,
                   first(value ORDER BY page, line) FILTER (WHERE measure = 'executed' AND value IS NOT NULL) AS executed
            FROM perf_funds WHERE row_index = 0 AND cell = 'value' GROUP BY report_id, seq),
        projects AS (
            SELECT t.report_id, t.seq, t.kind, t.name, t.total_score, t.page, t.line, r.department, r.year,
                   r.source_kind, r.page_numbers, coalesce(f.full_year, f.plain, f.initial) AS budget, f.executed,
                   CASE WHEN coalesce(f.full_year, f.plain, f.initial) <> 0 AND f.executed IS NOT NULL
                        THEN round(f.executed / coalesce(f.full_year, f.plain, f.initial) * 100, 2) END AS rate,
                   t.rowid AS stored
            FROM perf_tables t LEFT JOIN reports r USING (report_id) LEFT JOIN funds f USING (report_id, seq)),
        counted AS (
            SELECT count(*) AS tables, count(DISTINCT department) AS departments,
                   count(*) FILTER (WHERE rate < ?) AS low FROM projects)
        SELECT * EXCLUDE (rate, stored) FROM (
            SELECT p.*, c.* FROM projects p, counted c ORDER BY p.rate NULLS LAST, p.stored, p.report_id LIMIT ?)
        ORDER BY stored, report_id  -- as stored: the page orders them by 执行率"""
    data = con.execute(sql, [LOW_RATE, limit]).df()
    counts = {name: int(data[name].iloc[0]) if len(data) else 0 for name in ("tables", "departments", "low")}
    return data.drop(columns=["tables", "departments", "low"]), counts

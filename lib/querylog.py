"""What the library was asked: every query run through `lib.store.connect`, with the rows
it returned, counted per thread.

Why: the app must load what a page needs for the chosen reports only, at 10 reports or
10,000. Tests open each page on libraries of different sizes and compare what was
fetched (`recording()`); the app logs each script run's time, queries and rows when
JUESUAN_PERF_LOG=1 (scripts/bench_browser.py reads that log). Counting costs a Python
call per query and per fetch; nothing is kept unless a recording is open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

_local = threading.local()
_recordings: list[list[Query]] = []
_lock = threading.Lock()


@dataclass
class Query:
    sql: str
    rows: int = 0


@dataclass
class Tally:
    queries: int = 0
    rows: int = 0
    log: list[Query] = field(default_factory=list)


def tally() -> Tally:
    """This thread's running count (Streamlit runs each session's script in its own thread)."""
    if not hasattr(_local, "tally"):
        _local.tally = Tally()
    return _local.tally


def _started(sql: str) -> Query:
    query = Query(" ".join(str(sql).split()))
    count = tally()
    count.queries += 1
    with _lock:
        for recording in _recordings:
            recording.append(query)
    return query


def _fetched(query: Query | None, rows: int) -> None:
    tally().rows += rows
    if query is not None:
        query.rows += rows


@contextmanager
def recording() -> Iterator[list[Query]]:
    """Every query run (in any thread) while the block is open, with the rows it returned."""
    queries: list[Query] = []
    with _lock:
        _recordings.append(queries)
    try:
        yield queries
    finally:
        with _lock:
            _recordings.remove(queries)


class CountedRelation:
    """A DuckDB relation (`con.sql(...)`) whose fetched rows are counted."""

    def __init__(self, relation: Any, query: Query) -> None:
        self._relation, self._query = relation, query

    def _rows(self, result: Any) -> Any:
        _fetched(self._query, len(result) if result is not None else 0)
        return result

    def df(self) -> Any:
        return self._rows(self._relation.df())

    def fetchall(self) -> Any:
        return self._rows(self._relation.fetchall())

    def to_arrow_table(self) -> Any:
        table = self._relation.to_arrow_table()
        _fetched(self._query, table.num_rows)
        return table

    def __getattr__(self, name: str) -> Any:
        return getattr(self._relation, name)


class CountedConnection:
    """A DuckDB connection that counts its queries and fetched rows; anything else passes through."""

    def __init__(self, con: Any) -> None:
        self._con, self._query = con, None

    def execute(self, sql: str, parameters: Any = None) -> CountedConnection:
        self._con.execute(sql, parameters)
        self._query = _started(sql)
        return self

    def sql(self, sql: str, params: Any = None) -> CountedRelation:
        return CountedRelation(self._con.sql(sql, params=params), _started(sql))

    def df(self) -> Any:
        frame = self._con.df()
        _fetched(self._query, len(frame))
        return frame

    fetchdf = df

    def fetchall(self) -> list[Any]:
        rows = self._con.fetchall()
        _fetched(self._query, len(rows))
        return rows

    def fetchone(self) -> Any:
        row = self._con.fetchone()
        _fetched(self._query, row is not None)
        return row

    def fetch_arrow_table(self) -> Any:
        table = self._con.fetch_arrow_table()
        _fetched(self._query, table.num_rows)
        return table

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

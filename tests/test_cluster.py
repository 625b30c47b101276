"""Ingest on a Dask cluster (a local cluster of 2 workers, torn down by the run): the Parquet
dataset holds the same rows as the DuckDB library a serial ingest writes, DuckDB reads it
partitioned by year, and the app opens it as its library (read-only)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
import synthetic
from streamlit.testing.v1 import AppTest

pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed (pip install -e '.[cluster]')")

from lib import cluster, store  # noqa: E402
from lib.ingest import ingest_paths  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
# when and how a row was written, not what it says
VOLATILE = ("added_at", "origin", "original_ext", "original_size", "rowid")  # rowid: a row's place in its Parquet part


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four reports (two years) and one file that is refused."""
    folder = tmp_path_factory.mktemp("batch")
    text = synthetic.tab_text()
    for copy in range(3):  # distinct departments: copies of one report are duplicates (lib/duplicates.py)
        department = synthetic.DEPARTMENT.replace("示例局", f"示例{'甲乙丙'[copy]}局")
        (folder / f"report_{copy}.txt").write_text(text.replace(synthetic.DEPARTMENT, department) + "\n" * (copy + 1),
                                                   encoding="utf-8")
    (folder / "older.txt").write_text(text.replace(str(synthetic.YEAR), str(synthetic.YEAR - 1)), encoding="utf-8")
    (folder / "notes.txt").write_text(synthetic.UNRELATED_TEXT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dataset(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("dataset") / "library"
    return out, cluster.ingest_dataset([batch], out, scheduler="local", workers=2)


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    data = con.execute(f"SELECT * FROM {table}").df()
    data = data.drop(columns=[c for c in VOLATILE if c in data.columns])
    order = data.apply(lambda row: "\x1f".join(map(str, row)), axis=1).sort_values().index
    return data.loc[order].reset_index(drop=True)


def test_cluster_dataset_equals_the_serial_library(batch: Path, dataset: tuple[Path, list], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    out, results = dataset
    assert sorted(r.status for r in results) == ["added"] * 4 + ["refused"]
    db = tmp_path / "serial.duckdb"
    serial = ingest_paths([batch], db, keep_originals=False)
    assert [r.status for r in serial] == [r.status for r in results]
    parallel = cluster.open_dataset(out)
    with store.connect(db) as con:
        for table in store.library_tables():
            left, right = _rows(con, table), _rows(parallel, table)
            if table in ("reports", "subjects", "ledger", "lines"):
                assert len(left) > 0, table
            pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=table)
    parallel.close()


def test_dataset_is_partitioned_by_year_and_read_by_duckdb(dataset: tuple[Path, list]) -> None:
    out, _ = dataset
    assert sorted(p.name for p in (out / "reports").iterdir()) == [f"year={synthetic.YEAR - 1}", f"year={synthetic.YEAR}"]
    counts = duckdb.sql(f"SELECT year, count(*) AS n FROM read_parquet('{out}/reports/*/*.parquet', hive_partitioning = true) "
                        "GROUP BY year ORDER BY year").fetchall()
    assert counts == [(synthetic.YEAR - 1, 1), (synthetic.YEAR, 3)]


def test_rerun_skips_reports_already_in_the_dataset(batch: Path, dataset: tuple[Path, list]) -> None:
    out, _ = dataset
    parts = len(list(out.glob("*/*/*.parquet")))
    again = cluster.ingest_dataset([batch], out, scheduler="local", workers=2)  # nothing to parse: no cluster started
    assert sorted(r.status for r in again) == ["refused", "skipped", "skipped", "skipped", "skipped"]
    assert len(list(out.glob("*/*/*.parquet"))) == parts


def test_app_opens_the_dataset_read_only(dataset: tuple[Path, list], monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = dataset
    monkeypatch.setenv("JUESUAN_DB", str(out))
    assert store.is_read_only()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert len(table) == 4 and {d.replace("甲", "").replace("乙", "").replace("丙", "") for d in table["部门"]} == {
        synthetic.DEPARTMENT}
    assert sorted(table["年度"].tolist()) == [synthetic.YEAR - 1] + [synthetic.YEAR] * 3


@pytest.fixture()
def in_process_client():
    """One worker thread in this process (so a test can change what it runs)."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as local, \
            Client(local) as client:
        yield client


def test_a_worker_writes_its_reports_once_not_once_per_task(batch: Path, tmp_path: Path, in_process_client) -> None:
    """Four reports in four tasks on one worker: one part per table and year (a part per task
    had cost two workers 8 % more work than one — twice the tasks, twice the copies)."""
    out = tmp_path / "dataset"
    results = cluster.ingest_dataset([batch], out, client=in_process_client, chunk=1)
    assert sorted(r.status for r in results) == ["added"] * 4 + ["refused"]
    assert sorted(len(list(year.glob("*.parquet"))) for year in (out / "reports").iterdir()) == [1, 1]
    assert sorted(cluster.known_ids(out)) == sorted(r.report_id for r in results if r.status == "added")


def test_a_report_its_worker_never_wrote_is_an_error_not_added(batch: Path, tmp_path: Path, in_process_client,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that went away after parsing but before writing (its buffer lost): the
    report is said to be not written, and a rerun adds it."""
    out = tmp_path / "dataset"
    monkeypatch.setattr(cluster, "flush", lambda target: cluster._buffers.pop(target, None) and [])
    results = cluster.ingest_dataset([batch], out, client=in_process_client)
    lost = [r for r in results if r.status == "error"]
    assert len(lost) == 4 and all("未能写入数据集" in r.message for r in lost)
    assert cluster.known_ids(out) == set()
    monkeypatch.undo()
    again = cluster.ingest_dataset([batch], out, client=in_process_client)
    assert sorted(r.status for r in again) == ["added"] * 4 + ["refused"]

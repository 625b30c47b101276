"""Parsing runs where a limit can stop it (issue 15, items 1 and 4): the app's uploads in a
child process with a memory cap and a wall-clock kill, ingest workers capped too and
dying with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import synthetic
from conftest import ROOT

from lib import limits, sandbox
from lib.analysed import analyse_bytes
from lib.errors import MemoryLimit, ParseTimeout
from lib.ingest import ingest_paths


def _allocate(size: int) -> int:
    return len(bytearray(size))


def _sleep_ignoring_alarm(seconds: float) -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(seconds)


def _spin() -> None:
    while True:
        pass


def test_isolated_parse_returns_the_analysed_report() -> None:
    outcome = sandbox.run_isolated(analyse_bytes, synthetic.tab_text().encode(), "r.txt", time_limit=60)
    assert outcome.value.report.meta.department == synthetic.DEPARTMENT
    assert outcome.value.summary["income_total"] == synthetic.TOTAL
    assert 0 < outcome.peak_rss < 1024 * limits.MIB


def _counting(steps: int, progress=None) -> int:
    for done in range(1, steps + 1):
        progress(done, steps, float(steps - done))
    return os.getpid()


def test_isolated_progress_is_relayed_while_the_child_runs() -> None:
    """A scanned upload's per-page progress reaches the caller from the capped child."""
    seen: list[tuple[int, int, float]] = []
    outcome = sandbox.run_isolated(_counting, 3, time_limit=30, progress=lambda *step: seen.append(step))
    assert seen == [(1, 3, 2.0), (2, 3, 1.0), (3, 3, 0.0)]
    assert outcome.value != os.getpid()


def test_app_upload_with_a_progress_bar_is_parsed_in_the_child(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 报告库 page passes an OCR progress callback with every upload; the upload must still
    be parsed in the capped child (it was parsed in the server's own process)."""
    from lib import ui

    isolated: list[str] = []
    run = sandbox.run_isolated

    def recording(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        isolated.append(args[1])
        return run(fn, *args, **kwargs)

    monkeypatch.setattr(ui.sandbox, "run_isolated", recording)
    result = ui.add_upload("new.txt", synthetic.tab_text().encode(), progress=lambda *step: None)
    assert result.status == "added" and isolated == ["new.txt"]


def test_isolated_memory_cap() -> None:
    """3 GiB is free on this machine; the child's cap (2 GiB more than it started with) refuses it."""
    with pytest.raises(MemoryLimit) as caught:
        sandbox.run_isolated(_allocate, 3 * 1024 * limits.MIB, time_limit=30)
    assert "内存超过了单个文件 2048 MiB" in caught.value.message
    assert sandbox.run_isolated(_allocate, 100 * limits.MIB, time_limit=30).value == 100 * limits.MIB


def test_isolated_alarm_and_hard_kill(monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    with pytest.raises(ParseTimeout):
        sandbox.run_isolated(_spin, time_limit=0.5)
    assert time.monotonic() - started < 3
    monkeypatch.setattr(sandbox, "GRACE", 0.5)
    started = time.monotonic()
    with pytest.raises(ParseTimeout) as caught:  # the alarm is blocked: the parent kills the child
        sandbox.run_isolated(_sleep_ignoring_alarm, 60, time_limit=0.5)
    assert time.monotonic() - started < 4 and "已中止" in caught.value.message


def test_ingest_worker_memory_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")

    def greedy(*args: object, **kwargs: object) -> None:
        bytearray(3 * 1024 * limits.MIB)

    monkeypatch.setattr("lib.ingest.analyse_bytes", greedy)  # forked workers inherit the patch
    path = tmp_path / "r.txt"
    path.write_text(synthetic.tab_text(), encoding="utf-8")
    (result,) = ingest_paths([path], tmp_path / "lib.duckdb")
    assert result.status == "refused" and "内存超过了单个文件" in result.message


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_ingest_leaves_no_workers(tmp_path: Path) -> None:
    """The issue's case: after kill -9 of `ingest --workers 2` its workers lived on."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for index in range(6):
        text = synthetic.tab_text().replace(synthetic.DEPARTMENT, f"示例区第{index}局") * 40
        (folder / f"r{index}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "JUESUAN_SAMPLE": "0"}
    process = subprocess.Popen([sys.executable, "-m", "lib", "ingest", str(folder), "--db", str(tmp_path / "l.duckdb"),
                                "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        workers = [pid for pid in _children(process.pid) if _alive(pid)]
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # do not leave them running when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "orphaned workers survived their parent"

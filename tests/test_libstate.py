"""Every library state gets its own message (issue 15, item 3): locked, corrupt (truncated,
random bytes, empty — answered at once, never overwritten, rebuilt from the originals),
read-only folder and missing, in the CLI (exit codes) and in the app."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from functools import cache
from pathlib import Path

import pytest
import synthetic
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from lib import libstate, store
from lib.cli import main
from lib.errors import LibraryCorrupt, LibraryLocked, LibraryReadOnly
from lib.ingest import ingest_paths

APP = str(ROOT / "app.py")


def _report_file(folder: Path, name: str = "r.txt", department: str = synthetic.DEPARTMENT) -> Path:
    path = folder / name
    path.write_text(synthetic.tab_text().replace(synthetic.DEPARTMENT, department), encoding="utf-8")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library (the sample plus two uploads with their originals) in its own folder."""
    monkeypatch.setenv("JUESUAN_SAMPLE", "1")
    folder = tmp_path / "lib"
    folder.mkdir()
    db = folder / "library.duckdb"
    inputs = tmp_path / "in"
    inputs.mkdir()
    files = [_report_file(inputs, "a.txt", "示例区甲局"), _report_file(inputs, "b.txt", "示例区乙局")]
    assert [r.status for r in ingest_paths(files, db)] == ["added", "added"]
    monkeypatch.setenv("JUESUAN_DB", str(db))
    return db


def _damage(db: Path, how: str) -> None:
    data = db.read_bytes()
    db.write_bytes({"half": data[: len(data) // 2], "random": os.urandom(len(data)), "empty": b""}[how])


def _cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lib", *argv], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


# ------------------------------------------------------------------ corrupt


@pytest.mark.parametrize("how", ["half", "random", "empty"])
def test_corrupt_library_is_said_at_once_and_never_overwritten(filled: Path, tmp_path: Path, how: str) -> None:
    _damage(filled, how)
    before = _digest(filled)
    started = time.monotonic()
    assert isinstance(libstate.diagnose(filled), LibraryCorrupt)  # half: some tables still read; others not
    assert time.monotonic() - started < 1.0
    started = time.monotonic()
    run = _cli("ingest", str(_report_file(tmp_path, "c.txt", "示例区丙局")), "--db", str(filled))
    elapsed = time.monotonic() - started
    assert run.returncode == 5, run.stderr
    assert "已损坏" in run.stderr and "juesuan rebuild" in run.stderr and "内部错误" not in run.stderr
    assert "正被" not in run.stderr  # not mistaken for a lock (the issue: after 22 s of retries)
    assert elapsed < 15, elapsed  # the interpreter's start and imports included; no 22 s of lock retries
    assert _digest(filled) == before


def test_rebuild_from_the_originals_keeps_the_damaged_file(filled: Path) -> None:
    ids = store.known_ids(filled)
    uploads = {p.stem for p in store.originals_dir(filled).glob("*.txt")}
    assert len(uploads) == 2 and uploads <= ids
    _damage(filled, "half")
    damaged = _digest(filled)
    run = _cli("rebuild", "--db", str(filled))
    assert run.returncode == 0, run.stderr
    assert "从 2 个原件中加入 2 份报告" in run.stderr
    kept = [p for p in filled.parent.iterdir() if p.name.startswith("library.duckdb.damaged-")]
    assert len(kept) == 1 and _digest(kept[0]) == damaged
    assert store.known_ids(filled) == ids  # the sample again, and both uploads from their originals


def test_rebuild_refuses_a_healthy_library(filled: Path) -> None:
    run = _cli("rebuild", "--db", str(filled))
    assert run.returncode == 2 and "没有损坏" in run.stderr


# ------------------------------------------------------------------ locked


def test_locked_library_names_the_other_process(filled: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(filled)!r}); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(store, "LOCK_RETRIES", 2)
        with pytest.raises(LibraryLocked) as caught:
            store.list_reports(filled)
        assert f"进程号 {holder.pid}" in caught.value.message
        code = main(["ingest", str(_report_file(filled.parent.parent)), "--db", str(filled)])
        assert code == 4
        err = capsys.readouterr().err
        assert "正被另一个程序" in err and "内部错误" not in err and "--debug" not in err
    finally:
        holder.kill()
        holder.wait()


# ------------------------------------------------------------------ app


def _app_texts(at: AppTest) -> str:
    parts = [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.success]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", ["app_pages/home.py", "app_pages/structure.py"])
def test_app_says_the_library_is_damaged_and_rebuilds_it(filled: Path, page: str) -> None:
    _damage(filled, "half")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if page != "app_pages/home.py":
        at.switch_page(page).run()
    assert not at.exception
    shown = _app_texts(at)
    assert "已损坏" in shown and "报告库未受影响" not in shown and "内部错误" not in shown
    (button,) = [b for b in at.button if b.label == "从原件重建报告库"]
    button.click().run()
    shown = _app_texts(at)
    assert "已重建报告库：从 2 个原件中加入 2 份报告" in shown
    assert len(store.list_reports(filled)) > 2


def test_app_half_truncated_library_never_says_unaffected(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page failing elsewhere (here: a loader error) while the library is damaged shows the
    library's state, not the generic "报告库未受影响"."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _damage(filled, "half")
    monkeypatch.setattr(libstate, "check_file", lambda path: None)  # let DuckDB meet the damage itself
    at.switch_page("app_pages/compare.py").run()
    shown = _app_texts(at)
    assert "已损坏" in shown and "报告库未受影响" not in shown


# ------------------------------------------------------------------ read-only and missing (a real read-only mount)


@cache
def _can_mount_read_only() -> bool:
    probe = Path("/tmp") / f"juesuan-ro-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        run = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind -o ro {probe} {probe} && ! touch {probe}/x"],
                             capture_output=True, timeout=10)
        return run.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def _read_only(folder: Path, *argv: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run argv with `folder` mounted read-only (a private mount namespace: as root a
    chmod would not stop writes)."""
    if not _can_mount_read_only():
        pytest.skip("cannot create a read-only mount here (needs unshare -m)")
    script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(folder), *argv], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)


def test_cli_read_only_and_missing_library(filled: Path, tmp_path: Path) -> None:
    report = _report_file(tmp_path, "c.txt", "示例区丙局")
    run = _read_only(filled.parent, sys.executable, "-m", "lib", "ingest", str(report), "--db", str(filled))
    assert run.returncode == 6, run.stderr
    assert "只读" in run.stderr and "JUESUAN_DB" in run.stderr
    run = _read_only(filled.parent, sys.executable, "-m", "lib", "ingest", str(report), "--db",
                     str(filled.parent / "new" / "library.duckdb"))
    assert run.returncode == 7, run.stderr
    assert "不存在，且无法在此位置创建" in run.stderr


APP_PROBE = textwrap.dedent("""
    import json, os, sys
    from streamlit.testing.v1 import AppTest
    out = {}
    for page in ["app_pages/home.py", "app_pages/structure.py", "app_pages/execution.py",
                 "app_pages/sangong.py", "app_pages/checks.py", "app_pages/compare.py"]:
        at = AppTest.from_file(os.path.join(os.getcwd(), "app.py"), default_timeout=180)
        at.run()
        if page != "app_pages/home.py":
            at.switch_page(page).run()
        out[page] = {"exception": [str(e.value) for e in at.exception], "error": [e.value for e in at.error],
                     "info": [e.value for e in at.info], "subheader": [s.value for s in at.subheader]}
        if page == "app_pages/home.py" and len(sys.argv) > 1:
            from lib import ui
            result = ui.add_upload("c.txt", open(sys.argv[1], "rb").read())
            out["upload"] = [result.status, result.message]
    print(json.dumps(out, ensure_ascii=False))
""")


def _probe(tmp_path: Path, folder: Path, cwd: Path, env: dict[str, str], upload: Path | None = None) -> dict:
    script = tmp_path / "probe.py"
    script.write_text(APP_PROBE, encoding="utf-8")
    argv = [sys.executable, str(script)] + ([str(upload)] if upload else [])
    run = _read_only(folder, *argv, cwd=cwd, env={"PYTHONPATH": str(cwd), **env})
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_app_keeps_reading_a_read_only_library(filled: Path, tmp_path: Path) -> None:
    shown = _probe(tmp_path, filled.parent, ROOT, {"JUESUAN_DB": str(filled)}, _report_file(tmp_path, "c.txt", "示例区丙局"))
    home = shown["app_pages/home.py"]
    assert not home["exception"] and not home["error"]
    assert any("只读" in text and "可以继续浏览" in text for text in home["info"])
    assert any(text.startswith("库中共") for text in home["subheader"])
    status, message = shown["upload"]
    assert status == "refused" and "只读" in message and "JUESUAN_DB" in message


def test_read_only_checkout_without_var_still_shows_the_sample(tmp_path: Path) -> None:
    """A clone on a read-only medium, no var/, no JUESUAN_DB: every page works from the
    bundled sample (built in a temp folder), uploads are refused as read-only."""
    checkout = tmp_path / "checkout"
    for part in ("lib", "app_pages", "data"):
        shutil.copytree(ROOT / part, checkout / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "app.py", checkout / "app.py")
    env = {"JUESUAN_DB": "", "JUESUAN_SAMPLE": "1", "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    shown = _probe(tmp_path, checkout, checkout, env, _report_file(tmp_path, "c.txt", "示例区丙局"))
    for page, found in shown.items():
        if page == "upload":
            continue
        assert not found["exception"] and not found["error"], (page, found)
    assert any(text.startswith("库中共") for text in shown["app_pages/home.py"]["subheader"])
    assert any("样例报告库（临时副本" in text for text in shown["app_pages/home.py"]["info"])
    assert shown["upload"][0] == "refused" and "只读" in shown["upload"][1]
    assert not (checkout / "var").exists()


def test_read_only_state_in_process(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libstate, "writable", lambda path: False)
    with pytest.raises(LibraryReadOnly):
        store.delete_report("x", filled)
    assert len(store.list_reports(filled)) > 2  # reading goes on


def test_check_file_fast_paths(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    path.write_bytes(b"\0" * 20000)
    with pytest.raises(LibraryCorrupt) as caught:
        libstate.check_file(path)
    assert "不是 DuckDB 数据库文件" in caught.value.message
    path.write_bytes(b"x" * 100)
    with pytest.raises(LibraryCorrupt) as caught:
        libstate.check_file(path)
    assert "只有 100 字节" in caught.value.message


def test_diagnose_reads_every_table_of_the_library(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check read a fixed list that still named the old `facts` table: it failed there
    as 'no such table' and never read the facts, findings or cited lines."""
    import duckdb

    read: list[str] = []
    connect = duckdb.connect

    class Spy:
        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            self.con = con

        def execute(self, sql: str) -> object:
            read.append(sql)
            return self.con.execute(sql)

        def close(self) -> None:
            self.con.close()

    monkeypatch.setattr(duckdb, "connect", lambda *args, **kwargs: Spy(connect(*args, **kwargs)))
    assert libstate.diagnose(filled) is None
    for table in store.library_tables():
        assert f"SELECT sum(hash(t)) FROM {table} t" in read, table


def _holding(db: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(120)"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_app_says_who_holds_a_locked_library(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    holder = _holding(filled)
    try:
        monkeypatch.setattr(store, "LOCK_RETRIES", 2)
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        for page in ("app_pages/home.py", "app_pages/structure.py", "app_pages/compare.py"):
            if page != "app_pages/home.py":
                at.switch_page(page).run()
            assert not at.exception, page
            shown = _app_texts(at)
            assert f"正被另一个程序（进程号 {holder.pid}）使用" in shown and "请等它结束或关闭它后再试" in shown, page
            assert "内部错误" not in shown and "报告库未受影响" not in shown
    finally:
        holder.kill()
        holder.wait()


def test_app_says_a_library_that_cannot_be_created_is_missing_in_chinese(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """JUESUAN_DB under a file, not a folder: said as missing, with the reason in Chinese
    (it was the system's English "File exists")."""
    (tmp_path / "afile").write_text("x")
    monkeypatch.setenv("JUESUAN_DB", str(tmp_path / "afile" / "library.duckdb"))
    monkeypatch.setenv("JUESUAN_SAMPLE", "1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    for page in ("app_pages/home.py", "app_pages/structure.py"):
        if page != "app_pages/home.py":
            at.switch_page(page).run()
        assert not at.exception, page
        shown = _app_texts(at)
        assert "不存在，且无法在此位置创建（路径中已有同名的文件）" in shown, shown
        assert "File exists" not in shown and "内部错误" not in shown


def test_system_reasons_are_said_in_chinese() -> None:
    import errno

    from lib.errors import os_reason

    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有读写权限"
    assert os_reason(os.strerror(errno.EROFS)) == "所在的文件系统只读"
    assert os_reason("所在文件夹只读或不存在") == "所在文件夹只读或不存在"
    assert os_reason("Something new") == "无法读写"

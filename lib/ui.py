"""The seam between lib and Streamlit (the one lib module that imports streamlit).

Cached loaders keyed by report id (= content hash) and the library's file stamp,
the upload flow, download buttons (CSV + Excel) and the shared report picker.
session_state holds only the user's choices: `active_ids` (reports chosen on 报告库).
"""

from __future__ import annotations

import functools
import io
import logging
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from lib import duplicates, library, libstate, locations, querylog, readable, safetext, sandbox, store, views
from lib.analysed import AnalysedReport, analyse_bytes
from lib.analysis import compare, whatif
from lib.checks.findings import Finding
from lib.errors import LibraryError, ReportError, UnsupportedFile
from lib.model import Report
from lib.narrative import NarrativeFacts
from lib.readers import content_hash

log = logging.getLogger("juesuan.app")
GENERIC_ERROR = "处理时出现内部错误，已记录。报告库未受影响，请稍后重试或换一个文件。"
UPLOAD_TYPES = ["pdf", "txt", "text", "csv", "tsv", "xlsx", "xls", "png", "jpg", "jpeg"]
# the widget accepts any file (Streamlit refuses others in English); our readers refuse in Chinese
ACCEPTED_KINDS = "可上传的文件：PDF、文本（txt/csv/tsv）、Excel（xlsx/xls）、图片（png/jpg，将做文字识别）。"


# ---------------------------------------------------------------- loaders


@contextmanager
def timed_run(page: str) -> Iterator[None]:
    """With JUESUAN_PERF_LOG=1, one line per script run on stderr: the page, the run's
    time, and the DuckDB queries it ran with the rows they returned (scripts/bench_browser.py
    reads these lines; a page that scales with the library shows it in its rows)."""
    if os.environ.get("JUESUAN_PERF_LOG") != "1":
        yield
        return
    count = querylog.tally()
    queries, rows, started = count.queries, count.rows, time.perf_counter()
    try:
        yield
    finally:
        print(f"juesuan-perf page={page} ms={(time.perf_counter() - started) * 1000:.1f} "
              f"queries={count.queries - queries} rows={count.rows - rows}", flush=True)


def stamp() -> str:
    return store.library_stamp()


PAGE_ROWS = 100  # rows of the 报告库 table per page (a library of 10,000 is 100 pages, not one table)
MAX_COMPARED = 200  # reports compared at once (a kind of 1,250 reports side by side is unreadable)


@st.cache_data(show_spinner=False, max_entries=512)
def _asked(stamp_key: str, question: str, args: tuple[Any, ...]) -> Any:
    with store.connect(read_only=True) as con:
        return getattr(library, question)(con, *args)


def ask(question: str, *args: Any) -> Any:
    """A `lib.library` query (by name) on the library, cached per library stamp and arguments:
    a rerun asks nothing, a change of the library asks again."""
    return _asked(stamp(), question, args)


def library_size(text: str | None = None) -> int:
    """How many reports the library holds (matching `text`)."""
    return ask("count", text or None)


def library_page(number: int, text: str | None = None) -> pd.DataFrame:
    """Page `number` (from 0) of the library table, PAGE_ROWS rows, in library order."""
    return ask("page", number * PAGE_ROWS, PAGE_ROWS, text or None)


def library_rows(ids: Sequence[str]) -> pd.DataFrame:
    """The `reports` rows of some reports (key figures, counts, file), in library order."""
    return ask("rows", tuple(ids))


def library_row(report_id: str) -> pd.Series | None:
    rows = library_rows((report_id,))
    return None if rows.empty else rows.iloc[0]


@st.cache_resource(show_spinner="正在读取报告…", max_entries=32)
def _analysed(report_id: str, stamp_key: str) -> AnalysedReport | None:
    """Shared, not copied: a cache_data hit unpickled the whole bundle (~20 frames) on every
    call, several times per rerun. Safe because nothing mutates it (frozen records; pages
    filter frames into new ones, and pandas copies on write)."""
    return store.load_analysed(report_id)


def analysed(report_id: str) -> AnalysedReport | None:
    """The one loader of a report: the analysed bundle as ingest stored it (Report, facts,
    findings, cited lines with their boxes). Nothing here parses an original."""
    return _analysed(report_id, stamp())


def report(report_id: str) -> Report | None:
    item = analysed(report_id)
    return None if item is None else item.report


def original(report_id: str) -> tuple[str, bytes] | None:
    """(path, bytes) of the source file when it is available (beside the library or in the
    corpus): only to draw a PDF page image."""
    path = store.find_original(report_id)
    if path is None:
        return None
    return str(path), path.read_bytes()


def facts(report_id: str) -> NarrativeFacts | None:
    """Narrative facts stored at ingest; None = 尚未提供 (extraction failed)."""
    item = analysed(report_id)
    return None if item is None else item.facts


def findings(report_id: str) -> tuple[Finding, ...] | None:
    """Consistency findings stored at ingest; None when the checks did not run."""
    item = analysed(report_id)
    return None if item is None else item.findings


def sangong_ranking(limit: int) -> tuple[pd.DataFrame, int]:
    """The library's 三公 ranking: its first `limit` rows and how many reports it ranks."""
    return ask("sangong_ranking", limit)


def performance_projects(limit: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """The library's 绩效自评 tables, lowest 执行率 first: the first `limit` and the counts."""
    return ask("performance_projects", limit)


def kinds() -> list[str]:
    """The department kinds (compare.KIND_RULES) present in the library, sorted."""
    return ask("kinds")


def kinds_of(ids: Sequence[str]) -> list[str]:
    """The kinds of some reports, each once, in the order of the reports."""
    rows = library_rows(ids)
    return compare.kinds_of(ids, dict(zip(rows["report_id"], rows["department"].map(compare.department_kind))))


def kind_ids(chosen: Sequence[str], limit: int | None = None) -> tuple[list[str], int]:
    """(the first `limit` (MAX_COMPARED) reports of some department kinds in library order,
    how many there are)."""
    return ask("of_kinds", tuple(chosen), limit or MAX_COMPARED)


def search_ids(text: str | None, limit: int | None = None) -> list[str]:
    """Up to `limit` (PAGE_ROWS) reports matching `text` (department, region, file name or year)."""
    return ask("search", text or None, limit or PAGE_ROWS)


@st.cache_data(show_spinner="正在比较…", max_entries=16)
def _comparison(ids: tuple[str, ...], stamp_key: str) -> tuple[compare.Comparison, whatif.Baseline]:
    with store.connect(read_only=True) as con:
        result = compare.compare_on(con, ids)
        return result, whatif.Baseline.from_connection(con, ids, kpis=result.kpis)


def comparison(ids: tuple[str, ...]) -> tuple[compare.Comparison, whatif.Baseline]:
    """The 对比 frames and the what-if baseline of some reports: SQL over the library for
    those reports only (never the whole library in memory), cached per (ids, library stamp),
    so toggles and reruns reuse them."""
    return _comparison(ids, stamp())


@st.cache_data(show_spinner=False, max_entries=32)
def _scenario(ids: tuple[str, ...], stamp_key: str,
              adjustments: tuple[whatif.Adjustment, ...]) -> tuple[whatif.Result, whatif.Result]:
    baseline = _comparison(ids, stamp_key)[1]
    return whatif.baseline_result(baseline), whatif.apply(whatif.Scenario(adjustments), baseline)


def scenario(ids: tuple[str, ...], adjustments: tuple[whatif.Adjustment, ...]) -> tuple[whatif.Result, whatif.Result]:
    """(baseline seen through the scenario code, scenario outcome) for some reports, cached."""
    return _scenario(ids, stamp(), adjustments)


# ---------------------------------------------------------------- choices


def active_ids() -> list[str]:
    """The reports chosen on 报告库 that are still in the library (default: the first of the
    library)."""
    if "active_ids" not in st.session_state:
        st.session_state["active_ids"] = first_ids(1)
    chosen = in_library(st.session_state["active_ids"])
    return chosen or first_ids(1)


def first_ids(n: int) -> list[str]:
    """The first `n` reports in library order."""
    return ask("first_ids", n)


def in_library(ids: Sequence[str]) -> list[str]:
    """The ids that are (still) in the library, in the order given."""
    return ask("existing", tuple(ids))


def labels(ids: Sequence[str]) -> dict[str, str]:
    """report id → '部门 年度' of some reports, told apart from every other report of the
    library with the same label (by file name, then the time added)."""
    return ask("labels", tuple(ids))


def pick_report(page: str) -> str:
    """The report a page shows: one of the active reports (sidebar), or stop with a hint."""
    ids = active_ids()
    if not ids:
        st.info("报告库是空的：请先在“报告库”页上传决算报告。")
        st.stop()
    names = labels(ids)
    if len(ids) == 1:
        st.sidebar.caption(f"当前报告：{safetext.md(names.get(ids[0], ids[0]))}")
        return ids[0]
    return st.sidebar.selectbox("当前报告", ids, format_func=lambda i: names.get(i, i), key=f"{page}_report")


def require_report(report_id: str) -> Report:
    loaded = report(report_id)
    if loaded is None:
        st.warning("所选报告已不在报告库中，请回到“报告库”重新选择。")
        st.stop()
    return loaded


# ---------------------------------------------------------------- rendering helpers


money = readable.money  # one text form of 万元 for every page

def page_numbers(report_id: str) -> dict[int, int]:
    """PDF page → printed page number of a report (found at parse time; {} when unknown)."""
    loaded = report(report_id)
    return {} if loaded is None else locations.printed_pages(loaded)


def source_kind(report_id: str) -> str | None:
    row = library_row(report_id)
    return None if row is None else str(row["source_kind"])


def where(page: Any, line: Any, report_id: str | None = None) -> str:
    """A place cited as `lib.locations` does: '第12行' for a text export, the printed page
    (and PDF page) for a PDF."""
    kind = source_kind(report_id) if report_id else "pdf"
    return locations.place(page, line, kind, page_numbers(report_id) if report_id else {})


def excel_bytes(data: pd.DataFrame, sheet: str = "数据") -> bytes:
    out = io.BytesIO()
    safe = data.copy()
    for column in safe.columns:
        if str(safe[column].dtype) in ("string", "str"):
            safe[column] = safe[column].astype(object)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31], index=False)
    return out.getvalue()


def csv_bytes(data: pd.DataFrame) -> bytes:
    return data.to_csv(index=False).encode("utf-8-sig")


def _number_formats(data: pd.DataFrame) -> dict[Any, Any]:
    """Float columns as `readable.column_format` says: amounts to 0.01 with thousands
    separators (zero is 0.00), rates with a % sign, page/line/year/count columns without
    decimals. Numbers stay numbers, so columns still sort."""
    floats = [c for c in data.columns if pd.api.types.is_float_dtype(data[c])]
    if not floats or len(set(data.columns)) != len(data.columns):
        return {}
    return {c: st.column_config.NumberColumn(format=readable.column_format(c)) for c in floats}


@st.fragment
def table_on_demand(label: str, key: str, data: pd.DataFrame, name: str, table_key: str,
                    report_id: str | None = None) -> None:
    """`table` in an expander whose contents run only while it is open. A collapsed
    st.expander still sends and draws everything in it: the six data grids and their download
    buttons under 收支结构's charts cost every visit of the page ~100–200 ms of the browser's
    time and half the bytes sent, for tables a reader opens now and then. Opening one reruns
    only this fragment (Streamlit's lazy expander, `on_change="rerun"`), not the page."""
    with st.expander(label, key=key, on_change="rerun") as box:
        if box.open:
            table(data, name, table_key, report_id=report_id)


def dataframe(data: pd.DataFrame, **options: Any) -> None:
    """st.dataframe with '—' for missing values and the number formats of `table`."""
    options["column_config"] = _number_formats(data) | (options.get("column_config") or {})
    st.dataframe(data, hide_index=True, placeholder="—", **options)


def table(data: pd.DataFrame, name: str, key: str, report_id: str | None = None, **options: Any) -> None:
    """A dataframe with CSV and Excel download buttons under it. Missing values show as '—'
    (Streamlit would print 'None') and floats as `_number_formats`, through the dataframe's
    placeholder and column formats: a pandas Styler rendered every cell in Python (about
    0.4 s of every rerun of a 125-report comparison). The files are built only when the user clicks
    (callable data: openpyxl on every table of every rerun cost up to 2 s). With `report_id`,
    页/行 columns become one 位置 column cited for that report's kind (`lib.locations`)."""
    if report_id:
        data = locations.with_place(data, source_kind(report_id), page_numbers(report_id))
    dataframe(data, **options)
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("下载 CSV", lambda: csv_bytes(data), f"{name}.csv", "text/csv",
                         key=f"{key}_csv", on_click="ignore")
    right.download_button("下载 Excel", lambda: excel_bytes(data), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", on_click="ignore")


def chart(fig: Any, filename: str, key: str) -> None:
    from lib.charts import png_config

    st.plotly_chart(fig, config=png_config(filename), key=key)


# ---------------------------------------------------------------- uploads


@dataclass(frozen=True)
class UploadResult:
    name: str
    status: str  # added | known | duplicate | refused | error | removed
    message: str
    report_id: str | None = None
    replaces: str | None = None  # duplicate: the report with the same content already in the library


PENDING = "pending_replacements"  # session_state: new report id → (analysed item, bytes, earlier id)


@st.cache_resource(show_spinner=False)
def warm_uploads() -> bool:
    """Once per server: start the fork server that parses uploads (lib.sandbox) in the
    background, so the first upload does not wait for its start and imports (~3 s)."""
    sandbox.warm_in_background()
    return True


# Once the first page of a tab has drawn (every element's own code loaded), the tab loads
# Streamlit's plotly chunk (4.7 MB, ~0.8 s of browser CPU to evaluate) while the reader reads,
# instead of when the first chart page opens (then 1.3 s for a one-chart page, 0.26 s after).
# The same URL as Streamlit's own lazy import: the module is fetched and evaluated once a tab.
_PRELOAD = """<script>
(() => {
  if (window.juesuanChartsLoaded) return;
  window.juesuanChartsLoaded = true;
  const index = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!index) return;
  let quiet = 0;  // once the page has drawn: no run going, no element still loading its code,
  // every data grid painted (its own code loads lazily too), then when the browser is idle
  const drawn = () => [...document.querySelectorAll('[data-testid="stDataFrame"]')].every(
    grid => grid.querySelector('canvas'));
  const wait = () => {
    const busy = document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]') || !drawn();
    quiet = busy ? 0 : quiet + 1;
    if (quiet < 3) return setTimeout(wait, 100);
    const load = () => import(new URL("./%s", index.src).href).catch(() => {});
    window.requestIdleCallback ? requestIdleCallback(load, {timeout: 2000}) : load();
  };
  wait();
})();
</script>"""


@functools.cache
def _plotly_chunk() -> str | None:
    """The file name of Streamlit's plotly chunk (hashed per release), None if not exactly one."""
    found = list((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def preload_charts() -> None:
    """In the sidebar, once per tab: load the chart library after the page has drawn (see _PRELOAD)."""
    if (chunk := _plotly_chunk()) is not None:
        st.sidebar.html(_PRELOAD % chunk, unsafe_allow_javascript=True)


def add_upload(name: str, data: bytes, progress: Callable[[int, int, float], None] | None = None) -> UploadResult:
    """Parse, analyse and store one uploaded file; never raises. `progress(pages done,
    pages, seconds left)` is called per page while a scanned file is OCR'd."""
    report_id = content_hash(data)
    if store.is_read_only():
        return UploadResult(name, "refused", "当前报告库是只读的 Parquet 数据集（分布式导入的结果），不能在此上传；"
                            "请用 juesuan ingest --scheduler 把文件加入数据集。")
    try:
        libstate.require_writable(store.library_path())  # before parsing: nothing could be saved
        if store.has_report(report_id):
            row = library_row(report_id)
            label = views.report_label(row) if row is not None else name
            message = f"报告库中已有这份报告（{label}），内容完全相同，未重复加入。"
            if store.find_original(report_id) is None:
                store.keep_original(report_id, data)
                message += "已保存原件：现在可以在“一致性检查”中查看证据页。"
            return UploadResult(name, "known", message, report_id)
        # in a child process with a memory cap and a wall-clock limit: an upload cannot freeze the server
        item = sandbox.run_isolated(analyse_bytes, data, name, origin="upload", progress=progress).value
        earlier = duplicates.library_index().same_as(report_id, item.summary)
        if earlier is not None:  # the same report in other bytes (encoding, BOM, re-export): ask
            st.session_state.setdefault(PENDING, {})[report_id] = (item, data, earlier)
            row = library_row(earlier)
            label = views.report_label(row) if row is not None else earlier
            return UploadResult(name, "duplicate", f"报告库中已有同一份报告（{label}）：部门、年度和关键数字都相同，"
                                "只是文件的字节或编码不同，未重复加入。可以用这个文件替换它（见下方按钮）。",
                                report_id, replaces=earlier)
        store.save_report(item, data)
        return UploadResult(name, "added", f"已加入报告库：{views.report_label(item.summary)}", report_id)
    except UnsupportedFile as exc:
        return UploadResult(name, "refused", f"{exc.message}{ACCEPTED_KINDS}")
    except (ReportError, LibraryError) as exc:
        return UploadResult(name, "refused", exc.message)
    except Exception as exc:
        log.error("upload %s failed:\n%s", name, getattr(exc, "trace", None) or traceback.format_exc())
        return UploadResult(name, "error", GENERIC_ERROR)


def replace_upload(report_id: str) -> UploadResult:
    """Replace the earlier report by a pending duplicate upload (one transaction each)."""
    item, data, earlier = st.session_state.get(PENDING, {}).pop(report_id)
    try:
        store.delete_report(earlier)
        store.save_report(item, data)
    except LibraryError as exc:
        return UploadResult(item.report.meta.source_name, "refused", exc.message)
    return UploadResult(item.report.meta.source_name, "added",
                        f"已用新文件替换报告库中的同一份报告：{views.report_label(item.summary)}", report_id)


def render_pending_replacements() -> None:
    """One "替换" button per pending duplicate upload (they stay until used or dismissed)."""
    for report_id, (item, _, _earlier) in list(st.session_state.get(PENDING, {}).items()):
        name = safetext.md(item.report.meta.source_name)
        left, right, _ = st.columns([2, 1, 3])
        if left.button(f"用 {name} 替换库中的同一份报告", key=f"replace_{report_id}", type="primary"):
            render_upload_result(replace_upload(report_id))
            st.session_state["home_active"] = [report_id]
        elif right.button("保留原有的", key=f"keep_{report_id}"):
            st.session_state[PENDING].pop(report_id, None)
            st.rerun()


REMOVAL = "confirm_removal"  # session_state: the report id whose removal awaits confirmation
REPLACEMENT = "confirm_replacement"  # session_state: (report id, file name, bytes) awaiting confirmation
NOTICE = "library_notice"  # session_state: the outcome of the last removal/replacement, shown once


def forget(report_id: str, instead: str | None = None) -> None:
    """Take a report out of every choice kept in session_state (active reports, 对比 choice,
    per-page pickers, what-if adjustments, pending replacements), or put `instead` in its
    place, so no page is left pointing at a report the library no longer holds."""
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if isinstance(value, str) and value == report_id:
            if instead is None:
                del st.session_state[key]
            else:
                st.session_state[key] = instead
        elif isinstance(value, list) and any(getattr(item, "report_id", item) == report_id for item in value):
            kept = [instead if item == report_id else item for item in value
                    if getattr(item, "report_id", None) != report_id]
            st.session_state[key] = list(dict.fromkeys(item for item in kept if item is not None))
    pending = st.session_state.get(PENDING, {})
    for new_id, (_item, _data, earlier) in list(pending.items()):
        if report_id in (new_id, earlier):
            pending.pop(new_id)


def remove_report(report_id: str) -> UploadResult:
    """Remove a report from the library, with the original kept beside it (a corpus file is
    never touched), and from every choice in session_state; never raises."""
    row = library_row(report_id)
    label = views.report_label(row) if row is not None else report_id
    if store.is_read_only():
        return UploadResult(label, "refused", "当前报告库是只读的 Parquet 数据集（分布式导入的结果），不能在此删除报告。")
    try:
        originals = store.delete_report(report_id)
    except LibraryError as exc:
        return UploadResult(label, "refused", exc.message)
    forget(report_id)
    kept = "，保存在报告库旁的原件也已删除" if originals else ""
    return UploadResult(label, "removed", f"已从报告库删除{kept}；各页面不再显示它。")


def replace_report(report_id: str, name: str, data: bytes) -> UploadResult:
    """Replace a report by a new file (e.g. a corrected version): the new file is read first;
    only when it is added is the old report removed (with its original), and the new one
    takes its place in every choice. Never raises."""
    row = library_row(report_id)
    old = views.report_label(row) if row is not None else report_id
    new_id = content_hash(data)
    if new_id == report_id:
        return UploadResult(name, "known", f"这个文件与“{old}”内容完全相同，无需替换。", report_id)
    if store.is_read_only():
        return UploadResult(name, "refused", "当前报告库是只读的 Parquet 数据集（分布式导入的结果），不能在此替换报告。")
    try:
        libstate.require_writable(store.library_path())
        if store.has_report(new_id):
            other = library_row(new_id)
            return UploadResult(name, "refused", f"这个文件已在报告库中（{views.report_label(other) if other is not None else name}），"
                                f"未替换“{old}”。如要只保留它，请删除“{old}”。")
        item = sandbox.run_isolated(analyse_bytes, data, name, origin="upload").value
        earlier = duplicates.library_index().same_as(new_id, item.summary)
        if earlier is not None and earlier != report_id:
            other = library_row(earlier)
            return UploadResult(name, "refused", f"这个文件与报告库中的另一份报告（{views.report_label(other) if other is not None else earlier}）"
                                f"内容相同，未替换“{old}”。")
        store.save_report(item, data)
        store.delete_report(report_id)
    except UnsupportedFile as exc:
        return UploadResult(name, "refused", f"{exc.message}{ACCEPTED_KINDS}“{old}”保持不变。")
    except (ReportError, LibraryError) as exc:
        return UploadResult(name, "refused", f"{exc.message}“{old}”保持不变。")
    except Exception as exc:
        log.error("replacing %s by %s failed:\n%s", report_id, name, getattr(exc, "trace", None) or traceback.format_exc())
        return UploadResult(name, "error", GENERIC_ERROR)
    forget(report_id, instead=new_id)
    return UploadResult(name, "added", f"已用 {name} 替换“{old}”（原报告及其原件已删除）：{views.report_label(item.summary)}",
                        new_id, replaces=report_id)


@st.cache_resource(show_spinner=False, max_entries=4)
def _library_state(stamp_key: str) -> LibraryError | None:
    return libstate.diagnose(store.library_path())


def library_state_notice() -> None:
    """On 报告库: say when the library is damaged (with the rebuild button; checked once per
    library change: a half-truncated file still lists its reports) or read-only (browsing
    works, uploads do not)."""
    path = store.library_path()
    state = _library_state(stamp())
    if state is not None and state.code == "library_corrupt":
        render_library_error(state)
        st.stop()
    if not libstate.writable(path):
        used = libstate.fallback(path)
        where = f"当前显示的是随附的样例报告库（临时副本 {used}）。" if used else ""
        st.info(f"{libstate.read_only(path).message}{where}")


def render_library_error(exc: LibraryError) -> None:
    """A page failed because of the library: say which state and what to do; offer to
    rebuild a corrupt library from the kept originals (the damaged file is kept)."""
    st.error(safetext.md(exc.message))
    if exc.code == "library_corrupt" and st.button("从原件重建报告库", key="rebuild_library", type="primary"):
        try:
            rebuilt = libstate.rebuild(store.library_path())
        except LibraryError as again:
            st.error(safetext.md(again.message))
            return
        added = sum(r.status == "added" for r in rebuilt.results)
        st.success(f"已重建报告库：从 {len(rebuilt.results)} 个原件中加入 {added} 份报告；"
                   f"损坏的文件已改名保留为 {safetext.md(str(rebuilt.kept_as))}。")
        st.cache_data.clear()
        _library_state.clear()


def page_failed() -> None:
    """The message for a page that raised: the library's state when it is broken (never
    "报告库未受影响" then), else the generic message."""
    state = libstate.diagnose(store.library_path())
    if state is not None:
        render_library_error(state)
    else:
        st.error(GENERIC_ERROR)


def render_upload_result(result: UploadResult) -> None:
    text = f"**{safetext.md(result.name)}**：{safetext.md(result.message)}"
    {"added": st.success, "removed": st.success, "known": st.info, "duplicate": st.warning, "refused": st.error,
     "error": st.error}[result.status](text)


def review_downloads(bundle: AnalysedReport, source: tuple[str, bytes] | None) -> None:
    """审查报告 (HTML, PDF) and 标注原件 download buttons; each file is built only on click."""
    from lib import review

    pdf = source[1] if source is not None and bundle.report.meta.source_kind == "pdf" else None
    stem = f"{bundle.report.meta.department or '报告'}_{bundle.report.meta.year or ''}"
    cells = st.columns(3)
    cells[0].download_button("审查报告（网页）", lambda: review.review_html(bundle, pdf).encode("utf-8"),
                             f"{stem}_审查报告.html", "text/html", key="review_html", on_click="ignore")
    cells[1].download_button("审查报告（PDF）", lambda: review.review_pdf(bundle, pdf), f"{stem}_审查报告.pdf",
                             "application/pdf", key="review_pdf", on_click="ignore")
    if pdf is not None:
        cells[2].download_button("标注原件（PDF）", lambda: review.annotated_pdf(bundle, pdf), f"{stem}_标注原件.pdf",
                                 "application/pdf", key="review_annotated", on_click="ignore")

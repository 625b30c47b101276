"""报告库: the library as a table, uploads, the choice of active reports, headline figures."""

from __future__ import annotations

import streamlit as st

from lib import safetext, ui, views

st.title("报告库")
st.caption("报告库收录样例报告和您上传的报告。选择要查看的报告后，其他页面显示它的图表与检查结果。")

ui.library_state_notice()
with st.expander("上传报告（PDF / 文本 / xlsx）", expanded=False):
    files = st.file_uploader("选择一个或多个部门决算文件", accept_multiple_files=True, help=ui.ACCEPTED_KINDS,
                             key="home_upload")
    if st.button("加入报告库", key="home_add", disabled=not files, type="primary"):
        bar = st.progress(0.0, text="准备中…")
        results = []
        for index, upload in enumerate(files):
            bar.progress(index / len(files), text=f"正在解析 {upload.name}（{index + 1}/{len(files)}）…")
            results.append(ui.add_upload(upload.name, upload.getvalue(), progress=views.ocr_progress(
                lambda share, text, i=index, name=upload.name: bar.progress((i + share) / len(files), text=f"{name}：{text}"))))
        bar.progress(1.0, text="完成")
        for result in results:
            ui.render_upload_result(result)
        added = [r.report_id for r in results if r.status in ("added", "known") and r.report_id]
        if added:
            st.session_state["home_active"] = added[:1] + [i for i in ui.active_ids() if i not in added[:1]][:4]
    ui.render_pending_replacements()
if (notice := st.session_state.pop(ui.NOTICE, None)) is not None:  # a removal or replacement just done
    ui.render_upload_result(notice)

total = ui.library_size()
if not total:
    st.info("报告库是空的：请上传部门决算报告（PDF、文本导出或 xlsx）。")
    st.stop()

st.subheader(f"库中共 {total:,} 份报告")
text, number = None, 0
if total > ui.PAGE_ROWS:  # a large library is shown a page at a time, filtered by what the user types
    left, right = st.columns([3, 1])
    text = left.text_input("查找报告（部门、地区、文件名或年度）", key="home_filter",  # a new search starts at page 1
                           on_change=lambda: st.session_state.update(home_page=1)).strip() or None
    found = ui.library_size(text)
    pages = max(1, -(-found // ui.PAGE_ROWS))
    if st.session_state.get("home_page", 1) > pages:  # fewer pages once filtered
        st.session_state["home_page"] = 1
    number = right.number_input(f"页码（共 {pages} 页）", min_value=1, max_value=pages, step=1,
                                key="home_page") - 1
    first = number * ui.PAGE_ROWS
    st.caption(f"显示第 {min(first + 1, found):,}–{min(first + ui.PAGE_ROWS, found):,} 份，共 {found:,} 份"
               + ("符合条件" if text else "") + "。")
reports = ui.library_page(number, text)
ui.table(views.library_table(reports), "报告库", key="home_library")

if "home_active" not in st.session_state:
    st.session_state["home_active"] = ui.active_ids()
st.session_state["home_active"] = ui.in_library(st.session_state["home_active"])
# the reports one can pick: those of the table shown (all of a small library) and those already chosen
options = list(dict.fromkeys([*reports["report_id"], *st.session_state["home_active"]]))
names = ui.labels(options)


def _ask(kind: str, report_id: str) -> None:
    """First click: remember what awaits confirmation (nothing is changed yet)."""
    st.session_state.pop(ui.REMOVAL, None)
    st.session_state.pop(ui.REPLACEMENT, None)
    if kind == "remove":
        st.session_state[ui.REMOVAL] = report_id
    elif (upload := st.session_state.get("home_replace_file")) is not None:
        st.session_state[ui.REPLACEMENT] = (report_id, upload.name, upload.getvalue())


def _confirm() -> None:
    """Second click: do it (in a callback, before any widget holding the report is drawn)."""
    if (report_id := st.session_state.pop(ui.REMOVAL, None)) is not None:
        st.session_state[ui.NOTICE] = ui.remove_report(report_id)
    elif (pending := st.session_state.pop(ui.REPLACEMENT, None)) is not None:
        st.session_state[ui.NOTICE] = ui.replace_report(*pending)


def _cancel() -> None:
    st.session_state.pop(ui.REMOVAL, None)
    st.session_state.pop(ui.REPLACEMENT, None)


with st.expander("删除或替换报告", expanded=ui.REMOVAL in st.session_state or ui.REPLACEMENT in st.session_state):
    target = st.selectbox("报告", options, format_func=lambda i: names[i], key="home_manage_pick")
    left, right = st.columns(2)
    left.button("删除这份报告", key="home_remove", on_click=_ask, args=("remove", target))
    left.caption("从报告库删除它的数字、检查结果和保存在报告库旁的原件（随附语料中的文件不动）。")
    right.file_uploader("用新文件替换它（例如更正后的版本）", key="home_replace_file", help=ui.ACCEPTED_KINDS)
    right.button("替换这份报告", key="home_replace", on_click=_ask, args=("replace", target),
                 disabled=st.session_state.get("home_replace_file") is None)
    if (pending := st.session_state.get(ui.REMOVAL)) is not None:
        st.warning(f"确定要删除“{safetext.md(names.get(pending, pending))}”吗？它的数字、检查结果和原件将从报告库删除，无法撤销。")
    elif (pending := st.session_state.get(ui.REPLACEMENT)) is not None:
        st.warning(f"确定要用 {safetext.md(pending[1])} 替换“{safetext.md(names.get(pending[0], pending[0]))}”吗？"
                   "新文件读取成功后，原报告及其原件将从报告库删除，无法撤销。")
    if ui.REMOVAL in st.session_state or ui.REPLACEMENT in st.session_state:
        yes, no, _ = st.columns([1, 1, 4])
        yes.button("确认", key="home_confirm", type="primary", on_click=_confirm)
        no.button("取消", key="home_cancel", on_click=_cancel)
chosen = st.multiselect("当前报告（可多选，其他页面在侧栏切换）", options, format_func=lambda i: names[i],
                        key="home_active")
st.session_state["active_ids"] = chosen

rows = ui.library_rows(chosen).set_index("report_id")
for report_id in chosen:
    if report_id not in rows.index:
        continue
    row = rows.loc[report_id]
    st.subheader(safetext.md(views.report_label(row)))
    st.caption(f"文件：{safetext.md(row['source_name'])}　地区：{safetext.md(row['region'] or '—')}　页数：{row['page_count']}　单位：万元")
    cells = st.columns(4)
    for index, (label, value) in enumerate(views.headline(row)):
        cells[index % 4].metric(label, ui.money(value))
    if row["checks_status"] == "ok":
        st.caption(f"一致性检查：{int(row['finding_count'])} 条结果，其中错误 {int(row['error_count'])} 条、"
                   f"错误与警告合计 {int(row['warning_count'])} 条。")
    else:
        st.caption("一致性检查：尚未提供。")

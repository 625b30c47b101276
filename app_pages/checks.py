"""一致性检查: findings by severity, explained, each with its evidence (page or lines),
and the review document / annotated PDF to take away."""

from __future__ import annotations

import streamlit as st

from lib import evidence, locations, pagenumbers, safetext, ui, views

report_id = ui.pick_report("checks")
report = ui.require_report(report_id)
kind = report.meta.source_kind
st.title("一致性检查")
st.caption(f"{safetext.md(views.report_label(ui.library_row(report_id)))}　检查报告各表之间、表与文字之间是否自相矛盾。")
findings = ui.findings(report_id)
if findings is None:
    st.info("一致性检查：尚未提供。")
    st.stop()

counts = views.severity_counts(findings)
cells = st.columns(len(counts))
for cell, (severity, count) in zip(cells, counts.items()):
    cell.metric(views.SEVERITY_LABELS[severity], f"{count:,}", help=views.SEVERITY_EXPLAINED[severity])
default = ["error", "warning"] if counts["error"] + counts["warning"] else ["info", "not_checked"]
chosen = st.multiselect("显示级别", list(views.SEVERITY_ORDER), default=default,
                        format_func=views.SEVERITY_LABELS.get, key="checks_severity")
with st.expander("各级别的含义"):
    for severity in views.SEVERITY_ORDER:
        st.markdown(f"- **{views.SEVERITY_LABELS[severity]}**：{views.SEVERITY_EXPLAINED[severity]}")

source = ui.original(report_id)
full = ui.parsed(report_id) if source else None
printed = ui.page_numbers(report_id)
if not printed and full is not None and kind == "pdf":
    printed = pagenumbers.from_lines(full.all_lines)
# ui.review_downloads(report_id, findings, full, source, printed)

shown = views.findings_table(findings, chosen, kind, printed)
if shown.empty:
    st.success("所选级别下没有检查结果。")
    st.stop()
ui.table(shown, "一致性检查结果", key="checks_table")

st.subheader("证据")
by_number = {int(seq) + 1: row for seq, row in zip(findings["seq"], findings.to_dict("records"))}
located = [int(n) for n in shown["序号"] if views.finding_places(by_number[int(n)])]
if not located:
    st.info("所选结果没有可定位的页或行。")
    st.stop()
texts = dict(zip(shown["序号"].astype(int), zip(shown["级别"], shown["位置"], shown["说明"])))
pick = st.selectbox("选择一条结果查看原文", located,
                    format_func=lambda n: f"第{n}条 [{texts[n][0]}] {texts[n][1]}：{texts[n][2][:60]}", key="checks_pick")
level, place, message = texts[pick]
st.markdown(f"**{level}**　{safetext.md(message)}")
if source is None or full is None:
    st.info("本机没有这份报告的原件（样例库不附带原件；原件需位于 ../shared/corpus 或由您上传），无法显示原文。"
            f"位置：{place}。")
    st.stop()
places = views.finding_places(by_number[pick])
if kind == "pdf":
    for page in sorted({p for p, _ in places}):
        boxes = [ln.bbox for p, n in places if p == page and (ln := evidence.line_at(full.all_lines, p, n)) and ln.bbox]
        st.image(evidence.render_pdf_page(source[1], page, boxes),
                 caption=f"{locations.page_label(page, printed)}（红框：所引的行）")
else:
    for page, line in places:
        st.caption(f"原文第{line}行附近")
        ui.dataframe(evidence.source_lines(full.all_lines, page, line))

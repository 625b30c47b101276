"""一致性检查: findings by severity, explained, each with its evidence (page or lines)."""

from __future__ import annotations

import streamlit as st

from lib import evidence, safetext, ui, views

report_id = ui.pick_report("checks")
report = ui.require_report(report_id)
bundle = ui.analysed(report_id)
st.title("一致性检查")
st.caption(f"{safetext.md(views.report_label(ui.library_row(report_id)))}　检查报告各表之间、表与文字之间是否自相矛盾。")
findings = None if bundle is None else bundle.findings
if findings is None:
    st.info("一致性检查：尚未提供。")
    st.stop()

st.caption(views.reading_confidence_text(report))
counts = views.severity_counts(findings)
cells = st.columns(len(counts))
for cell, (severity, count) in zip(cells, counts.items()):
    cell.metric(views.SEVERITY_LABELS[severity], count, help=views.SEVERITY_EXPLAINED[severity])
mine = ["error", "warning", "reading_doubt"]
default = mine if sum(counts[s] for s in mine) else ["info", "not_checked"]
chosen = st.multiselect("显示级别", list(views.SEVERITY_ORDER), default=default,
                        format_func=views.SEVERITY_LABELS.get, key="checks_severity")
with st.expander("各级别的含义"):
    for severity in views.SEVERITY_ORDER:
        st.markdown(f"- **{views.SEVERITY_LABELS[severity]}**：{views.SEVERITY_EXPLAINED[severity]}")
shown = views.findings_table(findings, chosen)
if shown.empty:
    st.success("所选级别下没有检查结果。")
    st.stop()
ui.table(shown, "一致性检查结果", key="checks_table")

st.subheader("证据")
located = shown.dropna(subset=["行"])
if located.empty:
    st.info("所选结果没有可定位的页或行。")
    st.stop()
pick = st.selectbox("选择一条结果查看原文", list(located.index),
                    format_func=lambda i: f"[{located.at[i, '级别']}] {located.at[i, '位置']}：{located.at[i, '说明'][:60]}",
                    key="checks_pick")
row = located.loc[pick]
st.markdown(f"**{row['级别']}**　{safetext.md(row['说明'])}")
pages = bundle.evidence(findings[int(row["序号"])])  # boxes and lines stored with the findings
if report.meta.source_kind == "pdf":
    source = ui.original(report_id)  # needed only to draw the page image
    if source is None:
        st.info("本机没有这份报告的原件（样例库不附带原件；原件需位于 ../shared/corpus 或由您上传），无法显示原文页面。"
                f"位置：{row['位置']}。")
    for page in pages if source is not None else ():
        st.image(evidence.render_pdf_page(source[1], page.page, list(page.boxes)), caption=f"第{page.page}页（红框：所引的行）")
    for page in pages:
        for line in page.lines:
            if line.cited:
                st.caption(f"第{page.page}页 第{line.line_no}行：{safetext.md(line.text)}")
else:
    for page in pages:
        for line in page.cited:
            st.caption(f"原文第{line}行附近")
            st.dataframe(evidence.source_lines(page.lines, page.page, line), hide_index=True)

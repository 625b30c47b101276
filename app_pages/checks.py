"""一致性检查: findings by severity, explained, each with its evidence (page or lines),
and the review document / annotated PDF to take away."""

from __future__ import annotations

import streamlit as st

from lib import evidence, locations, safetext, ui, views

report_id = ui.pick_report("checks")
report = ui.require_report(report_id)
bundle = ui.analysed(report_id)
kind = report.meta.source_kind
printed = locations.printed_pages(report)
st.title("一致性检查")
st.caption(f"{safetext.md(views.report_label(ui.library_row(report_id)))}　检查报告各表之间、表与文字之间是否自相矛盾。")
findings = None if bundle is None else bundle.findings
if findings is None:
    st.info("一致性检查：尚未提供。")
    st.stop()

st.caption(views.reading_confidence_text(report))
readings = views.ocr_readings_table(report, printed)
if not readings.empty:
    with st.expander(f"扫描页经 OCR 识别的表内金额：逐项核对结果（{len(readings):,} 个）"):
        ui.table(readings, "OCR识别金额核对", key="checks_ocr")
counts = views.severity_counts(findings)
cells = st.columns(len(counts))
for cell, (severity, count) in zip(cells, counts.items()):
    cell.metric(views.SEVERITY_LABELS[severity], f"{count:,}", help=views.SEVERITY_EXPLAINED[severity])
serious = ["error", "warning", "reading_doubt"]
default = serious if sum(counts[s] for s in serious) else ["info", "not_checked"]
chosen = st.multiselect("显示级别", list(views.SEVERITY_ORDER), default=default,
                        format_func=views.SEVERITY_LABELS.get, key="checks_severity")
with st.expander("各级别的含义"):
    for severity in views.SEVERITY_ORDER:
        st.markdown(f"- **{views.SEVERITY_LABELS[severity]}**：{views.SEVERITY_EXPLAINED[severity]}")
source = ui.original(report_id) if kind == "pdf" else None  # needed only to draw PDF page images
ui.review_downloads(bundle, source)
shown = views.findings_table(findings, chosen, kind, printed)
if shown.empty:
    st.success("所选级别下没有检查结果。")
    st.stop()
ui.table(shown, "一致性检查结果", key="checks_table")

st.subheader("证据")
choices = views.evidence_choices(shown, findings, lambda finding: bool(bundle.evidence(finding)))
if not choices:
    st.info("所选结果没有可定位的页或行。")
    st.stop()
pick = st.selectbox("选择一条结果查看原文", list(choices), format_func=choices.get, key="checks_pick")
level, place, message = views.finding_heading(shown, pick)
st.markdown(f"**{level}**　{safetext.md(message)}")
pages = bundle.evidence(findings[pick - 1])  # boxes and lines stored with the findings
if kind == "pdf":
    if source is None:
        st.info("本机没有这份报告的原件（样例库不附带原件；原件需位于 ../shared/corpus 或由您上传），无法显示原文页面。"
                f"位置：{place}。")
    for page in pages if source is not None else ():
        st.image(evidence.render_pdf_page(source[1], page.page, list(page.boxes)),
                 caption=f"{locations.page_label(page.page, printed)}（红框：所引的行）")
    for page in pages:
        for text in evidence.cited_captions(page.page, page.lines, page.cited, locations.page_label(page.page, printed)):
            st.caption(safetext.md(text))
else:
    for page in pages:
        for line in page.cited:
            st.caption(f"原文第{line}行附近")
            ui.dataframe(evidence.source_lines(page.lines, page.page, line))

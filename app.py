"""决算透视 — Streamlit router: `streamlit run app.py`.

The pages live in app_pages/ (not pages/: Streamlit treats a pages/ folder as a legacy
multipage app, and a deep link such as /compare on a fresh server then bypasses this
router); each is a short script over lib (see lib/ui.py for the
cached loaders). Any error a page raises becomes a Chinese message, never a traceback.
"""

from __future__ import annotations

import logging
import traceback

import streamlit as st

from lib import ui
from lib.errors import LibraryError, ReportError

st.set_page_config(page_title="决算透视", page_icon=":material/pie_chart:", layout="wide")
ui.warm_uploads()  # the upload parser's process starts while the first page renders

PAGES = [
    st.Page("app_pages/home.py", title="报告库", icon=":material/library_books:", default=True),
    st.Page("app_pages/structure.py", title="收支结构", icon=":material/pie_chart:"),
    st.Page("app_pages/execution.py", title="预算执行", icon=":material/task_alt:"),
    st.Page("app_pages/sangong.py", title="三公经费", icon=":material/directions_car:"),
    st.Page("app_pages/checks.py", title="一致性检查", icon=":material/fact_check:"),
    st.Page("app_pages/performance.py", title="绩效自评", icon=":material/military_tech:"),
    st.Page("app_pages/compare.py", title="对比与情景", icon=":material/compare_arrows:"),
]

page = st.navigation(PAGES)
st.sidebar.caption("决算透视：读取、检查、比较部门决算报告。金额单位均为万元。")
try:
    with ui.timed_run(page.url_path or "home"):
        page.run()
except ReportError as exc:
    st.error(exc.message)
except LibraryError as exc:  # locked / corrupt / read-only / missing: what it is and what to do
    ui.render_library_error(exc)
except Exception:
    logging.getLogger("juesuan.app").error("page %s failed:\n%s", page.title, traceback.format_exc())
    ui.page_failed()
ui.preload_charts()  # last: the page draws first

"""What a page shows, read back out of an AppTest run: the plotted values of every
plotly chart (from the JSON Streamlit sends, typed arrays decoded) and every piece of
text a reader sees (markdown, captions, metrics, alerts, widget labels and options,
dataframe headers and cells)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ("app_pages/home.py", "app_pages/structure.py", "app_pages/execution.py", "app_pages/sangong.py",
         "app_pages/checks.py", "app_pages/compare.py")


def decode(value: Any) -> Any:
    """Plotly JSON with typed arrays ({"dtype", "bdata"[, "shape"]}) turned into lists."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                shape = [int(n) for n in str(value["shape"]).split(",")]
                array = array.reshape(shape)
            return array.tolist()
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def figures(at: AppTest) -> dict[str, dict[str, Any]]:
    """Every plotly chart on the page, by its title: {"data": [traces…], "layout": …}."""
    out: dict[str, dict[str, Any]] = {}
    for element in at.get("plotly_chart"):
        spec = decode(json.loads(element.proto.spec))
        title = (spec.get("layout", {}).get("title") or {}).get("text", "")
        out[title] = spec
    return out


def trace(figure: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    traces = figure["data"]
    if name is None:
        assert len(traces) == 1, [t.get("name") for t in traces]
        return traces[0]
    found = [t for t in traces if t.get("name") == name]
    assert found, (name, [t.get("name") for t in traces])
    return found[0]


def _frame_texts(frame: pd.DataFrame) -> list[str]:
    parts = [str(c) for c in frame.columns]
    for column in frame.columns:
        for value in frame[column]:
            if isinstance(value, str):
                parts.append(value)
    return parts


def texts(at: AppTest) -> list[str]:
    """Every text a reader sees on the page (not hover templates: those are checked on figures)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "exception"):
        parts += [str(e.value) for e in at.get(kind)]
    for metric in at.metric:
        parts += [str(metric.label), str(metric.value), str(metric.help or "")]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in at.get(kind):
            parts.append(str(widget.label))
            parts += [str(o) for o in widget.options]
    for kind in ("button", "toggle", "number_input", "download_button", "expander", "tab"):
        for widget in at.get(kind):
            label = getattr(widget, "label", None)
            if label is None and hasattr(widget, "proto"):
                label = getattr(widget.proto, "label", None)
            if label:
                parts.append(str(label))
    for frame in at.dataframe:
        parts += _frame_texts(frame.value)
    for element in at.get("plotly_chart"):
        spec = decode(json.loads(element.proto.spec))
        layout = spec.get("layout", {})
        parts.append(str((layout.get("title") or {}).get("text", "")))
        for axis in ("xaxis", "yaxis"):
            parts.append(str(((layout.get(axis) or {}).get("title") or {}).get("text", "")))
        for item in spec.get("data", []):
            parts.append(str(item.get("name") or ""))
            for key in ("x", "y", "labels"):
                parts += [v for v in (item.get(key) or []) if isinstance(v, str)]
    return [p for p in parts if p]


def report_ids() -> dict[str, str]:
    """source name → report id of the library in $JUESUAN_DB."""
    from lib import store

    reports = store.list_reports()
    return dict(zip(reports["source_name"], reports["report_id"]))


def visit(page: str, report_id: str | None = None, **state: Any) -> AppTest:
    """Run the app on `page` with `report_id` active (and any other session state)."""
    at = AppTest.from_file(APP, default_timeout=120)
    if report_id:
        at.session_state["active_ids"] = [report_id]
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page != "app_pages/home.py":
        at.switch_page(page).run()
    open_all(at)
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_all(at: AppTest) -> AppTest:
    """Open every expander whose contents run only when opened (`ui.on_demand`), so that a
    test sees everything a reader can open on the page."""
    closed = [e.key for e in at.expander if e.key and not at.session_state[e.key]]
    if closed:
        for key in closed:
            at.session_state[key] = True
        at.run()
    return at

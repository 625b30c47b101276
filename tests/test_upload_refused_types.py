"""A refused file type gets a Chinese message listing the accepted kinds (not Streamlit's English)."""
import io
import zipfile

import pytest

from lib import ui


def _zip(member: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(member, "x")
    return buf.getvalue()


@pytest.mark.parametrize("name,data,says", [
    ("报告.docx", _zip("word/document.xml"), "Word"),
    ("报告.zip", _zip("a.txt"), "ZIP"),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64, "无法识别"),
])
def test_refused_type_message_is_chinese_and_lists_accepted(name, data, says, monkeypatch, tmp_path):
    monkeypatch.setattr(ui.store, "is_read_only", lambda: False)
    monkeypatch.setattr(ui.libstate, "require_writable", lambda path: None)
    monkeypatch.setattr(ui.store, "has_report", lambda rid: False)
    monkeypatch.setattr(ui.sandbox, "run_isolated", lambda fn, *a, **k: type("R", (), {"value": fn(*a, **k)})())
    result = ui.add_upload(name, data)
    assert result.status == "refused"
    assert says in result.message
    assert result.message.endswith(ui.ACCEPTED_KINDS)
    assert "PDF" in result.message and "xlsx" in result.message and "png" in result.message


def test_home_widget_accepts_any_type():
    src = open("app_pages/home.py", encoding="utf-8").read()
    assert "type=ui.UPLOAD_TYPES" not in src

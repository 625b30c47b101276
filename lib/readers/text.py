"""Text exports → Document. Tab-separated lines keep their empty cells (positional);
other lines are split on whitespace, where empty cells have vanished."""

from __future__ import annotations

import html
import re

from lib.document import Document, Line, Page
from lib.errors import UnsupportedFile
from lib.readers import content_hash

_TAG = re.compile(r"<[^>]{0,200}>")
_CELL_END = re.compile(r"</t[dh]>\s*", re.IGNORECASE)
_ROW_END = re.compile(r"</tr>|<br\s*/?>", re.IGNORECASE)


# A text export with a few damaged bytes is still read (damaged characters become �).
MAX_DAMAGED_SHARE = 0.005


def decode_text(data: bytes) -> tuple[str, int]:
    """(text, damaged characters): UTF-8 (BOM or not), UTF-16 with BOM, then GB18030;
    refuse what is binary or mostly undecodable."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return text, text.count("\ufffd")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text, 0
    text = data.decode("utf-8-sig", errors="replace")
    damaged = text.count("\ufffd")
    if text and damaged / len(text) <= MAX_DAMAGED_SHARE and not _looks_binary(text):
        return text, damaged
    raise UnsupportedFile("无法识别的文件格式：既不是 PDF，也不是文本或 xlsx。")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return sample.count("\x00") > 2 or control / len(sample) > 0.01


def _strip_markup(raw: str) -> str:
    """HTML table cells (some exports carry them) become tab-separated text."""
    if "<" not in raw:
        return raw
    raw = _CELL_END.sub("\t", raw)
    raw = _ROW_END.sub("\n", raw)
    return html.unescape(_TAG.sub("", raw))


def text_to_lines(text: str, page: int = 1, start_line: int = 1) -> list[Line]:
    lines: list[Line] = []
    for offset, raw in enumerate(text.split("\n")):
        raw = raw.rstrip("\r")
        line_no = start_line + offset
        for part in _strip_markup(raw).split("\n"):
            if not part.strip():
                continue
            if "\t" in part:
                cells = tuple(cell.strip() for cell in part.split("\t"))
                lines.append(Line(page, line_no, part.strip(), cells, positional=True))
            else:
                lines.append(Line(page, line_no, part.strip(), tuple(part.split()), positional=False))
    return lines


def read_text(data: bytes, source_name: str) -> Document:
    """Each form-feed starts a new page; line numbers count from the file's first line."""
    text, damaged = decode_text(data)
    text = text.replace("\r\n", "\n")
    pages: list[Page] = []
    line_no = 1
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines = text_to_lines(chunk, page=number, start_line=line_no)
        pages.append(Page(number, tuple(lines), char_count=len(chunk.strip())))
        line_no += chunk.count("\n")
    notes = (f"文件中有 {damaged} 个字符无法解码（显示为 �），涉及的数字不会被采用。",) if damaged else ()
    return Document(source_name, "text", content_hash(data), tuple(pages), notes)

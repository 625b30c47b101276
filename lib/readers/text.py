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


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030; else refuse."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise UnsupportedFile("无法识别的文件格式：既不是 PDF，也不是文本或 xlsx。")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return "\x00" in sample or control / len(sample) > 0.01


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
    text = decode_text(data).replace("\r\n", "\n")
    pages: list[Page] = []
    line_no = 1
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines = text_to_lines(chunk, page=number, start_line=line_no)
        pages.append(Page(number, tuple(lines), char_count=len(chunk.strip())))
        line_no += chunk.count("\n")
    return Document(source_name, "text", content_hash(data), tuple(pages))

"""Text exports → Document. Tab-separated lines keep their empty cells (positional);
other lines are split on whitespace, where empty cells have vanished."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lib.document import Document, Line, Page
from lib.errors import TextTooLong, TooManyPages, UnsupportedFile
from lib.limits import CHECK_EVERY, MAX_PAGES, MAX_TEXT_CHARS, check_deadline
from lib.readers import content_hash

_TAG = re.compile(r"<[^>]{0,200}>")
_CELL_END = re.compile(r"</t[dh]>\s*", re.IGNORECASE)
_ROW_END = re.compile(r"</tr>|<br\s*/?>", re.IGNORECASE)


# A text export with a few damaged bytes is still read (damaged characters become �).
MAX_DAMAGED_SHARE = 0.005


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # as said to the user: UTF-8, UTF-16LE, GB18030 …
    damaged: int = 0  # characters that could not be decoded (now �)
    bom: bool = True  # False for UTF-16 recognised without a byte-order mark


def decode_text(data: bytes) -> tuple[str, int]:
    """(text, damaged characters); see `decode`."""
    decoded = decode(data)
    return decoded.text, decoded.damaged


def decode(data: bytes) -> Decoded:
    """UTF-8 (BOM or not), UTF-16 (BOM, or recognised by where its zero bytes fall),
    GB18030 (GBK's superset); a few damaged bytes in UTF-8 or GB18030 — a stray byte, a
    character cut off by a partial download — are tolerated. Refuse what is binary or
    mostly undecodable."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return Decoded(text, "UTF-16LE" if data[:2] == b"\xff\xfe" else "UTF-16BE", text.count("\ufffd"))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return Decoded(text, label)
    # UTF-8 first: GB18030 decodes damaged UTF-8 into plausible-looking wrong characters
    for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        text = data.decode(encoding, errors="replace")
        damaged = text.count("\ufffd")
        if text and damaged / len(text) <= MAX_DAMAGED_SHARE and not _looks_binary(text):
            return Decoded(text, label, damaged)
    raise UnsupportedFile("无法识别的文件格式：既不是 PDF，也不是文本或 xlsx。")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 puts a zero byte beside every ASCII character (digits, tabs, newlines — many
    in a report): zeros mostly on odd offsets mean little-endian, on even offsets
    big-endian (a few CJK characters such as 一 U+4E00 have a zero byte too, so the side
    with ten times more zeros wins, and the decoded text must look like text)."""
    sample = data[:20000]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > pairs * 0.05 and even < odd / 10:
        order = "le"
    elif even > pairs * 0.05 and odd < even / 10:
        order = "be"
    else:
        return None
    text = data[: len(data) // 2 * 2].decode(f"utf-16-{order}", errors="replace")
    damaged = text.count("\ufffd") + len(data) % 2
    if not text or damaged / len(text) > MAX_DAMAGED_SHARE or _looks_binary(text):
        return None
    return Decoded(text, f"UTF-16{order.upper()}", damaged, bom=False)


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


def text_to_lines(text: str, page: int = 1, start_line: int = 1, deadline: float | None = None) -> list[Line]:
    lines: list[Line] = []
    for offset, raw in enumerate(text.split("\n")):
        if offset % CHECK_EVERY == 0:
            check_deadline(deadline, f"读到第 {start_line + offset} 行")
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


def _too_long(chars: int) -> TextTooLong:
    return TextTooLong(f"文本共约 {chars:,} 个字符，超过单个文件 {MAX_TEXT_CHARS:,} 个字符的上限"
                       "（约为四十份报告）；请拆分成单份报告后再上传。")


def read_text(data: bytes, source_name: str, *, deadline: float | None = None) -> Document:
    """Each form-feed starts a new page; line numbers count from the file's first line.
    Refuses a text beyond MAX_TEXT_CHARS (before decoding when the bytes already say so)."""
    if len(data) > MAX_TEXT_CHARS * 4:  # no encoding needs more than 4 bytes a character
        raise _too_long(len(data) // 4)
    decoded = decode(data)
    if len(decoded.text) > MAX_TEXT_CHARS:
        raise _too_long(len(decoded.text))
    text = decoded.text.replace("\r\n", "\n")
    page_count = text.count("\f") + 1  # each form feed starts a page: a million of them were a time bomb
    if page_count > MAX_PAGES:
        raise TooManyPages(f"文本有 {page_count:,} 页（以分页符分隔），超过单个文件 {MAX_PAGES:,} 页的上限，文件未加入。")
    pages: list[Page] = []
    line_no = 1
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines = text_to_lines(chunk, page=number, start_line=line_no, deadline=deadline)
        pages.append(Page(number, tuple(lines), char_count=len(chunk.strip())))
        line_no += chunk.count("\n")
    notes: list[str] = []
    if not decoded.bom:
        notes.append(f"文件是不带字节序标记的 {decoded.encoding} 编码，已按此读取。")
    if decoded.damaged:
        where = "" if decoded.encoding == "UTF-8" else f"按 {decoded.encoding} 解码，"
        notes.append(f"文件{where}有 {decoded.damaged} 个字符无法解码（显示为 �；可能未下载完整），涉及的数字不会被采用。")
    return Document(source_name, "text", content_hash(data), tuple(pages), tuple(notes))

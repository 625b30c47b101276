"""Mutations of real and generated inputs, and the outcome of parsing one of them.

Used by tests/test_fuzz.py (a short run in CI) and scripts/fuzz.py (≥ 10,000 inputs).
Every outcome must be a Report or a documented ReportError code; anything else is a crash.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from lib.errors import ReportError
from lib.pipeline import parse_bytes

Mutator = Callable[[bytes, random.Random], bytes]

HOSTILE = [
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "**粗体** [链接](javascript:alert(1))",
    "{{7*7}}", "'; DROP TABLE reports; --", "\u202e\u200b\ufeff", "合计\t\t\t\t", "201 06 01", "XXX", "—",
]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, max(len(data), 1))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def drop_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    return b"\n".join(lines[:start] + lines[start + rng.randint(1, 60):])


def shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    chunk = lines[start : start + rng.randint(2, 80)]
    rng.shuffle(chunk)
    return b"\n".join(lines[:start] + chunk + lines[start + len(chunk):])


def inject_text(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 10)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(HOSTILE).encode())
    return b"\n".join(lines)


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(max(len(data), 1))
    return data[:start] + data[start : start + rng.randint(1, 5000)] * 2 + data[start:]


def pdf_drop_or_shuffle_pages(data: bytes, rng: random.Random) -> bytes:
    from pypdf import PdfReader, PdfWriter

    try:  # pypdf itself may refuse a damaged input: then the input stays as it was
        pages = list(PdfReader(io.BytesIO(data)).pages)
        rng.shuffle(pages)
        writer = PdfWriter()
        for page in pages[: rng.randint(0, len(pages))]:
            writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()
    except Exception:
        return data


TEXT_MUTATORS: list[Mutator] = [truncate, flip_bytes, drop_lines, shuffle_lines, inject_text, duplicate_chunk]
PDF_MUTATORS: list[Mutator] = [truncate, flip_bytes, duplicate_chunk, pdf_drop_or_shuffle_pages]
BINARY_MUTATORS: list[Mutator] = [truncate, flip_bytes, duplicate_chunk]  # .xls, images


# ---- size and time bombs: far beyond any report, each must end in a documented limit (or a
# report) quickly and in bounded memory — never a hang or an exhausted machine.

MIB = 1024 * 1024


def text_repeat(data: bytes, rng: random.Random, size: int | None = None) -> bytes:
    """The same text repeated to 1–14 MiB (the issue's 280× export; 14 MiB of UTF-8
    Chinese is over the character limit)."""
    target = size or rng.choice((1, 3, 6, 14)) * MIB
    return data * max(1, target // max(len(data), 1))


def line_bomb(data: bytes, rng: random.Random, size: int | None = None) -> bytes:
    """One enormous line (no newline for megabytes) inside the text."""
    middle = rng.randrange(max(len(data), 1))
    filler = rng.choice((b"1", b"\t", "合计".encode()))
    return data[:middle] + filler * ((size or rng.choice((MIB, 4 * MIB))) // len(filler)) + data[middle:]


def _xlsx(sheet_xml: bytes, extra: tuple[str, int] | None = None) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", _CONTENT_TYPES)
        target.writestr("_rels/.rels", _RELS)
        target.writestr("xl/workbook.xml", _WORKBOOK)
        target.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        target.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if extra:
            with target.open(extra[0], "w") as handle:
                chunk = b"\0" * MIB
                for _ in range(extra[1] // MIB):
                    handle.write(chunk)
    return out.getvalue()


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                  'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                  'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                  '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                  '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def xlsx_rows(rng: random.Random, rows: int | None = None) -> bytes:
    """Very many (empty or one-cell) rows: the issue's 1 M <row> elements in 147 KB."""
    rows = rows or rng.choice((50_000, 250_000, 1_000_000))
    cell = rng.random() < 0.5
    body = "".join(f'<row r="{i}">' + (f'<c r="A{i}"><v>{i}</v></c>' if cell else "") + "</row>"
                   for i in range(1, rows + 1))
    return _xlsx(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>{body}</sheetData></worksheet>'.encode())


def xlsx_wide(rng: random.Random, rows: int | None = None) -> bytes:
    """A declared range of 16,384 columns (rows are padded to it) over many rows."""
    rows = rows or rng.choice((500, 5000))
    body = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c><c r="XFD{i}"><v>2</v></c></row>' for i in range(1, rows + 1))
    return _xlsx(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><dimension ref="A1:XFD{rows}"/>'
                 f"<sheetData>{body}</sheetData></worksheet>".encode())


_INFLATE_BOMB: bytes | None = None


def xlsx_inflate(rng: random.Random) -> bytes:
    """A part that inflates to 300 MiB from ~300 KB (built once per process)."""
    global _INFLATE_BOMB
    if _INFLATE_BOMB is None:
        sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData/></worksheet>'.encode()
        _INFLATE_BOMB = _xlsx(sheet, ("xl/media/image1.bin", 300 * MIB))
    return _INFLATE_BOMB


def _xls_book(sheets: list[tuple[str, int, Callable[[object, int], None]]]) -> bytes:
    """A legacy workbook (xlwt, a test dependency): per sheet its name, rows, and how a row is written."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows, write in sheets:
        sheet = workbook.add_sheet(name)
        for r in range(rows):
            write(sheet.row(r), r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_XLS_CACHE: dict[tuple[str, int, int], bytes] = {}


def _cached(key: tuple[str, int, int], make: Callable[[], bytes]) -> bytes:
    if key not in _XLS_CACHE:
        _XLS_CACHE[key] = make()
    return _XLS_CACHE[key]


def xls_rows(rng: random.Random, sheets: int | None = None, rows: int | None = None) -> bytes:
    """1–3 sheets of up to 65,536 rows (the BIFF8 maximum) with one number each."""
    sheets, rows = sheets or rng.choice((1, 2, 3)), rows or rng.choice((30_000, 65_536))
    return _cached(("rows", sheets, rows), lambda: _xls_book(
        [(f"表{n + 1}", rows, lambda row, r: row.set_cell_number(0, r)) for n in range(sheets)]))


def xls_wide(rng: random.Random, rows: int | None = None) -> bytes:
    """A cell in the first and the last (256th) column of every row: each row 256 cells long."""
    rows = rows or rng.choice((5_000, 20_000, 65_536))

    def write(row: object, r: int) -> None:
        row.set_cell_number(0, r)  # type: ignore[attr-defined]
        row.set_cell_number(255, r)  # type: ignore[attr-defined]

    return _cached(("wide", 1, rows), lambda: _xls_book([("表1", rows, write)]))


def xls_blank(rng: random.Random, rows: int | None = None) -> bytes:
    """Formatted blank cells over all 256 columns (MULBLANK: 2 bytes a cell; 65,536 rows are
    16.7 M cells in 35 MB, which xlrd would build before any row is seen)."""
    import xlwt

    rows = rows or rng.choice((2_000, 20_000, 65_536))
    style = xlwt.easyxf(num_format_str="#,##0.00")
    return _cached(("blank", 1, rows), lambda: _xls_book(
        [("表1", rows, lambda row, r: row.set_cell_mulblanks(0, 255, style))]))


def xls_text(rng: random.Random, rows: int | None = None) -> bytes:
    """The same long string in 8 cells of every row (stored once): megabytes of cell text."""
    rows = rows or rng.choice((200, 600))
    text = "合计" * 500

    def write(row: object, r: int) -> None:
        for c in range(8):
            row.set_cell_text(c, text)  # type: ignore[attr-defined]

    return _cached(("text", 1, rows), lambda: _xls_book([("表1", rows, write)]))


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_huge(rng: random.Random) -> bytes:
    """A PNG header declaring an enormous canvas (2–65,535 k a side), with a real start of
    zero rows: a decompression bomb before it is inflated."""
    import struct
    import zlib

    width, height = rng.choice((12_000, 20_000, 65_535)), rng.choice((9_000, 30_000, 65_535))
    colour = rng.choice((0, 2, 6))  # gray, RGB, RGBA
    rows = zlib.compress(b"\0" * min(width * 4 + 1, 300_000) * 16)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
            + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b""))


def png_frames(rng: random.Random) -> bytes:
    """An animated PNG declaring 2,000 to 4 billion frames."""
    import struct
    import zlib

    frames = rng.choice((2_000, 100_000, 2**32 - 1))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
            + _png_chunk(b"acTL", struct.pack(">II", frames, 0)) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 65 * 64))
            + _png_chunk(b"IEND", b""))


def jpeg_huge(rng: random.Random) -> bytes:
    """A small JPEG whose frame header claims up to 65,535 × 65,535 pixels."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = rng.choice((12_000, 30_000, 65_535)).to_bytes(2, "big") + rng.choice(
        (10_000, 65_535)).to_bytes(2, "big")
    return bytes(data)


def image_big(rng: random.Random) -> bytes:
    """A real page image just within the decoded-size limit (A4 at 600 dpi, gray or colour),
    ruled like a table: decoded, reduced and read by OCR in bounded memory."""
    from PIL import Image, ImageDraw

    mode = rng.choice(("L", "RGB"))
    picture = Image.new(mode, (4960, 7016), "white")
    draw = ImageDraw.Draw(picture)
    for y in range(600, 6400, 120):
        draw.line((300, y, 4660, y), fill="black", width=4)
    for x in (300, 2000, 3300, 4660):
        draw.line((x, 600, x, 6400), fill="black", width=4)
    buffer = io.BytesIO()
    picture.save(buffer, rng.choice(("PNG", "JPEG")), dpi=(600, 600))
    return buffer.getvalue()


def xlsx_styles(rng: random.Random, count: int | None = None) -> bytes:
    """Up to a million cell styles (openpyxl builds the whole styles part in memory)."""
    import zipfile

    count = count or rng.choice((100_000, 1_000_000))
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    source = zipfile.ZipFile(io.BytesIO(xlsx_rows(rng, 10)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_NS}><cellXfs count="{count}">'
                        .encode() + xf * count + b"</cellXfs></styleSheet>")
    return out.getvalue()


# kind → (maker, weight, file name shown); the OCR'd kind is rare, as it costs seconds of CPU
BOMBS: dict[str, tuple[Callable[[random.Random], bytes] | None, float, str]] = {
    "text_repeat": (None, 2, ""), "line_bomb": (None, 2, ""),
    "xlsx_rows": (xlsx_rows, 2, "bomb.xlsx"), "xlsx_wide": (xlsx_wide, 2, "bomb.xlsx"),
    "xlsx_inflate": (xlsx_inflate, 1, "bomb.xlsx"), "xlsx_styles": (xlsx_styles, 1, "bomb.xlsx"),
    "xls_rows": (xls_rows, 2, "bomb.xls"), "xls_wide": (xls_wide, 2, "bomb.xls"),
    "xls_blank": (xls_blank, 1, "bomb.xls"), "xls_text": (xls_text, 1, "bomb.xls"),
    "png_huge": (png_huge, 1, "bomb.png"), "png_frames": (png_frames, 1, "bomb.png"),
    "jpeg_huge": (jpeg_huge, 1, "bomb.jpg"), "image_big": (image_big, 0.5, "bomb.png"),
}


def bomb(data: bytes, name: str, rng: random.Random) -> tuple[bytes, str, str]:
    """(bytes, kind, file name): a size or time bomb built from a text seed (text kinds) or
    from nothing (workbook and image kinds)."""
    kind = rng.choices(list(BOMBS), [weight for _, weight, _ in BOMBS.values()])[0]
    make, _, bomb_name = BOMBS[kind]
    if make is None:
        text = data if not name.endswith((".pdf", ".xlsx", ".xls", ".png")) else synthetic_text()
        return (text_repeat if kind == "text_repeat" else line_bomb)(text, rng), kind, name
    return make(rng), kind, bomb_name


def page_image(fmt: str = "PNG") -> bytes:
    """Page 2 of the generated report (收入支出决算总表) rendered at 150 dpi: what a scan gives."""
    import pypdfium2 as pdfium
    import synthetic

    buffer = io.BytesIO()
    pdfium.PdfDocument(synthetic.pdf_bytes())[1].render(scale=150 / 72).to_pil().save(buffer, fmt, dpi=(150, 150))
    return buffer.getvalue()


def synthetic_text() -> bytes:
    import synthetic

    return synthetic.tab_text().encode()


def mutate(data: bytes, name: str, rng: random.Random) -> tuple[bytes, str]:
    """One random mutation (sometimes two) and its name."""
    mutators = (PDF_MUTATORS if name.endswith(".pdf") else BINARY_MUTATORS if name.endswith((".xls", ".png", ".jpg"))
                else TEXT_MUTATORS)
    chosen = [rng.choice(mutators) for _ in range(rng.choice((1, 1, 2)))]
    for mutator in chosen:
        data = mutator(data, rng)
    return data, "+".join(m.__name__ for m in chosen)


def isolated_outcome(data: bytes, name: str, time_limit: float = 45.0) -> str:
    """`outcome` for lib.sandbox children (an importable function, logging silenced)."""
    import logging

    logging.disable(logging.CRITICAL)
    return outcome(data, name, time_limit=time_limit)


def outcome(data: bytes, name: str, *, time_limit: float = 60.0) -> str:
    """'report' or the ReportError code, after the readers, recogniser and check engine;
    a crash comes back as 'crash:<Type>: <message>', also a rule family that raised (which
    run_checks turns into a not_checked finding rather than raising)."""
    from lib.checks import crashed, run_checks

    try:
        report = parse_bytes(data, name, allow_template=True, time_limit=time_limit, max_pages=400)
        broken = crashed(run_checks(report))
        if broken:
            return f"crash:rule: {broken[0].message[:200]}"
    except ReportError as exc:
        return exc.code
    except Exception as exc:  # what the fuzzer is looking for
        return f"crash:{type(exc).__name__}: {str(exc)[:200]}"
    return "report"

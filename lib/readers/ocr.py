"""Scanned pages (PDF without a text layer, PNG/JPEG) → Document, via OCR.

The engine is RapidOCR (PP-OCR detection + Chinese recognition models shipped inside the
`rapidocr-onnxruntime` wheel, run on CPU by onnxruntime; nothing is downloaded at run
time). A page is deskewed (projection profile), its ruled tables found from the ruling
lines (morphology on the binarised image), and every recognised text box placed into the
table cell that holds its centre, so table rows become positional lines exactly like
pdfplumber's ruled-table cells; text outside the grids becomes plain lines. Coordinates
are pdfplumber's top-down points of the original (unrotated) page.
"""

from __future__ import annotations

import io
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from lib.document import Document, Line, Page
from lib.errors import CorruptFile, NoTextLayer, ParseTimeout, TooLarge, TooManyPages
from lib.limits import MAX_OCR_PIXELS, check_image

RENDER_DPI = 150  # scanned PDF pages are rendered at this resolution for OCR
IMAGE_DPI = 150  # assumed for PNG/JPEG uploads that do not say their resolution
MAX_SKEW = 3.0  # degrees searched by the deskew step
MIN_SKEW = 0.2  # below this the page is read as it is (a 0.2° tilt moves a row < 1 mm)
OCR_NOTE = "本报告为扫描件（没有文字层），内容经 OCR 文字识别读取；识别出的金额已用表内、表间勾稽关系逐一核对。"
NOT_INSTALLED = (
    "这是扫描件或图片（没有文字层），需要 OCR 文字识别，但本机未安装 OCR 组件。"
    "请安装：python3 -m pip install -e \".[ocr]\"，或上传带文字层的 PDF。"
)

Progress = Callable[[int, int, float], None]  # (pages done, pages in all, seconds left)


def progress_text(done: int, total: int, seconds_left: float) -> str:
    """'OCR 识别：第 3/24 页，预计还需约 40 秒' (what the CLI and the app show per page)."""
    left = f"约 {seconds_left / 60:.0f} 分钟" if seconds_left >= 90 else f"约 {max(seconds_left, 0):.0f} 秒"
    return f"OCR 识别扫描件：第 {done}/{total} 页" + (f"，预计还需{left}" if done < total else "，识别完成")


def available() -> bool:
    """Whether the OCR engine can be imported (it is an optional dependency)."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:
        return False
    return True


_ENGINE: Any = None


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR

        # detection on at most 1280 px (a 150 dpi A4 page is 1754): same boxes, ~40 % less
        # work; recognition still reads the crops at full resolution
        _ENGINE = RapidOCR(det_limit_type="max", det_limit_side_len=1280)
    return _ENGINE


@dataclass(frozen=True)
class Token:
    """One recognised text box: text, its box in deskewed pixels, and the engine's confidence."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Band:
    """One table row between two ruling lines, with its column boundaries (pixels)."""

    y0: float
    y1: float
    xs: tuple[float, ...]


# ------------------------------------------------------------------ image geometry


def _binary(gray: np.ndarray) -> np.ndarray:
    import cv2

    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


def skew_angle(gray: np.ndarray) -> float:
    """Degrees the page content is rotated (counter-clockwise positive), by maximising the
    sharpness of the row profile of a downscaled binary image over candidate rotations."""
    import cv2

    factor = 1200 / max(gray.shape)
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    binary = _binary(small)
    h, w = binary.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(binary, matrix, (w, h), flags=cv2.INTER_NEAREST)
        profile = rotated.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=sharpness)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=sharpness)
    return -float(fine)


def _grid_bands(gray: np.ndarray) -> list[tuple[tuple[float, float, float, float], list[Band]]]:
    """Ruled tables on the page: (region box, its rows) from the ruling lines."""
    import cv2

    binary = _binary(gray)
    h, w = binary.shape
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((1, max(30, w // 40)), np.uint8))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((max(20, h // 80), 1), np.uint8))
    grid = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    tables = []
    for index in range(1, count):
        x, y, bw, bh, _ = stats[index]
        if bw < w * 0.2 or bh < 20:
            continue
        rows = _row_lines(horizontal[y : y + bh, x : x + bw])
        if len(rows) < 2:
            continue
        bands = []
        for (top_a, top_b), (bottom_a, _) in zip(rows, rows[1:]):
            y0, y1 = y + top_b, y + bottom_a
            if y1 - y0 < 6:
                continue
            bands.append(Band(float(y + top_a), float(y + bottom_a), _column_lines(binary, y0, y1, x, x + bw)))
        if bands:
            tables.append(((float(x), float(y), float(x + bw), float(y + bh)), bands))
    return tables


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive True stretches of a 1-D mask as (first, last) indices."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, flag in enumerate(mask):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index - 1))
            start = None
    if start is not None:
        runs.append((start, len(mask) - 1))
    return runs


def _row_lines(horizontal: np.ndarray) -> list[tuple[int, int]]:
    width = horizontal.shape[1]
    coverage = (horizontal > 0).sum(axis=1)
    return _runs(coverage >= max(20, width * 0.05))


def _column_lines(binary: np.ndarray, y0: int, y1: int, x0: int, x1: int) -> tuple[float, ...]:
    """Vertical rules crossing one row: columns dark over ≥ 85 % of the row's inside."""
    inner = binary[y0 + 2 : max(y0 + 3, y1 - 1), max(0, x0 - 2) : x1 + 3]
    coverage = (inner > 0).mean(axis=0)
    xs = [max(0, x0 - 2) + (a + b) / 2 for a, b in _runs(coverage >= 0.85)]
    if not xs or xs[0] - x0 > 8:
        xs.insert(0, float(x0))
    if x1 - xs[-1] > 8:
        xs.append(float(x1))
    return tuple(xs)


# ------------------------------------------------------------------ OCR → lines


# Confusions of the recogniser that the reports' vocabulary rules out ('收人' is never meant).
_WORD_FIXES = (
    (re.compile(r"(收|转|投|列|纳|计|调|划|拨|注|流)人"), r"\1入"),
    (re.compile(r"部内决算"), "部门决算"),
    (re.compile(r"([决预])[箅笪篡]"), r"\1算"),
)
_NUMBER_LIKE = re.compile(r"^[-\d,.OoIl]*\d[-\d,.OoIl]*$")


def clean_text(text: str) -> str:
    """Undo known recogniser confusions: 人/入 after 收/转…, O/l inside numbers."""
    text = text.strip()
    if _NUMBER_LIKE.match(text):
        return text.translate(str.maketrans("OoIl", "0011"))
    for pattern, repl in _WORD_FIXES:
        text = pattern.sub(repl, text)
    return text


def _tokens(image: np.ndarray) -> list[Token]:
    result, _ = _engine()(image, use_cls=False)
    tokens = []
    for box, text, score in result or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        text = clean_text(str(text))
        if text:
            tokens.append(Token(text, min(xs), min(ys), max(xs), max(ys), float(score)))
    return tokens


def _text_rows(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into visual lines (centres within 0.6 × height), each sorted by x."""
    rows: list[list[Token]] = []
    for token in sorted(tokens, key=lambda t: t.cy):
        if rows:
            last = rows[-1]
            middle = sum(t.cy for t in last) / len(last)
            height = max(max(t.height for t in last), token.height)
            if abs(token.cy - middle) <= 0.6 * height:
                last.append(token)
                continue
        rows.append([token])
    return [sorted(row, key=lambda t: t.x0) for row in rows]


def _join(row: list[Token]) -> str:
    """Tokens of one visual line: a space only where the gap is wider than a character."""
    text = ""
    previous: Token | None = None
    for token in row:
        if previous is not None:
            gap = token.x0 - previous.x1
            text += " " if gap > max(previous.height, token.height) else ""
        text += token.text
        previous = token
    return text


class _Mapper:
    """Deskewed pixels → original page points (pdfplumber's top-down coordinates)."""

    def __init__(self, inverse: np.ndarray | None, scale: float) -> None:
        self.inverse = inverse
        self.scale = scale

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        corners = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]], dtype=np.float64)
        if self.inverse is not None:
            corners = corners @ self.inverse[:, :2].T + self.inverse[:, 2]
        corners /= self.scale
        return (
            round(float(corners[:, 0].min()), 2), round(float(corners[:, 1].min()), 2),
            round(float(corners[:, 0].max()), 2), round(float(corners[:, 1].max()), 2),
        )


def _split_wide(token: Token, xs: tuple[float, ...], image: np.ndarray) -> list[Token]:
    """A box that runs over a column rule (two amounts read as one) is re-read per cell."""
    inside = [x for x in xs if token.x0 + 6 < x < token.x1 - 6]
    if not inside:
        return [token]
    edges = [token.x0, *inside, token.x1]
    parts = []
    for left, right in zip(edges, edges[1:]):
        crop = image[int(max(0, token.y0 - 2)) : int(token.y1 + 2), int(left + 2) : int(right - 1)]
        if crop.size == 0 or crop.shape[1] < 4:
            continue
        result, _ = _engine()(crop, use_det=False, use_cls=False, use_rec=True)
        for item in result or []:
            text, score = clean_text(str(item[0])), float(item[1])
            if text:
                parts.append(Token(text, left + 2, token.y0, right - 1, token.y1, score))
    return parts or [token]


def _read_blank_cell(image: np.ndarray, ink: np.ndarray | None, band: Band, column: int) -> list[Token]:
    """Detection misses lone small marks (a '1' in a 行次 column): a cell that looks empty
    but has ink inside its rules is recognised on its own."""
    if ink is None:
        return []
    x0, x1 = int(band.xs[column]) + 4, int(band.xs[column + 1]) - 3
    y0, y1 = int(band.y0) + 4, int(band.y1) - 3
    if x1 - x0 < 4 or y1 - y0 < 6 or (ink[y0:y1, x0:x1] > 0).mean() < 0.01:
        return []
    crop = image[y0 - 2 : y1 + 2, x0 - 2 : x1 + 2]
    result, _ = _engine()(crop, use_det=False, use_cls=False, use_rec=True)
    tokens = []
    for item in result or []:
        text, score = clean_text(str(item[0])), float(item[1])
        if text and score >= 0.5:
            tokens.append(Token(text, float(x0), float(y0), float(x1), float(y1), score))
    return tokens


def _page_lines(image: np.ndarray, number: int, scale: float) -> tuple[list[Line], int, float]:
    """Lines of one page image (RGB), characters read, skew angle found."""
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    angle = skew_angle(gray)
    inverse = None
    if abs(angle) >= MIN_SKEW:
        h, w = gray.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
        image = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
        gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        inverse = cv2.invertAffineTransform(matrix)
    mapper = _Mapper(inverse, scale)
    tables = _grid_bands(gray)
    ink = _binary(gray) if tables else None
    tokens = _tokens(image)
    items: list[tuple[float, Line]] = []
    loose: list[Token] = []
    placed: dict[tuple[int, int], list[Token]] = {}
    for token in tokens:
        for t_index, (region, bands) in enumerate(tables):
            if not (region[0] <= token.cx <= region[2] and region[1] <= token.cy <= region[3]):
                continue
            b_index = next((i for i, band in enumerate(bands) if band.y0 <= token.cy <= band.y1), None)
            if b_index is not None:
                placed.setdefault((t_index, b_index), []).append(token)
                break
        else:
            loose.append(token)
    for (t_index, b_index), members in placed.items():
        band = tables[t_index][1][b_index]
        cells: list[list[Token]] = [[] for _ in range(max(1, len(band.xs) - 1))]
        for token in members:
            for piece in _split_wide(token, band.xs, image):
                column = sum(1 for x in band.xs[1:-1] if x <= piece.cx)
                cells[min(column, len(cells) - 1)].append(piece)
        for column, cell in enumerate(cells):
            if not cell and column + 1 < len(band.xs):
                cell.extend(_read_blank_cell(image, ink, band, column))
        texts = tuple("".join(_join(row) for row in _text_rows(cell)) for cell in cells)
        if not any(texts):
            continue
        boxes = tuple(
            mapper.box(band.xs[i], band.y0, band.xs[i + 1], band.y1) if i + 1 < len(band.xs) else None
            for i in range(len(cells))
        )
        scores = tuple(min((t.score for t in cell), default=1.0) for cell in cells)
        bbox = mapper.box(band.xs[0], band.y0, band.xs[-1], band.y1)
        text = " ".join(t for t in texts if t)
        items.append((bbox[1], Line(number, 0, text, texts, True, bbox[1], bbox, boxes, scores)))
    for row in _text_rows(loose):
        text = _join(row).strip()
        if not text:
            continue
        bbox = mapper.box(min(t.x0 for t in row), min(t.y0 for t in row), max(t.x1 for t in row), max(t.y1 for t in row))
        items.append((bbox[1], Line(number, 0, text, tuple(text.split()), False, bbox[1], bbox)))
    items.sort(key=lambda item: item[0])
    lines = [
        Line(line.page, index, line.text, line.cells, line.positional, line.top, line.bbox, line.cell_boxes, line.cell_scores)
        for index, (_, line) in enumerate(items, start=1)
    ]
    chars = sum(len(t.text) for t in tokens)
    return lines, chars, angle


# ------------------------------------------------------------------ documents


def _require_engine(page_count: int) -> None:
    if not available():
        raise NoTextLayer(f"共 {page_count} 页。" + NOT_INSTALLED)


def read_images(
    images: list[Callable[[], tuple[np.ndarray, float, float, float]]],
    source_name: str,
    content_hash: str,
    kind: str,
    *,
    deadline: float | None = None,
    progress: Progress | None = None,
) -> Document:
    """OCR each page; `images[i]()` gives (RGB array, px per point, width pt, height pt)."""
    _require_engine(len(images))
    pages: list[Page] = []
    notes: list[str] = [OCR_NOTE]
    started = time.monotonic()
    skewed: list[str] = []
    for number, load in enumerate(images, start=1):
        if deadline is not None and time.monotonic() > deadline:
            raise ParseTimeout(f"OCR 识别超时：识别到第 {number - 1} 页时超过了时间上限，文件未加入。")
        try:
            image, scale, width, height = load()
            lines, chars, angle = _page_lines(image, number, scale)
        except (ParseTimeout, TooLarge):
            raise
        except Exception as exc:  # one unreadable page must not lose the others
            notes.append(f"第 {number} 页无法识别（{type(exc).__name__}），已跳过。")
            lines, chars, angle, width, height = [], 0, 0.0, None, None
        if abs(angle) >= MIN_SKEW:
            skewed.append(f"{number}（{angle:+.1f}°）")
        pages.append(Page(number, tuple(lines), width, height, chars))
        if progress is not None:
            elapsed = time.monotonic() - started
            progress(number, len(images), elapsed / number * (len(images) - number))
    if skewed:
        notes.append("以下页面扫描时有倾斜，已先校正再识别：" + "、".join(skewed[:10]) + ("…" if len(skewed) > 10 else "") + "。")
    document = Document(source_name, kind, content_hash, tuple(pages), tuple(notes), ocr=True)  # type: ignore[arg-type]
    if document.char_count == 0:
        raise NoTextLayer(f"共 {len(pages)} 页，没有文字层，OCR 识别也没有读出任何文字（可能是空白页或图片质量太差）。")
    return document


def read_scanned_pdf(
    data: bytes, source_name: str, content_hash: str, *, max_pages: int, deadline: float | None = None,
    progress: Progress | None = None,
) -> Document:
    """A PDF whose pages carry no text layer, rendered by pdfium and OCR'd page by page."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:
        raise CorruptFile("PDF 文件已损坏或不完整（可能未下载完整），无法打开。", detail=repr(exc)) from exc
    try:
        count = len(pdf)
        _require_engine(count)
        if count > max_pages:
            raise TooManyPages(f"PDF 共 {count} 页，超过单个文件 {max_pages} 页的上限。")

        def loader(index: int) -> Callable[[], tuple[np.ndarray, float, float, float]]:
            def load() -> tuple[np.ndarray, float, float, float]:
                page = pdf[index]
                width, height = page.get_size()
                # a page far larger than paper is rendered at a lower resolution, never beyond MAX_OCR_PIXELS
                scale = min(RENDER_DPI / 72, math.sqrt(MAX_OCR_PIXELS / max(width * height, 1.0)))
                bitmap = page.render(scale=scale)
                image = np.array(bitmap.to_pil().convert("RGB"))
                return image, scale, float(width), float(height)
            return load

        return read_images([loader(i) for i in range(count)], source_name, content_hash, "pdf",
                           deadline=deadline, progress=progress)
    finally:
        pdf.close()


def read_image(
    data: bytes, source_name: str, content_hash: str, *, deadline: float | None = None, progress: Progress | None = None
) -> Document:
    """A PNG/JPEG photo or scan of report pages (one page per frame). Its size and frame
    count are judged from the header before any pixel is decoded (`limits.check_image`);
    frames are decoded one at a time, each reduced to at most MAX_OCR_PIXELS."""
    from PIL import Image

    try:
        picture = _open_image(data)
        frames = int(getattr(picture, "n_frames", 1) or 1)
    except Image.DecompressionBombError as exc:  # beyond twice Pillow's own limit
        found = re.search(r"\((\d+) pixels\)", str(exc))
        check_image(None, None, None, pixels=int(found.group(1)) if found else 2**40)
        raise CorruptFile("图片文件无法打开。", detail=repr(exc)) from exc
    except Exception as exc:
        raise CorruptFile("图片文件已损坏或不完整，无法打开。", detail=repr(exc)) from exc
    check_image(picture.width, picture.height, picture.mode, frames)
    dpi = picture.info.get("dpi", (IMAGE_DPI, IMAGE_DPI))[0]
    scale = (float(dpi) if isinstance(dpi, int | float) and 30 <= dpi <= 2400 else IMAGE_DPI) / 72

    def loader(index: int) -> Callable[[], tuple[np.ndarray, float, float, float]]:
        def load() -> tuple[np.ndarray, float, float, float]:
            # opened afresh and closed once reduced, so the full-size frame is freed before OCR
            with _open_image(data) as frames_of:
                frames_of.seek(index)
                width, height = frames_of.size  # before `draft` shrinks a JPEG
                frame = _reduced(frames_of)
            return np.array(frame), scale * frame.width / width, width / scale, height / scale
        return load

    return read_images([loader(index) for index in range(frames)], source_name, content_hash, "image",
                       deadline=deadline, progress=progress)


def _open_image(data: bytes) -> Any:
    """Pillow's image, without its DecompressionBombWarning: `limits.check_image` judges
    the size, with its own message (Pillow still raises beyond twice its limit)."""
    import warnings

    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def _reduced(picture: Any) -> Any:
    """The current frame in RGB at most MAX_OCR_PIXELS: a JPEG decoded at 1/2–1/8 scale by
    the codec itself (`draft`), others reduced before the RGB copy is made."""
    factor = math.ceil(math.sqrt(picture.width * picture.height / MAX_OCR_PIXELS))
    if factor > 1 and picture.format in ("JPEG", "MPO"):
        picture.draft("RGB", (picture.width // factor, picture.height // factor))
    frame = picture
    factor = math.ceil(math.sqrt(frame.width * frame.height / MAX_OCR_PIXELS))
    if factor > 1:
        if frame.mode in ("1", "P", "I;16"):  # modes reduce does not take: to gray first, one byte a pixel
            frame = frame.convert("L")
        frame = frame.reduce(factor)
    return frame.convert("RGB")

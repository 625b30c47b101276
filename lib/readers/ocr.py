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
import os
import re
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from lib.document import Document, Line, Page
from lib.errors import CorruptFile, NoTextLayer, ParseTimeout, TooLarge, TooManyPages
from lib.limits import MAX_OCR_PIXELS, OCR_SECONDS_PER_PAGE, check_image, grant_scan_time, scan_allowance

if TYPE_CHECKING:  # numpy is imported in the functions that use it: a PDF with a text layer never loads it
    import numpy as np

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


DET_MAX_SIDE = 1280  # detection sees the page scaled to this long side (text stays ≥ 12 px high)


class Engine:
    """RapidOCR's PP-OCR models (detection, recognition) run the way a page needs them.

    Each onnxruntime session computes on the calling thread (`intra_op_num_threads=1`):
    onnxruntime's own pool spin-waits between the many small recognition batches, which
    cost ~40 % more CPU for the same result, and one thread per page lets pages run side
    by side (`PAGE_THREADS`). Detection runs on the page scaled to `DET_MAX_SIDE` (the
    engine's own size limit is ignored for limit_type "max" in rapidocr 1.4); recognition
    reads the crops from the full-resolution page.
    """

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self.ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
        # one crop per run: a batch is padded to its widest crop, and on one thread that
        # padding costs more than the per-run overhead saves (batch 6: +20 % CPU)
        self.ocr.text_rec.rec_batch_num = 1

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Text boxes (4 corner points, pixels of `image`), top to bottom."""
        import cv2
        import numpy as np

        factor = min(1.0, DET_MAX_SIDE / max(image.shape[:2]))
        small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else image
        boxes, _ = self.ocr.text_det(small)
        if boxes is None or len(boxes) == 0:
            return []
        return list(self.ocr.sorted_boxes(np.asarray(boxes, dtype=np.float32) / factor))

    def read(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognised text and confidence of each crop (RGB), batched."""
        if not crops:
            return []
        results, _ = self.ocr.text_rec(crops)
        return [(clean_text(str(text)), float(score)) for text, score in results]

    def crops(self, image: np.ndarray, boxes: list[np.ndarray]) -> list[np.ndarray]:
        return self.ocr.get_crop_img_list(image, [box.copy() for box in boxes])


_ENGINE: Engine | None = None


def _engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
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
    import numpy as np

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
    import numpy as np

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


MIN_SCORE = 0.5  # a detected box read with less confidence is dropped (RapidOCR's own default)


def _tokens(image: np.ndarray) -> list[Token]:
    import cv2

    engine = _engine()
    ink = _binary(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY))
    boxes = [_widen(box, ink) for box in engine.detect(image)]
    tokens = []
    for box, (text, score) in zip(boxes, engine.read(engine.crops(image, boxes))):
        if text and score >= MIN_SCORE:
            tokens.append(Token(text, float(box[:, 0].min()), float(box[:, 1].min()), float(box[:, 0].max()), float(box[:, 1].max()), score))
    return tokens


def _widen(box: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """A detected box whose end cuts through a character (a thin 一 at the start of
    '一、一般公共预算财政拨款' is easily left out) is stretched to the blank column beyond
    it, at most half its height; a ruling line (ink over the whole height) stops it."""
    import numpy as np

    x0, x1 = float(box[:, 0].min()), float(box[:, 0].max())
    y0, y1 = int(max(0, box[:, 1].min())), int(min(ink.shape[0], box[:, 1].max() + 1))
    if y1 - y0 < 4:
        return box
    band = ink[y0:y1] > 0
    reach = max(2, int((y1 - y0) / 2))

    def stretch(x: int, step: int) -> int:
        for _ in range(reach):
            nxt = x + step
            if not 0 <= nxt < band.shape[1]:
                break
            column = band[:, nxt]
            if not column.any() or column.mean() >= 0.9:
                break
            x = nxt
        return x

    left = stretch(int(x0), -1)
    right = stretch(int(min(x1, band.shape[1] - 1)), 1)
    if left >= x0 and right <= x1:
        return box
    widened = box.copy()
    widened[:, 0] = np.where(box[:, 0] <= (x0 + x1) / 2, np.minimum(box[:, 0], left - 1), np.maximum(box[:, 0], right + 1))
    return widened


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
        import numpy as np

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
        for text, score in _engine().read([crop]):
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
    tokens = []
    for text, score in _engine().read([crop]):
        if text and score >= MIN_SCORE:
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


Loader = Callable[[], "tuple[np.ndarray, float, float, float]"]  # → (RGB image, px per point, width pt, height pt)


def page_threads() -> int:
    """Pages OCR'd side by side: one per core (each engine call computes on its own thread),
    at most 4; `JUESUAN_OCR_THREADS` overrides."""
    chosen = os.environ.get("JUESUAN_OCR_THREADS")
    if chosen and chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def page_list(numbers: list[int] | tuple[int, ...]) -> str:
    """'5–16、18' (runs of consecutive pages joined)."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _timeout(done: int, total: int) -> ParseTimeout:
    return ParseTimeout(f"OCR 识别超时：识别完 {done}/{total} 页时超过了时间上限（单个文件的上限之外，扫描件每页另加 "
                        f"{OCR_SECONDS_PER_PAGE:g} 秒，本文件共加 {scan_allowance(total):g} 秒），文件未加入。")


def ocr_pages(
    loaders: dict[int, Loader], *, deadline: float | None = None, progress: Progress | None = None
) -> tuple[dict[int, Page], list[str]]:
    """OCR the pages given (page number → image loader), `page_threads()` at a time:
    pages rendered here in order (pdfium is not thread-safe), recognised in worker threads
    (onnxruntime computes outside the GIL). Returns the pages and the notes (skew undone,
    a page that failed). `deadline` is checked between pages; `progress(done, total,
    seconds_left)` is called in page order."""
    _engine()  # loaded once, before the threads share it
    total = len(loaders)
    pages: dict[int, Page] = {}
    notes: list[str] = []
    skewed: list[str] = []
    started = time.monotonic()
    threads = page_threads()
    pending: deque[tuple[int, Future[tuple[list[Line], int, float]] | None, float | None, float | None]] = deque()

    def collect() -> None:
        number, job, width, height = pending.popleft()
        try:
            if job is None:
                raise RuntimeError("page image not rendered")
            lines, chars, angle = job.result()
        except (ParseTimeout, TooLarge, MemoryError):
            raise
        except Exception as exc:  # one unreadable page must not lose the others
            notes.append(f"第 {number} 页无法识别（{type(exc).__name__}），已跳过。")
            lines, chars, angle, width, height = [], 0, 0.0, None, None
        if abs(angle) >= MIN_SKEW:
            skewed.append(f"{number}（{angle:+.1f}°）")
        pages[number] = Page(number, tuple(lines), width, height, chars)
        if progress is not None:
            elapsed = time.monotonic() - started
            progress(len(pages), total, elapsed / len(pages) * (total - len(pages)))

    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ocr-page")
    try:
        for number, load in loaders.items():
            if deadline is not None and time.monotonic() > deadline:
                raise _timeout(len(pages), total)
            try:
                image, scale, width, height = load()
                job: Future[tuple[list[Line], int, float]] | None = pool.submit(_page_lines, image, number, scale)
            except (ParseTimeout, TooLarge, MemoryError):
                raise
            except Exception:
                job, width, height = None, None, None
            pending.append((number, job, width, height))
            while len(pending) >= threads + (1 if threads > 1 else 0):
                collect()
        while pending:
            collect()
        if deadline is not None and time.monotonic() > deadline:
            raise _timeout(len(pages), total)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    if skewed:
        notes.append("以下页面扫描时有倾斜，已先校正再识别：" + "、".join(skewed[:10]) + ("…" if len(skewed) > 10 else "") + "。")
    return pages, notes


def read_images(
    images: list[Loader], source_name: str, content_hash: str, kind: str, *,
    deadline: float | None = None, progress: Progress | None = None,
) -> Document:
    """A document all of whose pages are images: every page OCR'd."""
    _require_engine(len(images))
    numbers = list(range(1, len(images) + 1))
    deadline = grant_scan_time(deadline, len(numbers))
    pages, notes = ocr_pages(dict(zip(numbers, images)), deadline=deadline, progress=progress)
    document = Document(source_name, kind, content_hash, tuple(pages[n] for n in numbers),  # type: ignore[arg-type]
                        (OCR_NOTE, *notes), ocr_pages=tuple(numbers))
    if document.char_count == 0:
        raise NoTextLayer(f"共 {len(pages)} 页，没有文字层，OCR 识别也没有读出任何文字（可能是空白页或图片质量太差）。")
    return document


def _pdf_loader(pdf: Any, index: int) -> Loader:
    """Page `index` of an open pdfium document rendered at RENDER_DPI, or lower for a page
    far larger than paper: never beyond MAX_OCR_PIXELS."""

    def load() -> tuple[np.ndarray, float, float, float]:
        import numpy as np

        page = pdf[index]
        width, height = page.get_size()
        scale = min(RENDER_DPI / 72, math.sqrt(MAX_OCR_PIXELS / max(width * height, 1.0)))
        image = np.array(page.render(scale=scale).to_pil().convert("RGB"))
        return image, scale, float(width), float(height)

    return load


def _open_pdf(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except Exception as exc:
        raise CorruptFile("PDF 文件已损坏或不完整（可能未下载完整），无法打开。", detail=repr(exc)) from exc


def read_scanned_pdf(
    data: bytes, source_name: str, content_hash: str, *, max_pages: int, deadline: float | None = None,
    progress: Progress | None = None,
) -> Document:
    """A PDF whose pages carry no text layer, rendered by pdfium and OCR'd page by page."""
    pdf = _open_pdf(data)
    try:
        count = len(pdf)
        _require_engine(count)
        if count > max_pages:
            raise TooManyPages(f"PDF 共 {count} 页，超过单个文件 {max_pages} 页的上限。")
        return read_images([_pdf_loader(pdf, i) for i in range(count)], source_name, content_hash, "pdf",
                           deadline=deadline, progress=progress)
    finally:
        pdf.close()


SCAN_COVERAGE = 0.5  # …when images cover at least this share of it


def _image_coverage(page: Any) -> float:
    """Share of the page covered by image objects (their boxes, summed, at most 1)."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    covered = 0.0
    try:
        for item in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            left, bottom, right, top = item.get_bounds()
            covered += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
    except Exception:  # a damaged page: judged by what was measured
        pass
    return min(1.0, covered / max(width * height, 1.0))


def complete_scanned_pages(
    document: Document, data: bytes, *, deadline: float | None = None, progress: Progress | None = None
) -> Document:
    """A PDF with a text layer on some pages and only page images on others (tables
    scanned and narrative typed, a stamped signature page): the image pages — under
    SPARSE_CHARS characters of text layer and mostly covered by images — are OCR'd; the
    OCR replaces a page's text layer when it had none or OCR read far more (a stamped page
    number on a scan), the other pages are kept as read. The Document's `ocr_pages` and
    notes say which pages were OCR'd."""
    from lib.readers import SPARSE_CHARS

    candidates = [page.number for page in document.pages if page.char_count < SPARSE_CHARS]
    if not candidates:
        return document
    pdf = _open_pdf(data)
    try:
        scanned = [n for n in candidates if _image_coverage(pdf[n - 1]) >= SCAN_COVERAGE]
        if not scanned:
            return document
        if not available():
            return replace(document, notes=(*document.notes, f"第 {page_list(scanned)} 页是扫描页（没有文字层），"
                                            "本机未安装 OCR 组件，这些页面未能识别。"))
        deadline = grant_scan_time(deadline, len(scanned))
        pages, notes = ocr_pages({n: _pdf_loader(pdf, n - 1) for n in scanned}, deadline=deadline, progress=progress)
    finally:
        pdf.close()
    # a page with some text layer (a typed cover over a picture) keeps it unless the image held much more
    scanned = [n for n in scanned if pages[n].char_count > 2 * document.pages[n - 1].char_count + 20
               or document.pages[n - 1].char_count == 0]
    if not scanned:
        return document
    note = (f"第 {page_list(scanned)} 页没有文字层（扫描页），经 OCR 文字识别读取，其余页面按文字层读取；"
            "识别出的金额已用表内、表间勾稽关系逐一核对。")
    kept = tuple(n for n in document.notes if "没有文字层（可能是扫描页）" not in n)  # the PDF reader's guess, now settled
    return replace(document, pages=tuple(pages[p.number] if p.number in scanned else p for p in document.pages),
                   notes=(*kept, note, *notes), ocr_pages=tuple(scanned))


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
            import numpy as np

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

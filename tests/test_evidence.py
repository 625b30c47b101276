"""Evidence boxes: drawn by a pure function and visible in the rendered page (pixels
compared with and without the box)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from lib import evidence


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.int16)


def test_draw_boxes_frames_the_box_in_page_coordinates() -> None:
    page = Image.new("RGB", (200, 300), "white")  # a 100 × 150 pt page at 2 px/pt
    boxed = evidence.draw_boxes(page, [(20.0, 30.0, 60.0, 40.0)], 100.0, 150.0)
    before, after = _pixels(page), _pixels(boxed)
    assert (before == 255).all(), "the input image is not modified"
    left, top, right, bottom = (20 - 3) * 2, (30 - 3) * 2, (60 + 3) * 2, (40 + 3) * 2
    red = np.array(evidence.HIGHLIGHT_STROKE[:3])
    for x, y in ((left, 70), (right - 1, 70), (80, top), (80, bottom - 1)):  # the frame's four sides
        assert (after[y, x] == red).all(), (x, y, after[y, x])
    inside = after[top + 5:bottom - 5, left + 5:right - 5]
    assert (inside[..., 2] < 255).all() and (inside[..., 0] == 255).all(), "translucent yellow fill"
    changed = np.argwhere((after != before).any(axis=2))
    assert changed[:, 1].min() == left and changed[:, 1].max() == right
    assert changed[:, 0].min() == top and changed[:, 0].max() == bottom


def test_rendered_pdf_page_shows_the_box_around_the_cited_line() -> None:
    import synthetic

    from lib.pipeline import parse_bytes

    data = synthetic.pdf_bytes()
    report = parse_bytes(data, "synthetic.pdf")
    cited = next(line for line in report.all_lines if line.bbox and "合计" in line.text)
    plain = Image.open(io.BytesIO(evidence.render_pdf_page(data, cited.page, [], resolution=72)))
    boxed = Image.open(io.BytesIO(evidence.render_pdf_page(data, cited.page, [cited.bbox], resolution=72)))
    diff = (_pixels(plain) != _pixels(boxed)).any(axis=2)
    assert diff.sum() > 200, "the box is visible"
    rows, cols = np.nonzero(diff)
    x0, top, x1, bottom = cited.bbox
    scale = boxed.width / _page_width(data, cited.page)
    assert rows.min() >= (top - 4) * scale and rows.max() <= (bottom + 4) * scale, "only the cited line is marked"
    assert cols.min() >= (x0 - 4) * scale and cols.max() <= (x1 + 4) * scale
    red = (_pixels(boxed) == np.array(evidence.HIGHLIGHT_STROKE[:3])).all(axis=2)
    assert red.sum() > 50, "a red frame is drawn"


def _page_width(data: bytes, page: int) -> float:
    return evidence.page_image(data, page, resolution=72)[1]


def test_crop_keeps_the_band_around_the_box() -> None:
    page = Image.new("RGB", (200, 300), "white")
    band = evidence.crop_around(page, [(20.0, 60.0, 60.0, 70.0)], 100.0, 150.0, context=10.0)
    assert band.width == 200 and band.height == pytest.approx((80 - 50) * 2, abs=2)

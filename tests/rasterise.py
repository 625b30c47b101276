"""Make scanned copies of PDFs for the OCR tests: every page rendered by pdfium into an
image-only PDF (no text layer), optionally rotated a little as a scanner would."""

from __future__ import annotations

import io


def rasterise_pdf(data: bytes, *, dpi: int = 150, rotate: float = 0.0, pages: list[int] | None = None) -> bytes:
    """Image-only PDF of `data` at `dpi`; `rotate` degrees counter-clockwise; `pages` 0-based subset."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(data)
    images = []
    try:
        for index in pages if pages is not None else range(len(pdf)):
            image = pdf[index].render(scale=dpi / 72).to_pil().convert("L")
            if rotate:
                image = image.rotate(rotate, resample=Image.BILINEAR, expand=False, fillcolor=255)
            images.append(image)
    finally:
        pdf.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return buffer.getvalue()


def partly_scanned_pdf(data: bytes, scanned: list[int], *, dpi: int = 150) -> bytes:
    """`data` with the pages `scanned` (0-based) replaced by their image only (no text
    layer), the other pages kept as they were: a partly scanned report."""
    import pypdfium2 as pdfium

    images = pdfium.PdfDocument(rasterise_pdf(data, dpi=dpi, pages=sorted(scanned)))
    source = pdfium.PdfDocument(data)
    mixed = pdfium.PdfDocument.new()
    try:
        order = sorted(scanned)
        for index in range(len(source)):
            if index in scanned:
                mixed.import_pages(images, [order.index(index)])
            else:
                mixed.import_pages(source, [index])
        buffer = io.BytesIO()
        mixed.save(buffer)
        return buffer.getvalue()
    finally:
        for pdf in (mixed, source, images):
            pdf.close()

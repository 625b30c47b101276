"""Which OCR engine reads the amounts of a rasterised report best, and how fast?

Renders pages of a text-layer PDF at 150 dpi, OCRs them with RapidOCR (PP-OCRv4) and with
Tesseract (chi_sim+eng, if installed), and counts how many of the page's printed amounts
(from the text layer) each engine reads exactly. Usage:
    python3 scripts/compare_ocr_engines.py FILE.pdf [PAGE …]   (1-based pages)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AMOUNT = re.compile(r"\d[\d,]*\.\d{2}")


def amounts(text: str) -> Counter:
    return Counter(m.replace(",", "") for m in AMOUNT.findall(text))


def rapid(image: np.ndarray) -> str:
    from lib.readers.ocr import _tokens

    return "\n".join(token.text for token in _tokens(image))


def tesseract(image: np.ndarray, psm: str = "6") -> str:
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        Image.fromarray(image).save(path, dpi=(150, 150))
        out = subprocess.run(["tesseract", str(path), "stdout", "-l", "chi_sim+eng", "--psm", psm],
                             capture_output=True, text=True, check=True)
    return out.stdout


def main() -> None:
    path = Path(sys.argv[1])
    pages = [int(p) for p in sys.argv[2:]] or [5, 6, 7]
    engines = {"RapidOCR (PP-OCRv4)": rapid}
    if shutil.which("tesseract"):
        engines["Tesseract 5 chi_sim (psm 6, a block)"] = tesseract
        engines["Tesseract 5 chi_sim (psm 11, sparse text)"] = lambda image: tesseract(image, "11")
    pdf = pdfium.PdfDocument(path.read_bytes())
    with pdfplumber.open(path) as plumber:
        truth = {p: amounts(plumber.pages[p - 1].extract_text() or "") for p in pages}
    images = {p: np.array(pdf[p - 1].render(scale=150 / 72).to_pil().convert("RGB")) for p in pages}
    for name, engine in engines.items():
        found = total = 0
        started, cpu = time.monotonic(), time.process_time()
        for p in pages:
            read = amounts(engine(images[p]))
            found += sum((truth[p] & read).values())
            total += sum(truth[p].values())
        wall, cpu = (time.monotonic() - started) / len(pages), (time.process_time() - cpu) / len(pages)
        print(f"{name}: {found}/{total} amounts read exactly ({found / max(total, 1):.1%}); "
              f"{wall:.2f} s/page wall, {cpu:.2f} s/page CPU (this process)")


if __name__ == "__main__":
    main()

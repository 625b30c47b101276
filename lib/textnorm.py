"""Text and number normalisation shared by every stage (full-width forms, amounts, codes)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s\u3000]+")
# a printed number: thousands separators or none, optional decimals (the one number pattern)
NUMBER = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"
AMOUNT_RE = re.compile(rf"^(?:{NUMBER})$")
_DASHES = {"—", "–", "-", "－", "/", "／", "…"}


def nfkc(text: str) -> str:
    """Full-width digits/letters/punctuation to their ASCII forms (（→(, ０→0, ，→,)."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=16384)
def squash(text: str) -> str:
    """NFKC and drop all whitespace: the form titles and labels are matched in. Cached:
    every stage squashes the same lines again (a third of recognising the tables)."""
    return _SPACES.sub("", nfkc(text))


def parse_amount(cell: str) -> float | None:
    """A printed amount ('12,341.98', '0.00', '-3.5') as float; None if not an amount."""
    text = squash(cell).replace("−", "-")
    if not text or not AMOUNT_RE.match(text):
        return None
    return float(text.replace(",", ""))


def is_blank(cell: str | None) -> bool:
    """An empty cell, or one holding only a dash placeholder: 'no amount'."""
    if cell is None:
        return True
    text = squash(cell)
    return text == "" or text in _DASHES


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def code_level(code: str) -> str:
    return {3: "类", 5: "款", 7: "项"}.get(len(code), "?")

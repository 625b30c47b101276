"""表6 一般公共预算财政拨款基本支出决算(明细)表: economic classification.

Read as a token stream (code → name → optional amount), which works the same for
tab-separated rows, PDF cells and flattened text where names break over lines.
301/303 are 人员经费; 302/307/310/399 (and anything else) 公用经费.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.document import Line
from lib.tables.cells import PLACEHOLDER
from lib.textnorm import has_cjk, is_blank, nfkc, parse_amount, squash

PERSONNEL_CLASSES = {"301", "303"}
_CODE = re.compile(r"^3\d{2}(?:\d{2})?$|^39\d$")
_TWO = re.compile(r"^\d{2}$")
_DECIMAL = re.compile(r"[.,]")


@dataclass(frozen=True)
class EconomicItem:
    code: str
    name: str
    amount: float | None
    status: str  # 'value' | 'empty' | 'unreadable'
    page: int
    line: int

    @property
    def level(self) -> str:
        return "类" if len(self.code) == 3 else "款"

    @property
    def group(self) -> str:
        return "人员经费" if self.code[:3] in PERSONNEL_CLASSES else "公用经费"


@dataclass(frozen=True)
class PrintedTotal:
    label: str  # '人员经费合计' / '公用经费合计'
    amount: float | None
    status: str
    page: int
    line: int


Token = tuple[str, Line, bool]  # text, origin line, was an explicit (possibly blank) cell


def _tokens(body: tuple[Line, ...]) -> list[Token]:
    tokens: list[Token] = []
    for line in body:
        text = squash(line.text)
        if text.startswith("注") or "=" in text:
            continue
        if line.positional:
            for cell in line.cells:
                tokens.append((nfkc(cell).strip(), line, True))
        else:
            for token in nfkc(line.text).split():
                tokens.append((token, line, False))
    return tokens


_GROUP_COLUMNS = ("人员经费", "公用经费")


def _group_columns(body: tuple[Line, ...]) -> dict[str, int] | None:
    """A layout with one row per code and 合计 | 人员经费 | 公用经费 columns: the header's
    cell index (positional) or order (flattened) of each."""
    for line in body[:8]:
        cells = [squash(cell) for cell in (line.cells if line.positional else nfkc(line.text).split())]
        if all(word in cells for word in _GROUP_COLUMNS) and "合计" in cells:
            return {word: cells.index(word) for word in ("合计", *_GROUP_COLUMNS)}
    return None


def _group_totals(line: Line, columns: dict[str, int]) -> list[PrintedTotal]:
    """The 合计 row of that layout as the printed 人员经费合计 / 公用经费合计."""
    if line.positional:
        offset = len(line.cells) - (max(columns.values()) + 1)
        cells = {word: line.cells[index + offset] if 0 <= index + offset < len(line.cells) else "" for word, index in columns.items()}
        placed = {word: (parse_amount(text), "value") if parse_amount(text) is not None else
                  ((None, "empty") if is_blank(text) else (None, "unreadable")) for word, text in cells.items()}
    else:
        amounts = [a for token in nfkc(line.text).split() if (a := parse_amount(token)) is not None]
        if len(amounts) == 3:
            placed = {word: (amount, "value") for word, amount in zip(("合计", *_GROUP_COLUMNS), amounts)}
        else:  # an empty column left no trace: which group holds the amount is not known
            placed = {word: (None, "unreadable") for word in _GROUP_COLUMNS}
    return [PrintedTotal(f"{word}合计", *placed[word], line.page, line.line_no) for word in _GROUP_COLUMNS]


def parse_economic(body: tuple[Line, ...]) -> tuple[list[EconomicItem], list[PrintedTotal]]:
    items: list[EconomicItem] = []
    totals: list[PrintedTotal] = []
    columns = _group_columns(body)
    if columns is not None:
        for line in body:
            first = next((squash(cell) for cell in (line.cells if line.positional else line.text.split()) if cell.strip()), "")
            if first == "合计":
                totals += _group_totals(line, columns)
                body = tuple(other for other in body if other is not line)
                break
    tokens = _tokens(body)
    index = 0
    while index < len(tokens):
        text, line, _ = tokens[index]
        plain = text.replace(" ", "")
        if _CODE.match(plain):
            code = plain
            index += 1
            if len(code) == 3 and index < len(tokens) and _TWO.match(tokens[index][0].replace(" ", "")):
                code += tokens[index][0].replace(" ", "")
                index += 1
            while index + 1 < len(tokens) and is_blank(tokens[index][0]) and has_cjk(tokens[index + 1][0]):
                index += 1
            name_parts: list[str] = []
            while (
                index < len(tokens)
                and tokens[index][0]
                and "合计" not in tokens[index][0]
                and (has_cjk(tokens[index][0]) or PLACEHOLDER.match(tokens[index][0]))
            ):
                name_parts.append(tokens[index][0].replace(" ", ""))
                index += 1
            # Split codes printed in a column after the name ('302' … '01' 办公费) end up here.
            if len(code) == 3 and index < len(tokens) and _TWO.match(tokens[index][0].replace(" ", "")) and not name_parts:
                code += tokens[index][0]
                index += 1
            amount, status, index = _take_amount(tokens, index)
            items.append(EconomicItem(code, "".join(name_parts), amount, status, line.page, line.line_no))
            continue
        if "经费合计" in plain or plain in ("合计",):
            next_index = index + 1
            while next_index < len(tokens) and tokens[next_index][2] and is_blank(tokens[next_index][0]):
                next_index += 1
            amount, status, next_index = _take_amount(tokens, next_index)
            totals.append(PrintedTotal(plain, amount, status, line.page, line.line_no))
            index = next_index
            continue
        index += 1
    return items, totals


def _take_amount(tokens: list[Token], index: int) -> tuple[float | None, str, int]:
    """The amount cell after a name: skip blank cells of the same row, stop at a code."""
    while index < len(tokens):
        text, _, explicit = tokens[index]
        if explicit and is_blank(text):
            # positional: the first blank cell after the name is this item's amount
            return None, "empty", index + 1
        plain = text.replace(" ", "")
        if _CODE.match(plain) and not _DECIMAL.search(plain):
            return None, "empty", index
        amount = parse_amount(plain)
        if amount is not None and (_DECIMAL.search(plain) or plain == "0"):
            return amount, "value", index + 1
        if has_cjk(text):
            return None, "empty", index
        return None, "unreadable", index + 1
    return None, "empty", index

"""Reading one table line: where the code, the label and the amounts are.

Shared by every table parser so that a layout quirk (split codes, thousands
separators, placeholder dashes, shifted cells) is handled in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.document import Line
from lib.textnorm import has_cjk, is_blank, nfkc, parse_amount, squash

_DIGITS = re.compile(r"^\d+$")
_LEADING_CODE = re.compile(r"^(\d{3})(?:\s?(\d{2}))?(?:\s?(\d{2}))?(?=\D|$)")
_HEADER_CELLS = {"类", "款", "项", "栏次"}
PLACEHOLDER = re.compile(r"^(?:X{2,}|x{2,}|\*{2,}|…+|\.{2,})$")


@dataclass(frozen=True)
class Cell:
    """A value cell: `amount` when it holds a number, `readable` False when it holds
    something that is neither a number nor blank (a placeholder, garbled text)."""

    index: int
    text: str
    amount: float | None
    readable: bool

    @property
    def blank(self) -> bool:
        return self.amount is None and self.readable


def read_cell(index: int, text: str) -> Cell:
    if is_blank(text):
        return Cell(index, text, None, True)
    amount = parse_amount(text)
    return Cell(index, text, amount, amount is not None)


def column_numbers(line: Line) -> dict[int, int] | None:
    """A '栏次 | 1 | 2 | 3 …' header: cell index → printed column number."""
    if not line.positional:
        return None
    mapping: dict[int, int] = {}
    for index, cell in enumerate(line.cells):
        text = squash(cell)
        if _DIGITS.match(text) and len(text) <= 2:
            mapping[index] = int(text)
    numbers = list(mapping.values())
    if len(numbers) >= 2 and numbers == list(range(1, len(numbers) + 1)):
        return mapping
    return None


@dataclass(frozen=True)
class SubjectCells:
    """A functional-classification row split into code, name and value cells."""

    code: str | None
    name: str
    is_total: bool
    values: tuple[Cell, ...]
    name_index: int


def split_subject_row(line: Line) -> SubjectCells | None:
    """Code + name + values of a 表2/3/5/7/8 row, or None for header/note lines."""
    if line.positional:
        return _split_positional(line)
    return _split_dense(line)


def _split_positional(line: Line) -> SubjectCells | None:
    cells = [nfkc(cell).strip() for cell in line.cells]
    code_parts: list[str] = []
    name = ""
    name_index = -1
    for index, cell in enumerate(cells):
        text = cell.replace(" ", "")
        if text in _HEADER_CELLS and not code_parts:
            continue
        if not name and _DIGITS.match(text) and len(text) in (2, 3, 5, 7) and len(code_parts) < 3:
            if len(text) == 2 and not code_parts:
                return None
            code_parts.append(text)
            continue
        if has_cjk(cell) or PLACEHOLDER.match(text):
            match = _LEADING_CODE.match(cell)
            if match and not code_parts:
                code_parts.append("".join(part for part in match.groups() if part))
                cell = cell[match.end() :].strip()
            name = cell
            name_index = index
            break
        if text and parse_amount(text) is not None:
            break
    code = "".join(code_parts) or None
    if code is not None and len(code) not in (3, 5, 7):
        return None
    squashed = squash(name)
    is_total = code is None and squashed in ("合计", "总计")
    if code is None and not is_total:
        return None
    if is_total and any(has_cjk(cell) for cell in cells[name_index + 1 :]):
        return None  # a header row ('合计 | 合计 | 基本支出 | 项目支出'), not the 合计 row
    if name_index < 0:
        name_index = len(code_parts) - 1
    values = tuple(read_cell(index, cells[index]) for index in range(name_index + 1, len(cells)))
    return SubjectCells(code, squashed if is_total else name.replace(" ", ""), is_total, values, name_index)


def _split_dense(line: Line) -> SubjectCells | None:
    text = nfkc(line.text).strip()
    match = _LEADING_CODE.match(text)
    code = None
    rest = text
    if match:
        code = "".join(part for part in match.groups() if part)
        rest = text[match.end() :].strip()
    tokens = rest.split()
    name_tokens: list[str] = []
    values: list[Cell] = []
    for token in tokens:
        amount = parse_amount(token)
        if amount is not None and (values or name_tokens or code):
            values.append(Cell(len(values), token, amount, True))
        elif not values:
            name_tokens.append(token)
        else:
            values.append(Cell(len(values), token, None, False))
    name = "".join(name_tokens)
    is_total = code is None and name in ("合计", "总计")
    if code is None and not is_total:
        return None
    if code is not None and name and not has_cjk(name):
        return None
    return SubjectCells(code, name, is_total, tuple(values), 0)


def label_and_amounts(line: Line) -> list[tuple[int, str, list[Cell]]]:
    """Split a ledger row (表1/表4, 表6) into (label index, label, following cells) groups."""
    groups: list[tuple[int, str, list[Cell]]] = []
    cells = line.cells if line.positional else tuple(line.text.split())
    for index, raw in enumerate(cells):
        text = nfkc(raw).strip()
        if has_cjk(text):
            if not line.positional and groups and groups[-1][1] and not groups[-1][2]:
                # flattened text splits one label at spaces ('一、 一般公共服务支出')
                groups[-1] = (groups[-1][0], groups[-1][1] + text, [])
                continue
            groups.append((index, text.replace(" ", ""), []))
        elif groups:
            groups[-1][2].append(read_cell(index, text))
        else:
            groups.append((index, "", [read_cell(index, text)]))
    return groups

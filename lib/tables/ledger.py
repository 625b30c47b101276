"""表1 收入支出决算总表 and 表4 财政拨款收入支出决算总表: two-sided line items.

Every printed item becomes a `LedgerItem`: side (收入/支出), printed line number
(行次, when the template has one), label, and its amounts. Income is the left column;
in flattened text a row that starts with a bare line number has an empty income side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.document import Line
from lib.tables.cells import Cell, label_and_amounts
from lib.tables.classes import class_code_for, strip_numbering
from lib.tables.columns import ledger_anchors, ledger_cells_by_x
from lib.textnorm import has_cjk, squash

T4_EXPENSE_MEASURES = ("total", "gpb", "gov_fund", "soe_capital")
_HEADER_WORDS = {"收入", "支出", "项目", "行次", "决算数", "金额", "栏次", "合计", "小计", "决算"}
_LINE_NO = re.compile(r"^\d{1,3}$")
# words that only a header row prints: a flattened line of labels holding one is the header
_HEADER_ONLY = {"项目", "行次", "决算数", "金额", "栏次"}
# '部门：X', '单位：万元' above a table (reprinted on continuation pages): never a label
_META_LINE = re.compile(r"(?:部门|单位)[:：]")

ITEM_KEYS = {
    "本年收入合计": "income_total",
    "本年支出合计": "expense_total",
    "总计": "grand_total",
    "年初结转和结余": "carryover_begin",
    "年初财政拨款结转和结余": "carryover_begin",
    "年末结转和结余": "carryover_end",
    "年末财政拨款结转和结余": "carryover_end",
    "收入总计": "grand_total",
    "支出总计": "grand_total",
    "收入合计": "income_total",
    "支出合计": "expense_total",
    "年初结转与结余": "carryover_begin",
    "年末结转与结余": "carryover_end",
    "结余分配": "surplus_distribution",
    "使用非财政拨款结余": "non_fiscal_balance_used",
    "使用非财政拨款结余(含专用结余)": "non_fiscal_balance_used",
    # the same line before 2019 (总计 = 本年收入合计 + 用事业基金弥补收支差额 + 年初结转和结余)
    "用事业基金弥补收支差额": "non_fiscal_balance_used",
    # older sets print one 财政拨款 line, not split by budget (表1, 2015–2017)
    "财政拨款收入": "fiscal_income",
    "财政拨款": "fiscal_income",
    "一般公共预算财政拨款收入": "gpb_income",
    "一般公共预算财政拨款": "gpb_income",
    "公共财政预算财政拨款收入": "gpb_income",
    "公共财政预算财政拨款": "gpb_income",
    "政府性基金预算财政拨款收入": "gov_fund_income",
    "政府性基金预算财政拨款": "gov_fund_income",
    "国有资本经营预算财政拨款收入": "soe_capital_income",
    "国有资本经营预算财政拨款": "soe_capital_income",
    "上级补助收入": "superior_subsidy_income",
    "事业收入": "business_income",
    "经营收入": "operating_income",
    "事业单位经营收入": "operating_income",
    "附属单位上缴收入": "affiliated_income",
    "其他收入": "other_income",
}


_KNOWN_KEYS = set(ITEM_KEYS.values())
KNOWN_ITEMS = frozenset(_KNOWN_KEYS)


@dataclass(frozen=True)
class LedgerItem:
    side: str  # '收入' or '支出'
    line_number: int | None
    label: str
    item: str  # a stable key (ITEM_KEYS) or 'class:201' for an expense class
    amounts: tuple[tuple[str, float | None, str], ...]  # (measure, amount, status)
    page: int
    line: int
    # False for a 表4 expense line of flattened text: its amounts stand left to right, the
    # empty columns between them lost (placed later by the other tables, lib.tables)
    placed: bool = True


def item_key(label: str, side: str) -> str:
    plain = squash(strip_numbering(label))
    if plain in ITEM_KEYS:
        return ITEM_KEYS[plain]
    code = class_code_for(plain)
    if code:
        return f"class:{code}"
    return plain


def _amounts(table_id: str, side: str, cells: list[Cell], placed: dict[int, object] | None = None
             ) -> tuple[tuple[str, float | None, str], ...]:
    """The item's amounts in measure order; `placed` (column → cell, from the header's
    x-positions) overrides left-to-right order when a PDF lost the empty cells."""
    measures = T4_EXPENSE_MEASURES if (table_id == "t4" and side == "支出") else ("amount",)
    # a bare integer here is the other side's 行次 (its label left empty), not an amount
    values = [cell for cell in cells if not _LINE_NO.match(squash(cell.text))]
    result = []
    for position, measure in enumerate(measures):
        cell = values[position] if position < len(values) else None
        if placed is not None:
            cell = placed.get(position)  # type: ignore[assignment]
        if cell is None or cell.blank:
            result.append((measure, None, "empty"))
        elif cell.amount is None:
            result.append((measure, None, "unreadable"))
        else:
            result.append((measure, cell.amount, "value"))
    return tuple(result)


INCOME_KEYS = {
    "fiscal_income", "gpb_income", "gov_fund_income", "soe_capital_income", "superior_subsidy_income", "business_income",
    "operating_income", "affiliated_income", "other_income", "income_total", "carryover_begin", "non_fiscal_balance_used",
}


def _is_known(label: str) -> bool:
    key = item_key(label, "")
    return key in _KNOWN_KEYS or key.startswith("class:")


MAX_LABEL = 40  # the longest single 表1/表4 label ('二十六、抗疫特别国债安排的支出' …), in characters


def split_glued(label: str) -> list[str]:
    """A label that is several known labels run together ('五、事业收入本年收入合计',
    as text exports glue a label line without amounts to the next one) → its parts;
    [label] when it is one label or does not split into known ones."""
    plain = label.replace(" ", "")
    if _is_known(plain) or len(plain) > 400:
        return [label]
    # parts[i]: a split of plain[:i] into known labels (fewest parts), or None
    parts: list[list[str] | None] = [None] * (len(plain) + 1)
    parts[0] = []
    for end in range(1, len(plain) + 1):
        for start in range(end - 1, max(end - MAX_LABEL, 0) - 1, -1):
            head = parts[start]
            if head is not None and end - start >= 2 and _is_known(plain[start:end]):
                if parts[end] is None or len(head) + 1 < len(parts[end]):  # type: ignore[arg-type]
                    parts[end] = [*head, plain[start:end]]
    found = parts[len(plain)]
    return found if found and len(found) > 1 else [label]


def _complete_labels(tokens: list[str]) -> bool:
    """Every token is a known label (or known labels run together): a row of labels
    whose amounts are empty, not a fragment of a label broken over lines."""
    return all(_is_known(token) or len(split_glued(token)) > 1 for token in tokens)


def _join_broken_labels(body: tuple[Line, ...]) -> list[Line]:
    """Flattened text breaks long labels over lines, the 行次 and amounts following:
    '三、 国有资本' / '经营预算财政' / '拨款' / '3 三、 国防支出 35' → one line. A line of
    header words is dropped; a line of complete labels (amounts empty) stays a line."""
    joined: list[Line] = []
    pending: list[Line] = []
    for line in body:
        tokens = line.text.split()
        if "栏次" in squash(line.text) or (not line.positional and _META_LINE.search(squash(line.text))):
            pending = []
            continue
        if line.positional or not tokens:
            joined.extend(pending)
            pending = []
            joined.append(line)
            continue
        if all(has_cjk(token) for token in tokens) and squash(line.text) not in _HEADER_WORDS:
            if all(squash(token) in _HEADER_WORDS for token in tokens) or _HEADER_ONLY & {squash(t) for t in tokens}:
                pending = []
                continue
            if not pending and _complete_labels(tokens):
                joined.append(line)
                continue
            pending.append(line)
            continue
        if pending:
            head = pending[0]
            text = "".join(p.text.replace(" ", "") for p in pending) + " " + line.text
            if tokens[0][0].isdigit() and not _LINE_NO.match(tokens[0]):
                text = line.text
                joined.extend(pending)
            line = Line(head.page, head.line_no, text, tuple(text.split()), False)
            pending = []
        joined.append(line)
    return joined + pending


_CARRYOVER_PARTS = {"gpb_income": "carryover_begin_gpb", "gov_fund_income": "carryover_begin_gov_fund",
                    "soe_capital_income": "carryover_begin_soe_capital"}


def _split_glued_groups(groups: list[tuple[int, str, list[Cell]]]) -> list[tuple[int, str, list[Cell]]]:
    """Labels run together (by the export, or by joining split tokens) become separate
    items; all but the last have no amounts."""
    result: list[tuple[int, str, list[Cell]]] = []
    for index, label, cells in groups:
        parts = split_glued(label) if label else [label]
        result += [(index, part, []) for part in parts[:-1]]
        result.append((index, parts[-1], cells))
    return result


def parse_ledger(table_id: str, body: tuple[Line, ...]) -> list[LedgerItem]:
    """Items in printed order; in 表4 the fund lines under 年初结转和结余 are its parts."""
    items: list[LedgerItem] = []
    after_carryover = False
    anchors = ledger_anchors(body) if table_id == "t4" and any(line.cell_x for line in body[:12]) else None
    for line in _join_broken_labels(body):
        text = squash(line.text)
        if not text or "=" in text or text.startswith(("注", "部门:", "单位:", "金额单位")):
            continue
        groups = label_and_amounts(line)
        if not line.positional:
            groups = _split_glued_groups(groups)
        for position, (index, label, cells) in enumerate(groups):
            if not label or squash(label) in _HEADER_WORDS or _META_LINE.search(squash(label)):
                continue
            if line.positional:
                side = "收入" if index == 0 else "支出"
            else:
                first_labelled = next((i for i, g in enumerate(groups) if g[1]), None)
                side = "收入" if position == first_labelled and groups[0][1] else "支出"
                key = item_key(label, side)
                later = [item_key(g[1], side) for g in groups[position + 1 :] if g[1]]
                if key == "grand_total" and ("支出" in label or "收入" in label):
                    side = "支出" if "支出" in label else "收入"  # 收入总计 / 支出总计
                elif key == "grand_total" and "grand_total" in later:
                    side = "收入"  # '总计 … 总计': the first is the income side's
                elif key.startswith("class:") or key in ("expense_total", "carryover_end", "surplus_distribution"):
                    side = "支出"
                elif key in INCOME_KEYS:
                    side = "收入"
            line_number = None
            if cells and cells[0].amount is not None and _LINE_NO.match(squash(cells[0].text)):
                line_number = int(squash(cells[0].text))
                cells = cells[1:]
            if table_id == "t4" and side == "收入" and line.positional:
                cells = cells[:1]
            key = item_key(label, side)
            if side == "收入" and key == "carryover_begin":
                after_carryover = True
            elif side == "收入" and after_carryover and key in _CARRYOVER_PARTS:
                key = _CARRYOVER_PARTS[key]
            placed = None
            if anchors and side == "支出":
                values = [c for c in cells if not _LINE_NO.match(squash(c.text))]
                placed = ledger_cells_by_x(line, values, anchors)
                if placed is None and line.cell_x and 1 < len(values) < len(T4_EXPENSE_MEASURES):
                    # the columns are known but this row's amounts stand between them: say so
                    placed = {0: values[0], **{i: Cell(-1, "?", None, False) for i in range(1, len(T4_EXPENSE_MEASURES))}}
            amounts = _amounts(table_id, side, cells, placed)
            if side == "支出" and key in INCOME_KEYS and not any(amount is not None for _, amount, _ in amounts):
                continue  # 表4's expense header names the funds ('一般公共预算财政拨款'): not a line
            known = key in _KNOWN_KEYS or key.startswith("class:")
            if not (known or line_number is not None or any(amount is not None for _, amount, _ in amounts)):
                continue  # a fragment of a header broken over lines
            dense = table_id == "t4" and side == "支出" and not line.positional and placed is None
            values = sum(1 for _, amount, _ in amounts if amount is not None)
            items.append(LedgerItem(side, line_number, label, key, amounts, line.page, line.line_no,
                                    placed=not (dense and 1 < values < len(T4_EXPENSE_MEASURES))))
    return items

"""How a model is printed: the `Layout` options and the document they produce.

`document_blocks` lays a model out as pages of blocks (a paragraph line or a table
grid), the one structure every renderer (text, PDF, xls/xlsx) prints, so a variant is
the same report in every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from testbed.model import (
    EXTRA_SANGONG,
    PAGE_BREAK,
    MEASURE_LABELS,
    SANGONG_CATEGORIES,
    CellEdit,
    EconomicTable,
    ExtraTable,
    LedgerTable,
    ReportModel,
    SangongTable,
    SubjectTable,
)

Row = list[str]
CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Layout:
    """Printing options. Defaults: the Hubei/central template (titles '（表N）',
    narrative after the tables, 行次 in 表1/表4, 表9 as one row of 12 columns)."""

    numbering: str = "suffix"  # suffix '（表N）' | prefix '一、' | code '公开0N表' on the next line | none
    rows_per_page: int | None = None  # split table bodies over pages
    reprint_title: bool = True  # continuation pages repeat the title …
    reprint_header: bool = True  # … and the header rows
    narrative: str = "after"  # after | first | after_glossary
    contents: bool = True
    department_line: bool = True  # '部门：X' above each table
    cover: bool = True
    line_numbers: bool = True  # 行次 in 表1/表4
    sangong: str = "row12"  # row12 | interleaved | two_row | rows
    integer_zeros: bool = False  # empty 表9 cells printed '0'
    thousands: bool = True
    join_empty_labels: bool = False  # flattened text: a line without amounts glued to the next
    tables_part: str = "表"  # the tables part is '第二部分 X2023年度部门决算表' ('' drops 表)
    edits: tuple[CellEdit, ...] = field(default=())
    # --- real templates' other forms (testbed.templates) ---
    label_map: tuple[tuple[str, str], ...] = ()  # 表1/表4 income line labels printed otherwise
    # 表2/3/5/7/8: the column labels printed, in order (a subset of MEASURE_LABELS, or the
    # parts 人员经费/公用经费 beside 基本支出 in 表5)
    columns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    column_numbers: bool = True  # the '栏次 1 2 3 …' row under the 表2/3/5/7/8 headers
    codes: str = "merged"  # merged: code | '' | name; split: 201 | 01 | 01 | name; joined: '2010101 行政运行'; coded: code | name
    economic: str = "pairs"  # 表6: pairs (人员经费 | 公用经费 side by side); triple (three groups); columns (合计 | 人员经费 | 公用经费)
    t4_funds: int = 3  # 表4 expense columns beside 小计 (2: no 国有资本经营预算 column)


@dataclass(frozen=True)
class Block:
    """A paragraph (`text`) or a table grid (`rows`, the first `header` of them headers)."""

    text: str | None = None
    rows: tuple[tuple[str, ...], ...] = ()
    header: int = 0
    table: str | None = None


def fmt(value: float | None, layout: Layout, zero: str = "") -> str:
    if value is None:
        return zero
    return f"{value:,.2f}" if layout.thousands else f"{value:.2f}"


def number_word(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    if n < 20:
        return "十" + (CN_NUMERALS[n - 11] if n > 10 else "")
    tens, units = divmod(n, 10)
    return CN_NUMERALS[tens - 1] + "十" + (CN_NUMERALS[units - 1] if units else "")


# --- table grids --------------------------------------------------------------------


def _split_at_total(items: list, total_label: str) -> tuple[list, list]:
    for index, item in enumerate(items):
        if re.sub(r"\s", "", item[0]) == total_label:
            return items[:index], items[index:]
    return items, []


def _pad_pairs(left: list, right: list, empty_left: object, empty_right: object, align_last: bool) -> list[tuple]:
    size = max(len(left), len(right))
    if align_last:
        left = left[:-1] + [empty_left] * (size - len(left)) + left[-1:] if left else [empty_left] * size
        right = right[:-1] + [empty_right] * (size - len(right)) + right[-1:] if right else [empty_right] * size
    else:
        left = left + [empty_left] * (size - len(left))
        right = right + [empty_right] * (size - len(right))
    return list(zip(left, right))


def _relabel(items: list, layout: Layout) -> list:
    names = dict(layout.label_map)
    return [(names.get(label, label), *rest) for label, *rest in items]


def ledger_grid(key: str, data: LedgerTable, layout: Layout) -> tuple[list[Row], list[Row]]:
    width = 1 + layout.t4_funds if key == "t4" else 1
    income_pre, income_post = _split_at_total(list(data.income), "本年收入合计")
    expense_pre, expense_post = _split_at_total(list(data.expense), "本年支出合计")
    empty_in: tuple = ("", None)
    empty_ex: tuple = ("", (None,) * width)
    income_pre, income_post = _relabel(income_pre, layout), _relabel(income_post, layout)
    pairs = _pad_pairs(income_pre, expense_pre, empty_in, empty_ex, False)
    pairs += _pad_pairs(income_post, expense_post, empty_in, empty_ex, True)
    rows: list[Row] = []
    line_in, line_ex = 1, len(pairs) + 1
    for (label_in, amount_in), (label_ex, amounts_ex) in pairs:
        left = [label_in]
        right = [label_ex]
        if layout.line_numbers:
            left.append(str(line_in) if label_in else "")
            right.append(str(line_ex) if label_ex else "")
        line_in += 1
        line_ex += 1
        left.append(fmt(amount_in, layout))
        right += [fmt(a, layout) for a in (tuple(amounts_ex) + (None,) * width)[:width]]
        rows.append(left + right)
    side = ["项目", "行次", "决算数"] if layout.line_numbers else ["项目", "决算数"]
    expense_head = ["项目", "行次"] if layout.line_numbers else ["项目"]
    expense_head += ["小计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"][:width] if key == "t4" else ["决算数"]
    first = ["收入"] + [""] * (len(side) - 1) + ["支出"] + [""] * (len(expense_head) - 1)
    return [first, side + expense_head], rows


PART_COLUMNS = ("人员经费", "公用经费")  # 表5's 基本支出 split, printed beside it by some templates


def _printed_values(key: str, values: tuple, labels: list[str]) -> list[float | None]:
    """The model's values in the printed columns' order (parts of 基本支出 split 85:15)."""
    standard = list(MEASURE_LABELS[key])
    basic = values[standard.index("基本支出")] if "基本支出" in standard else None
    personnel = None if basic is None else round(basic * 0.85, 2)
    result: list[float | None] = []
    for label in labels:
        if label == "人员经费":
            result.append(personnel)
        elif label == "公用经费":
            result.append(None if basic is None else round(basic - (personnel or 0.0), 2))
        else:
            result.append(values[standard.index(label)])
    return result


def _code_cells(code: str, name: str, layout: Layout) -> list[str]:
    if layout.codes == "split":
        return [code[:3], code[3:5], code[5:7], name]
    if layout.codes == "joined":
        return [f"{code} {name}"]
    if layout.codes == "coded":
        return [code, name]
    return [code, "", name]


def subject_grid(key: str, data: SubjectTable, layout: Layout) -> tuple[list[Row], list[Row]]:
    labels = list(dict(layout.columns).get(key, MEASURE_LABELS[key]))
    lead = len(_code_cells("201", "合计", layout))
    if "人员经费" in labels:  # 基本支出 spans its 小计 and the parts under it
        top = [label if label not in PART_COLUMNS else "" for label in labels]
        sub = ["小计" if label == "基本支出" else label if label in PART_COLUMNS else "" for label in labels]
        header = [["项目", *[""] * (lead - 1), *top], ["", *[""] * (lead - 1), *sub]]
    else:
        header = [["项目", *[""] * (lead - 1), *labels]]
    if layout.column_numbers:
        code_words = {"split": ["类", "款", "项", "栏次"], "coded": ["科目编码", "科目名称"], "joined": ["栏次"]}
        header.append([*code_words.get(layout.codes, ["类", "款", "项"]), *[str(n) for n in range(1, len(labels) + 1)]])
    elif layout.codes == "coded":
        header.append(["科目编码", "科目名称", *[""] * len(labels)])
    total_cells = ["合计"] if layout.codes == "joined" else [*[""] * (lead - 1), "合计"]
    rows = [[*total_cells, *[fmt(v, layout) for v in _printed_values(key, data.total, labels)]]]
    rows += [[*_code_cells(code, name, layout), *[fmt(v, layout) for v in _printed_values(key, values, labels)]]
             for code, name, values in data.rows]
    return header, rows


def economic_grid(data: EconomicTable, layout: Layout) -> tuple[list[Row], list[Row]]:
    personnel = [item for item in data.items if item[0][:3] in ("301", "303")]
    public = [item for item in data.items if item[0][:3] not in ("301", "303")]
    rows: list[Row] = []
    if layout.economic == "columns":  # one row per code: 合计 | 人员经费 | 公用经费
        header = [["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]
        for code, name, amount in data.items:
            own = code[:3] in ("301", "303")
            rows.append([code, name, fmt(amount, layout), fmt(amount if own else None, layout), fmt(None if own else amount, layout)])
        total = None if data.personnel is None and data.public is None else round((data.personnel or 0) + (data.public or 0), 2)
        rows.append(["合计", "", fmt(total, layout), fmt(data.personnel, layout), fmt(data.public, layout)])
        return header, rows
    if layout.economic == "triple":  # the central template: 人员经费 | 公用经费 | 公用经费 (continued)
        half = (len(public) + 1) // 2
        groups = [personnel, public[:half], public[half:]]
        header = [["人员经费", "", "", "公用经费", "", "", "", "", ""], ["科目编码", "科目名称", "决算数"] * 3]
        size = max(len(group) for group in groups)
        for index in range(size):
            row: Row = []
            for group in groups:
                code, name, amount = group[index] if index < len(group) else ("", "", None)
                row += [code, name, fmt(amount, layout)]
            rows.append(row)
        rows.append(["人员经费合计", "", fmt(data.personnel, layout), "公用经费合计", "", fmt(data.public, layout), "", "", ""])
        return header, rows
    header = [["人员经费", "", "", "公用经费", "", ""], ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"]]
    for left, right in _pad_pairs(personnel, public, ("", "", None), ("", "", None), False):
        rows.append([left[0], left[1], fmt(left[2], layout), right[0], right[1], fmt(right[2], layout)])
    rows.append(["人员经费合计", "", fmt(data.personnel, layout), "公用经费合计", "", fmt(data.public, layout)])
    return header, rows


def _sangong_categories(data: SangongTable, extra: bool) -> list[tuple[str, str]]:
    known = {key for key, _, _ in data.cells}
    return list(SANGONG_CATEGORIES) + ([c for c in EXTRA_SANGONG if c[0] in known] if extra else [])


def sangong_grid(data: SangongTable, layout: Layout) -> tuple[list[Row], list[Row]]:
    zero = "0" if layout.integer_zeros else ""
    names = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    subs = ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]
    if layout.sangong == "row12":
        budget = [fmt(data.get(key)[0], layout, zero) for key, _ in SANGONG_CATEGORIES]
        final = [fmt(data.get(key)[1], layout, zero) for key, _ in SANGONG_CATEGORIES]
        header = [["预算数"] + [""] * 5 + ["决算数"] + [""] * 5, names + names, subs + subs, [str(n) for n in range(1, 13)]]
        return header, [budget + final]
    categories = _sangong_categories(data, extra=True)
    extra_names = [label for key, label in categories[6:]]
    if layout.sangong == "interleaved":
        header = [sum(([label, ""] for _, label in categories), []), ["预算数", "决算数"] * len(categories)]
        values = sum(([fmt(data.get(key)[0], layout, zero), fmt(data.get(key)[1], layout, zero)] for key, _ in categories), [])
        return header, [values]
    if layout.sangong == "two_row":
        header = [["项目", *names, *extra_names], ["", *subs, *[""] * len(extra_names)],
                  ["栏次", *[str(n) for n in range(1, len(categories) + 1)]]]
        rows = [[label, *[fmt(data.get(key)[i], layout, zero) for key, _ in categories]] for i, label in enumerate(("预算数", "决算数"))]
        return header, rows
    if layout.sangong == "rows":
        printed = {"vehicle_purchase": "其中：公务用车购置费", "vehicle_operation": "公务用车运行维护费", "total": "合计"}
        header = [["项目", "预算数", "决算数"]]
        rows = [[printed.get(key, label), fmt(data.get(key)[0], layout, zero), fmt(data.get(key)[1], layout, zero)]
                for key, label in categories]
        return header, rows
    raise ValueError(layout.sangong)


def table_grid(model: ReportModel, key: str, layout: Layout) -> tuple[list[Row], list[Row]]:
    data = model.table(key)
    if isinstance(data, LedgerTable):
        header, rows = ledger_grid(key, data, layout)
    elif isinstance(data, SubjectTable):
        header, rows = subject_grid(key, data, layout)
    elif isinstance(data, EconomicTable):
        header, rows = economic_grid(data, layout)
    elif isinstance(data, SangongTable):
        header, rows = sangong_grid(data, layout)
    else:
        raise KeyError(key)
    for edit in layout.edits:
        if edit.table != key:
            continue
        for row in rows:
            labels = [cell.replace(" ", "") for cell in row if cell and not re.fullmatch(r"[\d.,\-]+", cell)]
            codes = [cell for cell in row if re.fullmatch(r"\d{3,7}", cell)]
            names = labels + codes
            if any((edit.row in name) if edit.contains else (edit.row == name) for name in names):
                row[edit.column] = edit.text
                break
        else:
            raise KeyError(f"no row {edit.row!r} in {key}")
    return header, rows


# --- the document -------------------------------------------------------------------


def printed_tables(model: ReportModel) -> list[tuple[str, str, ExtraTable | None]]:
    """(key, title, extra) in printed order: the model's tables with its extra tables after
    the one each follows."""
    result: list[tuple[str, str, ExtraTable | None]] = []
    for key, _ in model.tables:
        result.append((key, model.title(key), None))
        result += [("x", extra.title, extra) for extra in model.extras if extra.after == key]
    return result


def printed_title(model: ReportModel, title: str, number: int, layout: Layout) -> list[str]:
    if layout.numbering == "suffix":
        return [f"{model.year}年度{title}（表{number}）"]
    if layout.numbering == "prefix":
        return [f"{number_word(number)}、{model.year}年度{title}"]
    if layout.numbering == "code":
        return [f"{model.year}年度{title}", f"公开{number:02d}表"]
    return [title]


def _unit_lines(model: ReportModel, layout: Layout) -> list[str]:
    unit = f"单位：{model.unit}"
    if layout.department_line:
        return [f"编制{model.kind}：{model.department}", unit]
    return [unit]


def _part(number: int, text: str) -> str:
    return f"第{number_word(number)}部分 {text}"


def _narrative_lines(model: ReportModel, part: int) -> list[str]:
    lines = list(model.narrative)
    heading = f"{model.department}{model.year}年度{model.kind}决算情况说明"
    if lines and re.match(r"^第[一二三四五六七八九十]+部分", lines[0].replace(" ", "")):
        rest = re.sub(r"^第[一二三四五六七八九十]+部分\s*", "", lines[0])
        lines[0] = _part(part, rest) if rest else _part(part, heading)
    else:
        lines.insert(0, _part(part, heading))
    return lines


def document_blocks(model: ReportModel, layout: Layout) -> list[list[Block]]:
    """Pages of blocks in reading order."""
    pages: list[list[Block]] = []
    kind = f"{model.kind}决算"
    tables_part = 3 if layout.narrative == "first" else 2
    narrative_part = 2 if layout.narrative == "first" else (4 if layout.narrative == "after_glossary" else 3)
    glossary_part = 3 if layout.narrative == "after_glossary" else 4
    if layout.cover:
        pages.append([Block(f"{model.department}{model.year}年度{kind}")])
    if layout.contents:
        contents = [Block("目录"), Block(_part(1, f"{model.department}概况"))]
        parts = {tables_part: f"{model.department}{model.year}年度{kind}{layout.tables_part}", narrative_part: f"{model.department}{model.year}年度{kind}情况说明",
                 glossary_part: "名词解释"}
        for number in sorted(parts):
            contents.append(Block(_part(number, parts[number])))
            if number == tables_part:
                contents += [Block(f"{number_word(n)}、{title}") for n, (_, title, _) in enumerate(printed_tables(model), start=1)]
        pages.append(contents)
    if model.overview:
        pages.append([Block(line) for line in model.overview])
    # the narrative's own page breaks (PAGE_BREAK entries of a model read from a PDF) are kept
    narrative_pages: list[list[Block]] = [[]]
    for line in _narrative_lines(model, narrative_part):
        if line == PAGE_BREAK:
            narrative_pages.append([])
        else:
            narrative_pages[-1].append(Block(line))
    glossary = [Block(_part(glossary_part, "名词解释"))] + [Block(line) for line in model.glossary[1:]]
    if layout.narrative == "first":
        pages += narrative_pages
    pages.append([Block(_part(tables_part, f"{model.department}{model.year}年度{kind}{layout.tables_part}"))])
    no_data = dict(model.no_data)
    for number, (key, title, extra) in enumerate(printed_tables(model), start=1):
        if extra is not None:
            header, rows = [list(r) for r in extra.header], [list(r) for r in extra.rows]
        else:
            header, rows = table_grid(model, key, layout)
        note = extra.note if extra is not None else no_data.get(key)
        size = layout.rows_per_page or max(len(rows), 1)
        chunks = [rows[i : i + size] for i in range(0, max(len(rows), 1), size)] or [[]]
        for index, chunk in enumerate(chunks):
            page: list[Block] = []
            if index == 0 or layout.reprint_title:
                page += [Block(line) for line in printed_title(model, title, number, layout)]
                page += [Block(line) for line in _unit_lines(model, layout)]
            head = header if (index == 0 or layout.reprint_header) else []
            page.append(Block(rows=tuple(tuple(r) for r in head + chunk), header=len(head), table=key if extra is None else "x"))
            if index == len(chunks) - 1 and note:
                page.append(Block("注：" + note))
            pages.append(page)
    if layout.narrative == "after":
        pages += narrative_pages
        pages.append(glossary)
    elif layout.narrative == "after_glossary":
        pages.append(glossary)
        pages += narrative_pages
    else:
        pages.append(glossary)
    return pages

"""绩效自评表: 部门整体支出 / 项目支出 self-evaluation tables and 绩效自评结果 summaries.

A self-evaluation starts at a title line ("…项目绩效自评表", "部门整体支出绩效自评表",
"…项目自评表", "…绩效自评结果") and runs to the next one, to a 总分 row's end, to a
narrative heading, or to the title of one of the nine tables (the narrative may come first). Inside, two blocks are read by their own headers, not by position:
the funds block (年初预算数 / 全年预算数 / 预算数 / 执行数 / 分值 / 执行率 / 得分) and the
indicator block (一级/二级/三级指标, 年度指标值, 实际完成值, 单位, 分值, 完成率, 得分,
偏差原因). Rows are read right-anchored on their 得分 cell, since continuation pages and
text exports shift the leading cells. A summary (text) is read by its sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lib.document import Document, Line
from lib.tables.titles import title_table_id
from lib.textnorm import has_cjk, nfkc, squash

_KINDS = (
    ("overall", r"(?:部门)?整体(?:支出)?绩效自评(?:表|结果)"),
    ("project", r"(?:项目)?(?:支出)?绩效自评(?:表|结果)|项目自评表"),
)
_TITLE = re.compile(
    r"^(?:附件\d*[:：]?)?(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.])?(?:.{0,60}?\d{4}年度?)?"
    r"(?P<name>.{0,60}?)(?P<kind>(?:部门)?整体(?:支出)?绩效自评(?:表|结果)|(?:项目)?(?:支出)?绩效自评(?:表|结果)|项目自评表)"
    r"(?:[(（][^)）]{0,8}[)）])?$"
)
_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\d*$")
_VALUE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:%|分|万元|元)?$")
_DASH = re.compile(r"^(?:-{1,3}|—{1,2}|–|/|／|无)$")
_WEIGHT = re.compile(r"[(（](\d+(?:\.\d+)?)分?[)）]")
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]部分|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
_INDICATOR_END = re.compile(r"^(?:总分|合计|偏差|改进措施|单位主要负责人|备注|注[:：\d])")
_FUNDS_END = re.compile(r"年度(?:总体)?(?:绩效)?目标|预期目标|绩效指标|评价指标|三级指标")
MAX_LINES = 260  # a self-evaluation table is at most a few pages

AMOUNT_MEASURES = ("initial_budget", "full_year_budget", "budget", "executed")
FUND_MEASURES = {
    "initial_budget": "年初预算数", "full_year_budget": "全年预算数", "budget": "预算数",
    "executed": "全年执行数", "weight": "分值", "rate": "执行率", "score": "得分",
}


@dataclass(frozen=True)
class FundCell:
    """One printed figure of the funds block: a row ('年度资金总额', '财政拨款') × measure."""

    row: str
    row_index: int
    measure: str
    value: float | None  # amounts as printed (see SelfEvaluation.unit); rate in %; weight/score in 分
    printed: str
    status: str  # 'value' | 'empty' | 'unreadable'
    page: int
    line: int


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: float | None
    score: float | None
    score_printed: str
    reason: str
    status: str  # 'value' | 'unreadable'
    page: int
    line: int


@dataclass
class SelfEvaluation:
    """One 自评表 (source 'table') or 自评结果 (source 'summary')."""

    kind: str  # 'overall' | 'project'
    source: str  # 'table' | 'summary'
    name: str
    title: Line
    unit: str = "万元"
    funds_weight: float | None = None
    rate_basis: str = ""  # the measure 执行率 divides by, as the header says ('' = not said)
    funds: list[FundCell] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    total_weight: float | None = None
    total_score: float | None = None
    total_printed: str = ""
    total_place: tuple[int, int] = (0, 0)
    goals_score: float | None = None  # summaries: 年度绩效目标自评分
    end: tuple[int, int] = (0, 0)

    @property
    def has_content(self) -> bool:
        return bool(self.funds or self.indicators or self.total_score is not None)


def title_kind(text: str) -> tuple[str, str] | None:
    """(kind, name) of a self-evaluation title line, or None."""
    cleaned = _LEADER.sub("", squash(text).replace("“", "").replace("”", ""))
    if len(cleaned) > 90 or "报告" in cleaned:
        return None
    match = _TITLE.match(cleaned)
    if match is None:
        return None
    kind = "overall" if "整体" in match.group("kind") else "project"
    if cleaned.endswith("结果") and (not re.search(r"\d{4}年", cleaned) or "决算" in match.group("name")):
        return None  # a narrative heading ("（二）部门决算中项目绩效自评结果"), not a summary
    name = re.sub(r"^.{0,40}?\d{4}年度?", "", match.group("name"))
    name = re.sub(r"(?:项目)$", "", name)
    return kind, name


def _value(text: str) -> float | None:
    token = squash(text).replace("−", "-")
    if not _VALUE.match(token):
        return None
    return float(re.sub(r"[%分万元,]", "", token))


def _is_dash(text: str) -> bool:
    return bool(_DASH.match(squash(text)))


def _cells(line: Line) -> list[str]:
    if line.positional:
        return [nfkc(cell).strip() for cell in line.cells]
    return nfkc(line.text).split()


def _classify_fund_header(cell: str) -> str | None:
    text = squash(cell)
    if text.startswith("得分"):
        return "score"
    if "执行率" in text or "完成率" in text:
        return "rate"
    if text.startswith("分值") or text == "权重":
        return "weight"
    if "年初预算" in text:
        return "initial_budget"
    if "全年预算" in text:
        return "full_year_budget"
    if "执行数" in text:
        return "executed"
    if "预算数" in text:
        return "budget"
    if "原因" in text:
        return "reason"
    return None


def _classify_indicator_header(cell: str) -> str | None:
    text = squash(cell)
    if text.startswith("得分"):
        return "score"
    if "完成值" in text:
        return "actual"
    if "指标值" in text or "目标值" in text:
        return "target"
    if text.startswith("分值") or text == "权重":
        return "weight"
    if text == "单位":
        return "unit"
    if "完成率" in text:
        return "rate"
    if "原因" in text or "偏差" in text:
        return "reason"
    return None


def _unit_of(text: str) -> str | None:
    squashed = squash(text)
    if re.search(r"[(（]元[)）]|单位[:：]?元(?!\w)", squashed):
        return "元"
    if "万元" in squashed:
        return "万元"
    return None


def _strip_weight(text: str) -> str:
    return _WEIGHT.sub("", squash(text))


class _Reader:
    """Reads one section's lines into a SelfEvaluation (a small state machine)."""

    def __init__(self, evaluation: SelfEvaluation) -> None:
        self.ev = evaluation
        self.fund_measures: list[str] = []
        self.in_funds = False
        self.slots: list[str] = []  # indicator columns between the name and 得分
        self.has_reason = False
        self.in_indicators = False
        self.pending_header: list[str] = []
        self.level1 = ""
        self.level2 = ""
        self.fund_rows = 0

    def feed(self, line: Line) -> None:
        text = squash(line.text)
        cells = _cells(line)
        if not text:
            return
        if text.startswith("项目名称") and not self.ev.funds:
            name = next((squash(c) for c in cells[1:] if has_cjk(c)), "")
            if name:
                self.ev.name = name
            return
        if self._is_fund_header(text, cells):
            self._start_funds(line, cells)
            return
        if not line.positional and not self.in_funds and not self.ev.funds and re.match(r"^(?:预算执行情况|项目资金)", text):
            self.in_funds = True  # flattened text: the header words come one per line
            return
        if self.in_funds and not self.fund_measures and self.ev.funds_weight is None:
            weight = re.fullmatch(r"[(（](\d+(?:\.\d+)?)分[)）]", text)
            if weight:
                self.ev.funds_weight = float(weight.group(1))
                return
        if "三级指标" in text:
            self._start_indicators(cells)
            return
        if _classify_indicator_header(text) == "actual" and not self.in_indicators and "实际完成值" in text:
            self.pending_header = cells  # a header printed over two lines (评价指标 | 年度指标值 | …)
            self.in_funds = False
            return
        if text.startswith("总分"):
            self._total(line, cells)
            return
        if self.in_funds:
            if _FUNDS_END.search(text) and not any(_value(c) is not None for c in cells if not has_cjk(c)):
                self.in_funds = False
                return
            self._fund_row(line, cells)
            return
        if self.in_indicators:
            if _INDICATOR_END.match(text):
                self.in_indicators = False
                return
            self._indicator_row(line, cells)

    # --- funds ---------------------------------------------------------------------------
    @staticmethod
    def _is_fund_header(text: str, cells: list[str]) -> bool:
        return "执行数" in text and ("预算数" in text or "预算" in text) and "三级指标" not in text

    def _start_funds(self, line: Line, cells: list[str]) -> None:
        self.in_funds = True
        self.in_indicators = False
        if line.positional:
            measures = [m for m in (_classify_fund_header(c) for c in cells) if m]
        else:
            measures = [m for m in (_classify_fund_header(tok) for tok in re.findall(
                r"年初预算数|全年预算数|全年执行数|预算数|执行数|分值|执行率|得分", squash(line.text))) if m]
        self.fund_measures = measures
        rate_cell = next((squash(c) for c in cells if "执行率" in c or "完成率" in c), "")
        if "年初" in rate_cell:
            self.ev.rate_basis = "initial_budget"
        elif "full_year_budget" in measures:
            self.ev.rate_basis = "full_year_budget"
        elif "budget" in measures:
            self.ev.rate_basis = "budget"
        weight = _WEIGHT.search(squash(line.text)) or re.search(r"(\d+(?:\.\d+)?)分\*", squash(line.text))
        if weight and "weight" not in measures:
            self.ev.funds_weight = float(weight.group(1))
        unit = _unit_of(line.text)
        if unit:
            self.ev.unit = unit

    def _fund_row(self, line: Line, cells: list[str]) -> None:
        label_parts: list[str] = []
        values: list[str] = []
        for cell in cells:
            if not cell:
                continue
            if _value(cell) is not None or _is_dash(cell):
                values.append(cell)
            elif has_cjk(cell):
                if values:
                    break  # a reason printed after the figures
                label_parts.append(squash(cell))
            elif values:
                values.append(cell)
        unit = _unit_of("".join(label_parts))
        if unit:
            self.ev.unit = unit
        if not values:
            return
        measures = [m for m in self.fund_measures if m != "reason"]
        if not line.positional and len(measures) != len(values):
            measures = _dense_measures(values)
        if not measures:
            return
        label = re.sub(r"^(?:其中)[:：]?", "", label_parts[-1] if label_parts else "").strip(":：")
        label = label or ("年度资金总额" if self.fund_rows == 0 else f"第{self.fund_rows + 1}行")
        status_all = "value" if len(values) == len(measures) else "unreadable"
        for index, measure in enumerate(measures):
            printed = values[index] if index < len(values) and status_all == "value" else ""
            if status_all == "unreadable":
                status, amount = "unreadable", None
            elif _is_dash(printed):
                status, amount = "empty", None
            else:
                status, amount = "value", _value(printed)
            self.ev.funds.append(FundCell(label, self.fund_rows, measure, amount, printed, status, line.page, line.line_no))
        self.fund_rows += 1

    # --- indicators ----------------------------------------------------------------------
    def _start_indicators(self, cells: list[str]) -> None:
        self.in_funds = False
        self.in_indicators = True
        header = [c for c in cells if c]
        after = header[next((i for i, c in enumerate(header) if "三级指标" in squash(c)), -1) + 1 :]
        slots = [s for s in (_classify_indicator_header(c) for c in after) if s]
        if "actual" not in slots and self.pending_header:
            slots = [s for s in (_classify_indicator_header(c) for c in self.pending_header if c) if s]
        self.pending_header = []
        self.has_reason = "reason" in slots
        if "score" in slots:
            self.slots = slots[: slots.index("score")]
        else:
            self.slots = [s for s in slots if s != "reason"]

    def _indicator_row(self, line: Line, cells: list[str]) -> None:
        if not line.positional:
            return  # flattened text loses the cells of a wrapped indicator table
        cells = list(cells)
        while cells and not cells[-1]:
            cells.pop()
        reason = ""
        if self.has_reason and cells and has_cjk(cells[-1]) and _value(cells[-1]) is None:
            if len(cells) >= 2 and (_value(cells[-2]) is not None or _is_dash(cells[-2])):
                reason = squash(cells.pop())
                while cells and not cells[-1]:
                    cells.pop()
        if not cells:
            return
        score_text = cells[-1]
        score = _value(score_text) if not re.search(r"[%元]", score_text) else None  # scores are never % or 元
        if score is None and not _is_dash(score_text):
            named = [squash(c) for c in cells if squash(c)]
            if len(named) >= 3 and self.ev.indicators:  # a row whose 得分 cell is missing or garbled
                self.ev.indicators.append(Indicator(
                    self.level1, self.level2, _strip_weight(named[-3]), named[-2], named[-1], None, None, "", "",
                    "unreadable", line.page, line.line_no))
            return  # otherwise a wrapped line of text, not an indicator row
        cells.pop()
        slot_values: dict[str, str] = {}
        for slot in reversed(self.slots):
            if not cells:
                break
            slot_values[slot] = cells.pop()
        rest = [squash(c) for c in cells if squash(c)]
        if not rest:
            return
        name = rest[-1]
        levels = [_strip_weight(c) for c in rest[:-1]]
        if len(levels) >= 2:
            self.level1, self.level2 = levels[-2], levels[-1]
        elif len(levels) == 1:
            if levels[0] in ("产出指标", "效益指标", "满意度指标", "成本指标", "部门管理", "履职效果", "能力建设"):
                self.level1, self.level2 = levels[0], ""
            else:
                self.level2 = levels[0]
        weight_text = slot_values.get("weight")
        weight = _value(weight_text) if weight_text else None
        if weight_text is None:
            printed_weight = _WEIGHT.search(name)
            weight = float(printed_weight.group(1)) if printed_weight else None
        status = "value"
        if weight_text is not None and weight is None and not _is_dash(weight_text):
            status = "unreadable"
        self.ev.indicators.append(Indicator(
            self.level1, self.level2, _strip_weight(name), squash(slot_values.get("target", "")),
            squash(slot_values.get("actual", "")), weight, score, squash(score_text), reason, status,
            line.page, line.line_no,
        ))

    def _total(self, line: Line, cells: list[str]) -> None:
        numbers = [(c, v) for c in cells if (v := _value(c)) is not None]
        self.in_indicators = False
        self.in_funds = False
        if not numbers:
            return
        self.ev.total_printed = squash(numbers[-1][0])
        self.ev.total_score = numbers[-1][1]
        if len(numbers) >= 2:
            self.ev.total_weight = numbers[-2][1]
        self.ev.total_place = (line.page, line.line_no)


def _dense_measures(values: list[str]) -> list[str]:
    """Flattened text: amounts before the printed % are budgets then 执行数, the rest 得分."""
    percent = next((i for i, v in enumerate(values) if v.endswith("%")), None)
    if percent is None:
        return []
    before = {1: ["executed"], 2: ["budget", "executed"], 3: ["initial_budget", "full_year_budget", "executed"]}
    head = before.get(percent)
    if head is None:
        return []
    return head + ["rate"] + ["score"][: len(values) - percent - 1]


# --- summaries (绩效自评结果 in sentences) --------------------------------------------------
_NUM = r"-?\d+(?:\.\d+)?"
_SUMMARY = (
    ("total_score", rf"自评得分(?:为)?({_NUM})分"),
    ("score", rf"预算执行情况自评分(?:为)?({_NUM})"),
    ("goals_score", rf"年度绩效目标自评分(?:为)?({_NUM})"),
    ("budget", rf"(?:全年预算数|预算数|预算收入)(?:\([^)]*\))?(?:为)?({_NUM})万元"),
    ("executed", rf"(?:预算执行数|全年执行数|执行数|决算数)(?:为)?({_NUM})万元"),
    ("rate", rf"执行率(?:为)?({_NUM})%"),
)


def _read_summary(evaluation: SelfEvaluation, lines: list[Line]) -> None:
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    for line in lines:
        text = squash(line.text)
        chars.extend(text)
        origin.extend([(line.page, line.line_no)] * len(text))
    joined = "".join(chars).replace("，", ",")
    for item, pattern in _SUMMARY:
        match = re.search(pattern, joined)
        if match is None:
            continue
        value = float(match.group(1))
        page, line_no = origin[match.start(1)]
        if item == "total_score":
            evaluation.total_score, evaluation.total_printed = value, match.group(1)
            evaluation.total_place = (page, line_no)
        elif item == "goals_score":
            evaluation.goals_score = value
        else:
            printed = match.group(1) + ("%" if item == "rate" else "")
            evaluation.funds.append(FundCell("年度资金总额", 0, item, value, printed, "value", page, line_no))
    if any(cell.measure == "budget" for cell in evaluation.funds):
        evaluation.rate_basis = "budget"


# --- sections ------------------------------------------------------------------------------
def _title_at(lines: list[Line], index: int) -> tuple[str, str, int] | None:
    """(kind, name, lines used) when line `index` (or it joined with a short next line) is a title."""
    line = lines[index]
    found = title_kind(line.text)
    if found:
        return (*found, 1)
    if index + 1 < len(lines) and len(squash(lines[index + 1].text)) <= 3 and squash(line.text).endswith("自评结"):
        found = title_kind(line.text + lines[index + 1].text)
        if found:
            return (*found, 2)
    return None


def find_self_evaluations(document: Document) -> list[SelfEvaluation]:
    """Every self-evaluation with content, in document order (contents-page and group
    headings such as "二、项目绩效自评表（摘要版）" have none and are dropped)."""
    lines = list(document.iter_lines())
    starts: list[tuple[int, str, str, int]] = []
    index = 0
    while index < len(lines):
        found = _title_at(lines, index)
        if found:
            starts.append((index, *found))
            index += found[2]
        else:
            index += 1
    evaluations: list[SelfEvaluation] = []
    for position, (index, kind, name, used) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        end = min(end, index + used + MAX_LINES)
        title = lines[index]
        source = "summary" if squash(title.text + (lines[index + 1].text if used == 2 else "")).endswith("结果") else "table"
        evaluation = SelfEvaluation(kind, source, "部门整体支出" if kind == "overall" else name, title)
        body = lines[index + used : end]
        if source == "summary":
            _read_summary(evaluation, body)
        else:
            reader = _Reader(evaluation)
            for line in body:
                if not line.positional and _HEADING.match(squash(line.text)) and evaluation.has_content:
                    break
                if title_table_id(line.text):  # one of the nine tables begins: this evaluation has ended
                    body = body[: body.index(line)]
                    break
                reader.feed(line)
        last = body[-1] if body else title
        evaluation.end = (last.page, last.line_no)
        if evaluation.has_content:
            evaluations.append(evaluation)
    return evaluations


# --- records for the Report frames (schemas in lib.schemas) ------------------------------------
def evaluation_records(evaluations: list[SelfEvaluation], unit_factors: dict[str, float]) -> tuple[
        list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """(tables, funds, indicators) rows; amounts converted to 万元, rates in %, scores in 分."""
    tables: list[dict[str, object]] = []
    funds: list[dict[str, object]] = []
    indicators: list[dict[str, object]] = []
    for seq, ev in enumerate(evaluations, start=1):
        factor = unit_factors.get(ev.unit, 1.0)
        tables.append({
            "seq": seq, "kind": ev.kind, "source": ev.source, "name": ev.name, "unit": ev.unit,
            "rate_basis": ev.rate_basis, "funds_weight": ev.funds_weight, "total_weight": ev.total_weight,
            "total_score": ev.total_score, "total_printed": ev.total_printed, "goals_score": ev.goals_score,
            "indicator_count": len(ev.indicators), "page": ev.title.page, "line": ev.title.line_no,
            "total_page": ev.total_place[0] or None, "total_line": ev.total_place[1] or None, "end_page": ev.end[0],
        })
        for cell in ev.funds:
            value = cell.value
            if value is not None and cell.measure in AMOUNT_MEASURES:
                value = round(value * factor, 6)
            funds.append({
                "seq": seq, "name": ev.name, "row": cell.row, "row_index": cell.row_index, "measure": cell.measure,
                "measure_label": FUND_MEASURES[cell.measure], "value": value, "printed": cell.printed,
                "cell": cell.status, "page": cell.page, "line": cell.line,
            })
        for item in ev.indicators:
            indicators.append({
                "seq": seq, "name": ev.name, "level1": item.level1, "level2": item.level2, "indicator": item.name,
                "target": item.target, "actual": item.actual, "weight": item.weight, "score": item.score,
                "score_printed": item.score_printed, "reason": item.reason, "cell": item.status,
                "page": item.page, "line": item.line,
            })
    return tables, funds, indicators

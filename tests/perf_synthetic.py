"""Generated 绩效自评表 (self-evaluation tables) in the corpus' two layouts, for tests.

`central` is the national template (国家信访局: 年初预算数 / 全年预算数 / 全年执行数 / 分值 /
执行率 / 得分, with 财政拨款 / 上年结转 / 其他资金 rows); `hubei` is the Wuhan one (seeds
000–003: 预算数(A) / 执行数(B) / 执行率(B/A) / 得分(20分*执行率)). Figures are invented;
every printed figure can be overridden to inject an error or a rounding variant. The tables
are appended to the small report of `synthetic.py`, rendered as text, xlsx or PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace

import synthetic

Indicator = tuple[str, str, str, str, str, float, float]  # 一级, 二级, 三级, 指标值, 完成值, 分值, 得分

INDICATORS: list[Indicator] = [
    ("成本指标", "经济成本指标", "项目成本控制", "≤120万元", "118万元", 20, 20),
    ("产出指标", "数量指标", "培训人数", "≥300人", "366人", 20, 20),
    ("产出指标", "质量指标", "培训合格率", "≥98%", "100%", 20, 20),
    ("效益指标", "社会效益指标", "信访工作质量", "有所提高", "有所提高", 20, 18),
    ("满意度指标", "服务对象满意度指标", "受训学员满意率", "≥95%", "93%", 10, 8.5),
]


@dataclass(frozen=True)
class Project:
    name: str
    initial: float
    full_year: float
    executed: float
    weight: float = 10
    indicators: tuple[Indicator, ...] = tuple(INDICATORS)
    rate_text: str | None = None  # printed 执行率 (default: computed, 2 decimals)
    score_text: str | None = None  # printed 预算执行得分 (default: 分值 × 执行率, 1 decimal)
    total_text: str | None = None  # printed 总分 (default: the sum)

    @property
    def rate(self) -> float:
        return self.executed / self.full_year * 100

    def printed_rate(self, decimals: int = 2) -> str:
        return self.rate_text or f"{self.rate:.{decimals}f}%"

    def printed_score(self) -> str:
        return self.score_text or f"{self.weight * min(self.rate, 100) / 100:.1f}"

    def total(self) -> float:
        return float(self.printed_score()) + sum(item[6] for item in self.indicators)

    def printed_total(self) -> str:
        return self.total_text or f"{self.total():g}"


HUBEI_INDICATORS: list[Indicator] = [
    ("产出指标", "数量指标", "服务职工人次", "≥1.7万人次", "2万人次", 20, 20),
    ("产出指标", "质量指标", "培训合格率", "≥98%", "100%", 20, 20),
    ("效益指标", "社会效益指标", "帮扶困难职工", "有效缓解", "有效缓解", 20, 18),
    ("效益指标", "可持续影响指标", "保障中心正常运行", "可持续", "可持续", 10, 10),
    ("满意度指标", "服务对象满意度指标", "来访职工满意度", "≥90%", "95%", 10, 10),
]
PROJECTS = [  # national layout: 分值 10 for the funds, 90 for the indicators
    Project("信访干部培训专项", 180.61, 180.03, 180.03),
    Project("信息化运行维护", 1638.67, 1639.34, 1032.99, indicators=tuple(INDICATORS[:4]) + (
        ("满意度指标", "服务对象满意度指标", "使用部门满意率", "≥96%", "90%", 10, 9.3),)),
]
HUBEI_PROJECTS = [  # Wuhan layout: 20 for the funds, 80 for the indicators
    Project("职工服务中心运行管理", 91.00, 91.00, 90.97, weight=20, indicators=tuple(HUBEI_INDICATORS)),
    Project("困难职工帮扶", 249.83, 249.83, 205.23, weight=20, indicators=tuple(HUBEI_INDICATORS)),
]


def central_rows(project: Project) -> list[list[str]]:
    rows = [
        ["项目名称", "", project.name, "", "", "", "", "", "", "", ""],
        ["主管部门", "", "[999] 示例局", "", "", "实施单位", "示例局", "", "", "", ""],
        ["项目资金（万元）", "", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "", "得分"],
        ["", "", "年度资金总额：", "", f"{project.initial:.2f}", f"{project.full_year:.2f}", f"{project.executed:.2f}",
         f"{project.weight:.1f}", project.printed_rate(), "", project.printed_score()],
        ["", "", "其中：财政拨款", "", f"{project.initial:.2f}", f"{project.full_year:.2f}", f"{project.executed:.2f}",
         "--", "--", "", "--"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", ""],
    ]
    previous = ("", "")
    for level1, level2, name, target, actual, weight, score in project.indicators:
        shown = (level1 if level1 != previous[0] else "", level2 if (level1, level2) != previous else "")
        previous = (level1, level2)
        reason = "后续拟加强" if score < weight else ""
        rows.append(["", shown[0], shown[1], name, "", target, actual, f"{weight:g}", f"{score:g}", reason, ""])
    rows.append(["总分", "", "", "", "", "", "", "100", project.printed_total(), "", ""])
    return rows


def hubei_rows(project: Project) -> list[list[str]]:
    """One-decimal rate, 20-point funds block announced in the header (seed 000's layout)."""
    rows = [
        ["项目名称", "", project.name, "", "", "", ""],
        [f"预算执行情况（万元）（{project.weight:g}分）", "", "预算数 (A)", "执行数 (B)", "执行率 (B/A)",
         f"得分 ({project.weight:g}分*执行率)", ""],
        ["", "年度财政资金总额", f"{project.full_year:.2f}", f"{project.executed:.2f}", project.printed_rate(1),
         project.score_text or f"{project.weight * min(project.rate, 100) / 100:.2f}", ""],
        ["年度绩效目标（80分）", "一级指标", "二级指标", "三级指标", "年初目标值 (A)", "实际完成值 (B)", "得分"],
    ]
    for level1, level2, name, target, actual, weight, score in project.indicators:
        rows.append(["", level1, level2, f"{name}（{weight:g}分）", target, actual, f"{score:g}"])
    total = project.total_text or f"{float(rows[2][5]) + sum(i[6] for i in project.indicators):g}"
    rows.append(["总分", total, "", "", "", "", ""])
    return rows


def _title(project: Project) -> str:
    return f"{project.name}项目绩效自评表"


def narrative(projects: list[Project], stated: dict[str, dict[str, str]] | None = None) -> list[str]:
    """The 绩效 sentences of the narrative (情况说明), one 综述 per project."""
    lines = ["十一、关于2023年度预算绩效情况说明", "（二）部门决算中项目绩效自评结果"]
    for number, project in enumerate(projects, start=1):
        said = (stated or {}).get(project.name, {})
        lines.append(
            f"{number}.{project.name}项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为"
            f"{said.get('score', project.printed_total())}分。全年预算数为{said.get('budget', f'{project.full_year:.2f}')}万元，"
            f"执行数为{project.executed:.2f}万元，完成预算的{said.get('rate', f'{project.rate:.1f}%')}。"
        )
    return lines


def text_report(projects: list[Project], layout: str = "central", stated: dict[str, dict[str, str]] | None = None) -> str:
    """synthetic.tab_text() with the 绩效 sentences in the narrative and the tables as annex."""
    rows_of = central_rows if layout == "central" else hubei_rows
    lines = synthetic.tab_text().rstrip("\n").split("\n") + narrative(projects, stated) + ["", "第六部分 附件"]
    for project in projects:
        lines += [_title(project), "（2023年度）"] + ["\t".join(row) for row in rows_of(project)] + [""]
    return "\n".join(lines) + "\n"


def xlsx_report(projects: list[Project], layout: str = "central") -> bytes:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(synthetic.xlsx_bytes()))
    rows_of = central_rows if layout == "central" else hubei_rows
    for index, project in enumerate(projects, start=1):
        sheet = workbook.create_sheet(f"绩效{index}")
        sheet.append([_title(project)])
        for row in rows_of(project):
            sheet.append([_number(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(cell: str) -> object:
    try:
        return float(cell) if "." in cell and "%" not in cell else cell
    except ValueError:
        return cell


def pdf_report(projects: list[Project], layout: str = "central") -> bytes:
    """The synthetic report's PDF followed by one ruled page per self-evaluation table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14)
    rows_of = central_rows if layout == "central" else hubei_rows
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4))
    story: list[object] = [Paragraph(f"{synthetic.DEPARTMENT}{synthetic.YEAR}年度部门决算", style), PageBreak()]
    for title, rows in synthetic.table_rows():
        story += [Paragraph(title, style), Paragraph("单位：万元", style)]
        table = Table(rows)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 7),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [table, PageBreak()]
    story += [Paragraph(text, style) for text in synthetic.NARRATIVE]
    for project in projects:
        story += [PageBreak(), Paragraph(_title(project), style), Paragraph("（2023年度）", style)]
        table = Table(rows_of(project))
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 7),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story.append(table)
    document.build(story)
    return buffer.getvalue()


def with_indicator(project: Project, index: int, **changes: object) -> Project:
    """A copy of `project` with indicator `index` changed (keys: target, actual, weight, score)."""
    order = ("level1", "level2", "name", "target", "actual", "weight", "score")
    items = list(project.indicators)
    values = dict(zip(order, items[index]))
    values.update(changes)
    items[index] = tuple(values[key] for key in order)  # type: ignore[assignment]
    return replace(project, indicators=tuple(items))


__all__ = ["Project", "PROJECTS", "HUBEI_PROJECTS", "INDICATORS", "central_rows", "hubei_rows", "text_report", "xlsx_report",
           "pdf_report", "with_indicator", "field"]

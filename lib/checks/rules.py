"""Every consistency rule, documented in one place: id, family, what, why, tolerance.

The rule modules only emit ids listed here (the Emitter looks the family and default
severity up), so this table is the complete, honest list of what `juesuan check` does.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES = {
    "table_identity": "表内勾稽",
    "hierarchy": "科目层级",
    "cross_table": "表间一致",
    "text_vs_table": "文字与表格",
    "text_arithmetic": "文字中的计算",
    "report_identity": "部门与年度",
    "completeness": "完整性",
    "beyond": "其他核对",
    "performance": "绩效自评",
    "engine": "检查程序",
    "ocr": "扫描件识读",
}

ROUNDING = "±0.005 × 参与计算的印刷数字个数 + 0.005（结果本身），范围内为“提示”"
EXACT_TEXT = "文字中的数字按其印刷位数取整误差"


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    title: str
    what: str
    why: str
    tolerance: str = ROUNDING
    severity: str = "error"


_R = [
    # --- table identities: the formulas printed under the tables -------------------------
    Rule("t1.income_sum", "table_identity", "表1 本年收入合计", "第27行 = 第1+…+8行（各项收入之和）",
         "表1 注释印出的公式；合计与明细不符说明有数字填错"),
    Rule("t1.expense_sum", "table_identity", "表1 本年支出合计", "本年支出合计 = 各功能分类“类”支出之和",
         "表1 注释印出的公式（58行 = 32+…+57行）"),
    Rule("t1.grand_total", "table_identity", "表1 总计", "总计 = 本年合计 + 使用非财政拨款结余/结余分配 + 年初/年末结转和结余",
         "表1 注释印出的公式（31行 = 27+28+29行，62行 = 58+59+60行）"),
    Rule("t1.balance", "table_identity", "表1 收支总计平衡", "收入方总计 = 支出方总计", "收支总表两边必须平衡"),
    Rule("t4.income_sum", "table_identity", "表4 本年收入合计", "本年收入合计 = 一般公共预算 + 政府性基金 + 国有资本经营财政拨款",
         "表4 的收入只有三种财政拨款"),
    Rule("t4.carryover_sum", "table_identity", "表4 年初结转和结余", "年初财政拨款结转和结余 = 其下三种财政拨款之和",
         "表4 的结转按三种财政拨款分列"),
    Rule("t4.expense_sum", "table_identity", "表4 本年支出合计", "本年支出合计 = 各“类”支出之和（每一栏）",
         "表4 注释印出的公式"),
    Rule("t4.row_sum", "table_identity", "表4 支出各栏", "合计栏 = 一般公共预算 + 政府性基金 + 国有资本经营三栏",
         "表4 每一行的合计是三种财政拨款之和"),
    Rule("t4.grand_total", "table_identity", "表4 总计", "总计 = 本年合计 + 年初（年末）财政拨款结转和结余",
         "表4 注释印出的公式"),
    Rule("t4.balance", "table_identity", "表4 收支总计平衡", "收入方总计 = 支出方总计", "收支总表两边必须平衡"),
    Rule("t2.row_sum", "table_identity", "表2 各行", "第1栏 = 第2+…+7栏（本年收入合计 = 各项收入）", "表2 注释印出的公式"),
    Rule("t3.row_sum", "table_identity", "表3 各行", "第1栏 = 第2+…+6栏（本年支出合计 = 基本 + 项目 + …）", "表3 注释印出的公式"),
    Rule("t5.row_sum", "table_identity", "表5 各行", "第1栏 = 第2+3栏（合计 = 基本支出 + 项目支出）", "表5 注释印出的公式"),
    Rule("t7.row_balance", "table_identity", "表7 结转", "第6栏 = 第1+2−3栏（年末结转 = 年初结转 + 本年收入 − 本年支出）",
         "表7 注释印出的公式"),
    Rule("t7.row_sum", "table_identity", "表7 支出", "第3栏 = 第4+5栏（本年支出 = 基本 + 项目）", "表7 注释印出的公式"),
    Rule("t8.row_sum", "table_identity", "表8 支出", "第1栏 = 第2+3栏（合计 = 基本 + 项目）", "表8 注释印出的公式"),
    Rule("t9.sum", "table_identity", "表9 三公合计", "1 = 2+3+6，3 = 4+5，7 = 8+9+12，9 = 10+11", "表9 注释印出的公式"),
    # --- hierarchy --------------------------------------------------------------------------
    Rule("hier.class_sum", "hierarchy", "类 = Σ款", "每个“类”的金额 = 其下各“款”之和（表2/3/5/7/8，每一栏）",
         "功能分类逐级汇总"),
    Rule("hier.kuan_sum", "hierarchy", "款 = Σ项", "每个“款”的金额 = 其下各“项”之和", "功能分类逐级汇总"),
    Rule("hier.total_sum", "hierarchy", "合计 = Σ类", "合计行 = 各“类”之和", "合计只能来自各类"),
    Rule("hier.orphan", "hierarchy", "科目缺上级", "“款”“项”应有所属的“类”“款”行", "缺行会让汇总对不上", severity="warning"),
    Rule("t6.class_sum", "hierarchy", "表6 类 = Σ款", "表6 每个经济分类“类”（301/302/303/310…）= 其下各“款”之和",
         "经济分类逐级汇总"),
    Rule("t6.group_total", "hierarchy", "表6 人员/公用经费合计", "人员经费合计 = 人员经费各类之和；公用经费合计同理",
         "表6 的两个合计来自其下各类"),
    Rule("t6.basic_match", "hierarchy", "表6 与表5 基本支出", "人员经费合计 + 公用经费合计 = 表5 基本支出合计",
         "表6 是表5 基本支出的经济分类明细"),
    # --- cross-table ----------------------------------------------------------------------
    Rule("x.t1_t2", "cross_table", "表1 与表2 收入", "表1 本年收入合计及各收入来源 = 表2 合计行对应栏", "两张表反映同一笔收入"),
    Rule("x.t1_t3", "cross_table", "表1 与表3 支出", "表1 本年支出合计及各“类” = 表3 合计及同一“类”", "两张表反映同一笔支出"),
    Rule("x.t4_t5", "cross_table", "表4 与表5", "表4 一般公共预算财政拨款支出（合计及各类）= 表5", "表5 是表4 一般公共预算部分的明细"),
    Rule("x.t4_t7", "cross_table", "表4 与表7", "表4 政府性基金预算财政拨款支出 = 表7 本年支出", "表7 是表4 基金部分的明细"),
    Rule("x.t1_t4", "cross_table", "表1 与表4", "表4 财政拨款收入 ≤ 表1 财政拨款收入；表4 结转 ≤ 表1 结转", "财政拨款是全部收支的一部分"),
    Rule("x.code_amounts", "cross_table", "同一科目金额", "同一科目编码在表3 与表5 中：表5 ≤ 表3；两表合计相同时应逐项相等",
         "按科目编码而不只按合计核对"),
    Rule("x.code_names", "cross_table", "同一科目名称", "同一科目编码在表2/3/5 中名称相同", "名称不同说明抄错了科目",
         tolerance="名称去掉空格和括号后比较", severity="warning"),
    Rule("x.code_presence", "cross_table", "科目只出现在一张表", "表5 的科目应出现在表3；表2 与表3 的科目应一致",
         "表5 是表3 的一部分", tolerance="无", severity="warning"),
    Rule("x.t6_sangong", "cross_table", "表6 与表9 三公", "表6 的30212/30217/30231/31013 ≤ 表9 对应决算数",
         "表6 只是基本支出部分，不能超过三公经费总额"),
    # --- report identity / completeness -----------------------------------------------------
    Rule("id.department", "report_identity", "部门名称一致", "封面、表头、情况说明中的部门名称一致",
         "名称不一致可能是套用了别的单位的报告", tolerance="一个名称包含另一个时视为一致", severity="warning"),
    Rule("id.year", "report_identity", "年度一致", "各表表题中的年度与报告年度相同", "年度写错说明套用了旧表",
         tolerance="无"),
    Rule("id.placeholder", "report_identity", "占位符", "文字或表格中残留“XX”“XXX”等占位符", "未替换的模板文字",
         tolerance="无", severity="warning"),
    Rule("comp.missing_table", "completeness", "缺表", "九张表是否都公开了", "部门决算应公开九张表", tolerance="无"),
    Rule("comp.empty_statement", "completeness", "空表说明", "空的表7/表8/表9 应注明“无…故本表无数据”",
         "空表必须说明原因", tolerance="无", severity="warning"),
    Rule("comp.missing_row", "completeness", "缺行", "表1/表4 的本年收入合计、本年支出合计、年初/年末结转和结余、总计，"
         "以及有金额的表2/3/5/7/8 的合计行都应读到", "缺行时依赖它的核对不能进行，也不能把它当作 0",
         tolerance="无", severity="reading_doubt"),
    Rule("comp.template", "completeness", "未填写的模板", "报告的表格中没有任何金额，只有占位符", "这是模板不是决算",
         tolerance="无"),
    # --- narrative ---------------------------------------------------------------------------
    Rule("text.amount", "text_vs_table", "文字金额与表格", "情况说明中陈述的金额（总计、收入来源、基本/项目、各类、人员/公用、三公）= 表中对应数字",
         "文字和表格说的是同一笔钱", tolerance=EXACT_TEXT + "；文字只写一位小数时容差 0.05"),
    Rule("text.budget_sum", "text_vs_table", "分项年初预算之和", "各项目年初预算之和 = 文字给出的年初预算总数",
         "分项之和应等于总数"),
    Rule("text.percent", "text_arithmetic", "百分比", "文字中的占比、完成率按文字中的数字重算", "百分比应由所述数字算出",
         tolerance="按印刷位数的半个单位，再加上金额取整带来的误差"),
    Rule("text.yoy", "text_arithmetic", "同比增减", "增减额 = 本年 − 上年；增减率 = 增减额 ÷ 上年（不是 ÷ 本年）",
         "常见错误是除以了本年数"),
    Rule("text.direction", "text_arithmetic", "增减方向", "“增加/减少/持平/大于/小于/等于”与数字一致", "方向词说反了会误导读者"),
    Rule("text.zero_base", "text_arithmetic", "零基数的比率", "上年或预算为 0 时不能算增长率或完成率", "除以零没有意义",
         tolerance="无", severity="warning"),
    Rule("text.facts", "engine", "情况说明事实", "情况说明中的事实能否提取", "文字核对依赖提取的事实", tolerance="无",
         severity="not_checked"),
    # --- beyond the peers --------------------------------------------------------------------
    Rule("bx.procurement", "beyond", "政府采购构成", "政府采购货物 + 工程 + 服务 = 政府采购支出总额", "分项之和应等于总额"),
    Rule("bx.running_cost", "beyond", "机关运行经费", "机关运行经费不应超过表6 公用经费合计太多", "机关运行经费是公用经费口径",
         tolerance="超过公用经费合计即提示", severity="warning"),
    Rule("bx.sangong_counts", "beyond", "三公数量披露", "有三公经费支出时应说明出国团组/车辆/接待批次等数量", "公开要求",
         tolerance="无", severity="warning"),
    Rule("bx.unit", "beyond", "元/万元混淆", "以“元”陈述的金额换算为万元后应与表格一致", "单位写错差一万倍", tolerance="0.01 万元"),
    Rule("bx.unit_scale", "beyond", "金额数量级", "表格金额约为情况说明所述（或应相等的另一张表）的 1 万倍",
         "表格单位实为“元”却标“万元”时，表与表仍然相符，只有文字和其他表能看出",
         tolerance="比值在 10,000 的 ±1% 以内，且多数关键金额如此", severity="warning"),
    # --- 绩效自评表 (lib/checks/performance.py) ------------------------------------------------
    Rule("perf.rate", "performance", "绩效自评执行率", "执行率 = 全年执行数 ÷ 全年预算数（表头写明时 ÷ 年初预算数）",
         "执行率应由表中金额算出", tolerance="印刷位数的半个单位加金额取整的影响；截尾或取整后补零为“提示”"),
    Rule("perf.fund_score", "performance", "预算执行得分", "预算执行得分 = 分值 × 执行率（不超过分值）",
         "得分应按表头的计分办法算出", tolerance="按印刷位数；超支扣分的算法为“提示”", severity="warning"),
    Rule("perf.total", "performance", "自评总分", "总分 = 预算执行得分 + 各指标得分，且不超过 100",
         "总分应是各项得分之和"),
    Rule("perf.indicator_score", "performance", "指标得分", "每项指标的得分不超过其分值", "得分不能超过分值"),
    Rule("perf.full_score_missed", "performance", "未达目标却满分", "实际完成值未达到年度指标值时不应得满分",
         "满分意味着目标已完成", tolerance="只比较同一单位的单个数字", severity="warning"),
    Rule("perf.text", "performance", "绩效文字与自评表", "情况说明中的项目预算数、执行数、执行率、自评得分 = 自评表",
         "文字和表格说的是同一个项目", tolerance=EXACT_TEXT),
    # --- scanned reports (OCR) ----------------------------------------------------------------
    Rule("ocr.read", "ocr", "扫描件经文字识别", "报告没有文字层，文字和金额由文字识别读出；每个金额都用勾稽关系核对",
         "识别可能出错，结论应以核对过的数字为准", tolerance="无", severity="info"),
    Rule("ocr.digit", "ocr", "识别读数存疑（可更正一位数字）", "一个金额与多条勾稽关系矛盾，改动其中一位数字后全部成立",
         "很可能是识别错了一位数字，而不是报告写错", tolerance="无", severity="reading_doubt"),
    Rule("ocr.unreadable", "ocr", "识别读数无法确认", "一个金额与勾稽关系矛盾，且没有其他关系能证实它",
         "无法区分识别错误与报告错误，按无法识读处理", tolerance="无", severity="reading_doubt"),
    Rule("ocr.unchecked", "ocr", "识别读数无从核对", "没有任何勾稽关系涉及的金额", "这些数字只能对照原件核实",
         tolerance="无", severity="reading_doubt"),
    Rule("engine.crash", "engine", "检查程序出错", "某条规则执行时出错", "不应把出错当作通过", tolerance="无",
         severity="not_checked"),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _R}


def rules_table() -> list[dict[str, str]]:
    """The registry as rows (for documentation and the app's 一致性检查 page)."""
    return [
        {"id": r.id, "family": r.family, "family_label": FAMILIES[r.family], "title": r.title, "what": r.what,
         "why": r.why, "tolerance": r.tolerance, "severity": r.severity}
        for r in _R
    ]

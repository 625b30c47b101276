"""Hand-read 绩效自评表 of the corpus (../shared/corpus), for test assertions.

Read from the documents (seed line numbers "L", 1-based PDF pages "p"), not with the parser.
One tuple per self-evaluation, in document order:
(kind, source, name, budget, executed, rate as printed, funds score, total score, indicator rows, page, line)
kind: overall = 部门整体支出, project = 项目; source: table = 自评表, summary = 绩效自评结果 (sentences).
budget = 全年预算数 (or 预算数); amounts in 万元 as printed (seed 004 prints 元, converted here).
"""

PERFORMANCE = {
    "000_f138fc5b8c380ba3.txt": [
        ("overall", "table", "部门整体支出", 249.83, 205.23, "82.2%", 16.43, 96.43, 14, 1, 564),  # L564–L598
        ("project", "table", "职工服务中心运行管理", 91.00, 90.97, "100.0%", 19.99, 97.99, 9, 1, 600),  # L600; L614 score cut off
    ],
    "001_26eecacb94f69307.txt": [
        ("overall", "table", "部门整体支出", 380.56, 533.26, "140.13%", 11.97, None, 0, 1, 1379),  # flattened, L1413
        ("overall", "summary", "部门整体支出", 380.56, 533.26, "140.1%", 11.97, 91.97, 0, 1, 2662),
        ("project", "summary", "工会活动", 35.24, 34.74, "98.6%", 19.72, 99.72, 0, 1, 2826),
        ("project", "summary", "职工服务中心", 27.4, 17.4, "63.5%", 12.7, 92.7, 0, 1, 2898),
        ("project", "summary", "行政事业单位缴纳残保金", 1.38, 1.38, "100.0%", 20, 100, 0, 1, 2974),
        ("project", "summary", "精准扶贫", 5, 5, "100.0%", 20, 100, 0, 1, 3024),
        ("project", "summary", "代扣行政事业单位工会经费", 0, 120, "0.0%", 0, 80, 0, 1, 3084),  # title over 2 lines
    ],
    "002_07b422fef52514ef.txt": [
        ("overall", "table", "部门整体支出", 15448.27, 12341.98, "80%", 16, 93, 75, 1, 658),
        ("project", "table", "党员培训教育经费", 2.35, 2.34, "99%", 20, 95, 6, 1, 768),
        ("project", "table", "就业补助资金", 10608, 7908.22, "75.00%", 15, 95, 8, 1, 801),
        ("project", "table", "行政事业单位改革及人员考录考察考核培训、人才引进考察调配、职称评审经费", 85, 73.47, "86%", 17, 92, 14, 1, 838),
        ("project", "table", "就业管理经费", 776, 612.8, "79.00%", 16, 96, 14, 1, 880),  # L907 has no score
        ("project", "table", "社会保险经办机构", 445, 440.3, "99%", 20, 100, 36, 1, 922),
        ("project", "table", "劳动维权工作经费", 264, 246.65, "93%", 19, 89, 11, 1, 988),
        ("project", "table", "人力资源服务费", 225, 212.96, "95.00%", 19, 99, 5, 1, 1027),
        ("project", "table", "电话咨询劳务外包服务费", 50, 29.62, "59%", 12, 92, 8, 1, 1062),
        ("project", "table", "支农返汉", 4.836, 3.228, "67%", 14, 94, 7, 1, 1098),
        ("project", "table", "三支一扶公开招募及上级补助资金发放", 425.3, 294.8, "69.00%", 14, 94, 5, 1, 1133),
        ("project", "table", "职教幼教退休教师待遇上级补助", 395, 395, "100%", 20, 100, 5, 1, 1167),
    ],
    "003_7b047703dfb923be.txt": [
        ("project", "table", "困难职工帮扶", 10, 10, "100%", 20, 100, 3, 1, 806),
        ("project", "table", "劳模经费", 10, 10, "100%", 20, 100, 2, 1, 836),
        ("project", "table", "劳模慰问", 3, 3, "100%", 20, 100, 2, 1, 868),
    ],
    "004_c7ae50d7beaa4f6f.txt": [
        # 元 in the table: 898387.57 / 830156.47 元; rate printed without % (92.4)
        ("overall", "table", "部门整体支出", 89.838757, 83.015647, "92.4", 9.24, 95.12, 21, 1, 1199),
    ],
    "国家信访局2024年度部门决算.pdf": [
        ("project", "table", "信访干部培训专项", 180.03, 180.03, "100.00%", 10, 98, 10, 30, 1),
        ("project", "table", "信访研究宣传立法专项", 536.2, 413.57, "77.13%", 7.7, 94.7, 10, 32, 1),
        ("project", "table", "资产运行维护", 120.00, 120.00, "100%", 10, 98, 9, 34, 1),
        ("project", "table", "信息化运行维护", 1639.34, 1032.99, "63.01%", 6.3, 90.5, 8, 35, 1),
    ],
    "上海市普陀区财政局2024年度部门决算.pdf": [],
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf": [],
}

# 国家信访局: 年初预算数 and the 资金来源 rows (财政拨款, 上年结转) as printed
XINFANG_INITIAL = {"信访干部培训专项": 180.61, "信访研究宣传立法专项": 493.76, "资产运行维护": 120.00, "信息化运行维护": 1638.67}
XINFANG_FISCAL = {"信访干部培训专项": (140.61, 140.61), "信访研究宣传立法专项": (473.76, 351.13),
                  "资产运行维护": (120.00, 120.00), "信息化运行维护": (1357.67, 751.32)}

# perf findings (rule, severity, (page, line) of the first place, expected, actual) that are not 提示
FINDINGS = {
    "000_f138fc5b8c380ba3.txt": [("perf.text", "error", (1, 491), 82.15, 82.3)],  # 82.3 % text, 82.2 % table, 82.15 %
    "001_26eecacb94f69307.txt": [("perf.rate", "warning", (1, 3100), None, "0.0%")],  # 全年预算数 0, 执行数 120
    "002_07b422fef52514ef.txt": [],
    "003_7b047703dfb923be.txt": [],
    "004_c7ae50d7beaa4f6f.txt": [],
    "国家信访局2024年度部门决算.pdf": [
        ("perf.text", "error", (28, 15), 90.5, 88.5),  # 信息化运行维护: text 88.5 分, table 90.5
        ("perf.rate", "warning", (30, 7), 100.0, 0.0),  # 其中：财政拨款 printed 0.0%
        ("perf.rate", "warning", (32, 7), 74.12, 0.0),
        ("perf.rate", "warning", (34, 7), 100.0, 0.0),
        ("perf.rate", "warning", (35, 7), 55.34, 0.0),
    ],
}

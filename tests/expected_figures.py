"""Hand-read key figures of the corpus reports (../shared/corpus), for test assertions.

Read by hand from the documents, not with the project's parser.

Conventions
-----------
* Amounts are in 万元, as printed (thousands separators dropped), as floats.
* None  = the report does not print this figure at all.
* 0.0   = the table is present but the cell / the whole body is empty (or printed 0.00).
* Comments "L123" give line numbers (1-based) in the seed text export;
  "p12" gives the 1-based PDF page (as in pdfplumber ``pdf.pages[11]``), not the
  page number printed on the page.
* Table keys t1..t9 follow the Hubei/central numbering by CONTENT:
  t1 收入支出决算总表, t2 收入决算表, t3 支出决算表, t4 财政拨款收入支出决算总表,
  t5 一般公共预算财政拨款支出决算表, t6 一般公共预算财政拨款基本支出决算(明细)表,
  t7 政府性基金预算财政拨款收入支出决算表, t8 国有资本经营预算财政拨款(收入)支出决算表,
  t9 财政拨款"三公"经费支出决算表.
  (The Shanghai PDFs print 三公 as their 7th table and 基金/国资 as 8th/9th;
  国家信访局's contents list does the same but its tables are coded 公开07=基金,
  公开08=国资, 公开09=三公.)
* t9_detail keys: abroad=因公出国（境）费, vehicle=公务用车购置及运行维护费(小计),
  vehicle_purchase=公务用车购置费, vehicle_operation=公务用车运行维护费,
  reception=公务接待费; each {"budget": 预算数, "final": 决算数}.
* counts: number of 类 (3-digit) / 款 (5-digit) / 项 (7-digit) rows, 合计 excluded.
* narrative.execution_items: the items listed under "一般公共预算财政拨款支出决算具体情况",
  in printed order. "budget" is the 年初预算 unless "budget_kind" says 全年预算;
  "rate" is the completion % as printed (None when the report prints none).
* errors_noticed: inconsistencies noticed while reading; "(rounding)" marks
  differences of 0.01 that are only tail-rounding between tables.
"""

EXPECTED = {
    # ------------------------------------------------------------------
    # Seed 000: tab-separated export, "(表N)" titles, HTML cells in the annex.
    # ------------------------------------------------------------------
    "000_f138fc5b8c380ba3.txt": {
        "department": "武汉经济技术开发区（汉南区）职工服务中心",  # L86 "部门：…"
        "year": 2022,  # L84 "2022年度收入支出决算总表（表1）"
        "unit": "万元",  # L88
        "income_total": 205.23,  # t1 L119 本年收入合计
        "expense_total": 205.23,  # t1 L119 本年支出合计
        "grand_total": 205.23,  # t1 L123 总计
        "carryover_begin": 0.0,  # t1 L121 年初结转和结余 (empty cell)
        "carryover_end": 0.0,  # t1 L121 年末结转和结余 (empty cell)
        "fiscal_income": 205.23,  # t2 L140 合计 / 财政拨款收入
        "basic_expense": 114.26,  # t3 L172 合计 / 基本支出
        "project_expense": 90.97,  # t3 L172 合计 / 项目支出
        "gpb_expense": 205.23,  # t5 L251 合计 小计
        "personnel_expense": 107.45,  # t6 L311 人员经费合计
        "public_expense": 6.82,  # t6 L311 公用经费合计
        "sangong_budget": 0.0,  # t9 L353-356 header only, no data row; L363 "无…三公经费支出"
        "sangong_final": 0.0,  # t9 idem
        "expense_by_class": {  # t3 本年支出合计 of the 类 rows
            "201": 166.30,  # L173
            "208": 19.86,  # L177
            "210": 10.53,  # L183
            "221": 8.54,  # L187
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t7 L315-328, t8 L330-345 and t9 L347-363 have title + header, empty body.
        "t9_detail": {  # t9 L353-356: empty table
            "abroad": {"budget": 0.0, "final": 0.0},
            "vehicle": {"budget": 0.0, "final": 0.0},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},
            "vehicle_operation": {"budget": 0.0, "final": 0.0},
            "reception": {"budget": 0.0, "final": 0.0},
        },
        "t6_groups": {
            "301": 92.44,  # L282
            "302": 6.82,  # L282
            "303": 15.01,  # L296
            "310": 0.0,  # L282 (empty cell)
        },
        "t4": {
            "income_total": 205.23,  # L231 本年收入合计
            "expense_total": 205.23,  # L231 本年支出合计
            "grand_total": 205.23,  # L236 总计
            "gpb": 205.23,  # L205 一、一般公共预算财政拨款
            "carryover_begin": 0.0,  # L232 (empty)
            "carryover_end": 0.0,  # L232 (empty)
        },
        "counts": {
            "t3": {"lei": 4, "kuan": 5, "xiang": 8},  # L173-189
            "t5": {"lei": 4, "kuan": 5, "xiang": 8},  # L252-268
        },
        "narrative": {
            # L369: "收、支总计 205.23 …各增加 77.76 万元，增长 37.9%" -> only the change is
            # stated; prior = 205.23 - 77.76 (computed).
            "prior_year_total": 127.47,
            "total_change": 77.76,  # L369
            "total_growth_pct": 37.9,  # L369 (as printed; wrong, see errors)
            "gpb_initial_budget": 187.77,  # L427 年初预算
            "gpb_full_year_budget": 249.83,  # L427 全年预算
            "gpb_final": 205.23,  # L427
            "gpb_rate": 109.3,  # L427 完成年初预算的 109.3%
            "execution_items": [  # L429-447, 8 items
                {"subject": "事业运行", "budget": 97.73, "full_year_budget": 168.19, "final": 145.33, "rate": 148.7},  # L429
                {"subject": "其他群众团体事务支出", "budget": 30.0, "full_year_budget": 21.0, "final": 20.97, "rate": 69.9},  # L431-433
                {"subject": "事业单位离退休", "budget": 16.14, "full_year_budget": None, "final": 13.24, "rate": 82.0},  # L435
                {"subject": "机关事业单位基本养老保险缴费支出", "budget": 5.59, "full_year_budget": 5.89, "final": 5.82, "rate": 104.1},  # L437
                {"subject": "其他社会保障和就业支出", "budget": 0.45, "full_year_budget": 1.05, "final": 0.8, "rate": 177.8},  # L439
                {"subject": "事业单位医疗", "budget": 4.31, "full_year_budget": None, "final": 4.31, "rate": 100.0},  # L441
                {"subject": "公务员医疗补助", "budget": 21.25, "full_year_budget": None, "final": 6.22, "rate": 29.3},  # L443-445
                {"subject": "住房公积金", "budget": 9.52, "full_year_budget": None, "final": 8.54, "rate": 89.7},  # L447
            ],
        },
        "errors_noticed": [
            "L369/L395/L409: growth 37.9% = 77.76/205.23 (divided by the CURRENT year); vs prior 127.47 it is 61.0%",
            "L491: 整体支出 预算执行率 82.3%, but 205.23/249.83 = 82.15% (annex L569/L588 print 82.2%)",
            "L588: annex calls 249.83 the 年初预算 (L427: 年初 187.77, 全年 249.83) and gives 执行 205.24 vs 205.23 in the tables",
            "L429-447 vs L427: the 8 items' 年初预算 sum to 184.99, not the stated total 187.77",
            "t6 L311: 人员 107.45 + 公用 6.82 = 114.27 vs 基本支出 114.26 (rounding)",
        ],
    },
    # ------------------------------------------------------------------
    # Seed 001: flattened PDF text, single spaces between cells, empty cells vanish.
    # Columns resolved with the arithmetic (col 1 = sum of the others):
    #   t3/t5 合计 533.26 = 354.74 + 178.52; 基本 354.74 = 269.02 (201) + 32.09 (208)
    #   + 31.41 (210) + 22.22 (221); 项目 178.52 = 172.14 (201) + 1.38 (208) + 5.00 (213).
    #   So two-number rows of 210/221/20805/20808 are 基本支出, 213/20811 rows are 项目支出.
    #   t6 L673 "302 商品和服务支出 310 资本性支出" has no numbers -> both empty;
    #   L784 "公用经费合计" has no number -> 0.0 (narrative L1229 says 公用经费 0 万元).
    # ------------------------------------------------------------------
    "001_26eecacb94f69307.txt": {
        "department": "武汉市汉阳区总工会",  # L96 "部门 ：武汉市汉阳区总工会"
        "year": 2022,  # L95
        "unit": "万元",  # L96
        "income_total": 533.26,  # t1 L155
        "expense_total": 533.26,  # t1 L155
        "grand_total": 533.26,  # t1 L163
        "carryover_begin": 0.0,  # t1 L159 (no number)
        "carryover_end": 0.0,  # t1 L159 (no number)
        "fiscal_income": 533.26,  # t2 L223 "合计 533.26 533.26"
        "basic_expense": 354.74,  # t3 L325
        "project_expense": 178.52,  # t3 L325
        "gpb_expense": 533.26,  # t5 L576
        "personnel_expense": 354.74,  # t6 L784 人员经费合计
        "public_expense": 0.0,  # t6 L784 公用经费合计 (no number)
        "sangong_budget": 0.0,  # t9 L857-949 header only; L947 "故本表无数据"
        "sangong_final": 0.0,
        "expense_by_class": {
            "201": 441.16,  # L327
            "208": 33.47,  # L335
            "210": 31.41,  # L353
            "213": 5.00,  # L361
            "221": 22.22,  # L367
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t7 L788-831, t8 L835-855, t9 L857-949: title + header, no data.
        "t9_detail": {
            "abroad": {"budget": 0.0, "final": 0.0},
            "vehicle": {"budget": 0.0, "final": 0.0},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},
            "vehicle_operation": {"budget": 0.0, "final": 0.0},
            "reception": {"budget": 0.0, "final": 0.0},
        },
        "t6_groups": {
            "301": 308.94,  # L673
            "302": 0.0,  # L673 (no number)
            "303": 45.80,  # L733-737
            "310": 0.0,  # L673 (no number)
        },
        "t4": {
            "income_total": 533.26,  # L527
            "expense_total": 533.26,  # L527 "本年支出合计 59 533.26 533.26"
            "grand_total": 533.26,  # L552
            "gpb": 533.26,  # L434-437
            "carryover_begin": 0.0,  # L529-532 (no number)
            "carryover_end": 0.0,  # L532 (no number)
        },
        "counts": {
            "t3": {"lei": 5, "kuan": 7, "xiang": 9},  # L327-371
            "t5": {"lei": 5, "kuan": 7, "xiang": 9},  # L578-618
        },
        "narrative": {
            # L959-961: "收、支总计 533.26 …各增加 61.42 万元，增长 13.0%"; prior computed.
            "prior_year_total": 471.84,
            "total_change": 61.42,
            "total_growth_pct": 13.0,
            "gpb_initial_budget": 380.56,  # L1079-1081
            "gpb_full_year_budget": None,
            "gpb_final": 533.26,  # L1081
            "gpb_rate": 140.1,  # L1083
            "execution_items": [  # L1137-1211, 9 items
                {"subject": "行政运行", "budget": 263.97, "final": 269.02, "rate": 101.9},  # L1137-1141
                {"subject": "一般行政管理事务", "budget": 62.64, "final": 172.14, "rate": 274.8},  # L1145-1149
                {"subject": "机关事业单位基本养老保险缴费支出", "budget": 15.36, "final": 15.36, "rate": 100.0},  # L1159-1165
                {"subject": "死亡抚恤", "budget": 0.0, "final": 16.73, "rate": 0.0},  # L1167-1171
                {"subject": "其他残疾人事业支出", "budget": 1.38, "final": 1.38, "rate": 100.0},  # L1175-1179
                {"subject": "行政单位医疗", "budget": 7.61, "final": 7.61, "rate": 100.0},  # L1181-1185
                {"subject": "公务员医疗补助", "budget": 24.6, "final": 23.8, "rate": 96.8},  # L1187-1191
                {"subject": "其他巩固脱贫衔接乡村振兴支出", "budget": 5.0, "final": 5.0, "rate": 100.0},  # L1199-1203
                {"subject": "购房补贴", "budget": 0.0, "final": 22.22, "rate": 0.0},  # L1205-1209
            ],
        },
        "errors_noticed": [
            "L1189-1191: 公务员医疗补助 23.8/24.6 = 96.75% (96.748), printed 96.8%",
            "L1169-1171, L1207-1209: 年初预算 0 but completion printed as 0.0% (rate undefined)",
            "L2398-2400: 代扣工会经费 project budget 0, executed 120, printed 完成预算的 0.0%",
            "L1413: 整体自评 得分 11.97 does not follow from '20分*执行率' with 执行率 140.13%",
            "L1257-1259: 三公 budget 0 and final 0 printed as 完成预算的 100.0%",
        ],
    },
    # ------------------------------------------------------------------
    # Seed 002: tab-separated, thousands separators; in t3 the code/name sit in the
    # 类/款 columns (cells shifted), t5 has extra empty 国防 rows.
    # ------------------------------------------------------------------
    "002_07b422fef52514ef.txt": {
        "department": "武汉市东西湖区人力资源和社会保障局",  # L65 "部门：…" (cover: 区人社局)
        "year": 2022,  # L63
        "unit": "万元",  # L67
        "income_total": 12341.98,  # t1 L98
        "expense_total": 12341.98,  # t1 L98
        "grand_total": 12931.30,  # t1 L102
        "carryover_begin": 589.32,  # t1 L100
        "carryover_end": 589.32,  # t1 L100
        "fiscal_income": 12341.99,  # t2 L116 合计 (t1 prints 12,341.98)
        "basic_expense": 1568.60,  # t3 L158
        "project_expense": 10773.39,  # t3 L158
        "gpb_expense": 12341.99,  # t5 L251
        "personnel_expense": 1369.67,  # t6 L324
        "public_expense": 198.94,  # t6 L324
        "sangong_budget": 2.00,  # t9 L359 col 1
        "sangong_final": 0.35,  # t9 L359 col 7
        "expense_by_class": {
            "205": 395.00,  # L159
            "208": 11596.64,  # L162
            "210": 202.86,  # L179
            "221": 147.49,  # L186
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t7 L328-338, t8 L340-349 empty bodies; t9 L351-361 has data.
        "t9_detail": {  # L359: "2.00 _ _ _ _ 2.00 | 0.35 _ _ _ _ 0.35"
            "abroad": {"budget": 0.0, "final": 0.0},
            "vehicle": {"budget": 0.0, "final": 0.0},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},
            "vehicle_operation": {"budget": 0.0, "final": 0.0},
            "reception": {"budget": 2.00, "final": 0.35},
        },
        "t6_groups": {
            "301": 1276.69,  # L296
            "302": 196.16,  # L296
            "303": 92.98,  # L310
            "310": 2.78,  # L296
        },
        "t4": {
            "income_total": 12341.98,  # L229
            "expense_total": 12341.98,  # L229
            "grand_total": 12476.45,  # L234
            "gpb": 12341.98,  # L203
            "carryover_begin": 134.47,  # L230
            "carryover_end": 134.47,  # L230
        },
        "counts": {
            "t3": {"lei": 4, "kuan": 8, "xiang": 19},  # L159-189
            # t5 L252-285 also lists 203 国防支出 / 20306 / 2030699 with no amounts
            "t5": {"lei": 5, "kuan": 9, "xiang": 20},
        },
        "narrative": {
            # L367: "收入总计 12341.98 …收入增加 8946.48 万元，增长 263.48%，支出增加 8940.08，
            # 增长 262.8%" (the "总计" here is really 本年合计). Prior computed on the
            # income side: 12341.98 - 8946.48; expense side gives 3401.90.
            "prior_year_total": 3395.50,
            "prior_year_expense_total": 3401.90,  # 12341.98 - 8940.08 (computed)
            "total_change": 8946.48,
            "total_growth_pct": 263.48,
            "gpb_initial_budget": 15448.27,  # L424
            "gpb_full_year_budget": None,
            "gpb_final": 12341.98,  # L424
            "gpb_rate": 79.89,  # L424
            "execution_items": [  # L428: a single item
                {"subject": "行政运行", "budget": 1700.55, "final": 1673.43, "rate": 98.41},
            ],
        },
        "errors_noticed": [
            "L436/L438: text says 人员经费 449.17 and 公用经费 1119.43, t6 L324 says 1,369.67 and 198.94",
            "L414: 社会保障和就业支出 11592.63 (93.93%) vs tables 11,596.63 (t1 L79) / 11,596.64 (t3 L162) = 93.96%",
            "L367/L385 vs L394/L408: expenditure increase 8940.08 (262.8%) vs 8946.48 (263.48%) for the same 12341.98",
            "L367/L376/L394: '收入总计/支出总计 12341.98' is 本年合计; t1 总计 is 12,931.30 (L102), t4 总计 12,476.45 (L234)",
            "L500: 整体支出自评 '资金 10219.39 万元' is the 11 projects' total, while L506 uses 12341.98",
            "L813: annex 就业资金 执行率 75.00% vs 7908.22/10608 = 74.55% (text L550)",
            "L147 vs L189/L285: 2210202 named 房租补贴 in t2 but 提租补贴 in t3/t5",
            "t5 L252-254: rows 203/20306/2030699 (国防) printed with no amounts, absent from t3",
            "t1 L98 12,341.98 vs t2/t3/t5 合计 12,341.99; t1 208 11,596.63 vs t3 11,596.64 (rounding)",
        ],
    },
    # ------------------------------------------------------------------
    # Seed 003: tab-separated, tables titled "一、收入支出决算总表" (no 表N),
    # department printed as "单位：新洲区总工会".
    # ------------------------------------------------------------------
    "003_7b047703dfb923be.txt": {
        "department": "新洲区总工会",  # L78 "单位：新洲区总工会" (annex: 武汉市新洲区总工会)
        "year": 2023,  # L3, L74
        "unit": "万元",  # L80
        "income_total": 673.16,  # t1 L110
        "expense_total": 673.16,  # t1 L110
        "grand_total": 673.16,  # t1 L114
        "carryover_begin": 0.0,  # t1 L112 (empty)
        "carryover_end": 0.0,  # t1 L112 (empty)
        "fiscal_income": 673.16,  # t2 L133
        "basic_expense": 650.16,  # t3 L162
        "project_expense": 23.00,  # t3 L162
        "gpb_expense": 673.16,  # t5 L241
        "personnel_expense": 586.77,  # t6 L297
        "public_expense": 63.39,  # t6 L297
        "sangong_budget": 0.0,  # t9 L341-344 header only; L351 无三公经费支出
        "sangong_final": 0.0,
        "expense_by_class": {
            "201": 531.09,  # L163
            "208": 63.78,  # L167
            "210": 32.15,  # L170
            "221": 46.15,  # L173 (t1 L102 prints 46.14)
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t7 L301-316, t8 L318-333, t9 L335-351: title + header, empty body.
        "t9_detail": {
            "abroad": {"budget": 0.0, "final": 0.0},
            "vehicle": {"budget": 0.0, "final": 0.0},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},
            "vehicle_operation": {"budget": 0.0, "final": 0.0},
            "reception": {"budget": 0.0, "final": 0.0},
        },
        "t6_groups": {
            "301": 497.51,  # L269
            "302": 63.39,  # L269
            "303": 89.26,  # L283
            "310": 0.0,  # L269 (empty)
        },
        "t4": {
            "income_total": 673.16,  # L218
            "expense_total": 673.16,  # L218
            "grand_total": 673.16,  # L223
            "gpb": 673.16,  # L192
            "carryover_begin": 0.0,  # L219 (empty)
            "carryover_end": 0.0,  # L219 (empty)
        },
        "counts": {
            "t3": {"lei": 4, "kuan": 4, "xiang": 6},  # L163-176
            "t5": {"lei": 4, "kuan": 4, "xiang": 6},  # L242-255
        },
        "narrative": {
            "prior_year_total": 599.27,  # L357 stated: "与 2022 年度 599.27 万元相比"
            "total_change": 73.89,  # L357
            "total_growth_pct": 12.33,  # L357
            "gpb_initial_budget": 370.76,  # L409
            "gpb_full_year_budget": None,
            "gpb_final": 673.16,  # L409
            "gpb_rate": 181.56,  # L411
            "execution_items": [  # L413-419: 4 items at 类 level
                {"subject": "一般公共服务支出", "budget": 280.73, "final": 531.09, "rate": 189.18},  # L413
                {"subject": "社会保障和就业支出", "budget": 32.25, "final": 63.78, "rate": 197.76},  # L415
                {"subject": "卫生健康支出", "budget": 32.15, "final": 32.15, "rate": 100.0},  # L417
                {"subject": "住房保障支出", "budget": 25.63, "final": 46.14, "rate": 180.02},  # L419
            ],
        },
        "errors_noticed": [
            "L666: 绩效 section says 基本支出 6,731,634.28 元 = 673.16 万元 (total), but 基本支出 is 650.16 (t3 L162; L662 says 6,501,634.28)",
            "L668: 对个人和家庭补助支出 1,122,620.00 元 = 112.26 万元 vs t6 303 = 89.26 (L283); the three 元 items sum to the total 673.16, not basic",
            "L479: 3 projects 23 万元 '占一般公共预算项目支出总额的 3.42%' – 23 is 100% of 项目支出 (3.42% is its share of total expenditure)",
            "L674 '项目支出共有 4 个' vs L479/L491 '共涉及项目 3 个'",
            "L415: 63.78/32.25 = 197.77%, printed 197.76%",
            "L357 vs L384: the listed causes differ (一: 43.33+10.9+18.87 = 73.10; 四: adds 38.46 -> 111.56 > change 73.89)",
            "t1 L102 / t4 L210 / text L405 住房保障 46.14 vs t2/t3/t5 46.15; t3 类 rows sum 673.17 vs 合计 673.16 (rounding)",
        ],
    },
    # ------------------------------------------------------------------
    # Seed 004: "公开 01 表"…"公开 09 表", every empty cell printed 0.00,
    # t6 with 307/399 classes.
    # ------------------------------------------------------------------
    "004_c7ae50d7beaa4f6f.txt": {
        "department": "天水市职工服务中心",  # L87 "单位：天水市职工服务中心"
        "year": 2024,  # L87
        "unit": "万元",  # L87 "金额单位：万元"
        "income_total": 83.02,  # t1 L118
        "expense_total": 83.02,  # t1 L118
        "grand_total": 83.02,  # t1 L121
        "carryover_begin": 0.0,  # t1 L120 "0.00"
        "carryover_end": 0.0,  # t1 L120 "0.00"
        "fiscal_income": 83.02,  # t2 L139
        "basic_expense": 83.02,  # t3 L172
        "project_expense": 0.0,  # t3 L172 "0.00"
        "gpb_expense": 83.02,  # t5 L252
        "personnel_expense": 79.99,  # t6 L312
        "public_expense": 3.03,  # t6 L312
        "sangong_budget": 0.0,  # t9 L361-364 header only; L368 "故本表无数据"
        "sangong_final": 0.0,
        "expense_by_class": {
            "201": 63.42,  # L173
            "208": 9.29,  # L176
            "210": 3.76,  # L181
            "221": 6.56,  # L186
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t7 L316-332, t8 L334-350, t9 L352-368: title + header, empty body.
        "t9_detail": {
            "abroad": {"budget": 0.0, "final": 0.0},
            "vehicle": {"budget": 0.0, "final": 0.0},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},
            "vehicle_operation": {"budget": 0.0, "final": 0.0},
            "reception": {"budget": 0.0, "final": 0.0},
        },
        "t6_groups": {
            "301": 79.97,  # L283
            "302": 3.03,  # L283
            "303": 0.02,  # L297
            "307": 0.0,  # L283 "0.00"
            "310": 0.0,  # L286 "0.00"
            "399": 0.0,  # L304 "0.00"
        },
        "t4": {
            "income_total": 83.02,  # L231
            "expense_total": 83.02,  # L231
            "grand_total": 83.02,  # L236
            "gpb": 83.02,  # L204
            "carryover_begin": 0.0,  # L232
            "carryover_end": 0.0,  # L232
        },
        "counts": {
            "t3": {"lei": 4, "kuan": 5, "xiang": 6},  # L173-188
            "t5": {"lei": 4, "kuan": 5, "xiang": 6},  # L253-268
        },
        "narrative": {
            # L374: "收、支总计均为 83.02 …各增加 6.63 万元,增长 8.68%"; prior computed.
            "prior_year_total": 76.39,
            "total_change": 6.63,
            "total_growth_pct": 8.68,
            "gpb_initial_budget": 84.37,  # L402
            "gpb_full_year_budget": None,  # (绩效 L478 gives 全年预算数 898387.57 元)
            "gpb_final": 83.02,  # L402
            "gpb_rate": 98.40,  # L402
            "execution_items": [  # L404-410: 4 items at 类 level
                {"subject": "一般公共服务支出", "budget": 65.46, "final": 63.42, "rate": 96.87},  # L404
                {"subject": "社会保障和就业支出", "budget": 8.37, "final": 9.29, "rate": 110.95},  # L406
                {"subject": "卫生健康支出", "budget": 4.16, "final": 3.76, "rate": 90.33},  # L408
                {"subject": "住房保障支出", "budget": 6.37, "final": 6.56, "rate": 102.87},  # L410
            ],
        },
        "errors_noticed": [
            "L404-410: completion rates do not follow: 63.42/65.46 = 96.88 (96.87), 9.29/8.37 = 110.99 (110.95), 3.76/4.16 = 90.38 (90.33), 6.56/6.37 = 102.98 (102.87)",
            "L478 (元): 人员经费 786849.06 元 = 78.68 万元 and 公用经费 43307.41 元 = 4.33 万元 vs t6 L312 79.99 / 3.03",
            "L398: 社会保障和就业 9.29/83.02 = 11.19%, printed 11.18%",
            "L563: 支出预算 '比 2023 年预算增加 84.37 万元，增长 5.12%' – increase is 4.11 (L559/L567)",
            "L885/L1121: 预算执行率 94.2% vs 98.4% (83.02/84.37, L761) and 92.4% (830156.47/898387.57, L1203)",
            "L404-410 vs L402: class 年初预算 sum 84.36 vs 84.37",
            "L1205-1206: annex rates 93.51 / 75.97 vs 93.52 / 75.98 computed (truncated)",
            "t3 类 rows sum 83.03 vs 合计 83.02; 21011 3.76 vs 2.81+0.94 = 3.75 (rounding, acknowledged L468)",
        ],
    },
    # ------------------------------------------------------------------
    # Shanghai PDF, 25 pages. Codes printed "201 06 01"; tables split over pages;
    # p14 is an empty continuation page; no "部门：" line (name in the heading).
    # Table order: 三公 p18 (7th), 政府性基金 p19, 国有资本 p20.
    # Narrative numbers need extract_text(y_tolerance≈6).
    # ------------------------------------------------------------------
    "上海市普陀区财政局2024年度部门决算.pdf": {
        "department": "上海市普陀区财政局",  # p6 "第二部分 上海市普陀区财政局 2024 年度部门决算表"
        "year": 2024,  # p6
        "unit": "万元",  # p6 "单位：万元"
        "income_total": 2946.25,  # t1 p6 本年收入合计
        "expense_total": 2940.05,  # t1 p6 本年支出合计
        "grand_total": 2995.39,  # t1 p7 总计
        "carryover_begin": 49.14,  # t1 p7
        "carryover_end": 55.34,  # t1 p7
        "fiscal_income": 2940.05,  # t2 p8 合计 / 财政拨款收入 (其他收入 6.20)
        "basic_expense": 2336.91,  # t3 p10 合计
        "project_expense": 603.14,  # t3 p10 合计
        "gpb_expense": 2940.05,  # t5 p15 合计 (last row of the table)
        "personnel_expense": 2152.26,  # t6 p17 人员经费合计
        "public_expense": 184.65,  # t6 p17 公用经费合计
        "sangong_budget": 0.95,  # t9 p18 合计 预算数
        "sangong_final": 0.0,  # t9 p18 合计 决算数 (empty cell; text p23 says 0.00)
        "expense_by_class": {
            "201": 2106.66,  # p10
            "208": 326.72,  # p10 (t1 p6 prints 326.71)
            "210": 60.99,  # p11
            "221": 445.69,  # p11
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t7 政府性基金 p19 and t8 国有资本 p20: header + empty 合计 row.
        "t9_detail": {  # p18 row: 0.95 _ | _ _ | _ _ | _ _ | _ _ | 0.95 _
            "abroad": {"budget": 0.0, "final": 0.0},
            "vehicle": {"budget": 0.0, "final": 0.0},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},
            "vehicle_operation": {"budget": 0.0, "final": 0.0},
            "reception": {"budget": 0.95, "final": 0.0},
        },
        "t6_groups": {
            "301": 2082.85,  # p16
            "302": 171.07,  # p16
            "303": 69.41,  # p16
            "310": 13.58,  # p17
        },
        "t4": {
            "income_total": 2940.05,  # p13
            "expense_total": 2940.05,  # p13
            "grand_total": 2961.68,  # p13
            "gpb": 2940.05,  # p12
            "carryover_begin": 21.63,  # p13
            "carryover_end": 21.63,  # p13
        },
        "counts": {
            "t3": {"lei": 4, "kuan": 4, "xiang": 11},  # p10-11
            "t5": {"lei": 4, "kuan": 4, "xiang": 11},  # p15
        },
        "narrative": {
            # p21: "收入支出总计2995.39万元…收入支出总计减少56.95万元，下降1.87%"; prior computed.
            "prior_year_total": 3052.34,
            "total_change": -56.95,
            "total_growth_pct": -1.87,
            "gpb_initial_budget": 2993.92,  # p21
            "gpb_full_year_budget": None,
            "gpb_final": 2940.05,  # p21
            "gpb_rate": 98.20,  # p21
            "execution_items": [  # p22, 11 items, no per-item rate printed
                {"subject": "行政运行", "budget": 1560.05, "final": 1511.89, "rate": None},
                {"subject": "一般行政管理事务", "budget": 10.00, "final": 10.00, "rate": None},
                {"subject": "信息化建设", "budget": 135.90, "final": 135.25, "rate": None},
                {"subject": "财政委托业务支出", "budget": 450.52, "final": 449.52, "rate": None},
                {"subject": "行政单位离退休", "budget": 85.55, "final": 84.65, "rate": None},
                {"subject": "机关事业单位基本养老保险缴费支出", "budget": 161.62, "final": 160.75, "rate": None},
                {"subject": "机关事业单位职业年金缴费支出", "budget": 80.81, "final": 80.38, "rate": None},
                {"subject": "其他行政事业单位养老支出", "budget": 0.94, "final": 0.94, "rate": None},
                {"subject": "行政单位医疗", "budget": 62.29, "final": 60.99, "rate": None},
                {"subject": "住房公积金", "budget": 187.75, "final": 187.19, "rate": None},
                {"subject": "购房补贴", "budget": 258.50, "final": 258.50, "rate": None},
            ],
        },
        "errors_noticed": [
            "p21 四: '财政拨款收入支出总计0.3万元…与2023年度相比持平' vs t4 p13 总计 2,961.68 (and 五 says a 63.14 decrease)",
            "p21 结构: 一般公共服务支出 2106.66 '占71.73%' vs 2106.66/2940.05 = 71.65% (the four shares sum to 100.07%)",
            "p24 政府采购 251.25 vs 4.79 + 0 + 246.47 = 251.26",
            "t1 p6 / t4 p12 208 = 326.71 vs t2/t3/t5 326.72; t3 类 rows sum 2940.06 (rounding)",
            "p23: 人员经费 said to include 个人农业生产补贴, but t6 p17 303 10 is empty (奖励金 0.31 is what is filled)",
        ],
    },
    # ------------------------------------------------------------------
    # Shanghai PDF, 24 pages; a unit created in 2024.
    # ------------------------------------------------------------------
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf": {
        "department": "中共上海市普陀区委社会工作部",  # p5 heading
        "year": 2024,  # p5
        "unit": "万元",  # p5
        "income_total": 307.82,  # t1 p5
        "expense_total": 307.82,  # t1 p5
        "grand_total": 307.82,  # t1 p5
        "carryover_begin": 0.0,  # t1 p5 (empty)
        "carryover_end": 0.0,  # t1 p5 (empty)
        "fiscal_income": 307.82,  # t2 p6
        "basic_expense": 105.58,  # t3 p8
        "project_expense": 202.24,  # t3 p8
        "gpb_expense": 307.82,  # t5 p12 合计 (last row)
        "personnel_expense": 95.36,  # t6 p13
        "public_expense": 10.23,  # t6 p13
        "sangong_budget": 0.0,  # t9 p14: header + one empty row; "故本表无数据"
        "sangong_final": 0.0,
        "expense_by_class": {
            "201": 264.87,  # p8
            "208": 10.82,  # p8
            "210": 2.71,  # p8
            "221": 29.42,  # p9
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t9 三公 p14, t7 政府性基金 p15, t8 国有资本 p16: empty bodies.
        "t9_detail": {
            "abroad": {"budget": 0.0, "final": 0.0},
            "vehicle": {"budget": 0.0, "final": 0.0},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},
            "vehicle_operation": {"budget": 0.0, "final": 0.0},
            "reception": {"budget": 0.0, "final": 0.0},
        },
        "t6_groups": {
            "301": 95.36,  # p13
            "302": 10.23,  # p13
            "303": 0.0,  # p13 "0.00"
            "310": 0.0,  # p13 "0.00"
        },
        "t4": {
            "income_total": 307.82,  # p11
            "expense_total": 307.82,  # p11
            "grand_total": 307.82,  # p11
            "gpb": 307.82,  # p10
            "carryover_begin": 0.0,  # p11 (empty)
            "carryover_end": 0.0,  # p11 (empty)
        },
        "counts": {
            "t3": {"lei": 4, "kuan": 4, "xiang": 9},  # p8-9
            "t5": {"lei": 4, "kuan": 4, "xiang": 9},  # p12
        },
        "narrative": {
            # p17: "收入支出总计增加 307.82 万元，增长 100.00%…单位于 2024 年成立" -> prior 0.
            "prior_year_total": 0.0,
            "total_change": 307.82,
            "total_growth_pct": 100.00,
            "gpb_initial_budget": 0.0,  # p18 "年初预算为 0 万元"
            "gpb_full_year_budget": 321.02,  # p18
            "gpb_final": 307.82,  # p18
            "gpb_rate": 95.89,  # p18 "完成年初预算的 95.89%" (really vs 全年预算)
            "execution_items": [  # p18-20, 9 items, all quoted against 全年预算
                {"subject": "行政运行", "budget_kind": "全年预算", "budget": 52.00, "final": 51.32, "rate": 98.69},  # p18
                {"subject": "事业运行", "budget_kind": "全年预算", "budget": 17.68, "final": 11.31, "rate": None},  # p18
                {"subject": "其他社会工作事务支出", "budget_kind": "全年预算", "budget": 202.24, "final": 202.24, "rate": None},  # p19
                {"subject": "机关事业单位基本养老保险缴费支出", "budget_kind": "全年预算", "budget": 9.00, "final": 6.18, "rate": None},  # p19
                {"subject": "机关事业单位职业年金缴费支出", "budget_kind": "全年预算", "budget": 5.74, "final": 4.64, "rate": None},  # p19
                {"subject": "行政单位医疗", "budget_kind": "全年预算", "budget": 2.23, "final": 2.22, "rate": 99.55},  # p19
                {"subject": "事业单位医疗", "budget_kind": "全年预算", "budget": 2.29, "final": 0.49, "rate": None},  # p19
                {"subject": "住房公积金", "budget_kind": "全年预算", "budget": 18.12, "final": 17.70, "rate": 97.68},  # p20
                {"subject": "购房补贴", "budget_kind": "全年预算", "budget": 11.72, "final": 11.72, "rate": None},  # p20
            ],
        },
        "errors_noticed": [
            "p18: '年初预算为 0 万元…完成年初预算的 95.89%' – 95.89% = 307.82/321.02 (全年预算); vs 年初 0 it is undefined",
            "p17/p18/p21: '增长 100.00%' from a prior-year value of 0 (growth undefined; unit created 2024)",
            "p18 结构: 住房保障 29.42/307.82 = 9.56%, printed 9.55%",
            "p20 item 8: 住房公积金 '主要用于：事业单位医疗保险支出' (purpose text copied from item 7)",
            "p22 政府采购: the same 21.07 is given for reserved SME/小微 projects AND for '其他政府采购项目' (total is only 21.07)",
            "t6 p13: 人员 95.36 + 公用 10.23 = 105.59 vs 基本支出 105.58 (rounding)",
        ],
    },
    # ------------------------------------------------------------------
    # Central template, 50 pages. Dotted contents with page numbers; tables coded
    # 公开01…公开09 where 公开07 = 政府性基金, 公开08 = 国有资本, 公开09 = 三公
    # (contents: 七 三公, 八 基金, 九 国资). 行次/栏次 columns, landscape table pages,
    # printed page numbers = PDF page - 2 from p5 on.
    # ------------------------------------------------------------------
    "国家信访局2024年度部门决算.pdf": {
        "department": "国家信访局",  # p7 "部门：国家信访局"
        "year": 2024,  # p1/p6
        "unit": "万元",  # p7 "金额单位：万元"
        "income_total": 20451.35,  # t1 p7 本年收入合计
        "expense_total": 14572.53,  # t1 p7 本年支出合计
        "grand_total": 22066.59,  # t1 p7 总计
        "carryover_begin": 1615.24,  # t1 p7
        "carryover_end": 7494.06,  # t1 p7
        "fiscal_income": 19572.91,  # t2 p8 合计 / 财政拨款收入 (其他收入 878.44)
        "basic_expense": 11073.11,  # t3 p9
        "project_expense": 3499.42,  # t3 p9
        "gpb_expense": 13733.80,  # t5 p11 合计
        "personnel_expense": 7967.72,  # t6 p12
        "public_expense": 2266.65,  # t6 p12
        "sangong_budget": 76.43,  # t9 公开09表 p15 col 1
        "sangong_final": 46.21,  # t9 p15 col 7
        "expense_by_class": {
            "201": 10685.56,  # p9
            "205": 180.03,  # p9
            "208": 2228.57,  # p9
            "210": 497.53,  # p9
            "221": 980.85,  # p9
        },
        "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
        # t7 公开07表 p13 and t8 公开08表 p14: header + empty 合计 row.
        "t9_detail": {  # p15: 76.43 30.00 40.63 _ 40.63 5.80 | 46.21 4.69 40.61 _ 40.61 0.90
            "abroad": {"budget": 30.00, "final": 4.69},
            "vehicle": {"budget": 40.63, "final": 40.61},
            "vehicle_purchase": {"budget": 0.0, "final": 0.0},  # empty cells
            "vehicle_operation": {"budget": 40.63, "final": 40.61},
            "reception": {"budget": 5.80, "final": 0.90},
        },
        "t6_groups": {
            "301": 6982.75,  # p12
            "302": 2239.41,  # p12
            "303": 984.97,  # p12
            "307": 0.0,  # p12 (empty)
            "310": 27.24,  # p12
            "399": 0.0,  # p12 (empty)
        },
        "t4": {
            "income_total": 19572.91,  # p10
            "expense_total": 13733.80,  # p10
            "grand_total": 20727.53,  # p10
            "gpb": 19572.91,  # p10
            "carryover_begin": 1154.62,  # p10
            "carryover_end": 6993.74,  # p10
        },
        "counts": {
            "t3": {"lei": 5, "kuan": 5, "xiang": 14},  # p9
            "t5": {"lei": 5, "kuan": 5, "xiang": 14},  # p11
        },
        "narrative": {
            # p17: "收、支总计 22066.59 万元，与 2023 年相比，收、支总计各增加 5834.37 万元，
            # 增长 35.74%"; prior computed (= 13309.74 + 552.33 + 2370.15 from the
            # income items on p17, consistent).
            "prior_year_total": 16232.22,
            "total_change": 5834.37,
            "total_growth_pct": 35.74,
            "gpb_initial_budget": 15068.55,  # p21
            "gpb_full_year_budget": None,
            "gpb_final": 13733.8,  # p21
            "gpb_rate": 91.14,  # p21
            "execution_items": [  # p21-23, 14 items
                {"subject": "行政运行", "budget": 5717.32, "final": 5757.63, "rate": 100.71},
                {"subject": "一般行政管理事务", "budget": 590.53, "final": 4.7, "rate": 0.8},
                {"subject": "机关服务", "budget": 222.6, "final": 229.19, "rate": 102.96},
                {"subject": "信访业务", "budget": 2325.72, "final": 2066.84, "rate": 88.87},
                {"subject": "其他信访事务支出", "budget": 2457.85, "final": 1788.46, "rate": 72.77},
                {"subject": "培训支出", "budget": 180.61, "final": 180.03, "rate": 99.68},
                {"subject": "归口管理的行政单位离退休", "budget": 1017.2, "final": 1028.48, "rate": 101.11},
                {"subject": "离退休人员管理机构", "budget": 207.19, "final": 211.51, "rate": 102.09},
                {"subject": "机关事业单位基本养老保险缴费支出", "budget": 899.34, "final": 659.05, "rate": 73.28},
                {"subject": "机关事业单位职业年金缴费支出", "budget": 371.99, "final": 329.53, "rate": 88.59},
                {"subject": "行政单位医疗", "budget": 0.0, "final": 497.53, "rate": None},
                {"subject": "住房公积金", "budget": 676.0, "final": 586.32, "rate": 86.73},
                {"subject": "提租补贴", "budget": 66.2, "final": 63.52, "rate": 95.95},
                {"subject": "购房补贴", "budget": 336.0, "final": 331.0, "rate": 98.51},
            ],
        },
        "errors_noticed": [
            "p17: 收支总计 increase 5834.37 '增长 35.74%' but 5834.37/16232.22 = 35.94%",
            "p26 政府采购: 货物 9.16% + 服务 90.84% = 100% – these are shares of the 1820.69 中小企业 amount, not ratios to 货物 171.7 / 服务 1792.72 spend",
            "p26: 绩效自评 资金 5105.75 万元 '占一般公共预算项目支出总额的 100%' vs t5 p11 项目支出 3,499.42",
            "p32/p34/p35/p30 annex self-evaluation tables: sub-rows (财政拨款/上年结转/其他资金) print placeholder '-- 0.0% --' rates (e.g. 351.13 of 473.76 shown as 0.0%)",
            "p21-23 items 7-10 name the 款 '行政事业单位离退休' while t3/t5 p9/p11 print 20805 '行政事业单位养老支出'",
            "p2 contents: 七 三公 / 八 基金 / 九 国资 with pages 11/12/13, but pages 11/12/13 hold 公开07 基金 / 公开08 国资 / 公开09 三公",
            "rounding only: t9 p15 4.69+40.61+0.90 = 46.20 vs 46.21; t6 303 items 984.98 vs 984.97; t3 类 rows 14572.54 vs 14572.53",
        ],
    },
    # ------------------------------------------------------------------
    # Blank Shanghai template ("上海市 XX 局", XXX in place of numbers).
    # ------------------------------------------------------------------
    "部门决算模板.pdf": {"is_template": True},
}

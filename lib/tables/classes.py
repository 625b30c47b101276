"""The functional classification's 类 (names as printed in 表1/表4 → 3-digit codes)."""

from __future__ import annotations

import re

CLASS_NAMES: dict[str, str] = {
    "201": "一般公共服务支出",
    "202": "外交支出",
    "203": "国防支出",
    "204": "公共安全支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出",
    "209": "社会保险基金支出",
    "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "214": "交通运输支出",
    "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出",
    "217": "金融支出",
    "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出",
    "221": "住房保障支出",
    "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出",
    "227": "预备费",
    "229": "其他支出",
    "230": "转移性支出",
    "231": "债务还本支出",
    "232": "债务付息支出",
    "233": "债务发行费用支出",
    "234": "抗疫特别国债安排的支出",
}
# names the same 类 had in other years' classifications (2015–2018 and earlier), and
# spellings templates print ('卫生健康' for 210 …)
FORMER_NAMES: dict[str, str] = {
    "文化体育与传媒支出": "207",
    "文化旅游体育与传媒": "207",
    "医疗卫生与计划生育支出": "210",
    "医疗卫生支出": "210",
    "卫生健康": "210",
    "国土海洋气象等支出": "220",
    "国土资源气象等支出": "220",
    "资源勘探信息等支出": "215",
    "资源勘探电力信息等支出": "215",
    "地震灾后恢复重建支出": "218",
    "国债还本付息支出": "231",
    "其他支出(类)": "229",
}
_BY_NAME = {name: code for code, name in CLASS_NAMES.items()} | FORMER_NAMES
_NUMBERING = re.compile(r"^[(（]?[一二三四五六七八九十]+[)）、.]")


def strip_numbering(label: str) -> str:
    """'二十一、国有资本经营预算支出' → '国有资本经营预算支出'."""
    return _NUMBERING.sub("", label.replace(" ", "")).strip()


def class_code_for(label: str) -> str | None:
    return _BY_NAME.get(strip_numbering(label))

"""Shares, 基本支出 split, 机关运行经费, 政府采购 and 国有资产 (filled in the next commit)."""

from __future__ import annotations

from lib.narrative.sentences import NarrativeText


def share_records(text: NarrativeText) -> list[dict[str, object]]:
    return []


def basic_records(text: NarrativeText) -> list[dict[str, object]]:
    return []


def operation_records(text: NarrativeText) -> list[dict[str, object]]:
    return []

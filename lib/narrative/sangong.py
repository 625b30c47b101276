"""三公 statements (filled in the next commit)."""

from __future__ import annotations

from lib.narrative.sentences import NarrativeText


def sangong_records(text: NarrativeText) -> list[dict[str, object]]:
    return []


def sangong_count_records(text: NarrativeText) -> list[dict[str, object]]:
    return []

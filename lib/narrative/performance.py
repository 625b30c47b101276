"""绩效 statements (filled in the next commit)."""

from __future__ import annotations

from lib.narrative.sentences import NarrativeText


def performance_records(text: NarrativeText) -> list[dict[str, object]]:
    return []

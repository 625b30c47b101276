"""Family "其他核对": checks the peer tools do not make — 机关运行经费 vs 公用经费,
政府采购 parts vs total, 三公 counts disclosed, 元/万元 confusions.
"""

from __future__ import annotations

from lib.checks.base import Emitter
from lib.model import Report


def run(report: Report, out: Emitter) -> None:
    if report.is_template:
        return

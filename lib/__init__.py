"""决算透视 — read, check and compare 部门决算 (department final-accounts) reports.

Data flows one way: readers → intermediate form (`lib.document`) → table recogniser
(`lib.tables`) → tidy report model (`lib.model`) → narrative facts, checks, analysis.
"""

__version__ = "0.1.0"

"""Comparisons across reports (DuckDB SQL over the library, for the chosen reports only) and
what-if scenarios (pure pandas over copies
of the library's frames; nothing is ever written back)."""

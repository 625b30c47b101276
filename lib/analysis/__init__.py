"""Comparisons across reports (DuckDB SQL over the library; `selection` serves any choice of
reports from library-wide frames loaded once) and what-if scenarios (pure pandas over copies
of the library's frames; nothing is ever written back)."""

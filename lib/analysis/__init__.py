"""Comparisons across reports (DuckDB SQL over the library) and what-if scenarios
(pure pandas over copies of the library's frames; nothing is ever written back)."""

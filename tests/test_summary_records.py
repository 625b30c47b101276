"""`juesuan summary` reads the recognised records, never a DataFrame (lib.model.Tidy).

* the summary is the same whether the Report's tables are held as records (as
  `build_report` leaves them) or handed over as DataFrames (as the library, the doubt
  trials and the OCR verification do), on the corpus and on generated reports;
* a `summary` process leaves pandas (and numpy, pyarrow, DuckDB, Plotly) unimported, and
  prints what the in-process summary gives.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import subprocess
import sys

import pytest
from conftest import CORPUS_FILES, ROOT, TEMPLATE_PDF, corpus_report
from testbed import clean_model, to_pdf, to_text, truth
from testbed.variants import VARIANTS

from lib.model import Report, Tidy, tidy_records
from lib.pipeline import parse_bytes
from lib.summary import summarize

TIDY = tuple(name for name, value in vars(Report).items() if isinstance(value, Tidy))
HEAVY = ("pandas", "numpy", "pyarrow", "duckdb", "plotly", "streamlit")


def _as_frames(report: Report) -> Report:
    """The same report with every tidy table handed over as its DataFrame and the reading
    confidence left to be recomputed from them."""
    return dataclasses.replace(report, reading_confidence={}, **{name: getattr(report, name) for name in TIDY})


def _same_both_ways(report: Report) -> dict[str, object]:
    by_records = summarize(report)
    assert by_records["reading_confidence"], "the pipeline keeps the reading confidence"
    framed = _as_frames(report)
    assert summarize(framed) == by_records
    for name in TIDY:  # the frame read back gives the very records the model built
        assert tidy_records(framed, name) == tidy_records(report, name), name
    return by_records


def test_tidy_tables_cover_every_frame_of_the_report() -> None:
    assert set(TIDY) == {"subjects", "subject_totals", "ledger", "economic", "economic_totals", "sangong",
                         "perf_tables", "perf_funds", "perf_indicators"}


@pytest.mark.parametrize("name", [*CORPUS_FILES, TEMPLATE_PDF])
def test_corpus_summary_same_from_records_and_frames(name: str) -> None:
    report = corpus_report(name, allow_template=name == TEMPLATE_PDF)
    _same_both_ways(report)
    restored = pickle.loads(pickle.dumps(report))  # ingest sends Reports between processes
    assert summarize(restored) == summarize(report)


CASES = [(variant, "tabs") for variant in VARIANTS] + [(v, "pdf") for v in ("standard", "eight_tables", "sangong_rows")]


@pytest.mark.parametrize(("variant", "fmt"), CASES)
def test_generated_summary_same_from_records_and_frames(variant: str, fmt: str) -> None:
    model, layout = VARIANTS[variant](clean_model())
    data = to_pdf(model, layout) if fmt == "pdf" else to_text(model, layout)
    summary = _same_both_ways(parse_bytes(data, f"{variant}.{fmt}"))
    assert {key: summary[key] for key in truth(model)} == truth(model)


_PROBE = (
    "import contextlib, io, json, sys\n"
    "from lib.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
    "    code = main(['summary', sys.argv[1]])\n"
    "heavy = sys.argv[2].split(',')\n"
    "print(json.dumps({'code': code, 'summary': json.loads(out.getvalue()),\n"
    "                  'loaded': [name for name in heavy if name in sys.modules]}))\n"
)


@pytest.mark.parametrize("fmt", ["pdf", "tabs"])
def test_summary_process_never_imports_pandas(tmp_path, fmt: str) -> None:
    model, layout = VARIANTS["standard"](clean_model())
    data = to_pdf(model, layout) if fmt == "pdf" else to_text(model, layout)
    path = tmp_path / f"report.{'pdf' if fmt == 'pdf' else 'txt'}"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path), ",".join(HEAVY)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["code"] == 0
    assert result["loaded"] == []
    expected = json.loads(json.dumps(summarize(parse_bytes(data, path.name)), ensure_ascii=False, default=str))
    assert result["summary"] == expected

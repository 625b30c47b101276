"""Build the shipped sample library (data/sample_library/*.parquet) from ../shared/corpus.

Runs the project's own ingest over the corpus into a scratch DuckDB file, without
keeping originals, and exports its tables: parsed figures, facts and findings only,
never the source files. Rebuild whenever the parser, lib/narrative or lib/checks change:

    python3 scripts/build_sample_library.py [CORPUS_DIR]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lib import store  # noqa: E402
from lib.ingest import ProgressBar, ingest_paths  # noqa: E402


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else store.DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"找不到语料目录 {corpus}", file=sys.stderr)
        return 2
    os.environ["JUESUAN_SAMPLE"] = "0"  # start from an empty library
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "sample.duckdb"
        results = ingest_paths([corpus], db, workers=os.cpu_count() or 1, origin="sample",
                               keep_originals=False, progress=ProgressBar())
        for result in results:
            print(f"{result.status}\t{Path(result.path).name}\t{result.department or result.message}")
        staged = Path(scratch) / "export"
        store.export_library(db, staged)
        target = store.SAMPLE_DIR
        old = target.with_name(target.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        shutil.copytree(staged, target)
        if old.exists():
            shutil.rmtree(old)
    added = sum(r.status == "added" for r in results)
    print(f"样例库：{added} 份报告 → {target}", file=sys.stderr)
    return 0 if added else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The library as the app handles it: uploads of reports already there, refused files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_path


def test_uploading_a_sample_report_again_keeps_its_original(library: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from lib import readers, store, ui

    monkeypatch.setenv("JUESUAN_CORPUS", str(tmp_path / "no_corpus"))  # the sample ships no originals
    data = corpus_path("002_07b422fef52514ef.txt").read_bytes()
    report_id = readers.content_hash(data)
    assert store.has_report(report_id) and store.find_original(report_id) is None
    result = ui.add_upload("002.txt", data)
    assert result.status == "known"
    assert "已保存原件" in result.message
    assert store.find_original(report_id).read_bytes() == data
    assert ui.original(report_id)[1] == data, "the PDF page image can now be drawn"
    again = ui.add_upload("002.txt", data)
    assert "已保存原件" not in again.message
    assert len(store.list_reports()) == 8

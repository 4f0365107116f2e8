"""The large-file benchmark row: one generated file through the real ingest pipeline."""

from __future__ import annotations

from pathlib import Path

from bench.large_file import run_large_file
from bench.report import console_summary


def test_large_file_row_counts_every_paragraph_of_the_generated_file(settings, tmp_path: Path):
    result = run_large_file(settings, tmp_path, megabytes=0.02)
    assert 0 < result["file_bytes"] <= 20_000
    assert result["passages"] == result["paragraphs"] > 30
    assert result["passages_per_s"] > 0 and "note" not in result
    assert {"ingest_s", "ingest_peak_rss_mib", "ingest_rss_growth_mib"} <= set(result)
    summary = console_summary({"corpora": [], "scale": [], "large_file": result})
    assert f"| one 0.02 MB file | {result['passages']:,} |" in summary

"""Ingest faults: a run killed mid-way (SIGKILL) leaves an index that a re-run completes, with no duplicates."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from ingest import open_index
from settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BATCH = 8
FILES, PARAGRAPHS = 4, 30


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for number in range(FILES):
        (folder / f"report-{number}.txt").write_text("".join(
            f"Section {i} of report {number}: the district board approved {i * 7 + number} new water meters "
            f"and {i + 3} kilometres of pipe for the {['north', 'south', 'east'][i % 3]} valley.\n\n"
            for i in range(PARAGRAPHS)), encoding="utf-8")


def _ingest(folder: Path, index_path: Path, **options) -> subprocess.Popen:
    env = {"ASSISTANT_INDEX_PATH": str(index_path), "ASSISTANT_INGEST_BATCH": str(BATCH),
           "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    return subprocess.Popen([sys.executable, "-m", "ingest", str(folder)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **options)


def _kill_after_first_batch(run: subprocess.Popen) -> int:
    """Read the progress bar until a batch is written, then SIGKILL; returns the passages shown written."""
    shown, done = b"", threading.Event()
    written = 0

    def watch() -> None:
        nonlocal shown, written
        while chunk := os.read(run.stderr.fileno(), 4096):
            shown += chunk
            counts = re.findall(rb"Embedding:[^|]*\|[^|]*\|\s*(\d+)/", shown)
            if counts and int(counts[-1]) >= BATCH:
                written = int(counts[-1])
                run.send_signal(signal.SIGKILL)
                break
        done.set()

    threading.Thread(target=watch, daemon=True).start()
    done.wait(timeout=600)
    run.wait(timeout=60)
    return written


def _passages(index_path: Path) -> list[tuple[str, str, int, int]]:
    index = open_index(Settings(index_path=index_path, llm="extractive"))
    return sorted((p.id, Path(p.source).name, p.start, p.end) for p in index.passages())


def test_sigkill_mid_ingest_then_rerun_gives_exactly_a_clean_build(tmp_path: Path):
    folder = tmp_path / "reports"
    _write_corpus(folder)
    killed = _ingest(folder, tmp_path / "killed")
    written = _kill_after_first_batch(killed)
    assert killed.returncode == -signal.SIGKILL
    assert BATCH <= written < FILES * PARAGRAPHS, "the kill must land after the first batch and before the end"

    rerun = _ingest(folder, tmp_path / "killed")
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode()
    clean = _ingest(folder, tmp_path / "clean")
    assert clean.wait(timeout=600) == 0, clean.stderr.read().decode()

    after_rerun = _passages(tmp_path / "killed")
    assert len(after_rerun) == FILES * PARAGRAPHS == len({row[0] for row in after_rerun})
    assert after_rerun == _passages(tmp_path / "clean")

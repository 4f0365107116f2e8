"""Large file: one synthetic text file of many megabytes ingested by the real pipeline, timed per passage."""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.environment import memory_use, reset_peak_memory
from bench.scale import SEED, passage
from ingest.documents import BYTES_PER_MB
from settings import Settings


def write_large_file(path: Path, megabytes: float, seed: int = SEED) -> int:
    """Write the scale benchmark's synthetic paragraphs, blank-line apart, up to ``megabytes``; returns their count."""
    rng, limit = random.Random(seed), int(megabytes * BYTES_PER_MB)
    paragraphs, size = [], 1   # the final newline
    while True:
        paragraph = passage(rng)   # ASCII: characters and bytes agree
        if size + len(paragraph) + 2 > limit:
            break
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return len(paragraphs)


def run_large_file(settings: Settings, workdir: Path, megabytes: float = 20) -> dict:
    """Ingest one ``megabytes`` file into a temporary index; passages, seconds, passages per second, memory."""
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths

    settings = settings.with_(index_path=workdir / "index", collection="large-file", chroma_url=None)
    path = workdir / "large.txt"
    paragraphs = write_large_file(path, megabytes)
    index = open_index(settings)   # loads the embedding model before the clock starts, as the scale run does
    memory_at_start = reset_peak_memory()
    started = time.perf_counter()
    summary = ingest_paths([path], index, progress=True, settings=settings)
    seconds = time.perf_counter() - started
    passages = index.count()
    result = {"megabytes": megabytes, "file_bytes": path.stat().st_size, "paragraphs": paragraphs,
              "passages": passages, "ingest_s": round(seconds, 1),
              "passages_per_s": round(passages / seconds, 1) if seconds else None,
              "batch": settings.ingest_batch}
    if summary.failures:
        result["note"] = "; ".join(failure.reason for failure in summary.failures)
    return result | {"ingest_" + key: figure for key, figure in memory_use(memory_at_start).items()}

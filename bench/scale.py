"""Scale: ingest throughput and retrieval latency over synthetic corpora of many passages."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from tqdm import tqdm

from bench.environment import memory_use, reset_peak_memory
from bench.scoring import percentile
from settings import Settings

PASSAGES_PER_FILE = 100
FILES_PER_BATCH = 20   # the time budget is checked between batches
QUERIES = 50
HITS = 8
SEED = 20221124
VOCABULARY = tuple("""
    access alliance annual board budget cable capacity carrier citizen city coast community connect coverage
    crown customer data device digital district education energy engineer equipment fibre forum funding grid
    growth harbour household inclusion industry infrastructure innovation internet investment island learning
    licence link market member mobile network office operator partner pipeline plan platform policy population
    programme project province public reservoir region remote report rural satellite school sector service
    signal site skills solar spectrum station storage student supply support target teacher technology tower
    training transport upgrade valley village water wireless worker youth agreement approval audit council
    contract deadline estimate forecast grant inspection meeting milestone permit proposal review schedule survey
    tender announces builds delivers expands extends funds improves launches measures opens plans reaches
    reduces replaces serves shares signs supports trains upgrades affordable central coastal eastern green local
    modern national northern regional reliable safe southern western""".split())


def sentence(rng: random.Random) -> str:
    """One synthetic sentence of 8–16 vocabulary words."""
    words = rng.choices(VOCABULARY, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def passage(rng: random.Random) -> str:
    """One synthetic paragraph of 3–5 sentences (a few hundred characters: one passage)."""
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def write_files(folder: Path, first: int, count: int, rng: random.Random) -> list[Path]:
    """Write ``count`` files of PASSAGES_PER_FILE paragraphs, numbered from ``first``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(first, first + count):
        path = folder / f"synthetic-{number:05d}.txt"
        path.write_text("\n\n".join(passage(rng) for _ in range(PASSAGES_PER_FILE)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def queries(count: int, seed: int = SEED) -> list[str]:
    """Deterministic questions in the corpus's vocabulary."""
    rng = random.Random(seed + 1)
    return [f"What does the {' '.join(rng.choices(VOCABULARY, k=rng.randint(3, 6)))} plan say?"
            for _ in range(count)]


def ingest_within_budget(size: int, settings: Settings, folder: Path, budget_s: float) -> dict:
    """Write and ingest batches of files until ``size`` passages or the time budget; timing only the ingest."""
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths

    rng, index = random.Random(SEED), open_index(settings)
    files_wanted, files_done, ingest_s = -(-size // PASSAGES_PER_FILE), 0, 0.0
    memory_at_start = reset_peak_memory()
    with tqdm(total=size, desc=f"  ingest {size:,}", unit="passage") as bar:
        while files_done < files_wanted and ingest_s < budget_s:
            batch = write_files(folder, files_done, min(FILES_PER_BATCH, files_wanted - files_done), rng)
            started = time.perf_counter()
            ingest_paths(batch, index, progress=False)
            ingest_s += time.perf_counter() - started
            files_done += len(batch)
            bar.update(len(batch) * PASSAGES_PER_FILE)
    passages = index.count()
    return {"requested": size, "passages": passages, "complete": files_done >= files_wanted,
            "ingest_s": round(ingest_s, 1), "passages_per_s": round(passages / ingest_s, 1) if ingest_s else None,
            "budget_s": budget_s} | _prefixed("ingest_", memory_use(memory_at_start))


def time_retrieval(settings: Settings) -> dict:
    """Build the hybrid retriever over the index, then time QUERIES retrievals of HITS passages."""
    from assistant.retrieval import HybridRetriever
    from ingest.embeddings import bundled_embeddings
    from ingest.index import open_index

    memory_at_start = reset_peak_memory()
    started = time.perf_counter()
    retriever = HybridRetriever(open_index(settings), bundled_embeddings())
    build_s = time.perf_counter() - started
    asked = queries(QUERIES)
    retriever.retrieve(asked[0], HITS)  # the first query pays one-off start-up costs
    timings = []
    for question in tqdm(asked, desc="  retrieve", unit="query"):
        started = time.perf_counter()
        retriever.retrieve(question, HITS)
        timings.append((time.perf_counter() - started) * 1000)
    return {"retriever_build_s": round(build_s, 2), "queries": len(timings),
            "retrieve_median_ms": round(statistics.median(timings), 1),
            "retrieve_p95_ms": round(percentile(timings, 95), 1),
            **_prefixed("retrieve_", memory_use(memory_at_start))}


def _prefixed(prefix: str, figures: dict) -> dict:
    return {prefix + key: number for key, number in figures.items()}


def run_scale(size: int, settings: Settings, workdir: Path, budget_s: float) -> dict:
    """Ingest up to ``size`` synthetic passages into a temporary index and time retrieval over them."""
    settings = settings.with_(index_path=workdir / "index", collection="scale", chroma_url=None)
    result = ingest_within_budget(size, settings, workdir / "files", budget_s)
    if not result["complete"]:
        result["note"] = (f"stopped by the {budget_s / 60:g}-minute ingest budget after "
                          f"{result['passages']:,} of {size:,} passages")
    return result | time_retrieval(settings)

"""``python -m bench.cli_timing``: wall time of ``python -m assistant`` and of the web chat's first answer,
with and without a saved prompt, beside the model-free extractive call. Results: bench/results/startup.json."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.environment import load_average

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How many people will P2C connect?"


def timed_cli(env: dict[str, str], backend: str) -> float:
    """Seconds for one ``python -m assistant`` call with the back-end, start to exit."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", QUESTION], env=env | {"ASSISTANT_LLM": backend}, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed_app(env: dict[str, str]) -> float:
    """Seconds from starting ``python app.py`` to the full answer of its first question."""
    from gradio_client import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.perf_counter()
    app = subprocess.Popen([sys.executable, "app.py"], env=env | {"ASSISTANT_PORT": str(port)}, cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = None
        while client is None:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            except Exception:  # not serving yet
                if app.poll() is not None:
                    raise RuntimeError("app.py exited before serving") from None
                time.sleep(0.5)
        client.predict(QUESTION, [], api_name="/answer")
        return time.perf_counter() - started
    finally:
        app.terminate()
        app.wait(timeout=60)


def measure(runs: int) -> dict:
    """Every figure, in a private index and slot folder (the model file is the one already assembled)."""
    from assistant.local_model import model_file
    from settings import Settings

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as workdir:
        slots = Path(workdir) / "cache" / "slots"
        env = os.environ | {"ASSISTANT_INDEX_PATH": f"{workdir}/index", "ASSISTANT_CACHE_DIR": f"{workdir}/cache",
                            "ASSISTANT_MODEL_PATH": str(model_file(Settings.from_env())),
                            "TOKENIZERS_PARALLELISM": "false"}
        timed_cli(env, "extractive")  # builds the index, so no timed call pays for it
        unsaved_cli = timed_cli(env, "local")  # processes the prompt and saves it
        extractive, local = [], []
        for _ in range(runs):  # alternated, so a change in the machine's load hits both alike
            extractive.append(timed_cli(env, "extractive"))
            local.append(timed_cli(env, "local"))
        app_saved = timed_app(env)
        shutil.rmtree(slots)
        app_unsaved = timed_app(env)
    return {"question": QUESTION, "runs": runs, "cli_local_first_s": round(unsaved_cli, 1),
            "cli_extractive_s": [round(s, 1) for s in extractive], "cli_local_saved_s": [round(s, 1) for s in local],
            "ratio_of_medians": round(statistics.median(local) / statistics.median(extractive), 2),
            "app_first_answer_saved_s": round(app_saved, 1), "app_first_answer_unsaved_s": round(app_unsaved, 1)}


def main(argv: list[str] | None = None) -> int:
    """Measure, save and print."""
    parser = argparse.ArgumentParser(prog="python -m bench.cli_timing", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed calls of each back-end")
    args = parser.parse_args(argv)
    from bench.__main__ import RESULTS, save

    results = {"load_average_at_start": load_average()} | measure(args.runs)
    save(results, RESULTS / "startup.json")
    for name, value in results.items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

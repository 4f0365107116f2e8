"""``python assistant/model_server.py CONFIG``: llama.cpp's server in a child process, until its stdin closes.

Loading the model inside the asking process would hold Python's interpreter lock for the whole load (measured:
the other threads stood still), so the model loads here while the parent opens the index and embedding model.
"""

from __future__ import annotations

import json
import sys


def server_params(config: dict):
    """llama.cpp's parameters from the parent's JSON configuration."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = config["model"]
    params.n_ctx = config["context_tokens"] * config["slots"]
    params.n_parallel = config["slots"]
    params.cont_batching = True  # slots decode together: a second person does not wait for a whole answer
    params.kv_unified = False  # each slot keeps its own share, so one long prompt cannot crowd out the others
    params.cache_ram_mib = config["prompt_cache_mib"]
    params.cpuparams.n_threads = config["threads"]
    params.cpuparams_batch.n_threads = config["threads"]
    params.cache_prompt = True
    params.hostnames = ["127.0.0.1"]
    params.port = 0
    params.endpoint_metrics = True  # cumulative prompt and decoding counters, read by the benchmark
    params.verbosity = 0  # llama.cpp logs every request otherwise; failures still reach the parent
    if config.get("speculation") == "ngram":
        # llama.cpp's n-gram drafter: a run of tokens that repeats the prompt (answers quote the documents) is
        # proposed and checked in one batch. Of its kinds, this one was the least slow on the 2-core machine.
        params.speculative.types = [xllamacpp.common_speculative_type.COMMON_SPECULATIVE_TYPE_NGRAM_MOD]
    if config["slot_dir"]:  # processed prompts are saved there and restored by the next start
        params.slot_save_path = config["slot_dir"].rstrip("/") + "/"
        params.endpoint_slots = True
    return params


def main(argv: list[str] | None = None) -> int:
    """Serve until the parent closes stdin (or exits); the first stdout line is the address or an error."""
    config = json.loads((sys.argv[1:] if argv is None else argv)[0])
    try:
        import xllamacpp

        server = xllamacpp.Server(server_params(config))
    except Exception as error:
        print(f"error: {type(error).__name__}: {error}", flush=True)
        return 1
    print(server.listening_address, flush=True)
    sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())

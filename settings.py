"""Settings: one typed object, read from ``ASSISTANT_*`` environment variables in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal

PROJECT_ROOT = Path(__file__).resolve().parent
BUNDLED_CORPUS = PROJECT_ROOT / "data" / "corpus"

Backend = Literal["local", "openai", "extractive"]
BACKENDS: tuple[str, ...] = ("local", "openai", "extractive")
SPECULATION: tuple[str, ...] = ("off", "ngram")


def _setting(default, env: str, description: str, **kwargs):
    return field(default=default, metadata={"env": env, "description": description}, **kwargs)


@dataclass(frozen=True)
class Settings:
    """Every knob of the assistant; build it with ``Settings.from_env()`` or directly in tests."""

    index_path: Path = _setting(PROJECT_ROOT / "index", "ASSISTANT_INDEX_PATH",
                                "Folder of the embedded Chroma index.")
    chroma_url: str | None = _setting(None, "ASSISTANT_CHROMA_URL",
                                      "URL of a Chroma server (http://host:8000); replaces the embedded index.")
    collection: str = _setting("passages", "ASSISTANT_COLLECTION", "Chroma collection name.")
    corpus_path: Path = _setting(BUNDLED_CORPUS, "ASSISTANT_CORPUS",
                                 "Documents ingested when the index is empty.")
    upload_path: Path | None = _setting(None, "ASSISTANT_UPLOAD_PATH",
                                        "Folder the web chat keeps uploaded documents in; default: uploads/ in the "
                                        "index folder.")
    top_k: int = _setting(8, "ASSISTANT_TOP_K", "Passages retrieved for each part of a question in retrieval mode.")
    reading: str = _setting("auto", "ASSISTANT_READING",
                            "What the model reads: auto (the whole corpus when its prompt fits one slot, counted in "
                            "the model's tokens; else the nearest whole document, its prompt reused) or passages "
                            "(retrieved passages only).")
    read_chars: int = _setting(2000, "ASSISTANT_READ_CHARS",
                               "Characters of retrieved passages read besides the nearest document (other parts of a "
                               "question), or in all with ASSISTANT_READING=passages (processed afresh each time).")
    saved_prompts_mb: float = _setting(2048.0, "ASSISTANT_SAVED_PROMPTS_MB",
                                       "Disk the local model's saved prompts may take in the cache folder (about 29 MB "
                                       "per 1,000 tokens); the least recently used are removed first.")
    llm: Backend = _setting("local", "ASSISTANT_LLM", "Answer back-end: local, openai or extractive.")
    llm_base_url: str | None = _setting(None, "ASSISTANT_LLM_BASE_URL",
                                        "OpenAI-compatible endpoint (…/v1); selects the openai back-end.")
    llm_model: str = _setting("qwen2.5-coder-1.5b-instruct", "ASSISTANT_LLM_MODEL",
                              "Model name sent to the endpoint.")
    llm_api_key: str = _setting("not-needed", "ASSISTANT_LLM_API_KEY", "API key for the endpoint.")
    llm_timeout: float = _setting(180.0, "ASSISTANT_LLM_TIMEOUT", "Seconds before a model call gives up.")
    model_path: Path | None = _setting(None, "ASSISTANT_MODEL_PATH",
                                       "GGUF file for the local model; default: assembled from the bundled packages.")
    cache_dir: Path = _setting(Path.home() / ".cache" / "release-assistant", "ASSISTANT_CACHE_DIR",
                               "Where the local model file is assembled.")
    threads: int = _setting(os.cpu_count() or 2, "ASSISTANT_THREADS", "CPU threads for the local model.")
    parallel: int = _setting(4, "ASSISTANT_PARALLEL",
                             "Questions the local model answers at once (its slots); the web chat serves as many.")
    speculation: str = _setting("off", "ASSISTANT_SPECULATION",
                                "Speculative decoding for the local model: off, or ngram (tokens drafted from repeats "
                                "of the prompt, checked by the model: the same answers at temperature 0). Measured "
                                "slower on a 2-core CPU (docs/BENCHMARKS.md), so off by default.")
    max_question_chars: int = _setting(2000, "ASSISTANT_MAX_QUESTION_CHARS", "Longest question accepted.")
    max_file_mb: float = _setting(20.0, "ASSISTANT_MAX_FILE_MB",
                                  "Largest file ingest reads, in megabytes (1 MB = 1,000,000 bytes).")
    ingest_batch: int = _setting(1024, "ASSISTANT_INGEST_BATCH",
                                 "Passages embedded and written to the index together (capped by Chroma's limit).")
    unsure_below: float = _setting(-1.0, "ASSISTANT_UNSURE_BELOW",
                                   "A local model's draft whose three least likely words average a log-probability "
                                   "below this is refused (policy row refuse_when_unsure); chosen on the tune sets.")
    without: tuple[str, ...] = _setting((), "ASSISTANT_WITHOUT",
                                        "Answer checks switched off, comma-separated names (see docs/CHECKS.md).")
    host: str = _setting("127.0.0.1", "ASSISTANT_HOST", "Address the web chat listens on.")
    port: int = _setting(7860, "ASSISTANT_PORT", "Port of the web chat.")
    auth: str | None = _setting(None, "ASSISTANT_AUTH",
                                "Web chat logins: user:password pairs (comma-separated) or a file of such lines.",
                                repr=False)
    allow_open: bool = _setting(False, "ASSISTANT_ALLOW_OPEN",
                                "Serve the web chat without login on an address other than loopback.")

    def __post_init__(self) -> None:
        if self.llm not in BACKENDS:
            raise ValueError(f"ASSISTANT_LLM must be one of {', '.join(BACKENDS)}, not {self.llm!r}")
        if self.llm == "openai" and not self.llm_base_url:
            raise ValueError("ASSISTANT_LLM=openai needs ASSISTANT_LLM_BASE_URL (an OpenAI-compatible …/v1 URL)")
        if self.parallel < 1:
            raise ValueError(f"ASSISTANT_PARALLEL must be at least 1, not {self.parallel}")
        if self.speculation not in SPECULATION:
            raise ValueError(f"ASSISTANT_SPECULATION must be one of {', '.join(SPECULATION)}, not {self.speculation!r}")
        if self.reading not in ("auto", "passages"):
            raise ValueError(f"ASSISTANT_READING must be auto or passages, not {self.reading!r}")
        if self.top_k < 1:
            raise ValueError(f"ASSISTANT_TOP_K must be at least 1, not {self.top_k}")
        if self.max_file_mb <= 0 or self.ingest_batch < 1:
            raise ValueError("ASSISTANT_MAX_FILE_MB must be above 0 and ASSISTANT_INGEST_BATCH at least 1")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``ASSISTANT_*`` variables; unset ones keep their defaults."""
        environ = os.environ if environ is None else environ
        values = {}
        for spec in fields(cls):
            raw = environ.get(spec.metadata["env"], "").strip()
            if raw:
                values[spec.name] = _convert(spec.name, raw, cls.__dataclass_fields__[spec.name].default)
        if values.get("llm_base_url") and "llm" not in values:
            values["llm"] = "openai"
        return cls(**values)

    def with_(self, **changes) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _convert(name: str, raw: str, default):
    if name == "without":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if name in ("index_path", "corpus_path", "cache_dir", "model_path", "upload_path"):
        return Path(raw).expanduser()
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return _number(name, raw, int)
    if isinstance(default, float):
        return _number(name, raw, float)
    return raw


def _number(name: str, raw: str, kind):
    try:
        return kind(raw)
    except ValueError:
        raise ValueError(f"setting {name} expects a number, got {raw!r}") from None

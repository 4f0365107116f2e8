"""Processed prompts kept on disk with llama.cpp's slot save and restore, keyed so a stale one is never reused."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

log = logging.getLogger(__name__)
RESTORED, SAVED, PROCESSED, HELD = "restored", "saved", "processed", "held"
# A processed prompt takes about 29 MB per 1,000 tokens on disk (a full 8,192-token slot about 235 MB).
DEFAULT_CAP_MB = 2048


def prompt_key(model_id: str, messages: list[tuple[str, str]], context_tokens: int, runtime: str) -> str:
    """A name that changes with the model, the exact prompt, the slot size and the llama.cpp build."""
    payload = json.dumps({"model": model_id, "messages": messages, "context_tokens": context_tokens,
                          "runtime": runtime}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class SlotFiles:
    """Save a slot's processed prompt to ``directory`` and restore it into every slot of the server."""

    def __init__(self, url: str, directory: Path, slots: int, timeout: float = 120.0, cap_mb: float = DEFAULT_CAP_MB):
        self.url, self.directory, self.slots, self.timeout = url, directory, slots, timeout
        self.cap_bytes = cap_mb * 1_000_000

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

    def save(self, key: str, slot: int, spread: bool = True) -> None:
        """Write the slot's prompt under ``key`` (in full or not at all) and, when ``spread``, copy it into the
        other slots."""
        partial = self.directory / f"{key}.{os.getpid()}.partial"
        try:
            self._action(slot, "save", partial.name)
            os.replace(partial, self.directory / f"{key}.bin")
        finally:
            partial.unlink(missing_ok=True)
        if spread:
            self.restore(key, range(slot + 1, self.slots))
        self._prune()

    def disk_bytes(self) -> int:
        """Bytes the saved prompts take."""
        return sum(path.stat().st_size for path in self.directory.glob("*.bin"))

    def _action(self, slot: int, action: str, filename: str) -> None:
        response = httpx.post(f"{self.url}/slots/{slot}", params={"action": action}, json={"filename": filename},
                              timeout=self.timeout)
        response.raise_for_status()

    def _prune(self) -> None:
        """Remove the least recently used files until the rest fit the cap (the newest is always kept)."""
        files = sorted(self.directory.glob("*.bin"), key=lambda path: path.stat().st_mtime, reverse=True)
        kept = 0
        for number, path in enumerate(files):
            kept += path.stat().st_size
            if number and kept > self.cap_bytes:
                path.unlink(missing_ok=True)


class PrefixSlots:
    """Sends each request to a slot that holds its prompt's prefix (one document's passages): held since an earlier
    question, restored from disk, or processed by the request itself and then saved for the next one."""

    def __init__(self, files: SlotFiles):
        self.files = files
        self.held = [""] * files.slots  # the prefix key each slot holds
        self.used = [0.0] * files.slots
        self.busy = [False] * files.slots
        self.counts: Counter[str] = Counter()  # how each request's prefix was made ready
        self._free = threading.Condition()

    @contextmanager
    def slot(self, key: str) -> Iterator[int]:
        """A slot holding the prefix ``key``, or that will once the request in the ``with`` block has run."""
        slot = self._take(key)
        how = HELD if self.held[slot] == key else RESTORED if self.files.restore(key, range(slot, slot + 1)) \
            else PROCESSED
        self.held[slot] = key if how != PROCESSED else ""
        try:
            yield slot
            if how == PROCESSED:
                self._save(key, slot)
        finally:
            self.counts[how] += 1
            with self._free:
                self.busy[slot], self.used[slot] = False, time.monotonic()
                self._free.notify()

    def forget(self) -> None:
        """Every slot was given another prompt (the whole corpus's): none holds a document's prefix any more."""
        with self._free:
            self.held = [""] * len(self.held)

    def _take(self, key: str) -> int:
        with self._free:
            self._free.wait_for(lambda: not all(self.busy))
            free = [slot for slot, busy in enumerate(self.busy) if not busy]
            holding = [slot for slot in free if self.held[slot] == key]
            slot = holding[0] if holding else min(free, key=lambda s: self.used[s])
            self.busy[slot] = True
            return slot

    def _save(self, key: str, slot: int) -> None:
        try:
            self.files.save(key, slot, spread=False)
        except (httpx.HTTPError, OSError) as error:  # the next question on this document processes it again
            log.warning("the processed prompt could not be saved: %s", error)
            return
        self.held[slot] = key

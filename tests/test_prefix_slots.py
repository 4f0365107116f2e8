"""Requests go to a slot that holds their document's prompt: held from before, restored from disk, or processed by
the request and saved (a stand-in for llama.cpp's slot files: the real ones are in test_prompt_cache.py)."""

from __future__ import annotations

import threading
import time

from assistant.slot_cache import HELD, PROCESSED, RESTORED, PrefixSlots


class Files:
    """Saved prompts by key; records every restore and save."""

    def __init__(self, slots: int, saved=()):
        self.slots, self.saved, self.calls = slots, set(saved), []

    def restore(self, key, slots):
        self.calls.append(("restore", key, list(slots)))
        return key in self.saved

    def save(self, key, slot, spread=True):
        assert spread is False  # a document's prompt stays in its slot
        self.calls.append(("save", key, slot))
        self.saved.add(key)


def test_a_documents_prompt_is_processed_once_saved_then_held():
    files = Files(2)
    pool = PrefixSlots(files)
    with pool.slot("report") as first:
        pass
    with pool.slot("report") as again:
        pass
    assert first == again and files.calls == [("restore", "report", [first]), ("save", "report", first)]
    assert pool.counts == {PROCESSED: 1, HELD: 1}


def test_another_document_takes_the_least_recently_used_slot_and_a_saved_prompt_is_restored():
    files = Files(2, saved={"budget"})
    pool = PrefixSlots(files)
    with pool.slot("report") as report_slot:
        pass
    with pool.slot("budget") as budget_slot:
        pass
    assert budget_slot != report_slot and ("restore", "budget", [budget_slot]) in files.calls
    assert ("save", "budget", budget_slot) not in files.calls and pool.counts[RESTORED] == 1


def test_a_failed_request_leaves_nothing_saved_and_the_slot_free():
    files = Files(1)
    pool = PrefixSlots(files)
    try:
        with pool.slot("report"):
            raise RuntimeError("the model failed")
    except RuntimeError:
        pass
    assert not files.saved and pool.busy == [False] and pool.held == [""]


def test_a_busy_slot_is_never_shared():
    pool = PrefixSlots(Files(2))
    taken, release = [], threading.Event()

    def ask():
        with pool.slot("report") as slot:
            taken.append(slot)
            release.wait(5)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while len(taken) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join()
    assert sorted(taken) == [0, 1]  # the second asker took the other slot instead of the busy one


def test_forget_drops_what_every_slot_held():
    pool = PrefixSlots(Files(2))
    with pool.slot("report"):
        pass
    pool.forget()
    assert pool.held == ["", ""]

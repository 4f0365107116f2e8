"""The processed prompt saved to disk and restored by the next start; several questions at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from assistant import Assistant, Settings
from assistant.local_model import LocalServer
from assistant.slot_cache import prompt_key
from tests.conftest import start_local_model

NOTICE = ("The Harbour Board will dredge the north channel in April 2026 at a cost of 3 million crowns.\n\n"
          "Harbourmaster Ilse Brandt said the work will let ships of 12 metres draught reach the grain quay.\n")


def test_prompt_key_changes_with_model_prompt_and_slot_size():
    messages = [("system", "rules and passages"), ("user", "Question: Hello")]
    key = prompt_key("model-a", messages, 4096, "1.0")
    assert key == prompt_key("model-a", [list(m) for m in messages], 4096, "1.0")
    assert len({key, prompt_key("model-b", messages, 4096, "1.0"),
                prompt_key("model-a", [("system", "rules and other passages"), messages[1]], 4096, "1.0"),
                prompt_key("model-a", messages, 2048, "1.0"), prompt_key("model-a", messages, 4096, "1.1")}) == 5


def _busy_slots(url: str, done: threading.Event) -> int:
    """The most slots the server was seen processing at once until ``done``."""
    most = 0
    while not done.is_set():
        most = max(most, sum(slot["is_processing"] for slot in httpx.get(f"{url}/slots", timeout=10).json()))
        done.wait(0.05)
    return most


@pytest.mark.slow
def test_saved_prompt_is_restored_by_the_next_start_and_questions_are_answered_at_once(tmp_path, local_model_file):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notice.txt").write_text(NOTICE, encoding="utf-8")
    settings = Settings(index_path=tmp_path / "index", corpus_path=corpus, llm="local", parallel=3,
                        cache_dir=tmp_path / "cache", model_path=local_model_file)
    slots = tmp_path / "cache" / "slots"
    LocalServer.stop_shared()
    try:
        server = start_local_model(settings)
        bot = Assistant(settings)
        bot.warm_up()
        assert bot.prompt_cache == "saved" and len(list(slots.glob("*.bin"))) == 1
        assert len(httpx.get(f"{server.url}/slots", timeout=10).json()) == 3
        done = threading.Event()
        with ThreadPoolExecutor(3) as pool:
            watcher = pool.submit(_busy_slots, server.url, done)
            answers = list(pool.map(bot.ask, ["When will the north channel be dredged?",
                                              "What will the work let ships reach?"]))
            done.set()
        assert watcher.result() == 2
        assert all(answer.backend == "local" and not answer.notice for answer in answers)
        assert "April 2026" in answers[0].text and "grain quay" in answers[1].text

        LocalServer.stop_shared()
        again = Assistant(settings)
        again.warm_up()
        assert again.prompt_cache == "restored"

        (corpus / "notice.txt").write_text(NOTICE.replace("12 metres", "14 metres"), encoding="utf-8")
        changed = Assistant(settings.with_(index_path=tmp_path / "index2"))
        changed.warm_up()
        assert changed.prompt_cache == "saved" and len(list(slots.glob("*.bin"))) == 2

        for saved in slots.glob("*.bin"):  # a damaged file is processed again, not trusted
            saved.write_bytes(b"not a llama.cpp state file")
        damaged = Assistant(settings.with_(index_path=tmp_path / "index2"))
        damaged.warm_up()
        assert damaged.prompt_cache == "saved"
        answer = damaged.ask("What draught will ships have?")
        assert answer.backend == "local" and "14 metres" in answer.text
    finally:
        LocalServer.stop_shared()


@pytest.mark.slow
def test_a_documents_prompt_is_saved_and_held_for_the_next_question_about_it(tmp_path, local_model_file):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(NOTICE, encoding="utf-8")
    (corpus / "library.txt").write_text("Marlow Street Library will open on Sundays from 4 May 2026.\n\n"
                                        "The Harwell Trust pays for six extra staff.\n", encoding="utf-8")
    settings = Settings(index_path=tmp_path / "index", corpus_path=corpus, llm="local", parallel=2,
                        cache_dir=tmp_path / "cache", model_path=local_model_file)
    LocalServer.stop_shared()
    try:
        start_local_model(settings)
        bot = Assistant(settings)
        # A budget that holds either notice but not both: the model reads the nearest one whole.
        bot.reader.budget, bot.reader._whole = 100, False
        first = bot.ask("When will the north channel be dredged?")
        again = bot.ask("What will the dredging let ships reach?")
        assert first.reading == again.reading == "whole documents"
        assert "April 2026" in first.text and "grain quay" in again.text
        assert all(c.source.endswith("harbour.txt") for c in first.citations + again.citations)
        counts = LocalServer.shared(settings).prefix_slots(60, 100).counts
        assert counts == {"processed": 1, "held": 1}
        assert len(list((tmp_path / "cache" / "slots").glob("*.bin"))) == 1  # saved for the next start
    finally:
        LocalServer.stop_shared()

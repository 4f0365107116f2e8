"""The ablation and order passes on a tiny corpus with the real extractive back-end: sealed parts stay aggregate."""

from __future__ import annotations

import json
import sys
from types import ModuleType, SimpleNamespace

import pytest
from langchain_core.caches import InMemoryCache
from langchain_core.globals import get_llm_cache
from langchain_core.language_models import FakeListChatModel

from bench import sets
from bench.ablation import ablate_corpus
from bench.llm_cache import llm_cache
from bench.orders import keep_answers, order_pass, shuffled
from bench.quality import evaluate_corpus, index_settings, open_backend
from bench.scoring import Question
from settings import Settings

SECRETS = ("s-id-1", "s-id-2", "Fennick", "40 million", "designed")
ASKED = [Question("s-id-1", "fact", "How much does the Fennick plant filter a day?", ("40 million litres",),
                  ("40 million",)),
         Question("s-id-2", "refuse", "Who designed the Fennick plant?")]


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory) -> tuple[Settings, dict, dict]:
    """A corpus evaluated once by the extractive back-end (its answers kept as local's would be)."""
    folder = tmp_path_factory.mktemp("passes")
    corpus = folder / "docs"
    corpus.mkdir()
    (corpus / "note.txt").write_text("The Fennick plant opened in March 2025. It filters 40 million litres a day.\n",
                                     encoding="utf-8")
    plan = sets.CorpusPlan("mine", corpus, {})
    settings = Settings(cache_dir=Settings().cache_dir)
    answers: dict = {}
    outcome = evaluate_corpus(plan, {"sealed19": ASKED, "tune": ASKED}, settings, ["extractive"], None, folder / "work",
                              answered=lambda name, part, result: keep_answers(answers, "local", part, result))
    return index_settings(settings, plan, folder / "work"), outcome, answers


@pytest.fixture
def registry(monkeypatch) -> None:
    """A stand-in for the core's registry of switches (assistant.switches), which these tests must not depend on."""
    switches = ModuleType("assistant.switches")
    switches.SWITCHES = tuple(SimpleNamespace(name=name, level="answer", serves="Any question.")
                              for name in ("already-off", "first", "second"))
    monkeypatch.setitem(sys.modules, "assistant.switches", switches)


def test_the_ablation_keeps_only_aggregates_and_switches_each_check_off_in_turn(evaluated, registry, capsys):
    settings, outcome, _ = evaluated
    opened = []

    def opener(chosen: Settings):
        opened.append(chosen.without)
        # The stand-in names are unknown to the real core, so the assistant itself runs with every check on.
        return open_backend(chosen.with_(without=()))

    result = ablate_corpus(settings.with_(without=("already-off",)), {"sealed19": ASKED, "tune": ASKED}, outcome,
                           ["extractive", "tutorial"], opener)
    assert opened == [("already-off", "first"), ("already-off", "second")]
    assert list(result) == ["first", "second"] and list(result["first"]) == ["extractive"]
    sealed = result["first"]["extractive"]["sealed19"]
    assert set(sealed) == {"questions", "figures", "effect", "notes"} and sealed["questions"] == 2
    assert set(sealed["effect"].values()) == {0.0}  # the same back-end both times: nothing changes
    shown = json.dumps(result) + "".join(capsys.readouterr())
    assert "ablation 1/2: without first" in shown and "ablation 2/2: without second" in shown
    for secret in SECRETS:
        assert secret not in shown


def test_the_order_pass_asks_again_in_another_order_and_keeps_only_shares(evaluated, capsys):
    settings, _, answers = evaluated
    assert set(answers) == {"sealed19", "tune"} and set(answers["sealed19"]) == {"s-id-1", "s-id-2"}
    seen = []

    def opener(chosen: Settings):
        seen.append((chosen.llm, get_llm_cache()))
        return open_backend(chosen.with_(llm="extractive"))  # fast tests do not start the local model

    with llm_cache(InMemoryCache()):
        result = order_pass(settings, {"sealed19": ASKED, "tune": ASKED}, answers, opener)
        tune = order_pass(settings, {"sealed19": ASKED, "tune": ASKED}, answers, opener, parts=("tune",))
    assert seen == [("local", None)] * 2  # a fresh local back-end, asked with the run's cache off
    assert result == {"sealed19": {"questions": 2, "identical": 1.0}}  # by default only the sealed part counts
    assert tune == {"tune": {"questions": 2, "identical": 1.0}}
    shown = json.dumps([result, tune]) + "".join(capsys.readouterr())
    for secret in SECRETS:
        assert secret not in shown


def test_a_shuffle_is_fixed_and_never_the_original_order():
    questions = [Question(f"q{n}", "fact", f"Question {n}?") for n in range(8)]
    assert shuffled(questions) == shuffled(questions) != questions
    assert sorted(q.id for q in shuffled(questions)) == sorted(q.id for q in questions)
    for seed in (0, 1):  # seed 0 leaves two items where they were, seed 1 swaps them
        assert shuffled(questions[:2], seed) == questions[1::-1]  # two questions: the only other order


def test_the_llm_cache_answers_a_repeated_prompt_from_memory_only_inside_its_block():
    # A scripted chat model stands in for the local one, which fast tests do not start.
    before = get_llm_cache()
    with llm_cache(InMemoryCache()):
        model = FakeListChatModel(responses=["first", "second"])
        assert [model.invoke("same prompt").content for _ in range(2)] == ["first", "first"]
        with llm_cache(None):
            assert model.invoke("same prompt").content == "second"
    assert get_llm_cache() is before

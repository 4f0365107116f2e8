"""The bench's question layout (tune, validation, sealed and conversation parts), what a blind part may store, and
the plain-prompt baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import sets
from bench.plain_prompt import cited, final_answer, fitting, system_prompt
from bench.report import figures_table, gap_line
from bench.scoring import Conversation, Question
from ingest.passages import Passage

PASSAGES = [Passage(f"p{n}", "release.txt", 100 * n, 100 * n + 40, f"Passage number {n} says something.")
            for n in range(1, 4)]


@pytest.fixture
def layout(tmp_path: Path, monkeypatch) -> Path:
    """A question folder with the release's tune, validation and sealed parts of both rounds and conversations
    about the release in both, and the fictional tune part only."""
    rounds = [(f"sealed{n}", "release") for n in range(19, 1, -1)]
    for part, name in (("tune", "release"), *rounds, ("validation", "release"), ("tune", "fictional")):
        (tmp_path / part).mkdir(exist_ok=True)
        (tmp_path / part / f"{name}.jsonl").write_text("", encoding="utf-8")
    conversation = {"id": "c1", "corpus": "release", "turns": [{"kind": "refuse", "question": "Why?"}]}
    for folder in (f"sealed{n}" for n in range(19, 1, -1)):
        (tmp_path / folder / "conversations.jsonl").write_text(json.dumps(conversation) + "\n", encoding="utf-8")
    monkeypatch.setattr(sets, "QUESTIONS", tmp_path)
    return tmp_path


def test_each_corpus_runs_the_parts_that_exist_sealed_first(layout: Path):
    plans, notes = sets.plan(["release", "fictional", "documents"], list(sets.PARTS))
    assert [(p.name, list(p.parts)) for p in plans] == [
        ("release", ["sealed19", "conversations", "sealed18", "conversations18", "sealed17", "conversations17",
                     "sealed16", "conversations16", "sealed15", "conversations15", "sealed14", "conversations14",
                     "sealed13", "conversations13",
                     "sealed12", "conversations12",
                     "sealed11", "conversations11",
                     "sealed10", "conversations10",
                     "sealed9", "conversations9", "sealed8", "conversations8", "sealed7", "conversations7", "sealed6",
                     "conversations6", "sealed5", "conversations5", "sealed4", "conversations4", "sealed3",
                     "conversations3", "sealed2", "conversations2", "validation", "tune"]),
        ("fictional", ["tune"])]
    assert plans[0].parts["sealed19"] == layout / "sealed19" / "release.jsonl"
    assert plans[0].parts["conversations"] == layout / "sealed19" / "conversations.jsonl"
    for n in range(18, 1, -1):
        assert plans[0].parts[f"conversations{n}"] == layout / f"sealed{n}" / "conversations.jsonl"
    # fictional: no part of the eighteen rounds, conversations included, and no validation; documents: nothing at all
    assert len(notes) == 75 and all("skipped" in note for note in notes)


def test_one_part_only_and_unknown_sets(layout: Path):
    plans, _ = sets.plan(["release"], ["tune"])
    assert list(plans[0].parts) == ["tune"]
    with pytest.raises(ValueError, match="unknown set"):
        sets.plan(["release", "nonsense"], ["tune"])


def test_an_own_question_file_is_a_tune_part_unless_it_lies_in_a_blind_folder(layout: Path, tmp_path: Path):
    assert list(sets.own_plan(tmp_path / "mine.jsonl", tmp_path).parts) == ["tune"]
    for n in range(19, 1, -1):
        assert list(sets.own_plan(layout / f"sealed{n}" / "release.jsonl", None).parts) == [f"sealed{n}"]
    assert list(sets.own_plan(layout / "validation" / "release.jsonl", None).parts) == ["validation"]


def test_a_sealed_evaluation_stores_no_per_question_data(tmp_path: Path):
    from bench.quality import evaluate_corpus
    from settings import Settings

    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "note.txt").write_text("The Fennick plant opened in March 2025. It filters 40 million litres a day.\n",
                                     encoding="utf-8")
    asked = [Question("s-id-1", "fact", "How much does the Fennick plant filter a day?", ("40 million litres",),
                      ("40 million",)),
             Question("s-id-2", "refuse", "Who designed the Fennick plant?")]
    plan = sets.CorpusPlan("mine", corpus, {})
    talk = Conversation.from_dict({"id": "s-c1", "corpus": "mine", "turns": [
        {"kind": "fact", "question": "How much does the Fennick plant filter a day?", "evidence": ["40 million"],
         "expect": ["40 million"]},
        {"kind": "followup", "question": "And when did it open?", "evidence": ["March 2025"], "expect": ["2025"]}]})
    earlier = {f"sealed{n}": asked for n in range(18, 1, -1)} | {f"conversations{n}": [talk] for n in range(18, 1, -1)}
    result = evaluate_corpus(plan, {"sealed19": asked, "conversations": [talk], **earlier, "validation": asked,
                                    "tune": asked},
                             Settings(cache_dir=Settings().cache_dir), ["extractive"], None, tmp_path / "work")
    for part in (*(f"sealed{n}" for n in range(19, 1, -1)), "validation", "conversations",
                 *(f"conversations{n}" for n in range(18, 1, -1))):
        blind = result["parts"][part]["systems"]["extractive"]
        assert blind["figures"]["questions"] == 2 and set(blind) <= sets.SEALED_KEYS and "records" not in blind
        stored = json.dumps(result["parts"][part])
        for secret in ("s-id-1", "s-c1", "Fennick", "40 million", "designed", "open"):
            assert secret not in stored
    sealed = result["parts"]["sealed19"]["systems"]["extractive"]
    # where answers and refusals came from, in aggregate: two questions, one of them answerable
    assert sum(o["questions"] for o in sealed["outcomes"].values()) == 2
    assert sum(o["answerable"] for o in sealed["outcomes"].values()) == 1
    assert all(name.startswith("extractive:") for name in sealed["outcomes"])
    assert set(sealed["by_kind"]) == {"fact", "refuse"} and sealed["figures"]["truthfulness"] is not None
    turns = result["parts"]["conversations"]["systems"]["extractive"]["by_turn"]
    assert turns["first"]["questions"] == 1 and turns["later"]["questions"] == 1
    tune = result["parts"]["tune"]["systems"]["extractive"]
    assert [r["id"] for r in tune["records"]] == ["s-id-1", "s-id-2"]  # a tune part keeps every answer


def test_the_system_prompt_numbers_every_passage_after_the_instruction():
    prompt = system_prompt(PASSAGES)
    assert prompt.index("The documents do not say") < prompt.index("[1] Passage number 1")
    assert "[3] Passage number 3 says something." in prompt and "[4]" not in prompt


def test_passages_beyond_the_budget_are_left_out():
    assert fitting(PASSAGES, budget=100) == PASSAGES[:2]
    assert fitting(PASSAGES) == PASSAGES


def test_citations_are_the_passages_the_reply_names_once_each_in_order():
    citations = cited("It says so [2]. Both agree [3, 1]. Again [2]. No such passage [7] or [0].", PASSAGES)
    assert [c.n for c in citations] == [2, 3, 1]
    assert (citations[0].source, citations[0].start, citations[0].end) == ("release.txt", 200, 240)
    assert citations[0].text == PASSAGES[1].text


def test_a_reply_that_cites_nothing_and_says_the_documents_do_not_say_is_a_refusal():
    refusal = final_answer("The documents do not say.", PASSAGES, "Who founded it?")
    assert refusal.refused and refusal.citations == []
    answer = final_answer("Passage one says something [1].", PASSAGES, "What does it say?")
    assert not answer.refused and [c.n for c in answer.citations] == [1]
    premise = final_answer("The documents do not say it was rejected; it was signed [2].", PASSAGES, "Why?")
    assert not premise.refused  # a cited correction is an answer


def _system(accuracy: float, false_refusals: float) -> dict:
    keys = ("answer_accuracy", "grounded_accuracy", "citation_precision", "refusal_accuracy", "false_refusal_rate",
            "first_text_median_s", "first_text_p95_s", "total_median_s", "total_p95_s")
    figures = dict.fromkeys(keys, 1.0) | {"answer_accuracy": accuracy, "false_refusal_rate": false_refusals,
                                          "truthfulness": 0.5}
    return {"figures": figures, "by_kind": {}, "notes": []}


def test_the_report_puts_sealed_figures_first_and_states_the_gap():
    corpus = {"parts": {"tune": {"questions": 77, "systems": {"local": _system(0.97, 0.02)}},
                        "validation": {"questions": 48, "systems": {"local": _system(0.85, 0.05)}},
                        "sealed19": {"questions": 40, "systems": {"local": _system(0.80, 0.10)}}}}
    rows = figures_table(corpus).splitlines()[2:]
    assert rows[0].startswith("| **local** | sealed19 (40) | +0.50 | 80%")
    assert rows[1].startswith("| **local** | validation (48) |") and rows[2].startswith("| **local** | tune (77) |")
    assert gap_line(corpus).endswith("local +17 / -8.")
    assert gap_line(corpus, "validation").startswith("Gap, validation minus sealed19") and "+5 / -5" in gap_line(
        corpus, "validation")


def test_the_outcomes_table_says_where_answers_and_refusals_came_from():
    from bench.report import outcomes_table

    counts = {"model:answered": {"questions": 5, "answerable": 4, "right": 3},
              "model:unsure": {"questions": 2, "answerable": 2, "right": 0}}
    corpus = {"parts": {"sealed19": {"systems": {"local": {"outcomes": counts}}},
                        "tune": {"systems": {"local": {"outcomes": {"model:answered": counts["model:answered"]}}}}}}
    rows = outcomes_table(corpus).splitlines()
    assert rows[2] == "| Outcome | sealed19 | tune |"
    assert rows[4:] == ["| `model:answered` | 5 (4 / 3) | 5 (4 / 3) |", "| `model:unsure` | 2 (2 / 0) | – |"]
    assert outcomes_table({"parts": {}}) == ""

"""Conversations are asked turn by turn with the system's own answers as history; question files are checked
against their documents without showing a question."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answer import Answer
from bench.check_questions import check
from bench.quality import load_questions, question_count, run_system
from bench.scoring import Conversation

TALK = {"id": "c1", "corpus": "release", "turns": [
    {"kind": "fact", "question": "How many people?", "evidence": ["120 million"], "expect": ["120"]},
    {"kind": "followup", "question": "Who said that?", "evidence": ["Liang Hua"], "expect": ["liang"]},
    {"kind": "refuse", "question": "And his salary?"}]}


class Echo:
    """A scripted system that answers from a fixed table and records the history it was given."""

    def __init__(self):
        self.histories = []

    def stream(self, question, history=None):
        self.histories.append([list(turn) for turn in history or []])
        text = {"How many people?": "120 million people.", "Who said that?": "Liang Hua said it."}.get(
            question, "The documents do not say.")
        yield text
        yield Answer(text, [], text.startswith("The documents"), question)


def test_each_turn_gets_the_systems_own_earlier_answers_as_history():
    system = Echo()
    result = run_system("echo", system, [Conversation.from_dict(TALK)], "")
    assert system.histories == [[], [["How many people?", "120 million people."]],
                                [["How many people?", "120 million people."], ["Who said that?", "Liang Hua said it."]]]
    assert [r["correct"] for r in result["records"]] == [True, True, True]
    assert result["by_turn"]["first"]["questions"] == 1 and result["by_turn"]["later"]["questions"] == 2
    assert result["figures"]["truthfulness"] == 1.0


def test_a_conversation_file_gives_the_conversations_about_one_corpus(tmp_path: Path):
    other = TALK | {"id": "c2", "corpus": "documents"}
    path = tmp_path / "conversations.jsonl"
    path.write_text(json.dumps(TALK) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    loaded = load_questions(path, "release")
    assert [item.id for item in loaded] == ["c1"] and question_count(loaded) == 3
    assert [turn.id for turn in loaded[0].turns] == ["c1#1", "c1#2", "c1#3"]


def test_the_question_check_names_ids_and_problems_but_never_the_question(tmp_path: Path, capsys):
    corpus = tmp_path / "doc.txt"
    corpus.write_text("Huawei will connect 120 million people.\nLiang Hua spoke.\n", encoding="utf-8")
    good = {"id": "g1", "kind": "fact", "question": "Secret wording one?", "evidence": ["120 million people"],
            "expect": ["120"]}
    bad = {"id": "b1", "kind": "fact", "question": "Secret wording two?", "evidence": ["not in the text"],
           "expect": ["("]}
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in (good, bad, TALK)) + "\n", encoding="utf-8")
    lost = TALK | {"id": "c9", "turns": [TALK["turns"][0], TALK["turns"][1] | {"evidence": ["Cao Ming"]}]}
    (tmp_path / "talk.jsonl").write_text(json.dumps(lost) + "\n", encoding="utf-8")
    assert check(tmp_path / "talk.jsonl", corpus) == 1 and "c9 turn 2: error" in capsys.readouterr().out
    assert check(path, corpus) == 2  # b1: evidence and regex; the conversation's turns are all found
    shown = capsys.readouterr().out
    assert "b1: error" in shown and "g1" not in shown and "c1" not in shown
    assert "Secret" not in shown

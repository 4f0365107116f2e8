"""The order pass: the local back-end answers each part again in a shuffled order, with no LLM cache."""

from __future__ import annotations

import random

from tqdm import tqdm

from bench.llm_cache import llm_cache
from bench.quality import ask, open_backend
from bench.scoring import Question
from bench.sets import SEALED
from settings import Settings

SEED = 2025
NOTE = ("The local back-end (a fresh Assistant, no LLM cache) answered every part again in a shuffled order "
        f"(seed {SEED}); the share is of questions whose answer text came back identical.")


def keep_answers(answers: dict[str, dict[str, str]], name: str, part: str, outcome: dict) -> None:
    """Keep the local back-end's answer texts of a part in memory, by question id, for the order pass."""
    if name == "local":
        answers[part] = {record["id"]: record["answer"] for record in outcome["records"]}


def shuffled(questions: list[Question], seed: int = SEED) -> list[Question]:
    """The questions in a fixed pseudo-random order that differs from the given one whenever it can."""
    order = list(questions)
    random.Random(seed).shuffle(order)
    if len(order) > 1 and order == list(questions):
        order = order[1:] + order[:1]
    return order


def identical_share(first: dict[str, str], second: dict[str, str]) -> float | None:
    """Share of the questions answered first whose answer text is the same the second time."""
    if not first:
        return None
    return sum(second.get(question_id) == text for question_id, text in first.items()) / len(first)


def order_pass(settings: Settings, questions: dict[str, list[Question]], answers: dict[str, dict[str, str]],
               opener=open_backend, parts: tuple[str, ...] = (SEALED,)) -> dict:
    """Per part (the sealed one by default: the figure that counts): how many questions were asked again and the
    share answered word for word as before."""
    result = {}
    with llm_cache(None):  # a remembered reply would hide any effect of the order
        bot, _ = opener(settings.with_(llm="local"))
        for part, asked in questions.items():
            if part not in answers or part not in parts:
                continue
            again = {}
            for question in tqdm(shuffled(asked), desc=f"  local {part}, shuffled", unit="question"):
                answer = ask(bot, question)[0]
                again[question.id] = answer.text if answer else ""
            result[part] = {"questions": len(answers[part]), "identical": identical_share(answers[part], again)}
    return result

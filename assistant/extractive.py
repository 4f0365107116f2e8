"""The model-free answer: the passage sentences closest to the question, cited."""

from __future__ import annotations

import re

from assistant.coverage import WordCoverage
from assistant.question_types import (
    DATELINE,
    URL,
    asks_for_format,
    asks_for_kind,
    asks_for_statement,
    asks_yes_or_no,
    gives_attribute,
    gives_expected_kind,
    names_the_doer,
)
from assistant.retrieval import Hit, cosine
from assistant.rewrite import asked_part
from assistant.speakers import pronoun_speaker, spoken_by
from assistant.terms import STOPWORDS, content_stems, mentions, numbers, people_named, words_around
from assistant.verify import Verifier
from ingest.passages import Passage
from ingest.sentences import sentence_spans

MIN_SCORE = 0.55        # below this no sentence answers the question
SECOND_SENTENCE = 0.92  # a second sentence joins when it scores this close to the best
MIN_WORDS = 5           # shorter units (headings, bare links) join a neighbouring sentence
PASSAGES_SEARCHED = 8
MIN_COVERAGE = 0.3      # weighted share of the question's words (or synonyms) the chosen sentences must contain
MIN_COVERAGE_TYPED = 0.15  # …when the question asks for one kind of thing and the sentences give it
MIN_COVERAGE_YES_NO = 0.9  # …when it asks yes or no: the sentence must state what was asked
KIND_BONUS = 0.15       # a sentence that gives the kind of thing asked for (a person, a time, a count)
DOER_BONUS = 0.15       # …and, for "Who announced …?", names someone as the one who announced
FORMAT_BONUS = 0.5      # a dateline, web address or social link, asked for, shares few words with the question
FOCUS_WEIGHT = 0.3
COVERAGE_WEIGHT = 0.4   # how much word coverage counts beside the embedding similarity
ECHO_WORDS = 4          # a phrase of the question this long, in one source sentence only, marks what is asked
ECHO_LONGEST = 12       # longer runs are not looked for: their 12-word parts are


def echoed_sentence(question: str, passages: list[Passage]) -> str:
    """The one source sentence that holds a phrase of the question, ECHO_WORDS words or more running with two
    ordinary words among them ("… to all four corners of the earth?"): the sentence the question is about.
    '' when no sentence, or more than one, holds the longest such phrase."""
    asked = re.findall(r"[A-Za-z0-9]+", asked_part(question))
    lowered = [w.lower() for w in asked]
    sentences = {" ".join(re.findall(r"[a-z0-9]+", p.text[s:e].lower())): p.text[s:e]
                 for p in passages for s, e in sentence_spans(p.text)}
    for length in range(min(len(asked), ECHO_LONGEST), ECHO_WORDS - 1, -1):
        for first in range(len(asked) - length + 1):
            run = asked[first:first + length]
            if sum(w[0].islower() and w.lower() not in STOPWORDS for w in run) < 2:
                continue
            phrase = f" {' '.join(lowered[first:first + length])} "
            holding = {text for key, text in sentences.items() if phrase in f" {key} "}
            if len(holding) == 1:
                return holding.pop()
    return ""


def extractive_draft(question: str, hits: list[Hit], context: list[Passage], verifier: Verifier,
                     coverage: WordCoverage, focus: str = "", surroundings=None, speakers=()) -> str:
    """A draft of the best source sentences (one to three) with [n] markers numbering ``context``.

    ``focus``: words the answer should speak to above all, such as those around a figure the question
    gets wrong ("founded in 1997" → a sentence about the founding); ``speakers``: the people whose words
    the question asks for, the only ones an answer may quote."""
    given = {p.id for p in context}  # only passages the citation numbers can point to
    scored = ranked_sentences(question, [h for h in hits if h.passage.id in given], verifier, coverage, focus,
                              surroundings)
    if speakers and surroundings:
        scored = [s for s in scored if any(spoken_by(person, s[2], surroundings(s[1])) for person in speakers)]
    question = asked_part(question)  # the earlier turns found the passages; the sentence answers the question
    if not scored or scored[0][0] < MIN_SCORE:
        return "The documents do not say."
    if asks_for_kind(question) and not gives_expected_kind(question, scored[0][2], coverage):
        # A near-tie goes to the sentence that gives what was asked: "Tomas Reinholt will succeed her" over
        # "… Imogen Valtry will retire" for "Who will take over from Imogen Valtry?".
        giving = [s for s in scored if s[0] >= SECOND_SENTENCE * scored[0][0] and
                  gives_expected_kind(question, s[2], coverage)][:1]
        scored = giving + [s for s in scored if s not in giving]
    chosen = _chosen(question, scored, coverage, focus)
    # A quotation carries its speaker's sentence along: that sentence is not given again on its own.
    chosen = [c for c in chosen if not any(len(o[2]) > len(c[2]) and c[2] in o[2] for o in chosen)]
    answer = " ".join(sentence for _, _, sentence in chosen)
    if coverage.coverage(question, _link_words(answer, question)) < _min_coverage(question, answer, coverage) or \
            not gives_attribute(question, answer, coverage.similar):
        return "The documents do not say."
    marker = {p.id: n for n, p in enumerate(context, start=1)}
    return " ".join(f"{_trimmed(sentence)} [{marker[passage.id]}]" for _, passage, sentence in chosen)


def _chosen(question: str, scored: list[tuple[float, Passage, str]], coverage: WordCoverage, focus: str = ""):
    """The best sentence, and those that add to it what the question asks."""
    # The same sentence can stand in two documents (a boilerplate "About …" paragraph): give it once.
    runner_up = [s for s in scored[1:] if s[2] != scored[0][2]][:1]
    # A correction of a wrong figure ("founded in 1997") gives only what speaks to that figure.
    focus_stems = content_stems(focus)
    runner_up = [s for s in runner_up if not focus_stems or focus_stems & content_stems(s[2])]
    # A second sentence joins when it scores nearly as well and says more of what the question asks (names
    # aside: the answer's passages stand for those).
    asked, best = _unnamed(question), scored[0][2]
    chosen = [scored[0]] + [s for s in runner_up if s[0] >= SECOND_SENTENCE * scored[0][0] and
                            (_asks_for_two(question) or
                             coverage.coverage(asked, f"{best} {s[2]}") > coverage.coverage(asked, best))]
    # "How does the 120 million target compare with …?": the answer must speak to the figures the question
    # names, from a sentence that says what the question says about them. A figure that dates the question
    # ("by 2025") is a condition, not a subject.
    missing = {figure for figure in numbers(question) - numbers(" ".join(sentence for _, _, sentence in chosen))
               if not re.search(rf"\b(in|by|since|until|from|before|after|on)\s+{re.escape(figure)}\b", question)}
    if missing:
        said = content_stems(" ".join(words_around(question, figure) for figure in missing))
        chosen += [s for s in scored if missing <= numbers(s[2]) and said & content_stems(s[2]) and s not in chosen][:1]
    return chosen


def ranked_sentences(question: str, hits: list[Hit], verifier: Verifier, coverage: WordCoverage,
                     focus: str = "", surroundings=None) -> list[tuple[float, Passage, str]]:
    """The sentences of the retrieved passages, best answer first, with their scores.

    ``surroundings(passage)``: the passage with its neighbours, where "…,” he said." finds who "he" is."""
    vector = verifier.embeddings.embed_query(question)
    question = asked_part(question)
    focus_stems = content_stems(focus)
    formatted = asks_for_format(question)
    statement = asks_for_statement(question)
    scored = []
    for rank, hit in enumerate(hits[:PASSAGES_SEARCHED]):
        for sentence, sentence_vector in _units(hit.passage, verifier, question):
            if DATELINE.search(sentence) and not formatted:
                continue  # where and when a document was issued answers nothing else
            kind = gives_expected_kind(question, sentence, coverage)
            kind_bonus = (KIND_BONUS + FORMAT_BONUS * formatted + DOER_BONUS * names_the_doer(question, sentence)) \
                if kind else 0.0
            # "What did Siddharth Chatterjee say …?" is answered by "“…,” he said." after his name.
            speaker = _speaker(sentence, hit.passage, surroundings) if statement and surroundings else ""
            covered = coverage.coverage(question, f"{_link_words(sentence, question)} {speaker}")
            score = cosine(vector, sentence_vector) + COVERAGE_WEIGHT * covered + kind_bonus - 0.02 * rank
            if focus_stems:
                score += FOCUS_WEIGHT * len(focus_stems & content_stems(sentence)) / len(focus_stems)
            scored.append((score, hit.passage, sentence))
    return sorted(scored, key=lambda item: item[0], reverse=True)


def _speaker(unit: str, passage: Passage, surroundings) -> str:
    """Who "he" or "she" is in a unit of the passage ("“…,” he said."), from the text before it."""
    around = surroundings(passage)
    at = around.find(unit.split("\n")[0][:60])
    return pronoun_speaker(unit, around[:at]) if at > 0 else ""


def _link_words(text: str, question: str) -> str:
    """The text with each web address reduced to the names in it that the question uses: "linkedin.com/company/
    Huawei" is about the company for "Which LinkedIn page …?", not for "What kind of company …?"."""
    asked = {word.lower() for word in re.findall(r"\b[A-Z][\w-]*", question)}
    return URL.sub(lambda link: " ".join(w for w in re.findall(r"[A-Za-z]+", link.group(0)) if w.lower() in asked),
                   text)


def _unnamed(question: str) -> str:
    """The question without its capitalised words (names, and the opening question word)."""
    return " ".join(word for word in question.split() if not word[:1].isupper())


def _asks_for_two(question: str) -> bool:
    """"In what two contexts?", "both …", "each …": two sentences may say the same words of the question."""
    return re.search(r"\b(two|both|twice|each)\b", question, re.IGNORECASE) is not None


def _min_coverage(question: str, answer: str, coverage: WordCoverage) -> float:
    """How much of the question the answer must cover: less when it gives the one kind of thing asked for."""
    given = asks_for_kind(question) and gives_expected_kind(question, answer, coverage)
    if given and asks_for_format(question):
        return 0.0  # "Is it on any social networks?": the links say so without the question's words
    if asks_yes_or_no(question):
        return MIN_COVERAGE_YES_NO
    return MIN_COVERAGE_TYPED if given else MIN_COVERAGE


def _units(passage: Passage, verifier: Verifier, question: str = "") -> list[tuple[str, list[float]]]:
    """Sentences of a passage; a short unit joins its neighbour, a quotation keeps its speaker."""
    spans = verifier.sentence_vectors(passage)
    texts = [passage.text[s - passage.start:e - passage.start] for s, e, _ in spans]
    units, vectors = [], []
    for position, text in enumerate(texts):
        if units and (len(text.split()) < MIN_WORDS or units[-1].rstrip().endswith(":")):
            units[-1] += "\n" + text
        elif len(text.split()) < MIN_WORDS and position + 1 < len(texts):
            texts[position + 1] = text + "\n" + texts[position + 1]
        else:
            prefix = texts[position - 1] + " " if position and _needs_speaker(text) else ""
            units.append(prefix + text)
            # A quotation on its own lacks its speaker's name; when the question names the speaker, the
            # quotation is compared with the question together with it.
            speaker = prefix and any(mentions(person, question) for person in people_named(prefix))
            vectors.append(verifier.text_vector(prefix + text) if speaker else spans[position][2])
    return list(zip(units, vectors, strict=True))


def _needs_speaker(sentence: str) -> bool:
    """A quotation or a pronoun opening needs the sentence before it to say who is speaking."""
    return re.match(r"[“\"]|(he|she|they|this|it|we)\b", sentence, re.IGNORECASE) is not None


def _trimmed(sentence: str) -> str:
    # Quotes open in one sentence and close in another; drop unbalanced marks at the edges.
    sentence = " ".join(sentence.split())
    if sentence.count("“") != sentence.count("”"):
        sentence = sentence.strip("“”")
    return sentence if sentence[-1:] in ".!?" else sentence + "."

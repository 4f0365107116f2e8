"""Check each sentence of a draft against the passages and attach the exact supporting quote."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.question_types import ATTRIBUTE_WORDS, DATELINE, IMPLIED_ATTRIBUTES, OWNER
from assistant.retrieval import cosine
from assistant.terms import NUMBER_WORDS, content_stems, name_units, numbers_with_words, stem, unit_mentioned, words
from ingest.passages import Passage
from ingest.sentences import sentence_spans

MIN_SIMILARITY = 0.35     # sentence-to-quote cosine below this is not support…
MIN_SIMILARITY_COPIED = 0.2  # …unless every content word of the sentence is in the passage
RECITE_MARGIN = 2         # shared content words by which another passage must beat the cited one
NOVEL_SHARE = 0.25        # share of a sentence's content words allowed to be absent from its passages
YES_NO = re.compile(r"\s*(yes|no)\b", re.IGNORECASE)
WHY = re.compile(r"\s*why\b", re.IGNORECASE)
# "Tomas Reinholt's home address is …": a name's attribute (up to three words) stated with a verb.
POSSESSIVE = re.compile(rf"^\s*(?:The\s+)?({OWNER})['’]s\s+({ATTRIBUTE_WORDS})\s+"
                        r"(?:is|are|was|were|will be|has been)\b")
UNSUPPORTED_NUMBER = "number(s) not in the passage: "
PRESUMED = "repeats what the question presumes but no passage states: "
MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
REFUSAL = re.compile(r"\b(do(es)?n[o’']?t|do(es)? not|did not|cannot|can't|unable to)\b.{0,40}\b(say|mention|"
                     r"specify|state|provide|contain|include|give|answer|find|know|address|cover)|\bno "
                     r"(information|mention|details?)\b|\bnot (mentioned|specified|stated|provided|say)",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Support:
    """The passage(s) supporting a sentence, each with its best quote span (offsets into the source)."""

    quotes: tuple[tuple[Passage, int, int], ...]
    similarity: float


def split_markers(sentence: str) -> tuple[str, list[int]]:
    """The sentence without its [n] markers, and the numbers it cited."""
    cited = [int(n) for group in MARKER.findall(sentence) for n in re.split(r"\s*[,;]\s*", group)]
    return MARKER.sub("", sentence).strip(), cited


def is_refusal(sentence: str) -> bool:
    return REFUSAL.search(sentence) is not None


class Verifier:
    """Finds, for a sentence, passages that state what it says (numbers, names, most words)."""

    def __init__(self, embeddings, known_aliases: dict[str, str] | None = None):
        self.embeddings = embeddings
        self.aliases = known_aliases or {}
        self._sentence_vectors: dict[str, list[tuple[int, int, list[float]]]] = {}
        self._text_vectors: dict[str, list[float]] = {}

    def support(self, sentence: str, cited: list[Passage], context: list[Passage],
                question: str = "") -> tuple[Support | None, str]:
        """Best support for the sentence, preferring the passages it cited; or None and why.

        Ordinary words the question uses count as given (restating the question is no new claim);
        its names and numbers do not, so a false premise repeated in the answer is caught.
        """
        # A terse answer ("1987.") means little alone; embed it with the question it answers.
        vector = self.embeddings.embed_query(sentence if len(sentence.split()) >= 6 else f"{question} {sentence}")
        candidates = ([cited] if cited else []) + [[p] for p in context if [p] != cited]
        candidates.append(_assembled(sentence, context))
        reason = "no passage states it"
        for position, group in enumerate(candidates):
            if not group:
                continue
            evidence = " ".join(p.text for p in group)
            problem = lexical_problem(sentence, evidence, question, self.aliases)
            if not problem and len(group) > 1:
                stranded = stranded_names(sentence, group, self.aliases)
                problem = f"name(s) joined to what another passage says: {', '.join(stranded)}" if stranded else ""
            if problem:
                # Report the cited passages' problem, unless some passage shows the sentence repeating
                # the question's assumption: that is what the answer must then correct.
                if position == 0 or (problem.startswith(PRESUMED) and not reason.startswith(PRESUMED)):
                    reason = problem
                continue
            quotes = tuple(self.best_quote(vector, p) for p in group)
            similarity = max(q[3] for q in quotes)
            novel = content_stems(sentence) - content_stems(f"{evidence} {question}")
            if similarity >= (MIN_SIMILARITY_COPIED if len(novel) <= 1 else MIN_SIMILARITY):
                if position < len(candidates) - 1:  # not an assembled group: is another passage closer?
                    better = self._closer_passage(sentence, group, context, question)
                    if better is not None:
                        return better, ""
                return Support(tuple(q[:3] for q in quotes), similarity), ""
            reason = f"weak semantic match ({similarity:.2f})"
        return None, reason

    def _closer_passage(self, sentence: str, cited: list[Passage], context: list[Passage],
                        question: str) -> Support | None:
        """Another passage that shares clearly more of the sentence's words than the ones found and backs
        it as well: the model cited (or the search first met) a passage that merely mentions the same
        names (the speakers list for "Cambodia was the first partner country")."""
        stems = content_stems(sentence)
        shared = len(stems & content_stems(" ".join(p.text for p in cited)))
        overlap = {p.id: len(stems & content_stems(p.text)) for p in context if p not in cited}
        best = max((p for p in context if p.id in overlap), key=lambda p: overlap[p.id], default=None)
        if best is None or overlap[best.id] < shared + RECITE_MARGIN:
            return None
        return self.support(sentence, [best], [], question)[0]

    def best_quote(self, vector, passage: Passage) -> tuple[Passage, int, int, float]:
        """The passage sentence closest in meaning to the vector."""
        scored = [(passage, s, e, cosine(vector, v)) for s, e, v in self.sentence_vectors(passage)]
        return max(scored, key=lambda item: item[3])

    def text_vector(self, text: str) -> list[float]:
        """The embedding of a piece of text (cached): a quotation joined to its speaker, say."""
        if text not in self._text_vectors:
            self._text_vectors[text] = self.embeddings.embed_documents([text])[0]
        return self._text_vectors[text]

    def sentence_vectors(self, passage: Passage) -> list[tuple[int, int, list[float]]]:
        """Each sentence of the passage as source offsets and an embedding (cached)."""
        if passage.id not in self._sentence_vectors:
            spans = sentence_spans(passage.text) or [(0, len(passage.text))]
            vectors = self.embeddings.embed_documents([passage.text[s:e] for s, e in spans])
            self._sentence_vectors[passage.id] = [(passage.start + s, passage.start + e, v)
                                                  for (s, e), v in zip(spans, vectors, strict=True)]
        return self._sentence_vectors[passage.id]


def _assembled(sentence: str, context: list[Passage], most: int = 3) -> list[Passage]:
    """Two or more passages that together hold the sentence's names and numbers (a multi-part answer)."""
    uncovered = set(name_units(sentence)) | numbers_with_words(sentence)
    group: list[Passage] = []
    while uncovered and len(group) < most:
        best = max(context, key=lambda p: sum(_holds(p.text, term) for term in uncovered), default=None)
        held = {term for term in uncovered if best is not None and _holds(best.text, term)}
        if not held:
            break
        group.append(best)
        uncovered -= held
    return group if len(group) >= 2 else []


def _holds(text: str, term: str) -> bool:
    if term[0].isdigit():
        return term in numbers_with_words(text)
    return unit_mentioned(term, text)


_DATE_WORDS = {stem(m) for m in "january february march april may june july august september october november "
               "december jan feb mar apr jun jul aug sep sept oct nov dec".split()}


def stranded_numbers(sentence: str, evidence: str) -> set[str]:
    """Numbers the sentence takes from a source sentence about something else.

    A figure means something only with what it counts or dates: "the training starts on November
    24, 2022" must not borrow the date of a dateline while its other words come from a sentence
    about the training. A number is stranded when no source sentence holding it shares a word with
    the answer sentence, yet another source sentence shares two or more."""
    wanted = numbers_with_words(sentence)
    if not wanted:
        return set()
    own = content_stems(sentence) - _DATE_WORDS
    found: dict[str, bool] = {}
    elsewhere = 0
    for start, end in sentence_spans(evidence):
        source = evidence[start:end]
        shared = len(own & content_stems(source))
        held = wanted & numbers_with_words(source)
        for number in held:
            found[number] = found.get(number, False) or shared > 0
        if not held:
            elsewhere = max(elsewhere, shared)
    return {number for number, anchored in found.items() if not anchored} if elsewhere >= 2 else set()


def stranded_names(sentence: str, group: list[Passage], known: dict[str, str] | None = None) -> list[str]:
    """Names a multi-passage sentence joins to facts from another passage.

    "Harlow & Pike is building the desalination plant" puts a contractor named in the reservoir
    passage onto the plant of another: the name's own passage shares no word with the rest of the
    sentence, while the other passage does."""
    units = name_units(f"x {sentence}")  # the leading word lets a name that opens the sentence count
    name_stems = {stem(w.lower()) for w in re.findall(r"\b[A-Z][\w'’+-]*", sentence)}
    own = content_stems(sentence) - name_stems - _DATE_WORDS
    shares = {p.id: bool(own & content_stems(p.text)) for p in group}
    if not own or not any(shares.values()):
        return []
    # A name from the same document as the facts is that document's subject ("the Board" of its report).
    # A dateline names where a document was issued, not what it is about: a name found only there is
    # not joined to anything ("Brightwater, March 3" + "210,000 people" ≠ "Brightwater has 210,000 people").
    sources = {p.source for p in group if shares[p.id]}
    return [unit for unit in units
            if not any(shares[p.id] or p.source in sources for p in group
                       if unit_mentioned(unit, DATELINE.sub("", p.text), known))]


def lexical_problem(sentence: str, evidence: str, question: str = "", known: dict[str, str] | None = None) -> str:
    """Why the evidence text does not back the sentence's numbers, names and words ('' if it does)."""
    if YES_NO.match(sentence):
        question = ""  # "Yes, Huawei is on social networks" asserts the question: its words are the claim
    # A number word the question itself uses ("the ITU's number two") is wording, not a new figure.
    spelled = {NUMBER_WORDS[w] for w in words(question) if w in NUMBER_WORDS}
    missing_numbers = numbers_with_words(sentence) - numbers_with_words(evidence) - spelled
    if missing_numbers:
        return f"{UNSUPPORTED_NUMBER}{', '.join(sorted(missing_numbers))}"
    stranded = stranded_numbers(sentence, evidence) - spelled
    if stranded:
        return f"number(s) taken from a sentence about something else: {', '.join(sorted(stranded))}"
    missing_names = [unit for unit in name_units(sentence) if not unit_mentioned(unit, evidence, known)]
    if missing_names:
        return f"name(s) not in the passage: {', '.join(missing_names)}"
    stems = content_stems(sentence)
    attribute = POSSESSIVE.match(sentence)
    if attribute:
        # "Tomas Reinholt's home address is …" claims the passage gives that attribute: the question's
        # words for it ("home address") are the claim here, not wording taken from the question.
        unnamed = content_stems(attribute.group(2)) - content_stems(evidence) - IMPLIED_ATTRIBUTES
        if unnamed:
            return f"the passage does not give the {attribute.group(2)} of {attribute.group(1)}"
    if WHY.match(question):
        # "Why did X reject Y?" presumes the rejection: an answer repeating it needs a passage that says so.
        presumed = stems & content_stems(question) - content_stems(evidence)
        if presumed:
            return f"{PRESUMED}{', '.join(sorted(presumed))}"
    novel = stems - content_stems(f"{evidence} {question}")
    if len(novel) > max(1, int(NOVEL_SHARE * len(stems))):
        return f"words not in the passage: {', '.join(sorted(novel))}"
    return ""

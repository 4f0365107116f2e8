"""Turn a streamed draft into the verified answer, sentence by sentence, renumbering citations."""

from __future__ import annotations

import re

from assistant.answer import Answer, Citation, SentenceCheck
from assistant.question_types import asks_about_two_mentions, asks_for_statement, gives_expected_kind, reports_speech
from assistant.retrieval import Hit, cosine
from assistant.rewrite import asked_part
from assistant.speakers import passages_spoken_by, spoken_by
from assistant.terms import content_stems, name_units, numbers, unit_mentioned
from assistant.verify import PRESUMED, UNSUPPORTED_NUMBER, WHY, YES_NO, Support, Verifier, is_refusal, split_markers
from ingest.passages import Passage
from ingest.sentences import sentence_spans

REFUSAL_TEXT = "The documents do not say."
RESTATED_SIMILARITY = 0.85  # a sentence this close in meaning to one source sentence says it again
# "The documents do not say that Nigeria was chosen …": a premise the model rejects, not a blanket refusal.
_PREMISE = re.compile(r"\bnot (say|state|mention|indicate)\w* (that|whether)( \S+){3}", re.IGNORECASE)
_ENDED = re.compile(r"[.!?][\"'”’)\]]*$")  # a sentence that reached its full stop


class Composer:
    """Feed it draft text as it arrives; it returns verified text to show, then the final Answer."""

    def __init__(self, question: str, context: list[Passage], hits: list[Hit], verifier: Verifier,
                 known_aliases: dict[str, str] | None = None, surroundings=None, lexicon=None, speakers=(),
                 echoed: str = "", topic: set[str] | None = None):
        self.question, self.context, self.hits, self.verifier = question, context, hits, verifier
        self.speakers = list(speakers)  # the people whose words the question asks for
        self.echoed = echoed  # the one source sentence whose words the question repeats: the answer rests on it
        self.topic = topic or set()  # stems of what the question asks the speakers about
        self.lexicon = lexicon  # synonyms, for "How many staff" answered by "195,000 employees"
        self.aliases = known_aliases or {}
        # Text around a passage (its neighbours), where a question's names may stand.
        self.surroundings = surroundings or (lambda passage: passage.text)
        self.premise = ""   # "The documents do not say that …", before the facts that correct it
        self.presumed = ""  # words of a why-question's assumption that the draft repeated unsupported
        self.restated = ""  # the source sentence, with its [n], that the draft restated with the assumption added
        self.draft = ""
        self._done = 0            # draft characters already judged
        self.checks: list[SentenceCheck] = []
        self.kept: list[tuple[str, Support]] = []
        self.numbers: dict[str, int] = {}   # passage id → citation number, in order of first use
        self.quotes: dict[str, tuple[Passage, int, int]] = {}
        self.shown = ""
        self.draft_refused = False

    def feed(self, delta: str) -> str:
        """Add draft text; returns newly verified answer text (possibly empty)."""
        self.draft += delta
        spans = sentence_spans(self.draft, self._done)
        for start, end in spans[:-1]:   # the last sentence may still be growing
            self._judge(self.draft[start:end])
            self._done = end
        return self._release()

    def flush(self) -> None:
        """Judge the rest of the draft: it is complete."""
        for start, end in sentence_spans(self.draft, self._done):
            self._judge(self.draft[start:end])
        self._done = len(self.draft)

    def drop_unfinished(self) -> None:
        """The draft was cut off: its last sentence is judged only if it ended, else recorded as cut."""
        rest, _ = split_markers(self.draft[self._done:])
        if rest and not _ENDED.search(rest):
            self.checks.append(SentenceCheck(rest, False, (), "cut off before the sentence ended"))
            self._done = len(self.draft)
        self.flush()

    def finish(self, standalone_question: str, backend: str, notice: str = "") -> tuple[str, Answer]:
        """Judge the rest of the draft; returns the last text delta and the Answer."""
        self.flush()
        delta = self._release()
        refused = not self.shown
        text = self._refusal_text() if refused else self.shown
        citations = [] if refused else self._citations()
        return (text if refused else delta), Answer(text, citations, refused, standalone_question, self.checks,
                                                    backend, notice)

    def _judge(self, raw: str) -> None:
        sentence, cited_numbers = split_markers(raw)
        if not re.search(r"\w", sentence):
            return
        if is_refusal(sentence):
            if not self.kept and not self.draft_refused:
                self.draft_refused = True
                self.premise = sentence if _PREMISE.search(sentence) else ""
            self.checks.append(SentenceCheck(sentence, False, (), "says the documents do not answer"))
            return
        if self.draft_refused and not self.premise:
            self.checks.append(SentenceCheck(sentence, False, (), "follows a statement that the documents do not say"))
            return
        cited = [self.context[n - 1] for n in cited_numbers if 0 < n <= len(self.context)]
        support, reason = self.verifier.support(sentence, cited, self.context, self.question)
        if support is None:
            self.checks.append(SentenceCheck(sentence, False, (), reason))
            if reason.startswith(PRESUMED) and not self.kept:
                self.presumed = reason[len(PRESUMED):]
                self.restated = self._restated(sentence)
            # A claim about something the question names that no passage backs: the premise is unsupported.
            if reason.startswith("name(s)") and any(unit_mentioned(unit, reason) for unit in name_units(self.question)):
                self.draft_refused = True
            return
        self.kept.append((sentence, support))
        numbers = tuple(self._number(passage, start, end) for passage, start, end in support.quotes)
        self.checks.append(SentenceCheck(sentence, True, numbers))

    def _restated(self, sentence: str) -> str:
        """The one source sentence a rejected sentence says again in other words, marked with its [n]: the only
        one holding its figures, or one very close in meaning. "The ban will stay in place until reservoir
        levels return to 75 percent" restates "The ban will be reviewed when reservoir levels return to 75
        percent"."""
        vector = self.verifier.embeddings.embed_query(sentence)
        figures = numbers(sentence)
        found = [(n, p, start, end, cosine(vector, v)) for n, p in enumerate(self.context, 1)
                 for start, end, v in self.verifier.sentence_vectors(p)]
        holding = [f for f in found if figures and figures <= numbers(f[1].text[f[2] - f[1].start:f[3] - f[1].start])]
        if len(holding) == 1:
            n, passage, start, end, _ = holding[0]
        else:
            n, passage, start, end, similarity = max(found, key=lambda f: f[4], default=(0, None, 0, 0, 0.0))
            if similarity < RESTATED_SIMILARITY:
                return ""
        return f"{passage.text[start - passage.start:end - passage.start]} [{n}]"

    def _number(self, passage: Passage, start: int, end: int) -> int:
        if passage.id not in self.numbers:
            self.numbers[passage.id] = len(self.numbers) + 1
            self.quotes[passage.id] = (passage, start, end)
        return self.numbers[passage.id]

    def answered(self) -> bool:
        """The sentences kept so far answer the question (or support the premise's correction)."""
        if not self.kept or (self.draft_refused and not self.premise):
            return False
        if self.premise:
            return gives_expected_kind(self.question, self._kept_text(), self.lexicon)
        if self.echoed and not self.rests_on(self.echoed):
            return False
        return answers_question(self.question, self.kept, self.aliases, self.surroundings, self.lexicon,
                                self.speakers)

    def correct_named_premise(self, corpus_text: str) -> None:
        """"Why was Nigeria chosen as the ITU's first P2C partner country?": when the sentences kept answer
        all but a name the question gives (in a why-question, an assumption), say so before them. Only for
        names the documents use elsewhere: one they never use gets a refusal."""
        if self.answered() or self.premise or not self.kept or not WHY.match(self.question):
            return
        missing = names_missing(self.question, self.kept, self.aliases, self.surroundings)
        if missing and all(unit_mentioned(unit, corpus_text, self.aliases) for unit in missing):
            self.premise = f"Nothing in the documents connects {' or '.join(missing)} with this; here is what they say."
            if not self.answered():
                self.premise = ""

    def rests_on(self, sentence: str) -> bool:
        """Whether a kept sentence quotes the given source sentence."""
        return any(_overlap(p.text[s - p.start:e - p.start], sentence) for _, support in self.kept
                   for p, s, e in support.quotes)

    def missed_echo(self) -> bool:
        """The draft answered from other sentences than the one the question repeats the words of."""
        return bool(self.echoed and self.kept and not self.rests_on(self.echoed))

    def doubtful(self) -> bool:
        """The kept sentences pass every check, yet miss what was asked: of two places, or of a speaker's lines."""
        return self.one_sided() or self.off_topic()

    def off_topic(self) -> bool:
        """Asked what someone said about something, the answer quotes their words on something else, while
        another passage in their words speaks to it (the UN coordinator's call for partnerships, for what
        he thinks cooperation on technology could do)."""
        if not (self.speakers and self.topic and self.kept):
            return False
        quoted = {p.id for _, support in self.kept for p, _, _ in support.quotes}
        theirs = passages_spoken_by(self.speakers, self.context, self.surroundings)
        return not any(self.topic & content_stems(p.text) for p in theirs if p.id in quoted) and \
            any(self.topic & content_stems(p.text) for p in theirs if p.id not in quoted)

    def one_sided(self) -> bool:
        """Asked what two places in the documents say ("comes up twice"), the answer says one thing."""
        return asks_about_two_mentions(self.question) and len(self.kept) < 2

    def misattributed(self) -> bool:
        """The sentences kept give someone else's words than those of the person the question names."""
        return misattributed(self.speakers, self.kept, self.surroundings)

    def invented_figure(self) -> bool:
        """The draft stated a figure its passages do not hold ("57 lead service pipes" for 9,400)."""
        return any(check.reason.startswith(UNSUPPORTED_NUMBER) for check in self.checks)

    def _release(self) -> str:
        """Everything kept, once the kept sentences answer the question; '' until then."""
        if not self.answered():
            return ""
        cited = [_with_evidence(sentence, support) + " " +
                 "".join(f"[{self.numbers[p.id]}]" for p, _, _ in support.quotes) for sentence, support in self.kept]
        text = " ".join([self.premise] + cited if self.premise else cited)
        delta, self.shown = text[len(self.shown):], text
        return delta

    def _kept_text(self) -> str:
        return " ".join(sentence for sentence, _ in self.kept)

    def _citations(self) -> list[Citation]:
        citations = []
        for passage_id, n in sorted(self.numbers.items(), key=lambda item: item[1]):
            passage, start, end = self.quotes[passage_id]
            quote = passage.text[start - passage.start:end - passage.start]
            citations.append(Citation(n, passage.source, passage.start, passage.end, passage.text, quote,
                                      start, end, passage.title, passage.date))
        return citations

    def _refusal_text(self) -> str:
        near = self.hits[0] if self.hits and self.hits[0].dense >= 0.4 else None
        if near is None:
            return REFUSAL_TEXT
        opening = near.passage.text.strip().split("\n")[-1][:140].rstrip()
        return f"{REFUSAL_TEXT} The closest passage{_of(near.passage)} is about: “{opening}…”"


def answers_question(question: str, kept: list[tuple[str, Support]], known: dict[str, str],
                     surroundings, lexicon=None, speakers=()) -> bool:
    """The answer's passages (or their neighbours) must mention what the question names, give the
    kind of thing asked for (a person, a time, a count of the right thing), and report a statement
    (of the person asked about) when asked what someone said."""
    question = asked_part(question)  # the earlier turns a rule rewrite adds found the passages
    answer = " ".join(sentence for sentence, _ in kept)
    if names_missing(question, kept, known, surroundings):
        return False
    # "What will the bill be in 2027?" is not answered by a passage about another year.
    cited = " ".join(p.text for _, support in kept for p, _, _ in support.quotes)
    if not numbers(question) <= numbers(f"{cited} {answer}"):
        return False
    if misattributed(speakers, kept, surroundings):
        return False
    if asks_for_statement(question):
        quotes = " ".join(p.text[s - p.start:e - p.start] for _, support in kept for p, s, e in support.quotes)
        if not reports_speech(f"{answer} {quotes}"):
            return False
    return gives_expected_kind(question, answer, lexicon)


def misattributed(speakers, kept: list[tuple[str, Support]], surroundings) -> bool:
    """The question asks what these people said or think, and some sentence rests on someone else's words
    ("The RuralStar series have provided …" for "… according to Cao Ming?")."""
    return bool(speakers) and any(
        not any(spoken_by(person, p.text[s - p.start:e - p.start], surroundings(p)) for person in speakers)
        for _, support in kept for p, s, e in support.quotes)


def names_missing(question: str, kept: list[tuple[str, Support]], known: dict[str, str], surroundings) -> list[str]:
    """The names in the question that neither the answer nor its passages (with their neighbours) mention."""
    answer = " ".join(sentence for sentence, _ in kept)
    evidence = " ".join(surroundings(p) for _, support in kept for p, _, _ in support.quotes)
    said = f"{evidence} {answer}"
    return [unit for unit in name_units(asked_part(question)) if not unit_mentioned(unit, said, known)]


def _overlap(quote: str, sentence: str) -> bool:
    quote, sentence = " ".join(quote.split()), " ".join(sentence.split())
    return bool(quote) and (quote[:60] in sentence or sentence[:60] in quote)


def _with_evidence(sentence: str, support: Support) -> str:
    """A bare "Yes, …" or "No, …" shows the words it rests on, so the reader need not open the source."""
    if not YES_NO.match(sentence) or len(sentence.split()) > 12:
        return sentence
    passage, start, end = support.quotes[0]
    quote = " ".join(passage.text[start - passage.start:end - passage.start].split())
    return f"{sentence.rstrip('.!')}: “{quote.strip('“”')}”"


def _of(passage: Passage) -> str:
    return f" (from {passage.title})" if passage.title else ""

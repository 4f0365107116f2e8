"""What kind of answer a question asks for, and whether a text gives that kind.

A who-question needs a person or party, a when-question a time, a how-long question a duration, a
how-many question a count of the thing asked about ("How many base stations" is not answered by
"60 million people"), a how-much-money question an amount of money, and "What did X say" a statement.
"""

from __future__ import annotations

import re

from assistant.terms import STOPWORDS, mentions, numbers_with_words, people_named, stem, words

_PREFIX = r"^\s*(?:(?:on|in|by|at|from|until|since|for|and|so|but)\s+)?"
# "Who …", or "Which contractor …" / "Which UN official …": a question for someone who does something.
_WHICH_AGENT = (r"(which|what)\s+(\w+\s+)?(contractors?|compan(y|ies)|firms?|suppliers?|vendors?|officials?|"
                r"officers?|spokes(person|man|woman)|persons?|people|builders?|operators?|manufacturers?|sponsors?|"
                r"funders?)\b")
_WH_PERSON = re.compile(_PREFIX + rf"((who|whom|whose)\b|{_WHICH_AGENT})", re.IGNORECASE)
_WHO_DID = re.compile(_PREFIX + r"who\s+(?P<verb>[a-z]+ed)\b", re.IGNORECASE)  # "Who announced …"
_WH_TIME = re.compile(_PREFIX + r"(when|(what|which) (year|month|time))\b", re.IGNORECASE)
_WH_DATE = re.compile(_PREFIX + r"(what|which) (date|day)\b", re.IGNORECASE)
_HOW_LONG = re.compile(_PREFIX + r"how long\b", re.IGNORECASE)
_HOW_MANY = re.compile(_PREFIX + r"how (many|much|big|large|old)\b\s*(?P<rest>.*)", re.IGNORECASE)
# "Which Cambodian universities is …": the plural noun a which-question asks members of.
_WHICH_PLURAL = re.compile(_PREFIX + r"(which|what)\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+[^s\W]s)\s+"
                           r"(is|are|was|were|did|does|do|will|would|has|have|had|can|could)\b", re.IGNORECASE)
_YES_NO_QUESTION = re.compile(r"^\s*(is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b",
                              re.IGNORECASE)
_SAID = re.compile(_PREFIX + r"what (did|does|do|has|had|will|would)\b.{1,80}?\b(say|said|tell|state|stress)\b",
                   re.IGNORECASE)
_TITLE_WORDS = {"Chairman", "President", "Secretary", "General", "Director", "Minister", "Coordinator", "Chief",
                "Executive", "Head", "Chair", "Founder", "Deputy", "Resident", "Vice", "Dr", "Mr", "Ms", "Mrs"}
_PARTIES = re.compile(r"\b(governments?|departments?|universit(y|ies)|ministr(y|ies)|partners?|compan(y|ies)|"
                      r"organi[sz]ations?|leaders?|experts?|customers?|regulators?|ministers?)\b", re.IGNORECASE)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_MONTH_DAY = rf"\b{_MONTH}[a-z]*\.?\s+\d"  # "November 24", "Nov. 24"
_DAY = r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)\b"
_TIME = re.compile(rf"\b(1[89]\d\d|2[01]\d\d)\b|{_MONTH_DAY}|{_DAY}", re.IGNORECASE)
# "in the next five years" answers when something will happen, not when it happened.
_SPAN_AHEAD = re.compile(r"\b(next|coming|within|over)\s+(\w+\s+)?(years?|months?|weeks?|days?|decades?)\b",
                         re.IGNORECASE)
_DATE = re.compile(rf"{_MONTH_DAY}|\b\d{{1,2}}\s+{_MONTH}|\b\d{{1,4}}[/-]\d{{1,2}}[/-]\d{{1,4}}\b|{_DAY}",
                   re.IGNORECASE)
_WH_WEB = re.compile(r"\b(what|which)\s+(web\s?site|site|web\s+address|url|link|web\s?page)s?\b", re.IGNORECASE)
# "Is it on any social networks?" is answered by the links a release ends with, which never say "social".
_SOCIAL = re.compile(r"\bsocial\s+(media|networks?|networking|sites?|platforms?|channels?)\b", re.IGNORECASE)
_SOCIAL_SITE = re.compile(r"\b(facebook|linkedin|twitter|youtube|instagram|weibo|tiktok|x\.com)\b", re.IGNORECASE)
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\b[\w-]+\.(com|org|net|int|gov|edu)\b", re.IGNORECASE)
# "When and where was this press release issued?": the document's own dateline answers.
_ABOUT_DOCUMENT = re.compile(r"^\s*(when|where|(in|from|on|at)\s+(which|what)\s+\w+|(what|which)\s+(date|day|city|"
                             r"country|place))\b[^?]{0,30}\b(release|announcement|document|statement|article|report)"
                             r"\b.{0,20}\b(issued|published|dated|datelined|released|sent out|put out|written)\b",
                             re.IGNORECASE)
_PLACE = r"[A-Z][^\n,]{1,40},"
DATELINE = re.compile(rf"^\s*{_PLACE}(\s*{_PLACE})?\s*{_MONTH}[a-z]*\.?\s+\d{{1,2}},\s+\d{{4}}\.?\s*$",
                      re.IGNORECASE | re.MULTILINE)  # "Shenzhen, China, November 24, 2022"
_DURATION = re.compile(r"\b(years?|months?|weeks?|days?|hours?|minutes?|decades?)\b|\buntil\b|\bthrough\b",
                       re.IGNORECASE)
_MONEY_WORDS = {"money", "fund", "funding", "invest", "investing", "investment", "cost", "costs", "spend",
                "spending", "budget", "price", "pay", "paid", "revenue", "profit", "worth", "value"}
_CURRENCY = re.compile(r"[$€£¥]|\b(dollars?|euros?|yuan|rmb|usd|eur|pounds?|yen|francs?|rupees?)\b", re.IGNORECASE)
# A release speaks for its organisation in the first person ("Our vision and mission is …").
_SPEECH = re.compile(r"[“”\"]|\b(said|says|stated|stressed|noted|added|told|called|urged|emphasi[sz]ed|"
                     r"announced|according|remarked|declared|explained|warned|we|our)\b", re.IGNORECASE)
_TWO_MENTIONS = re.compile(r"\btwice\b|\bboth\b.+\band\b", re.IGNORECASE)
_SCALE = {"million", "billion", "thousand", "hundred", "dozen", "trillion"}
# "What is Huawei's share price?", "What is the population of Brightwater?", "… give me X's home address":
# one attribute of something named, asked for directly.
OWNER = r"[A-Z][\w&.\- ]*?"  # what an attribute belongs to, before "'s"
ATTRIBUTE_WORDS = r"(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*"  # up to three lower-case words
_ATTRIBUTE = re.compile(rf"(?i:^\s*(?:what|which)\s+(?:is|are|was|were)|\b(?:give|tell|show)\s+me)\s+(?i:the\s+)?"
                        rf"(?:{OWNER}['’]s\s+(?P<owned>{ATTRIBUTE_WORDS})|"
                        rf"(?P<of>{ATTRIBUTE_WORDS})\s+of\s+(?i:the\s+)?[A-Z])")
# Attributes documents give by form rather than by name: "Tomas Reinholt, Director of Operations".
IMPLIED_ATTRIBUTES = {stem(w) for w in ("title", "role", "position", "job", "post", "office", "name")}
_NOT_COUNTED = STOPWORDS | {"times", "more", "fewer", "less", "much", "many", "of"}
_GENERIC_COUNTED = {"people", "persons", "individuals"}
_QUALIFIERS = {"in", "from", "at", "across", "on", "with", "without", "under", "over", "aged", "living", "who", "of"}


def gives_expected_kind(question: str, answer: str, lexicon=None) -> bool:
    """Whether the answer holds the kind of thing the question asks for (True when any kind will do).

    ``lexicon`` (a WordCoverage) knows synonyms and the currencies the documents use."""
    if _ABOUT_DOCUMENT.search(question):
        return DATELINE.search(answer) is not None
    if _WH_WEB.search(question):
        return URL.search(answer) is not None
    if _SOCIAL.search(question):
        return _SOCIAL_SITE.search(answer) is not None
    if _WH_PERSON.search(question):
        # Someone the question does not name already ("Who will take over from Imogen Valtry?" is not
        # answered by "Chief Executive Dr. Imogen Valtry will retire"), or a party such as "universities".
        people = [p for p in people_named(answer) if p.split()[0].lower() not in STOPWORDS
                  and not set(p.split()) <= _TITLE_WORDS and not mentions(p, question)]
        # "Which official …" asks for one by name: "senior leaders from the ITU" names none.
        named_one = re.search(_PREFIX + _WHICH_AGENT, question, re.IGNORECASE)
        return bool(people or (not named_one and _PARTIES.search(answer)))
    if _WH_DATE.search(question):
        return any(m.group(0) not in question for m in _DATE.finditer(answer))
    if _WH_TIME.search(question):
        ahead = re.search(r"\bwill\b", question, re.IGNORECASE) and _SPAN_AHEAD.search(answer)
        return bool(ahead) or any(m.group(0) not in question for m in _TIME.finditer(answer))
    if _HOW_LONG.search(question):
        return bool(_DURATION.search(answer)) and bool(numbers_with_words(answer) - numbers_with_words(question))
    how_many = _HOW_MANY.search(question)
    if how_many:
        new_numbers = numbers_with_words(answer) - numbers_with_words(question)
        if not new_numbers:
            return False
        asked = set(words(question)) & _MONEY_WORDS
        money = sorted(getattr(lexicon, "money_units", ()))
        if how_many.group(1).lower() == "much":
            if asked:
                return bool(_CURRENCY.search(answer)) or counts(answer, money)
            # "How much water …" is not answered by "a budget of 7.3 million crowns".
            return not counted_words(how_many.group("rest")) or not _only_money(answer, money)
        counted = counted_words(how_many.group("rest")) if how_many.group(1).lower() == "many" else []
        similar = lexicon.similar if lexicon else None
        return not counted or (counts(answer, counted, similar) and
                               says_what_is_counted(how_many.group("rest"), answer, similar))
    return names_members(question, answer)


def names_the_doer(question: str, answer: str) -> bool:
    """For "Who announced …?", whether the answer names someone as the one who announced: "Liang Hua,
    Chairman of Huawei, announced the decision", not "… for their announced pledges," said Malcolm Johnson."""
    who = _WHO_DID.match(question)
    if not who:
        return False
    verb = re.escape(who.group("verb"))
    return any(re.search(rf"{re.escape(person)}(,[^,]{{1,80}},)?\s+{verb}\b", answer, re.IGNORECASE)
               for person in people_named(answer))


def asks_for_kind(question: str) -> bool:
    """Whether the question asks for one kind of thing (a person, time, figure, address, dateline …)."""
    kinds = (_WH_PERSON, _WH_DATE, _WH_TIME, _HOW_LONG, _HOW_MANY, _WH_WEB, _SOCIAL, _ABOUT_DOCUMENT)
    return any(kind.search(question) for kind in kinds)


def asks_for_format(question: str) -> bool:
    """Whether the answer has a form of its own (a dateline, a web address, a social network's link) that
    shares few words with the question: "When and where was this press release issued?" → "Shenzhen, China,
    November 24, 2022"."""
    return any(kind.search(question) for kind in (_ABOUT_DOCUMENT, _WH_WEB, _SOCIAL))


def names_members(question: str, answer: str) -> bool:
    """A "Which X" question needs members of X named: "… and universities in Cambodia" repeats the
    category asked about ("Which Cambodian universities …?") without naming one. True when the
    question asks no such thing or the answer does not use the category's word."""
    which = _WHICH_PLURAL.match(question)
    if not which:
        return True
    category = stem(which.group("noun").lower())
    asked = set(words(question))
    tokens = re.findall(r"[\w'’-]+|[:—(]", answer)
    used = False
    for position, token in enumerate(tokens):
        if stem(re.sub(r"['’]s$", "", token.lower())) != category:
            continue
        used = True
        before = tokens[position - 1] if position else ""
        after = " ".join(tokens[position + 1:position + 3]).lower()
        if token[0].isupper() or (before[:1].isupper() and before.lower() not in asked) or \
                re.match(r"(such as|including|like|of|namely|:|—|\()", after):
            return True
    return not used


def gives_attribute(question: str, answer: str, similar=None) -> bool:
    """A question for one attribute of something ("What is the population of Brightwater?") needs an answer
    that names the attribute (its last word), or gives it by form (a web address for an address); True
    otherwise."""
    match = _ATTRIBUTE.search(question)
    if not match:
        return True
    head = [w for w in words(match.group("owned") or match.group("of")) if w not in STOPWORDS][-1:]
    if not head or stem(head[0]) in IMPLIED_ATTRIBUTES or (head[0] == "address" and URL.search(answer)):
        return True  # "the full name of …" is given by the name itself
    return any(stem(head[0]) == stem(g) or (similar and similar(head[0], g)) for g in words(answer))


def asks_yes_or_no(question: str) -> bool:
    """'Is Huawei on any social networks?': a question a quoted sentence answers only if it states the thing."""
    return _YES_NO_QUESTION.match(question) is not None


def asks_for_statement(question: str) -> bool:
    """'What did X say …?': the answer must report what someone said."""
    return _SAID.search(question) is not None


def asks_about_two_mentions(question: str) -> bool:
    """"Cambodia comes up twice …; in what two contexts?", "How does AI feature both in A and in B?": the
    answer must say what each of two places in the documents says."""
    return _TWO_MENTIONS.search(question) is not None


def reports_speech(text: str) -> bool:
    return _SPEECH.search(text) is not None


def counted_words(rest: str) -> list[str]:
    """What a how-many question counts: the first words after "how many" ("base stations", "staff")."""
    counted = []
    for word in words(rest)[:2]:
        if word in _NOT_COUNTED:
            break
        counted.append(word)
    return counted


def says_what_is_counted(rest: str, answer: str, similar=None) -> bool:
    """"How many people does the Board employ?": "people" alone says nothing of who is counted, the verb
    does, so the answer must use it (or a synonym); "210,000 people" supplied with water are not staff.
    A qualified count ("people in remote areas") says it itself."""
    counted = words(rest)[:2]
    if not counted or counted[0] not in _GENERIC_COUNTED or counted[1:] and counted[1] in _QUALIFIERS:
        return True
    said = [w for w in re.findall(r"\b[a-z][a-z-]+\b", rest)[1:] if w not in _NOT_COUNTED]
    given = words(answer)
    return not said or any(stem(w) == stem(g) or (similar and similar(w, g)) for w in said for g in given)


def _only_money(answer: str, money_units: list[str]) -> bool:
    """Whether every figure in the answer is an amount of money."""
    figures = list(re.finditer(r"\d[\d,.]*", answer))
    ends = [m.start() for m in figures[1:]] + [len(answer)]
    return bool(figures) and all(_CURRENCY.search(answer[max(0, m.start() - 2):m.start()]) or
                                 counts(answer[m.start():end], money_units)
                                 for m, end in zip(figures, ends, strict=True))


def counts(answer: str, counted: list[str], similar=None) -> bool:
    """Whether a number in the answer counts one of the counted words (or a synonym): the words right
    after the number, up to the first function word, name what it counts ("10,000 training
    opportunities for ICT professionals" counts opportunities)."""
    tokens = words(answer)
    wanted = {stem(w) for w in counted}
    for position, token in enumerate(tokens):
        if not (token[0].isdigit() or numbers_with_words(token)):
            continue
        for near in tokens[position + 1:position + 5]:
            if near[0].isdigit() or near in _SCALE:
                continue
            if near in _NOT_COUNTED:
                break
            if stem(near) in wanted or (similar and any(similar(near, w) for w in counted)):
                return True
    return False

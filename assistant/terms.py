"""Word-level evidence: numbers, names and content words, compared loosely (case, plural, commas)."""

from __future__ import annotations

import re

STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be because been before
being between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just let me more most my no nor not of off on
once only or other our ours out over own same she should so some such than that the their theirs them then there
these they this those through to too under until up very was we were what when where which while who whom whose why
will with would you your yours s t don now per via one ones well still said say says saying according release
passage passages document documents text mentioned mention mentions stated states state""".split())

NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
                "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
                "ninety": "90", "hundred": "100", "thousand": "1000"}

# Digits inside a name ("P2C", "Partner2Connect") are not figures.
NUMBER = re.compile(r"(?<![A-Za-z])(?:\d[\d,.]*\d|\d)(?![A-Za-z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’+-]*|\d[\d,.]*\d|\d")



def words(text: str) -> list[str]:
    """Word tokens, lower-cased, possessives dropped."""
    return [re.sub(r"['’]s$", "", w.lower()).strip("'’-") for w in _WORD.findall(text)]


def stem(word: str) -> str:
    """A crude stem: enough to match connect/connects/connected/connectivity's first letters."""
    base = word
    if len(word) > 4:
        base = re.sub(r"ies$", "y", word)
        base = re.sub(r"(ch|sh|ss|x|z)es$", r"\1", base)
        base = re.sub(r"(?<!s)s$|ed$|ing$", "", base)
    return (base or word)[:6]


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry meaning (no stopwords, no bare numbers)."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and not w[0].isdigit() and w not in NUMBER_WORDS}


def numbers(text: str) -> set[str]:
    """Numbers written with digits, without thousands separators or trailing dots."""
    return {n.replace(",", "").rstrip(".") for n in NUMBER.findall(text)}


def numbers_with_words(text: str) -> set[str]:
    """Numbers in digits and in words ("three" → "3")."""
    return numbers(text) | {NUMBER_WORDS[w] for w in words(text) if w in NUMBER_WORDS}


_SCALE = r"(?:\s+(?:million|billion|thousand|hundred|m|bn|k)\b)?"
_COUNT_OF = re.compile(rf"(?<![A-Za-z])(?:\d[\d,.]*\d|\d){_SCALE}((?:\s+[A-Za-z][\w'’-]*){{1,3}})")


_MENTION = re.compile(r"([€$£])?\s?(?<![A-Za-z\d.,])(\d(?:[\d,]*\d)?(?:\.\d+)?)(?![\d.,]\d)"
                      r"(?:\s?(%|per ?cent\b|euros?\b|dollars?\b|pounds\b))?", re.IGNORECASE)


def figure_mentions(text: str) -> list[tuple[str, str, str, int]]:
    """Each figure written in digits, as (number, unit, what it counts, offset): "€31 million" → ("31", "money", "",
    …), "31%" → ("31", "percent", "", …), "40 pop-up clinics" → ("40", "", "pop-up clinics", …). Years give
    nothing: they date a thing rather than count it."""
    mentions = []
    for match in _MENTION.finditer(text):
        number = match.group(2).replace(",", "")
        sign = (match.group(3) or "").lower()
        unit = "percent" if sign.startswith(("%", "per")) else "money" if match.group(1) or sign else ""
        if not unit and re.fullmatch(r"(1[89]|20)\d\d", number):
            continue
        counted = counted_things(text[match.start(2):match.end() + 60]) if not unit else []
        mentions.append((number, unit, counted[0] if counted else "", match.start(2)))
    return mentions


def counted_things(text: str) -> list[str]:
    """What the text's figures count: the words after each figure up to a stopword ("60 million people in remote
    areas" → "people", "10,000 training opportunities" → "training opportunities"); years and bare figures give
    nothing."""
    things = []
    for match in _COUNT_OF.finditer(text):
        kept = []
        for word in match.group(1).split():
            if word.lower() in STOPWORDS or word.lower() in ("more", "than", "over", "about", "around", "nearly"):
                break
            kept.append(word)
        if kept:
            things.append(" ".join(kept))
    return things


def names(text: str) -> set[str]:
    """Capitalised words that are not the first word of a sentence (names, acronyms, places)."""
    found = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        tokens = re.findall(r"[A-Za-z][A-Za-z0-9'’+-]*", sentence)
        for position, token in enumerate(tokens):
            core = re.sub(r"['’]s$", "", token)
            opener_name = core.isupper() or core != token  # "ITU …", "Nigeria's …"
            if core[0].isupper() and core.lower() not in STOPWORDS and (position > 0 or opener_name):
                found.add(core)
    return found


def acronyms(text: str) -> set[str]:
    """Initials of runs of capitalised words ("International Telecommunication Union" → "ITU")."""
    found = set()
    for run in re.findall(r"(?:[A-Z][a-z]+(?:\s+(?:of|and|the|for)\s+|\s+))+[A-Z][a-z]+", text):
        initials = "".join(w[0] for w in re.findall(r"[A-Z][a-z]+", run))
        found |= {initials[i:j] for i in range(len(initials)) for j in range(i + 2, len(initials) + 1)}
    return found


def aliases(text: str) -> dict[str, str]:
    """Acronyms defined in the text, "Partner2Connect (P2C)" → {"P2C": "partner2connect"}."""
    found = {}
    for match in re.finditer(r"((?:[\w’'+-]+\s+){0,5}[\w’'+-]+)\s*\(([A-Z][A-Za-z0-9]{1,7})\)", text):
        before, acronym = match.group(1).split(), match.group(2)
        found[acronym] = before[-1].lower()
        for size in range(2, len(before) + 1):
            tail = [w for w in before[-size:] if w.lower() not in ("and", "of", "the", "for")]
            if "".join(w[0] for w in tail).lower() == acronym.lower():
                found[acronym] = " ".join(before[-size:]).lower()
                break
    return found


def mentions(name: str, text: str, known: dict[str, str] | None = None) -> bool:
    """Whether a name occurs in the text, as itself, as the acronym of words there, or by a known alias."""
    lowered = text.lower()
    if known and name in known and known[name] in lowered:
        return True
    if name.isupper() and len(name) <= 5:
        return re.search(rf"\b{re.escape(name.lower())}\b", lowered) is not None or name in acronyms(text)
    # A stem cut from a longer name matches its forms ("Cambodia" → "Cambodian"); a name that is its own stem
    # matches only itself ("Hua" is not in "Huawei").
    base = stem(name.lower())
    ending = r"(['’]s)?\b" if base == name.lower() else ""
    return re.search(rf"\b{re.escape(base)}{ending}", lowered) is not None


def name_units(text: str) -> list[str]:
    """Names as units: runs of capitalised words ("Malcolm Johnson", "Nigeria"), sentence openers skipped."""
    found = set(names(text))
    units = []
    for run in re.finditer(r"[A-Z][\w'’+-]*(?:\s+[A-Z][\w'’+-]*)*", text):
        parts = [re.sub(r"['’]s$", "", w) for w in run.group().split()]
        before = text[:run.start()].rstrip()
        opener = not before or before[-1] in ".!?" or "\n" in text[len(before):run.start()]
        if opener and parts[0] not in found:
            parts = parts[1:]  # a sentence's first word is capitalised by grammar ("Name Huawei's …")
        if any(part in found for part in parts):
            units.append(" ".join(p for p in parts if p.lower() not in STOPWORDS))
    return list(dict.fromkeys(units))


def unit_mentioned(unit: str, text: str, known: dict[str, str] | None = None) -> bool:
    """A name unit is mentioned when any of its words is ("Liang Hua" in a text saying "Dr. Liang")."""
    return any(mentions(part, text, known) for part in unit.split()) or (known or {}).get(unit, "\0") in text.lower()

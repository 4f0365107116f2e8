"""Figures an answer computes from quoted ones, written out as "210,000 - 145,000 = 65,000". The model chooses the
figures and the step; the result is worked out again here, so the model's arithmetic never reaches the user and a
computed figure is accepted only beside the quoted figures it comes from."""

from __future__ import annotations

import ast
import operator
import re

from assistant.terms import counted_things, numbers

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
FIGURE = r"[€$£]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?(?:thousand|million|billion|bn|m|k)\b)?(?:\s?%|\s?per ?cent)?"
_OPERATOR = r"\s+[-+*/×x÷−–]\s+"
CALCULATION = re.compile(rf"(?<![\w.,])({FIGURE}(?:{_OPERATOR}{FIGURE})+)\s*=\s*({FIGURE})")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PART = re.compile(rf"({FIGURE})|({_OPERATOR})")
_OPERATORS = {"-": "-", "−": "-", "–": "-", "+": "+", "*": "*", "×": "*", "x": "*", "/": "/", "÷": "/"}
_EVALUATE = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _value(figure: str) -> tuple[float, float, bool]:
    """A written figure's number, its scale (a million is 1e6) and whether it is a percentage."""
    digits = _DIGITS.search(figure).group().replace(",", "")
    word = re.search(r"[a-z]+(?=\s?(?:%|per ?cent)?$)", figure.lower())
    scale = _SCALES.get(word.group(), 1.0) if word and word.group() in _SCALES else 1.0
    return float(digits), scale, "%" in figure or "cent" in figure.lower()


def _evaluate(node):
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.BinOp) and type(node.op) in _EVALUATE:
        return _EVALUATE[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    if isinstance(node, ast.Constant) and isinstance(node.value, float | int):
        return node.value
    raise ValueError("not arithmetic")


def computed(expression: str, result: str) -> float | None:
    """The value of a written calculation in the scale the result is written in; None when it cannot be worked
    out (a division by zero, mixed percentages and amounts)."""
    pieces, operands = [], []
    for figure, op in _PART.findall(expression):
        if op:
            pieces.append(_OPERATORS[op.strip()])
        else:
            number, scale, percent = _value(figure)
            operands.append((number, scale, percent))
            pieces.append(repr(number * scale))
    try:
        value = _evaluate(ast.parse(" ".join(pieces), mode="eval"))
    except (ValueError, SyntaxError, ZeroDivisionError):
        return None
    _, result_scale, result_percent = _value(result)
    if result_scale == 1.0 and len({scale for _, scale, _ in operands}) == 1 and "/" not in pieces:
        result_scale = operands[0][1]  # "€42 million - €24.5 million = €17.5": the operands' scale
    if result_percent and not any(p for *_, p in operands) and all(n != 100 for n, *_ in operands):
        value *= 100  # a share written as a percentage: "25 / 42 = 59.5%"
    if value < 0 and set(pieces[1::2]) == {"-"}:
        value = -value  # a difference taken the other way round
    return value / result_scale


def _written(value: float, like: str) -> str:
    """The value in the style of the written result: thousands separators when the figures use them, one
    decimal when it is not whole."""
    rounded = round(value, 1) if abs(value) >= 1 else round(value, 2)
    text = f"{rounded:,}" if "," in like or abs(rounded) >= 10000 else f"{rounded}"
    return text[:-2] if text.endswith(".0") else text


def recomputed(text: str) -> str:
    """The text with each written calculation's result worked out again."""
    def redo(match: re.Match) -> str:
        expression, result = match.group(1), match.group(2)
        value = computed(expression, result)
        if value is None:
            return match.group(0)
        digits = _DIGITS.search(result)
        fixed = result[:digits.start()] + _written(value, expression) + result[digits.end():]
        return match.group(0)[:match.start(2) - match.start(0)] + fixed
    return CALCULATION.sub(redo, text)


def computed_figures(text: str) -> set[str]:
    """The figures a text computes correctly from others it writes out (results, and a percentage's 100), which
    need not stand in the passages; every other figure of the calculation still must."""
    found: set[str] = set()
    for match in CALCULATION.finditer(text):
        expression, result = match.group(1), match.group(2)
        value = computed(expression, result)
        written, _, _ = _value(result)
        if value is not None and abs(value - written) <= max(0.05, abs(value) * 0.001):
            found |= numbers(result)
            if "%" in result or "cent" in result.lower():
                found |= {"100"} & numbers(expression)
    return found


_STEP = re.compile(r"^\s*(\d+(?:\.\d+)?)((?:\s*[-+/]\s*\d+(?:\.\d+)?)+)(\s*[*×]\s*100)?\s*(?:=.*)?$")


def derivation(expression: str, stated: str, same=lambda a, b: a == b) -> str | None:
    """A calculation the model wrote for a question ("210000 - 145000"), worked out and written with the figures as
    ``stated`` gives them ("210,000 - 145,000 = 65,000"); None unless it is one step of additions, subtractions or a
    division (a share may be multiplied by 100) over at least two figures stated, each counting the same kind of
    thing when both say what they count (``same`` compares two such words). A product of two figures is refused: it
    multiplies things of different kinds ("120 million people * 80 countries")."""
    # Units the model wrote despite being asked not to ("120 million - 60 million") are the stated figures' own.
    bare = re.sub(r"\s*\b(?:thousand|million|billion|bn|per ?cent)\b", "", re.sub(r"[,%€$£]", "", expression))
    step = _STEP.match(bare)
    if not step:
        return None
    written: dict[str, tuple[str, str]] = {}
    for match in re.finditer(FIGURE, stated):
        # What a figure counts: the words after it; an amount of money counts money whatever it pays for.
        counted = [] if match.group()[0] in "€$£" else counted_things(stated[match.start():match.end() + 60])
        written.setdefault(figure_number(match.group().strip()), (match.group().strip(), counted[0] if counted else ""))
    operands = re.findall(r"\d+(?:\.\d+)?", step.group(1) + step.group(2))
    operators = re.findall(r"[-+/]", step.group(2))
    if len(operands) < 2 or len(set(operands)) < len(operands) or \
            any(figure_number(n) not in written for n in operands) or ("/" in operators and len(operators) > 1):
        return None
    forms, kinds = zip(*(written[figure_number(n)] for n in operands), strict=True)
    kinds = [kind for kind in kinds if kind]
    if any(not same(kinds[0], kind) for kind in kinds[1:]):
        return None
    if "/" not in operators and len({(form[0] in "€$£", "%" in form or "cent" in form) for form in forms}) > 1:
        return None  # a sum or difference of an amount of money and a count, or of a percentage and a figure
    shown = forms[0] + "".join(f" {op} {form}" for op, form in zip(operators, forms[1:], strict=True))
    units = {_DIGITS.sub("#", form) for form in forms}
    # A share of one amount in another of the same kind reads as a percentage.
    percent = bool(step.group(3)) or (operators == ["/"] and len(units) == 1)
    if percent:
        shown = f"{shown} × 100"
    value = computed(shown, forms[0] if not percent else "1%")
    if value is None:
        return None
    return f"{shown} = {_styled(value, forms, units, operators, percent)}"


def figure_number(figure: str) -> str:
    """A figure's number alone, as the model writes it: "€6.1 billion" → "6.1", "210,000" → "210000"."""
    digits = _DIGITS.search(figure).group().replace(",", "")
    return digits[:-2] if digits.endswith(".0") else digits


def _styled(value: float, forms, units: set[str], operators: list[str], percent: bool) -> str:
    """The result with the unit its figures share (``units``: their written forms with the number as #): a currency
    and scale, a percentage, percentage points."""
    number = _written(value, "".join(forms))
    if percent:
        return f"{number}%"
    if len(units) != 1 or "/" in operators:
        return number
    (unit,) = units
    if unit.endswith("%") or "cent" in unit:
        return f"{number} percentage points"
    return unit.replace("#", number)

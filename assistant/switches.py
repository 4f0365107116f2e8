"""Everything that can be switched off by name (ASSISTANT_WITHOUT, bench --without and --ablation): the answer
checks, the policy rows that fall back to an extractive draft, and the answering features."""

from __future__ import annotations

from dataclasses import dataclass

from assistant import checks, policy


@dataclass(frozen=True)
class Switch:
    """A name that can be switched off, what it is (a check's level, "policy" or "feature") and what it serves."""

    name: str
    level: str
    serves: str


# Answering features: each does something a plainer answer would not, and is measured by switching it off. (None
# now: the one-step derived figure never once stood in an answer of any set, so it was removed.)
FEATURES: tuple[Switch, ...] = ()

SWITCHES: tuple[Switch, ...] = (
    *(Switch(c.name, c.level, c.serves) for c in checks.CHECKS),
    *(Switch(r.switch, "policy", f"{r.serves} Off: {r.otherwise}.") for r in policy.SWITCHES),
    *FEATURES,
)
NAMES = tuple(s.name for s in SWITCHES)


def checked(without: tuple[str, ...]) -> tuple[str, ...]:
    """The names, once each; raises ValueError naming an unknown one and listing the known."""
    unknown = sorted(set(without) - set(NAMES))
    if unknown:
        raise ValueError(f"unknown switch(es) {', '.join(unknown)}; the names are: {', '.join(NAMES)}")
    return tuple(dict.fromkeys(without))

"""Everything that can be switched off by name (ASSISTANT_WITHOUT, bench --without and --ablation): the answer
checks and the policy rows that have another action to measure against."""

from __future__ import annotations

from dataclasses import dataclass

from assistant import checks, policy


@dataclass(frozen=True)
class Switch:
    """A name that can be switched off, what it is (a check's level or "policy") and what it serves."""

    name: str
    level: str
    serves: str


SWITCHES: tuple[Switch, ...] = (
    *(Switch(c.name, c.level, c.serves) for c in checks.CHECKS),
    *(Switch(r.switch, "policy", f"{r.serves} Off: {r.otherwise}.") for r in policy.SWITCHES),
)
NAMES = tuple(s.name for s in SWITCHES)


def checked(without: tuple[str, ...]) -> tuple[str, ...]:
    """The names, once each; raises ValueError naming an unknown one and listing the known."""
    unknown = sorted(set(without) - set(NAMES))
    if unknown:
        raise ValueError(f"unknown switch(es) {', '.join(unknown)}; the names are: {', '.join(NAMES)}")
    return tuple(dict.fromkeys(without))

"""The integrality check: does a team cover the core partner types and the domains of an
integral, cross-domain approach? Pure functions, no Django: the team page, each sub-project and
the navigator feed them the participants they have.

The seed's core list (GLOSSARY.md): gemeente, politie, Openbaar Ministerie, (Zorg- en)
Veiligheidshuis, straatcoaches, jongerenwerk, maatschappelijk betrokken ondernemer, onderwijs
(basisschool, voortgezet onderwijs, mbo) and onderzoek: nine core groups. Partner types outside the
core (Halt, wijkteam, leerplicht …) add domains but no core group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CORE_GROUPS: tuple[str, ...] = (
    "gemeente",
    "politie",
    "om",
    "veiligheidshuis",
    "straatcoaches",
    "jongerenwerk",
    "ondernemer",
    "onderwijs",
    "onderzoek",
)
DOMAINS: tuple[str, ...] = (
    "veiligheid",
    "zorg_welzijn",
    "onderwijs",
    "werk_inkomen",
    "vrije_tijd",
    "online",
    "gezin",
)
MIN_CORE_GROUPS = 7
MIN_DOMAINS = 4


@dataclass(frozen=True)
class Participant:
    """One partner organisation taking part: its core group (None outside the core list) and the
    domains it works in."""

    name: str
    core_group: str | None
    domains: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Integrality:
    covered_groups: dict[str, tuple[str, ...]]  # core group -> names of the participants covering it
    covered_domains: dict[str, tuple[str, ...]]  # domain -> names of the participants covering it
    min_groups: int = MIN_CORE_GROUPS
    min_domains: int = MIN_DOMAINS

    @property
    def missing_groups(self) -> tuple[str, ...]:
        return tuple(g for g in CORE_GROUPS if g not in self.covered_groups)

    @property
    def missing_domains(self) -> tuple[str, ...]:
        return tuple(d for d in DOMAINS if d not in self.covered_domains)

    @property
    def group_count(self) -> int:
        return len(self.covered_groups)

    @property
    def domain_count(self) -> int:
        return len(self.covered_domains)

    @property
    def passes(self) -> bool:
        return self.group_count >= self.min_groups and self.domain_count >= self.min_domains


def check(
    participants: Iterable[Participant],
    *,
    min_groups: int = MIN_CORE_GROUPS,
    min_domains: int = MIN_DOMAINS,
) -> Integrality:
    """Which core groups and domains ``participants`` cover, in the reference order."""
    groups: dict[str, list[str]] = {}
    domains: dict[str, list[str]] = {}
    for participant in participants:
        if participant.core_group in CORE_GROUPS:
            groups.setdefault(participant.core_group, []).append(participant.name)
        for domain in participant.domains:
            if domain in DOMAINS:
                domains.setdefault(domain, []).append(participant.name)
    return Integrality(
        covered_groups={g: tuple(sorted(set(groups[g]))) for g in CORE_GROUPS if g in groups},
        covered_domains={d: tuple(sorted(set(domains[d]))) for d in DOMAINS if d in domains},
        min_groups=min_groups,
        min_domains=min_domains,
    )

"""Step 3 test data: a programme's team (a kwartiermaker with an account, partners of several
types), a finding, a goal and a sub-project."""

from __future__ import annotations

import datetime as dt
from typing import Any

from koers.findings import services as finding_services
from koers.plan import services
from koers.teams import services as team_services
from koers.teams.models import PartnerType
from tests import factories


def partner(actor: Any, programme: Any, key: str, name: str, domains: Any = None) -> Any:
    kind = PartnerType.objects.get(organisation__isnull=True, key=key)
    created = team_services.partner_create(
        actor=actor,
        organisation=programme.organisation,
        name=name,
        partner_type=kind,
        domains=kind.default_domains if domains is None else domains,
    )
    team_services.programme_partner_add(actor=actor, programme=programme, partner=created)
    return created


def lead(actor: Any, programme: Any, user: Any = None, name: str = "Kim Kwartier") -> Any:
    user = user or factories.member(programme, "kwartiermaker")
    return team_services.person_create(actor=actor, programme=programme, full_name=name, email=user.email)


def finding(actor: Any, programme: Any, title: str = "Overlast bij het station") -> Any:
    return finding_services.finding_create(
        actor=actor,
        programme=programme,
        kind="probleemstelling",
        title=title,
        statement="Groepjes jongeren bij het station.",
        life_domain="buurt",
    )


def goal(actor: Any, programme: Any, title: str = "Minder overlast", findings: Any = ()) -> Any:
    return services.goal_create(
        actor=actor,
        programme=programme,
        title=title,
        specific="Minder overlast rond het station.",
        measurable="Meldingen van 120 naar 80.",
        acceptable="Politie en jongerenwerk.",
        realistic="Straatcoaches zijn er al.",
        deadline=dt.date(2027, 12, 31),
        findings=list(findings),
    )


def subproject(actor: Any, programme: Any, name: str = "Straatcoaches", **values: Any) -> Any:
    return services.subproject_create(actor=actor, programme=programme, name=name, **values)

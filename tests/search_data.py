"""One object of every kind the search finds, with a shared word in it, made directly in the
database (the search only reads); shared by the search tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from koers.actions.models import Action
from koers.findings.models import Finding
from koers.knowledge.models import Source
from koers.lessons.models import Lesson
from koers.meetings.models import AgendaItem, Decision, Meeting
from koers.plan.models import SubProject
from tests import factories


def every_kind(programme: Any, word: str, *, count: int = 1, start: int = 0) -> dict[str, Any]:
    """``count`` objects of each kind whose text contains ``word``; returns the last of each."""
    body = programme.bodies.first() or factories.BodyFactory(programme=programme, name="Stuurgroep Oost")
    made: dict[str, Any] = {}
    for i in range(start, start + count):
        subproject = SubProject.objects.create(
            programme=programme, name=f"Deelproject {i}", description=f"Over {word} in de wijk."
        )
        made["deelproject"] = subproject
        made["actie"] = Action.objects.create(
            programme=programme,
            subproject=subproject,
            title=f"Actie {i}",
            description=f"Gesprek over {word}.",
        )
        made["bevinding"] = Finding.objects.create(
            programme=programme,
            title=f"Bevinding {i}",
            statement=f"Veel {word} bij het station.",
            life_domain="gezin",
        )
        made["bron"] = Source.objects.create(
            programme=programme,
            title=f"Bron {i}",
            summary=f"Onderzoek naar {word}.",
            url="https://bron.example/",
        )
        meeting = Meeting.objects.create(
            programme=programme,
            body=body,
            title=f"Overleg {i}",
            starts_at=timezone.now() - dt.timedelta(days=i + 1),
            general_notes=f"Besproken: {word}.",
        )
        made["overleg"] = meeting
        made["agendapunt"] = AgendaItem.objects.create(
            meeting=meeting, title=f"Agendapunt {i}", minutes=f"Verslag over {word}."
        )
        made["besluit"] = Decision.objects.create(
            programme=programme,
            body=body,
            meeting=meeting,
            number=(Decision.objects.filter(body=body).count() + 1),
            text=f"De stuurgroep besluit over {word}.",
            decided_on=dt.date(2026, 1, 1),
        )
        made["les"] = Lesson.objects.create(
            programme=programme,
            title=f"Les {i}",
            recommendation=f"Betrek {word} vroeg.",
            learned_on=dt.date(2026, 1, 1),
        )
    return made

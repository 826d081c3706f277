"""A programme with a stuurgroep and a werkgroep, people linked to accounts, and helpers to plan
and run a meeting through the services; shared by the meetings tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from koers.meetings import services
from koers.meetings.models import Meeting
from tests import factories


@dataclass
class MeetingWorld:
    programme: Any
    manager: Any
    manager_person: Any
    chair_user: Any
    chair: Any
    member_user: Any
    member: Any
    outsider: Any  # a person without a Koers account
    steering: Any
    working_group: Any
    subproject: Any


def build(programme: Any, manager: Any) -> MeetingWorld:
    chair_user = factories.member(programme, "kwartiermaker", full_name="Karim Kwartier")
    member_user = factories.member(programme, "stuurgroeplid", full_name="Sander Stuurgroep")
    manager_person = factories.PersonFactory(programme=programme, full_name="Petra Programma", user=manager)
    chair = factories.PersonFactory(programme=programme, full_name="Karim Kwartier", user=chair_user)
    member = factories.PersonFactory(programme=programme, full_name="Sander Stuurgroep", user=member_user)
    outsider = factories.PersonFactory(
        programme=programme, full_name="Olga Buitenstaander", email="olga@partner.example", user=None
    )
    steering = factories.BodyFactory(
        programme=programme, stuurgroep=True, members=[manager_person, member, outsider], chair=outsider
    )
    working_group = factories.BodyFactory(
        programme=programme, name="Werkgroep school", members=[chair, manager_person], chair=chair
    )
    from koers.plan.models import SubProject

    subproject = SubProject.objects.create(programme=programme, name="Straatcoaches", kwartiermaker=chair)
    return MeetingWorld(
        programme,
        manager,
        manager_person,
        chair_user,
        chair,
        member_user,
        member,
        outsider,
        steering,
        working_group,
        subproject,
    )


def at(days: int, hour: int = 19) -> dt.datetime:
    """A moment ``days`` from today at ``hour`` o'clock, local time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def plan(world: MeetingWorld, body: Any = None, days: int = 7, **values: Any) -> Meeting:
    return services.meeting_create(
        actor=world.manager,
        programme=world.programme,
        body=body or world.steering,
        starts_at=values.pop("starts_at", at(days)),
        ends_at=values.pop("ends_at", at(days, 21)),
        location=values.pop("location", "Stadhuis, kamer 2.14"),
        **values,
    )


def held(world: MeetingWorld, body: Any = None, days: int = -7, **values: Any) -> Meeting:
    """A meeting in the past, marked as held."""
    meeting = plan(world, body, days, **values)
    services.agenda_item_add(actor=world.manager, meeting=meeting, title="Opening")
    return services.meeting_change_status(actor=world.manager, meeting=meeting, status="gehouden")

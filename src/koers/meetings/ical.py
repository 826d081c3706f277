"""The iCalendar invitation sent with an agenda (RFC 5545, METHOD:REQUEST). The UID is stable per
meeting, so a calendar replaces the earlier invitation when an agenda is sent again; SEQUENCE
follows the meeting's version. Times are written in UTC."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import Meeting

DEFAULT_DURATION = dt.timedelta(hours=2)


def uid(meeting: Meeting) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "koers"
    return f"overleg-{meeting.uuid}@{host}"


def invitation(
    meeting: Meeting,
    *,
    organiser: tuple[str, str] | None,
    attendees: Iterable[tuple[str, str]],
    url: str,
    description: str,
) -> bytes:
    """An invitation for ``meeting``; ``organiser`` and ``attendees`` are (name, e-mail) pairs."""
    from icalendar import Calendar, Event, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", "-//Koers//Overleggen//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(dt.UTC).replace(microsecond=0))
    starts = meeting.starts_at.astimezone(dt.UTC)
    ends = (meeting.ends_at or meeting.starts_at + DEFAULT_DURATION).astimezone(dt.UTC)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("sequence", meeting.version)
    event.add("status", "CONFIRMED")
    event.add("summary", meeting.title or str(meeting.body))
    event.add("description", description)
    location = meeting.location or meeting.online_link
    if location:
        event.add("location", location)
    link = meeting.online_link or url
    if link:
        event.add("url", link)

    def address(name: str, email: str, **params: Any) -> Any:
        value = vCalAddress(f"mailto:{email}")
        value.params["cn"] = vText(name)
        for key, param in params.items():
            value.params[key] = vText(param)
        return value

    if organiser and organiser[1]:
        event.add("organizer", address(*organiser))
    for name, email in attendees:
        if email:
            event.add(
                "attendee",
                address(name, email, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE"),
                encode=False,
            )
    calendar.add_component(event)
    return bytes(calendar.to_ical())

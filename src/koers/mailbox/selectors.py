"""Reading the kept mail for the demo mailbox page."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core import mail

from .backends import mailbox_dir

NAME_RE = re.compile(r"^[0-9T]+-[0-9a-f]{8}\.eml$")


@dataclass(frozen=True)
class KeptMessage:
    key: str
    subject: str
    to: str
    sender: str
    date: dt.datetime | None
    body: str


def _parse(key: str, raw: bytes) -> KeptMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    date_header = message.get("Date")
    return KeptMessage(
        key=key,
        subject=str(message.get("Subject", "")),
        to=str(message.get("To", "")),
        sender=str(message.get("From", "")),
        date=parsedate_to_datetime(date_header) if date_header else None,
        body=body,
    )


def _outbox() -> list[KeptMessage]:
    """In tests (locmem backend) the mailbox shows Django's outbox."""
    return [_parse(str(i), m.message().as_bytes()) for i, m in enumerate(getattr(mail, "outbox", []))][::-1]


def _uses_locmem() -> bool:
    return str(settings.MAILERS["default"]["BACKEND"]).endswith("locmem.EmailBackend")


def list_messages(limit: int = 100) -> list[KeptMessage]:
    if _uses_locmem():
        return _outbox()[:limit]
    folder = mailbox_dir()
    if not folder.is_dir():
        return []
    files = sorted((p for p in folder.iterdir() if NAME_RE.match(p.name)), reverse=True)
    return [_parse(p.name, p.read_bytes()) for p in files[:limit]]


def get_message(key: str) -> KeptMessage | None:
    if _uses_locmem():
        return next((m for m in _outbox() if m.key == key), None)
    if not NAME_RE.match(key):
        return None
    path: Path = mailbox_dir() / key
    return _parse(key, path.read_bytes()) if path.is_file() else None

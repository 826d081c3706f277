"""An e-mail backend that keeps every message as an .eml file in the data directory, so the demo
can show invitations, reminders and password resets on its mailbox page instead of sending them.
Like Django's console backend it also writes each message to the console: one line with the
recipients and the subject, so whoever runs the demo sees mail go out."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone


def mailbox_dir() -> Path:
    return Path(settings.DATA_DIR) / "mail"


class MailboxBackend(BaseEmailBackend):
    def __init__(self, *args: Any, stream: TextIO | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream: TextIO = stream or sys.stdout

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = mailbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
            self.stream.write(f"[e-mail] {', '.join(message.to)}: {message.subject}\n")
            sent += 1
        return sent

"""``koers retention``: remove what the retention periods (KOERS_RETENTION_*_DAYS) say is due.
Run it daily; running it twice a day removes nothing more (ADR 0035)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from koers.deployment.retention import run_retention


class Command(BaseCommand):
    help = (
        "Remove data whose retention period is over (audit events, sessions, invitations, import files, ...)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Count the periods from this day (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = datetime.date.fromisoformat(options["date"]) if options.get("date") else None
        counts = run_retention(today=today)
        labels = {
            "audit": _("audit events"),
            "sessions": _("expired sessions"),
            "invitations": _("invitations"),
            "import_files": _("import files"),
            "notifications": _("read notifications"),
            "task_results": _("task results"),
            "demo_mail": _("demo mail messages"),
        }
        self.stdout.write(_("Removed after their retention period:"))
        for kind, count in counts.items():
            self.stdout.write(f"  {labels.get(kind, kind)}: {count}")

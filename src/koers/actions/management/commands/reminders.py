"""``koers reminders``: send today's e-mail reminders about actions. Run it daily (cron or a
systemd timer); running it again the same day sends nothing twice."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from koers.actions import reminders
from koers.actions.tasks import send_reminders


class Command(BaseCommand):
    help = "Send today's reminders about actions (due in three days, overdue, weekly overview)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead of sending now."
        )
        parser.add_argument("--date", help="The day to send for (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = datetime.date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        if options["enqueue"]:
            send_reminders.enqueue(day.isoformat())
            self.stdout.write(f"Reminders for {day.isoformat()} handed to the task worker.")
            return
        sent = reminders.run(day).sent
        self.stdout.write(
            f"Reminders for {day.isoformat()}: {sent['before_due']} due soon, "
            f"{sent['when_overdue']} overdue, {sent['weekly_digest']} weekly overviews."
        )

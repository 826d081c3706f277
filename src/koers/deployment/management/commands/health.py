from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from koers.deployment import health


class Command(BaseCommand):
    help = (
        "Check what Koers needs (database, task queue, cache, file storage), as /gezond/gereed/ does; "
        "exits with an error when something fails. For health checks of the task workers."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = health.readiness()
        self.stdout.write(json.dumps({name: outcome.as_dict() for name, outcome in outcomes.items()}))
        failing = [name for name, outcome in outcomes.items() if not outcome.ok]
        if failing:
            raise CommandError("Not ready: " + ", ".join(failing))

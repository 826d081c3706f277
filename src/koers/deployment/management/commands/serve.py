from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from koers.deployment.server import serve


class Command(BaseCommand):
    help = "Serve Koers with gunicorn (production). Run 'koers worker' beside it for background tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="Address and port (default %(default)s)."
        )
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (default %(default)s).")
        parser.add_argument(
            "--threads", type=int, default=4, help="Threads per worker (default %(default)s)."
        )
        parser.add_argument(
            "--collectstatic", action="store_true", help="Collect static files before starting."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        serve(bind=options["bind"], workers=options["workers"], threads=options["threads"])

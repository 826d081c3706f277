"""``koers programme-export <uuid> <file>``: write a programme as one archive (ADR 0044)."""

from __future__ import annotations

import shutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.programmes import archive
from koers.programmes.models import Programme


class Command(BaseCommand):
    help = "Export a programme with everything in it as one .zip archive (see docs/programme-archive.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="The programme's UUID.")
        parser.add_argument("file", help="Where to write the archive (.zip).")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(uuid=options["programme"]).select_related("organisation").first()
        if programme is None:
            raise CommandError(f"No programme with UUID {options['programme']}.")
        spool = archive.programme_export(actor=None, programme=programme)
        with spool, open(options["file"], "wb") as target:
            shutil.copyfileobj(spool, target)
        self.stdout.write(f"Programme “{programme.name}” written to {options['file']}.")

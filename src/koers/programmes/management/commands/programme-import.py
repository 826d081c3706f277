"""``koers programme-import <file> --organisation <uuid>``: create a programme from an archive
(ADR 0044). All or nothing: a problem stops the import and nothing is created."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.organisations.models import Organisation
from koers.programmes import archive


class Command(BaseCommand):
    help = "Import a programme archive (.zip) into an organisation (see docs/programme-archive.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive (.zip) made by programme-export or the export button.")
        parser.add_argument(
            "--organisation", required=True, help="The UUID of the organisation to import into."
        )
        parser.add_argument("--name", default="", help="Another name for the programme (on a name clash).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(uuid=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with UUID {options['organisation']}.")
        try:
            with open(options["file"], "rb") as file:
                result = archive.programme_import(
                    actor=None, organisation=organisation, file=file, name=options["name"] or None
                )
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        programme = result.programme
        self.stdout.write(f"Programme “{programme.name}” imported: {programme.uuid}")
        self.stdout.write(f"Objects: {sum(result.counts.values())}")
        for title, items in (
            ("Matched", result.matched),
            ("Created", result.created),
            ("Not found", result.not_found),
        ):
            self.stdout.write(f"{title}: {len(items)}")
            for item in items:
                self.stdout.write(f"  - {item}")

"""``koers backup <directory or file.tar[.gz]>``: one archive with the database, the uploaded files
and a manifest with checksums (ADR 0035). Safe while Koers runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.deployment.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive. Give an existing directory "
        "(a koers-backup-<time>.tar.gz is made in it) or a new .tar, .tar.gz or .tgz file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="Directory, or file name ending in .tar, .tar.gz or .tgz.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        try:
            result = create_backup(Path(options["target"]), progress=self.stdout.write if verbose else None)
        except BackupError as error:
            raise CommandError(_("No back-up made. %(reason)s") % {"reason": error}) from error
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "Back-up made: %(path)s (%(files)s file besides the database, %(size)s, "
                        "%(seconds).1f s).",
                        "Back-up made: %(path)s (%(files)s files besides the database, %(size)s, "
                        "%(seconds).1f s).",
                        result.files,
                    )
                    % {
                        "path": result.path,
                        "files": result.files,
                        "size": filesizeformat(result.size),
                        "seconds": result.seconds,
                    }
                )
            )

"""``koers restore <archive>``: restore a back-up made by ``koers backup`` into an empty
installation, after checking every checksum (ADR 0035)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.deployment.backup import BackupError, RestoreIncomplete, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a back-up made by 'koers backup' into an empty installation. Every checksum is "
        "checked first; a damaged back-up or an installation that already holds data is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="The archive made by 'koers backup'.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        try:
            result = restore_backup(Path(options["backup"]), progress=self.stdout.write if verbose else None)
        except RestoreIncomplete as error:
            raise CommandError(
                _(
                    "The restore did not finish: %(reason)s The installation is now incomplete: empty the "
                    "database and the upload directory, solve the problem and restore again."
                )
                % {"reason": error}
            ) from error
        except BackupError as error:
            raise CommandError(
                _("Nothing restored; nothing was changed. %(reason)s") % {"reason": error}
            ) from error
        if verbose:
            manifest = result.manifest
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "Back-up of %(created)s (Koers %(version)s) restored: the database and "
                        "%(files)s file.",
                        "Back-up of %(created)s (Koers %(version)s) restored: the database and "
                        "%(files)s files.",
                        result.files,
                    )
                    % {
                        "created": manifest.get("created_at"),
                        "version": manifest.get("koers_version"),
                        "files": result.files,
                    }
                )
            )
            if result.migrated:
                self.stdout.write(
                    _("The database was made by an older version and has been migrated to this one.")
                )

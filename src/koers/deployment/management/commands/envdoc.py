from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from koers.env import markdown_table


class Command(BaseCommand):
    help = "Print the environment variables Koers reads, as the Markdown table in docs/installation.md."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(markdown_table(), ending="")

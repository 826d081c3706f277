"""The ``koers`` command: Django's management commands plus ``demo``, ``serve``, ``worker`` and
``envdoc``. With no settings chosen it uses the development settings (SQLite in ./var)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings.dev")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo must know its data directory and mode before settings load.
        for i, arg in enumerate(argv):
            if arg == "--data-dir" and i + 1 < len(argv):
                os.environ["KOERS_DATA_DIR"] = argv[i + 1]
            elif arg.startswith("--data-dir="):
                os.environ["KOERS_DATA_DIR"] = arg.split("=", 1)[1]
        os.environ.setdefault("KOERS_DEMO", "true")
        os.environ.setdefault("KOERS_DEMO_MAILBOX", "true")
        os.environ.setdefault("KOERS_MFA_ENFORCE", "false")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

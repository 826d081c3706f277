"""The ``koers`` command: Django's management commands plus ``demo``, ``serve``, ``worker`` and
``envdoc``. With no settings chosen it uses the development settings (SQLite in ./var)."""

from __future__ import annotations

import os
import sys


def option(argv: list[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` in ``argv``."""
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings.dev")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo must know its data directory and mode before settings load.
        port = option(argv, "--port") or "8000"
        if data_dir := option(argv, "--data-dir"):
            os.environ["KOERS_DATA_DIR"] = data_dir
        os.environ.setdefault("KOERS_SITE_URL", f"http://127.0.0.1:{port}")
        os.environ.setdefault("KOERS_DEMO", "true")
        os.environ.setdefault("KOERS_DEMO_MAILBOX", "true")
        os.environ.setdefault("KOERS_MFA_ENFORCE", "false")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

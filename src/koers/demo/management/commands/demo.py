from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from koers.demo.content import DEMO_PASSWORD, create_demo


class Command(BaseCommand):
    help = (
        "Start Koers with a fictional demo programme on SQLite: migrate, create demo content "
        "(idempotent), run the task worker and serve on http://127.0.0.1:PORT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default %(default)s).")
        parser.add_argument("--data-dir", help="Directory for the database and files (default ./var).")
        parser.add_argument("--accounts", type=Path, help="Also write the demo accounts to this JSON file.")
        parser.add_argument("--reset", action="store_true", help="Start from an empty database.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the demo and stop, without serving."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(settings.DATA_DIR)
        if options["reset"]:
            self._reset(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        accounts = create_demo()
        rows = [{"email": a.email, "password": DEMO_PASSWORD, "role": a.role} for a in accounts]
        if options["accounts"]:
            options["accounts"].write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(self.style.SUCCESS("Koers demo (fictional data) is ready."))
        self.stdout.write(f"Data directory: {data_dir}")
        self.stdout.write("Accounts (all with the password below):")
        for row, account in zip(rows, accounts, strict=True):
            self.stdout.write(
                f"  {row['role']:<18} {row['email']:<42} {account.organisation or '(installation)'}"
            )
        self.stdout.write(f"Password: {DEMO_PASSWORD}")
        if options["no_serve"]:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        port = options["port"]
        self.stdout.write(f"Mailbox:  http://127.0.0.1:{port}/demo/postvak/")
        self.stdout.write(self.style.SUCCESS(f"Open http://127.0.0.1:{port}/ (stop with Ctrl+C)"))
        worker = subprocess.Popen(
            [sys.executable, "-m", "koers", "worker", "--verbosity", "0"], env=os.environ.copy()
        )
        try:
            from koers.deployment.server import serve

            serve(bind=f"127.0.0.1:{port}", workers=2, threads=4, access_log=False)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _reset(self, data_dir: Path) -> None:
        connections.close_all()  # the settings check may have opened the database already
        for name in ("koers.sqlite3", "koers.sqlite3-wal", "koers.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
        for folder in ("mail", "media", "static"):
            shutil.rmtree(data_dir / folder, ignore_errors=True)
        self.stdout.write("Demo data removed; starting from scratch.")

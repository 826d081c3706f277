"""Local development and the demo: SQLite in the data directory, mail kept on disk."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY, mailers

if not SECRET_KEY:
    # A stable key per data directory, so sessions survive restarts of the demo.
    _key_file = DATA_DIR / "secret_key.txt"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text().strip()
    else:
        from django.core.management.utils import get_random_secret_key

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = get_random_secret_key()
        _key_file.write_text(SECRET_KEY)
        _key_file.chmod(0o600)

if "KOERS_EMAIL_BACKEND" not in os.environ:
    MAILERS = mailers("koers.mailbox.backends.MailboxBackend")

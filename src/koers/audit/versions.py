"""Versions of the data, for pages that keep a rendered copy (ADR 0040).

Every write in Koers is audited, so the audit trail knows when data changed. After the transaction
of a successful write commits, the *data version* moves on: the programme's version for a write in
a programme, the installation's version for any other write (organisations, partners, people,
official statistics). A copy made for one version is never used for another, so a change shows on
the next request, on every server (the versions live in the shared cache).

Writes that are not audited because no person made them (a task worker marking a document done)
call :func:`changed` themselves. Reading, logging in and downloading are audited but change
nothing; they leave the versions alone.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction

INSTALLATION_KEY = "koers:data-version:installation"
#: Audited actions that change no data: they do not move a version.
READ_ONLY_ACTIONS = frozenset(
    {"access.denied", "account.login", "account.login_failed", "account.logout", "programme.export"}
)


def _programme_key(programme: Any) -> str:
    return f"koers:data-version:programme:{getattr(programme, 'uuid', programme)}"


def changes_data(action: str) -> bool:
    """Whether an audited ``action`` changes data (downloads and log-ins do not)."""
    return action not in READ_ONLY_ACTIONS and not action.endswith(".download")


def current(programme: Any = None) -> str:
    """The version of the data a page of ``programme`` (or, without one, an installation-wide
    page) shows: the programme's and the installation's version together, read in one call."""
    keys = [INSTALLATION_KEY] if programme is None else [_programme_key(programme), INSTALLATION_KEY]
    found = cache.get_many(keys)
    return "-".join(str(found.get(key, "0")) for key in keys)


def move_on(programme_uuid: Any = None) -> None:
    """Move the programme's version on (or the installation's, without a programme) now."""
    key = INSTALLATION_KEY if programme_uuid is None else _programme_key(programme_uuid)
    cache.set(key, uuid.uuid4().hex, None)


def changed(programme: Any = None) -> None:
    """Data of ``programme`` (or of the installation) changed in the current transaction: move the
    version on when it commits (at once outside a transaction)."""
    programme_uuid = None if programme is None else getattr(programme, "uuid", programme)
    transaction.on_commit(lambda: move_on(programme_uuid))

"""Writes of the reports app: only the audit trail of downloads."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from koers.audit.services import record


@transaction.atomic
def list_downloaded(
    *, actor: Any, name: str, fmt: str, programme: Any = None, organisation: Any = None
) -> None:
    """Someone downloaded a list that holds personal data (people, members, contact details)."""
    record(
        actor=actor,
        action="list.download",
        programme=programme,
        organisation=organisation,
        object_repr=name,
        changes={"format": [None, fmt]},
    )

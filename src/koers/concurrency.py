"""Optimistic locking for objects that people edit together: a save based on an old version
never silently overwrites a newer one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _


class StaleEditError(ValidationError):
    """Someone else saved the object after the form was opened."""


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Lock the row and compare versions; raise :class:`StaleEditError` when it moved on.

    The instance must have ``version``, ``updated_at`` and ``updated_by`` fields.
    """
    current = (
        type(instance)
        ._default_manager.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=instance.pk)
    )
    if expected_version is not None and getattr(current, "version") != expected_version:  # noqa: B009
        who: Any = getattr(current, "updated_by") or _("someone else")  # noqa: B009
        when = formats.date_format(
            timezone.localtime(getattr(current, "updated_at")),  # noqa: B009
            "DATETIME_FORMAT",
        )
        raise StaleEditError(
            _(
                "This was changed by %(who)s at %(when)s after you opened it. "
                "Review their changes below and save again."
            )
            % {"who": who, "when": when},
            code="stale",
        )


def bump_version(instance: models.Model, actor: Any) -> None:
    instance.version += 1  # type: ignore[attr-defined]
    instance.updated_by = actor  # type: ignore[attr-defined]

"""Declared status workflows: a table of allowed transitions, enforced by the service that
changes the status. Every status field in Koers has one of these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Workflow:
    choices: type[models.TextChoices]
    transitions: Mapping[str, frozenset[str]]

    def __post_init__(self) -> None:
        known = set(self.choices.values)
        for source, targets in self.transitions.items():
            if source not in known or not set(targets) <= known:
                raise ValueError(f"unknown status in workflow of {self.choices.__name__}")

    def allowed(self, current: str) -> list[str]:
        """The statuses reachable from ``current``, in the order of the choices."""
        targets = self.transitions.get(current, frozenset())
        return [value for value in self.choices.values if value in targets]

    def check(self, current: str, new: str) -> None:
        if new not in self.allowed(current):
            raise ValidationError(
                _("The status cannot change from “%(current)s” to “%(new)s”.")
                % {"current": self.choices(current).label, "new": self.choices(new).label},
                code="invalid_transition",
            )

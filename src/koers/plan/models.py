"""Steps 3 and 4 — the plan of approach: the programme's focus areas, its goals (each answering
findings of the analysis) and the sub-projects (deelprojecten) with their kwartiermaker, logic
model, budget lines and timeline. Interventions, actions and RACI live in their own apps and point
here."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import FocusAreaKey, SubProjectStatus


class FocusArea(models.Model):
    """A focus area of a programme: one of the seed's six (``key``) or the programme's own
    (``key`` empty), switched on or off."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="focus_areas"
    )
    key = models.CharField(_("focus area"), max_length=20, choices=FocusAreaKey.choices, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("chosen"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="focusarea_unique_name"),
            models.UniqueConstraint(
                fields=["programme", "key"], condition=~Q(key=""), name="focusarea_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Goal(Versioned):
    """A programme goal, written SMART, answering one or more findings of the analysis."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    specific = models.TextField(
        _("specific"), blank=True, help_text=_("What exactly changes, for whom, where.")
    )
    measurable = models.TextField(
        _("measurable"), blank=True, help_text=_("Which indicator shows it, and from which value to which.")
    )
    acceptable = models.TextField(_("acceptable"), blank=True, help_text=_("Who supports this goal."))
    realistic = models.TextField(
        _("realistic"), blank=True, help_text=_("Why it can be done with what we have.")
    )
    deadline = models.DateField(_("time-bound: by when"), null=True, blank=True)
    findings = models.ManyToManyField(
        "findings.Finding", blank=True, related_name="goals", verbose_name=_("findings it answers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SubProject(Versioned):
    """A sub-project (deelproject) of the plan, led by its kwartiermaker."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="subprojects"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="subprojects", verbose_name=_("focus areas")
    )
    kwartiermaker = models.ForeignKey(
        "teams.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_subprojects",
        verbose_name=_("kwartiermaker"),
    )
    target_min_age = models.PositiveSmallIntegerField(_("target group from age"), null=True, blank=True)
    target_max_age = models.PositiveSmallIntegerField(_("target group to age"), null=True, blank=True)
    target_description = models.TextField(_("target group"), blank=True)
    areas = models.ManyToManyField("analysis.Area", blank=True, related_name="+", verbose_name=_("areas"))
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="subprojects", verbose_name=_("goals served")
    )
    partners = models.ManyToManyField(
        "teams.PartnerOrganisation",
        blank=True,
        related_name="subprojects",
        verbose_name=_("partner organisations"),
    )
    # The logic model: inputs → activities → outputs → outcomes → impact, with assumptions and risks.
    inputs = models.TextField(_("inputs"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    assumptions = models.TextField(_("assumptions"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    no_intervention_reason = models.TextField(
        _("why no existing intervention"),
        blank=True,
        help_text=_("Fill in when the sub-project uses no intervention from the registry."),
    )
    integrality_note = models.TextField(
        _("why a domain is missing"),
        blank=True,
        help_text=_("When the integrality check finds a gap that is deliberate, say why."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SubProjectStatus.choices, default=SubProjectStatus.IDEA
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="subproject_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """A line of a sub-project's budget, in euros with cents."""

    subproject = models.ForeignKey(SubProject, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(_("description"), max_length=200)
    funding_source = models.CharField(_("funding source"), max_length=200)
    planned = models.DecimalField(_("planned (€)"), max_digits=12, decimal_places=2, default=0)
    committed = models.DecimalField(_("committed (€)"), max_digits=12, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent (€)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["subproject", "funding_source", "description"]

    def __str__(self) -> str:
        return self.description


class SubProjectMilestone(models.Model):
    """A milestone on a sub-project's timeline."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subproject = models.ForeignKey(SubProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("date"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["subproject", "due", "title"]

    def __str__(self) -> str:
        return self.title

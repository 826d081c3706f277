"""Step 2 — the findings (bevindingen) of the safety analysis: problem statements, risk and
protective factors per life domain, with the priority areas and target groups they concern, the
evidence they rest on and the team's discussion of them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import EvidenceKind, FindingKind, FindingStatus, LifeDomain, Stance


class Finding(Versioned):
    """One statement of the analysis, with the story behind the numbers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(
        _("kind"), max_length=20, choices=FindingKind.choices, default=FindingKind.PROBLEM
    )
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(
        _("finding"), help_text=_("What the team concludes, in one or a few sentences.")
    )
    life_domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    priority_areas = models.ManyToManyField(
        "analysis.Area", blank=True, related_name="+", verbose_name=_("priority areas")
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    story = models.TextField(
        _("the story behind the numbers"),
        blank=True,
        help_text=_("How the team explains the figures: causes, context, what the numbers do not show."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["life_domain", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == FindingStatus.ADOPTED

    @property
    def target_group_labels(self) -> list[str]:
        return [target_group_label(group) for group in self.target_groups or ()]


def target_group_label(group: dict[str, object]) -> str:
    """``12–17 jaar: jongeren bij het winkelcentrum``."""
    values = {"low": group.get("min_age"), "high": group.get("max_age"), "who": group.get("description")}
    if values["who"]:
        return gettext("%(low)s–%(high)s years: %(who)s") % values
    return gettext("%(low)s–%(high)s years") % values


class FindingEvidence(models.Model):
    """What a finding rests on: a source of the knowledge base, a team experience, or a figure of
    the official statistics (an area, a measure and a topic, as the trend page shows it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    source = models.ForeignKey(
        "knowledge.Source", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    experience = models.ForeignKey(
        "knowledge.Experience", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        "analysis.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measure = models.ForeignKey(
        "analysis.Measure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=80, blank=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example “increase 2019–2024”.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["kind", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="bron", source__isnull=False, experience__isnull=True, area__isnull=True)
                    | Q(kind="ervaring", experience__isnull=False, source__isnull=True, area__isnull=True)
                    | Q(
                        kind="cijfer",
                        area__isnull=False,
                        measure__isnull=False,
                        source__isnull=True,
                        experience__isnull=True,
                    )
                ),
                name="finding_evidence_one_kind",
            ),
            models.UniqueConstraint(
                fields=["finding", "source"], condition=Q(kind="bron"), name="finding_evidence_source_once"
            ),
            models.UniqueConstraint(
                fields=["finding", "experience"],
                condition=Q(kind="ervaring"),
                name="finding_evidence_experience_once",
            ),
            models.UniqueConstraint(
                fields=["finding", "area", "measure", "topic"],
                condition=Q(kind="cijfer"),
                name="finding_evidence_figure_once",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == EvidenceKind.SOURCE and self.source is not None:
            return str(self.source)
        if self.kind == EvidenceKind.EXPERIENCE and self.experience is not None:
            return str(self.experience)
        if self.area is not None and self.measure is not None:
            return f"{self.measure.title} · {self.area.name} · {self.topic}"
        return str(self.get_kind_display())


class FindingComment(models.Model):
    """A team member's remark on a finding."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class FindingStance(models.Model):
    """A team member's current position on a finding: agree, disagree or a question."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="stances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        ordering = ["stance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "user"], name="finding_stance_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.stance}"

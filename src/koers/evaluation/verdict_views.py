"""Pages of the verdicts, decisions and embedding plans (step 6). Everyone in the programme reads
them on the evaluation plan's page; programme managers and onderzoekers record a verdict with its
decision, and change an embedding plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.actions.models import Action
from koers.interventions.reference import EvidenceLevel
from koers.plan.models import SubProject
from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.views import apply_validation_error
from koers.teams.forms import active_people, initial_from
from koers.teams.selectors import partners_of
from koers.teams.views import _save_failed

from . import selectors, verdicts
from .models import EffectEstimate, EmbeddingPlan, EvaluationPlan, Verdict
from .reference import Conclusion, Decision
from .verdict_forms import EmbeddingForm, VerdictForm, estimate_label

VIEW = "evaluation.view_evaluation"
CHANGE = "evaluation.change_plan"


def _verdicts(plan: EvaluationPlan) -> list[Verdict]:
    """The plan's verdicts, the current one first, with everything the page shows (fixed queries)."""
    found = list(
        Verdict.objects.filter(plan=plan)
        .select_related("embedding", "embedding__partner", "created_by")
        .prefetch_related(
            Prefetch("estimates", EffectEstimate.objects.select_related("indicator")),
            "embedding__areas",
            Prefetch("actions", Action.objects.select_related("owner").order_by("due_date", "title", "pk")),
        )
    )
    for verdict in found:
        verdict.plan = plan
        try:
            verdict.embedding_plan = verdict.embedding  # type: ignore[attr-defined]
        except EmbeddingPlan.DoesNotExist:
            verdict.embedding_plan = None  # type: ignore[attr-defined]
        embedding = verdict.embedding_plan  # type: ignore[attr-defined]
        verdict.embedding_missing = (  # type: ignore[attr-defined]
            list(verdicts.embedding_missing(verdicts.embedding_values(embedding)).values())
            if embedding
            else []
        )
        verdict.estimate_labels = [estimate_label(e) for e in verdict.estimates.all()]  # type: ignore[attr-defined]
    return found


def plan_context(request: HttpRequest, plan: EvaluationPlan) -> dict[str, Any]:
    """What the evaluation plan's page needs for the section of the verdicts and decisions."""
    found = _verdicts(plan)
    return {
        "current_verdict": found[0] if found else None,
        "earlier_verdicts": found[1:],
        "can_judge": request.user.has_perm(CHANGE, plan.subproject.programme),
        "judgeable": plan.subproject.status in verdicts.JUDGEABLE,
    }


def overview_labels(subprojects: list[SubProject]) -> None:
    """The current verdict's conclusion and decision of each sub-project (annotated by the selector)
    as text for the overview."""
    for sub in subprojects:
        conclusion = getattr(sub, "verdict_conclusion", None)
        decision = getattr(sub, "verdict_decision", None)
        sub.verdict_text = (  # type: ignore[attr-defined]
            f"{Conclusion(conclusion).label} – {Decision(decision).label}" if conclusion and decision else ""
        )


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = VIEW) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "evaluation", **extra}


def _to_plan(subproject: SubProject) -> HttpResponse:
    return redirect(
        "evaluation_plan", programme_uuid=subproject.programme.uuid, subproject_uuid=subproject.uuid
    )


def _estimates(plan: EvaluationPlan) -> QuerySet[EffectEstimate]:
    return EffectEstimate.objects.filter(plan=plan).select_related("indicator").order_by("-computed_at", "pk")


def _suggestions(plan: EvaluationPlan, estimates: list[EffectEstimate]) -> list[dict[str, Any]]:
    """Per conclusion: the highest level the plan's usable estimates justify, and why."""
    usable = [e for e in estimates if not e.declined]
    rows = []
    for conclusion in Conclusion:
        level, reason = verdicts.suggest_level(plan, conclusion, usable)
        rows.append({"conclusion": conclusion.label, "level": EvidenceLevel(level).label, "reason": reason})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def verdict_create(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject)
    estimates = list(_estimates(plan))
    areas = selectors.area_choices(programme, subproject)
    form = VerdictForm(
        request.POST or None,
        estimates=_estimates(plan).filter(declined=False),
        partners=partners_of(programme.organisation),
        areas=areas,
        people=active_people(programme),
        initial={"decided_on": timezone.localdate(), "areas": list(subproject.areas.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            verdicts.verdict_create(actor=request.user, plan=plan, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The verdict and the decision have been recorded."))
            return _to_plan(subproject)
    return render(
        request,
        "evaluation/verdict_form.html",
        _context(
            programme,
            subproject=subproject,
            plan=plan,
            form=form,
            suggestions=_suggestions(plan, estimates),
            declined=[e for e in estimates if e.declined],
            judgeable=subproject.status in verdicts.JUDGEABLE,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def embedding_edit(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, verdict_uuid: str
) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject)
    embedding = (
        EmbeddingPlan.objects.filter(verdict__plan=plan, verdict__uuid=verdict_uuid)
        .select_related("verdict", "updated_by")
        .first()
    )
    if embedding is None:
        raise Http404
    embedding.verdict.plan = plan
    form = EmbeddingForm(
        request.POST or None,
        partners=partners_of(programme.organisation),
        areas=selectors.area_choices(programme, subproject),
        initial=initial_from(embedding, list(verdicts.EMBEDDING_FIELDS)),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            verdicts.embedding_update(
                actor=request.user,
                embedding=embedding,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, embedding)
        else:
            messages.success(request, _("The embedding plan has been saved."))
            return _to_plan(subproject)
    return render(
        request,
        "evaluation/embedding_form.html",
        _context(
            programme,
            subproject=subproject,
            plan=plan,
            verdict=embedding.verdict,
            form=form,
            saved_values=saved_values,
        ),
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:subproject_uuid>/oordeel/nieuw/", verdict_create, name="evaluation_verdict_create"),
    path(
        "<uuid:subproject_uuid>/oordeel/<uuid:verdict_uuid>/borging/",
        embedding_edit,
        name="evaluation_embedding_edit",
    ),
]

"""Pages of step 2's findings: the list, one finding with its evidence and discussion, the forms
to write a finding and to link evidence. Views are thin: fetch through the selectors (another
organisation's object is a 404, a missing right a 403), validate a form, call a service, redirect
with a message."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.plan import selectors as plan_selectors
from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed

from . import exports, selectors, services
from .forms import (
    CommentForm,
    ExperienceEvidenceForm,
    FigureEvidenceForm,
    FindingFilterForm,
    FindingForm,
    SourceEvidenceForm,
    StanceForm,
    StatusForm,
    target_groups_text,
)
from .models import Finding
from .reference import Stance

PAGE_SIZE = 25


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = "findings.view_findings") -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "analysis", **extra}


def _to_detail(finding: Finding) -> HttpResponse:
    return redirect("finding_detail", programme_uuid=finding.programme.uuid, finding_uuid=finding.uuid)


def _adopted_refusal(request: HttpRequest, finding: Finding) -> HttpResponse | None:
    """An adopted finding is read-only: back to its page with the reason."""
    if finding.is_adopted:
        messages.error(
            request,
            _("This finding has been adopted. The programme manager can set it back to draft to change it."),
        )
        return _to_detail(finding)
    return None


@login_required
def finding_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    form = FindingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.findings(
        programme,
        life_domain=filters.get("levensdomein", ""),
        kind=filters.get("soort", ""),
        status=filters.get("status", ""),
    )
    if (download := lists.asked(request, exports.FINDINGS, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "findings/finding_list.html",
        _context(
            programme,
            form=form,
            page=page,
            query=urlencode(query),
            filtered=bool(query),
            can_add=request.user.has_perm("findings.add_finding", programme),
        ),
    )


@login_required
def finding_detail(request: HttpRequest, programme_uuid: str, finding_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid)
    return _render_detail(request, programme, finding)


def _render_detail(
    request: HttpRequest,
    programme: Programme,
    finding: Finding,
    *,
    comment_form: CommentForm | None = None,
    stance_form: StanceForm | None = None,
) -> HttpResponse:
    may_discuss = request.user.has_perm("findings.discuss_finding", finding)
    stances = list(selectors.stances_of(finding))
    current_stance = (
        next((s.stance for s in stances if s.user_id == request.user.pk), "") if may_discuss else ""
    )
    by_stance = {value: [s for s in stances if s.stance == value] for value in Stance.values}
    return render(
        request,
        "findings/finding_detail.html",
        _context(
            programme,
            finding=finding,
            evidence=selectors.evidence_of(finding),
            answering_goals=plan_selectors.goals_answering(finding),
            comments=selectors.comments_of(finding),
            stance_groups=[(Stance(value).label, by_stance[value]) for value in Stance.values],
            stance_count=len(stances),
            comment_form=comment_form or CommentForm(),
            stance_form=stance_form or StanceForm(initial={"stance": current_stance or None}),
            current_stance=current_stance,
            may_discuss=may_discuss,
            can_change=request.user.has_perm("findings.change_finding", finding) and not finding.is_adopted,
            can_delete=request.user.has_perm("findings.delete_finding", finding) and not finding.is_adopted,
            can_adopt=request.user.has_perm("findings.adopt_finding", finding),
        ),
    )


def _areas(programme: Programme) -> Any:
    return selectors.priority_area_choices(programme)


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="findings.add_finding")
    form = FindingForm(request.POST or None, areas=_areas(programme))
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("%(name)s has been added. Now link the evidence it rests on.") % {"name": finding}
            )
            return _to_detail(finding)
    return render(request, "findings/finding_form.html", _context(programme, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, programme_uuid: str, finding_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid, perm="findings.change_finding")
    refusal = _adopted_refusal(request, finding)
    if refusal is not None:
        return refusal
    form = FindingForm(
        request.POST or None,
        areas=_areas(programme),
        initial=initial_from(finding, list(services.FINDING_FIELDS)),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(
                actor=request.user,
                finding=finding,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, finding)
            if saved_values is not None:
                label = str(form.fields["target_groups"].label)
                saved_values = [
                    (name, target_groups_text(finding.target_groups) if name == label else value)
                    for name, value in saved_values
                ]
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_detail(finding)
    return render(
        request,
        "findings/finding_form.html",
        _context(programme, form=form, finding=finding, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_delete(request: HttpRequest, programme_uuid: str, finding_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid, perm="findings.delete_finding")
    refusal = _adopted_refusal(request, finding)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        services.finding_delete(actor=request.user, finding=finding)
        messages.success(request, _("%(name)s has been removed.") % {"name": finding})
        return redirect("findings", programme_uuid=programme.uuid)
    return render(request, "findings/finding_delete.html", _context(programme, finding=finding))


@login_required
@require_POST
def finding_status(request: HttpRequest, programme_uuid: str, finding_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid, perm="findings.adopt_finding")
    form = StatusForm(request.POST)
    if form.is_valid():
        services.finding_set_status(actor=request.user, finding=finding, status=form.cleaned_data["status"])
        if finding.is_adopted:
            messages.success(request, _("The finding has been adopted."))
        else:
            messages.success(request, _("The finding is a draft again and can be changed."))
    else:
        messages.error(request, _("Choose draft or adopted."))
    return _to_detail(finding)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, programme_uuid: str, finding_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid, perm="findings.change_finding")
    refusal = _adopted_refusal(request, finding)
    if refusal is not None:
        return refusal
    municipality = selectors.municipality_area(programme)
    areas = selectors.figure_area_choices(programme, municipality)
    kind = request.POST.get("soort", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    linked = finding.evidence.all()
    forms = {
        "bron": SourceEvidenceForm(
            data if kind == "bron" else None,
            sources=programme.sources.exclude(
                pk__in=linked.filter(source__isnull=False).values("source")
            ).order_by("title", "pk"),
        ),
        "ervaring": ExperienceEvidenceForm(
            data if kind == "ervaring" else None,
            experiences=programme.experiences.exclude(
                pk__in=linked.filter(experience__isnull=False).values("experience")
            ).order_by("area", "group", "pk"),
        ),
        "cijfer": FigureEvidenceForm(
            data if kind == "cijfer" else None,
            areas=areas,
            measures=selectors.figure_measures(areas),
            topics=selectors.figure_topics(areas),
        ),
    }
    if request.method == "POST":
        form = forms.get(kind)
        if form is None:
            messages.error(request, _("Choose a source, an experience or a figure."))
        elif form.is_valid():
            values = dict(form.cleaned_data)
            try:
                services.evidence_add(actor=request.user, finding=finding, **values)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The evidence has been linked."))
                return _to_detail(finding)
    return render(
        request,
        "findings/evidence_form.html",
        _context(
            programme,
            finding=finding,
            source_form=forms["bron"],
            experience_form=forms["ervaring"],
            figure_form=forms["cijfer"],
            has_sources=forms["bron"].fields["source"].queryset.exists(),  # type: ignore[attr-defined]
            has_experiences=forms["ervaring"].fields["experience"].queryset.exists(),  # type: ignore[attr-defined]
            has_figures=bool(forms["cijfer"].fields["topic"].choices[1:]),  # type: ignore[attr-defined]
            municipality=municipality,
        ),
    )


@login_required
@require_POST
def evidence_remove(
    request: HttpRequest, programme_uuid: str, finding_uuid: str, evidence_uuid: str
) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid, perm="findings.change_finding")
    refusal = _adopted_refusal(request, finding)
    if refusal is not None:
        return refusal
    evidence = selectors.get_evidence(finding, evidence_uuid)
    services.evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, _("The evidence has been removed from the finding."))
    return _to_detail(finding)


@login_required
@require_POST
def comment_add(request: HttpRequest, programme_uuid: str, finding_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid, perm="findings.discuss_finding")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, finding=finding, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(
                f"{_to_detail(finding)['Location']}#reacties",
            )
    return _render_detail(request, programme, finding, comment_form=form)


@login_required
@require_POST
def stance_set(request: HttpRequest, programme_uuid: str, finding_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    finding = selectors.get_finding(request, programme, finding_uuid, perm="findings.discuss_finding")
    refusal = _adopted_refusal(request, finding)
    if refusal is not None:
        return refusal
    form = StanceForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, programme, finding, stance_form=form)
    services.stance_set(actor=request.user, finding=finding, stance=form.cleaned_data["stance"])
    messages.success(request, _("Your stance has been saved."))
    return redirect(f"{_to_detail(finding)['Location']}#standpunten")


finding_patterns: list[URLPattern] = [
    path("", finding_list, name="findings"),
    path("nieuw/", finding_create, name="finding_create"),
    path("<uuid:finding_uuid>/", finding_detail, name="finding_detail"),
    path("<uuid:finding_uuid>/bewerken/", finding_edit, name="finding_edit"),
    path("<uuid:finding_uuid>/verwijderen/", finding_delete, name="finding_delete"),
    path("<uuid:finding_uuid>/status/", finding_status, name="finding_status"),
    path("<uuid:finding_uuid>/bewijs/", evidence_add, name="finding_evidence_add"),
    path(
        "<uuid:finding_uuid>/bewijs/<uuid:evidence_uuid>/verwijderen/",
        evidence_remove,
        name="finding_evidence_remove",
    ),
    path("<uuid:finding_uuid>/reacties/", comment_add, name="finding_comment"),
    path("<uuid:finding_uuid>/standpunt/", stance_set, name="finding_stance"),
]

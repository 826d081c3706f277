"""The RACI page of a sub-project: the matrix as a table, invalid rows flagged, and a form to add
a row or change one (``?rij=<uuid>``); the programme manager and the sub-project's kwartiermaker
write, everyone in the programme reads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from koers.programmes import selectors as programme_selectors
from koers.programmes.views import apply_validation_error
from koers.reports import lists

from . import exports, raci, selectors
from .models import RaciRow
from .reference import RaciRole


class RaciRowForm(forms.Form):
    activity = forms.CharField(label=gettext_lazy("Activity or deliverable"), max_length=200)

    def __init__(self, *args: Any, columns: list[raci.Column], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        for column in columns:
            self.fields[column.key] = forms.ChoiceField(
                label=column.label, required=False, choices=[("", "—"), *RaciRole.choices]
            )

    def letters(self) -> dict[str, str]:
        return {c.key: self.cleaned_data.get(c.key) or "" for c in self.columns}


@login_required
@require_http_methods(["GET", "POST"])
def raci_page(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponseBase:
    programme = programme_selectors.get_programme_for_user(
        request, programme_uuid, perm="actions.view_actions"
    )
    subproject = selectors.get_subproject(programme, subproject_uuid)
    may_change = request.user.has_perm("actions.change_raci", subproject)
    columns = raci.columns(programme)
    editing: RaciRow | None = None
    row_uuid = request.POST.get("rij") or request.GET.get("rij")
    if row_uuid:
        editing = raci.get_row(subproject, row_uuid)
    form = None
    if may_change:
        initial: dict[str, Any] = {}
        if editing is not None:
            current = next(r for r in raci.matrix(subproject) if r.row.pk == editing.pk)
            initial = {"activity": editing.activity, **current.letters}
        form = RaciRowForm(
            request.POST if request.method == "POST" else None, columns=columns, initial=initial
        )
    if request.method == "POST":
        raci.require(request.user, "actions.change_raci", subproject)
        assert form is not None
        if request.POST.get("wat") == "verwijderen" and editing is not None:
            raci.row_delete(actor=request.user, row=editing)
            messages.success(request, _("The row has been removed."))
            return redirect(request.path)
        if form.is_valid():
            try:
                raci.row_save(
                    actor=request.user,
                    subproject=subproject,
                    activity=form.cleaned_data["activity"],
                    letters=form.letters(),
                    row=editing,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The row has been saved."))
                return redirect(request.path)
    rows = raci.matrix(subproject)
    used = {key for r in rows for key in r.letters}
    shown = [c for c in columns if c.key in used] or columns
    table = [(r, [r.letters.get(c.key, "") for c in shown]) for r in rows]
    title = f"RACI {subproject.name}"
    if (download := lists.asked(request, exports.raci_spec(shown), table, title=title)) is not None:
        return download
    return render(
        request,
        "actions/raci.html",
        {
            "programme": programme,
            "active_nav": "agreements",
            "subproject": subproject,
            "columns": shown,
            "rows": table,
            "form": form,
            "editing": editing,
            "may_change": may_change,
        },
    )

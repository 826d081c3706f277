"""Exports of step 1: the who's-who contact list, the bodies and the partner lists (CSV, ODS,
XLSX, ADR 0043), the governance agreements as a one-page document (PDF/A, ODT) and the organisation
chart of the bodies (SVG).

Everyone who may see the team may download these (``teams.view_team``); another organisation's
programme does not exist (404). The contact list holds personal data: its downloads are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, path
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from koers.programmes.models import Programme
from koers.programmes.selectors import get_programme_for_user
from koers.reports import lists, tabular
from koers.reports.documents import OdtDocument, odt_response, pdf_response
from koers.reports.lists import Column, ListSpec

from . import selectors
from .forms import PeopleFilterForm
from .models import Person
from .orgchart import body_sort_key, orgchart_svg
from .reference import AgreementKind, BodyKind

DOCUMENT_FORMATS = ("pdf", "odt")
ORGCHART_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


# Contact list ----------------------------------------------------------------------------------


def _bodies_of(person: Person) -> str:
    return ", ".join(body.name for body in sorted(person.bodies.all(), key=body_sort_key))


CONTACTS = ListSpec(
    name=gettext_lazy("Contact list"),
    columns=[
        Column(gettext_lazy("Name"), "full_name"),
        Column(gettext_lazy("Organisation"), "partner.name"),
        Column(gettext_lazy("Partner type"), "partner.partner_type.label"),
        Column(gettext_lazy("Function"), "function"),
        Column(gettext_lazy("Role in the team"), "team_role"),
        Column(gettext_lazy("Bodies"), _bodies_of),
        Column(gettext_lazy("E-mail address"), "email"),
        Column(gettext_lazy("Phone number"), "phone"),
    ],
    personal=True,
)


def contact_headers() -> list[str]:
    return CONTACTS.headers()


def contact_row(person: Person) -> list[Any]:
    return CONTACTS.row(person)


def contacts(request: HttpRequest, programme: Programme) -> Any:
    """The people of the who's-who as the team page shows them, with its filters."""
    form = PeopleFilterForm(request.GET or None, programme=programme)
    return selectors.filter_people(selectors.people(programme), **form.filters())


def contacts_download(request: HttpRequest, programme: Programme, fmt: str) -> HttpResponseBase:
    return lists.download(
        request,
        CONTACTS,
        contacts(request, programme),
        fmt=fmt,
        title=_("Contact list %(programme)s") % {"programme": programme.name},
        programme=programme,
    )


@login_required
@require_GET
def team_export(request: HttpRequest, programme_uuid: str, fmt: str) -> HttpResponseBase:
    """The who's-who of the programme's current team as CSV, ODS or XLSX (the team page's own
    address with ``?formaat=`` gives the same)."""
    if fmt not in tabular.FORMATS:
        raise Http404(fmt)
    programme = get_programme_for_user(request, programme_uuid, perm="teams.view_team")
    return contacts_download(request, programme, fmt)


def _members_of(body: Any) -> str:
    return ", ".join(
        f"{person.full_name} ({person.partner.name})" if person.partner else person.full_name
        for person in body.shown_members
    )


BODIES = ListSpec(
    name=gettext_lazy("Bodies"),
    columns=[
        Column(gettext_lazy("Body"), "name"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Chair"), "chair.full_name"),
        Column(gettext_lazy("Secretary"), "secretary.full_name"),
        Column(gettext_lazy("Meets"), "get_meeting_frequency_display"),
        Column(gettext_lazy("Members"), _members_of),
    ],
    personal=True,
)


def _domains(partner: Any) -> str:
    from .reference import Domain

    return ", ".join(str(Domain(d).label) for d in partner.domains if d in Domain.values)


PROGRAMME_PARTNERS = ListSpec(
    name=gettext_lazy("Partners"),
    columns=[
        Column(gettext_lazy("Partner organisation"), "partner.name"),
        Column(gettext_lazy("Partner type"), "partner.partner_type.label"),
        Column(gettext_lazy("Domains"), lambda link: _domains(link.partner)),
        Column(gettext_lazy("People in the team"), "person_count"),
    ],
)

PARTNERS = ListSpec(
    name=gettext_lazy("Partner list"),
    columns=[
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Partner type"), "partner_type.label"),
        Column(gettext_lazy("Domains"), _domains),
        Column(gettext_lazy("People in programmes"), "person_count"),
        Column(gettext_lazy("E-mail address"), "email"),
        Column(gettext_lazy("Phone number"), "phone"),
        Column(gettext_lazy("Website"), "website"),
    ],
)


# Governance agreements -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementItem:
    label: str
    text: str
    owner: str
    agreed_on: dt.date | None


@dataclass(frozen=True)
class BodyItem:
    name: str
    kind: str
    chair: str
    secretary: str
    frequency: str
    mandate: str


@dataclass(frozen=True)
class AgreementsSheet:
    """What the agreements document says, whichever format it is written in."""

    title: str
    author: str
    programme: Programme
    data_date: dt.date
    agreements: list[AgreementItem]
    bodies: list[BodyItem]


def agreements_sheet(programme: Programme) -> AgreementsSheet:
    recorded = {agreement.kind: agreement for agreement in selectors.agreements(programme)}
    agreements = []
    for kind in AgreementKind:
        agreement = recorded.get(kind.value)
        agreements.append(
            AgreementItem(
                label=str(capfirst(kind.label)),
                text=agreement.text.strip() if agreement else "",
                owner=agreement.owner.full_name if agreement and agreement.owner else "",
                agreed_on=agreement.agreed_on if agreement else None,
            )
        )
    bodies = [
        BodyItem(
            name=body.name,
            kind=str(capfirst(BodyKind(body.kind).label)) if body.kind in BodyKind.values else body.kind,
            chair=body.chair.full_name if body.chair else "",
            secretary=body.secretary.full_name if body.secretary else "",
            frequency=str(body.get_meeting_frequency_display()),
            mandate=body.mandate.strip(),
        )
        for body in sorted(selectors.bodies(programme), key=body_sort_key)
    ]
    return AgreementsSheet(
        title=_("Governance agreements — %(programme)s") % {"programme": programme.name},
        author=programme.organisation.name,
        programme=programme,
        data_date=timezone.localdate(),
        agreements=agreements,
        bodies=bodies,
    )


def _long_date(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def agreements_odt(sheet: AgreementsSheet) -> OdtDocument:
    document = OdtDocument(title=sheet.title, author=sheet.author, subject=sheet.programme.name)
    document.paragraph(
        _("%(programme)s · situation on %(date)s")
        % {"programme": sheet.programme.name, "date": _long_date(sheet.data_date)},
        note=True,
    )
    document.heading(_("How we meet, decide and communicate"), level=2)
    for agreement in sheet.agreements:
        document.heading(agreement.label, level=3)
        document.paragraph(agreement.text or _("Not recorded yet."))
        agreed_on = _long_date(agreement.agreed_on) if agreement.agreed_on else _("not agreed yet")
        document.paragraph(
            f"{_('Owner')}: {agreement.owner or _('none yet')} · {_('Agreed on')}: {agreed_on}", note=True
        )
    document.heading(_("Bodies"), level=2)
    if sheet.bodies:
        document.table(
            [_("Body"), _("Kind"), _("Chair"), _("Secretary"), _("Meets"), _("Mandate")],
            [
                [
                    body.name,
                    body.kind,
                    body.chair or "—",
                    body.secretary or "—",
                    body.frequency,
                    body.mandate or "—",
                ]
                for body in sheet.bodies
            ],
            widths=[3.2, 2.3, 2.6, 2.6, 2.2, 4.1],
        )
    else:
        document.paragraph(_("There are no bodies yet."))
    return document


@login_required
@require_GET
def team_agreements_document(request: HttpRequest, programme_uuid: str, fmt: str) -> HttpResponse:
    """The governance agreements and the bodies on one page, as PDF/A or ODT."""
    if fmt not in DOCUMENT_FORMATS:
        raise Http404(fmt)
    programme = get_programme_for_user(request, programme_uuid, perm="teams.view_team")
    sheet = agreements_sheet(programme)
    filename = _("Governance agreements %(programme)s") % {"programme": programme.name}
    if fmt == "odt":
        return odt_response(agreements_odt(sheet), filename=filename)
    context: dict[str, Any] = {
        "title": sheet.title,
        "author": sheet.author,
        "description": _(
            "The meeting, decision and communication structure of the programme and its bodies."
        ),
        "programme": programme,
        "data_date": sheet.data_date,
        "agreements": sheet.agreements,
        "bodies": sheet.bodies,
    }
    return pdf_response("teams/documents/agreements.html", context, filename=filename)


# Organisation chart ----------------------------------------------------------------------------


@login_required
@require_GET
def team_orgchart(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    """The organisation chart of the programme's bodies as an SVG picture."""
    programme = get_programme_for_user(request, programme_uuid, perm="teams.view_team")
    svg = orgchart_svg(
        selectors.bodies_with_members(programme),
        title=_("Organisation chart of the bodies of %(programme)s") % {"programme": programme.name},
    )
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Security-Policy"] = ORGCHART_CSP
    response["Content-Disposition"] = 'inline; filename="organogram.svg"'
    response["Cache-Control"] = "private, no-cache"
    return response


programme_patterns: list[URLPattern | URLResolver] = [
    path("export.<str:fmt>", team_export, name="team_export"),
    path("afspraken/document.<str:fmt>", team_agreements_document, name="team_agreements_document"),
    path("gremia/organogram.svg", team_orgchart, name="team_orgchart"),
]

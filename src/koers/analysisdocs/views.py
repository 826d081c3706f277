"""The page of the safety analysis document: its versions with the date of their data, a button
for a new version, and downloads in three formats. Views are thin: fetch through the selectors
(another organisation's programme is a 404, a missing right a 403), call a service, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.programmes.selectors import get_programme_for_user
from koers.reports.documents import DOCX_CONTENT_TYPE, ODT_CONTENT_TYPE, PDF_CONTENT_TYPE
from koers.reports.downloads import private_download

from . import selectors, services

FORMATS = {"pdf": PDF_CONTENT_TYPE, "odt": ODT_CONTENT_TYPE, "docx": DOCX_CONTENT_TYPE}
VERSIONS_SHOWN = 50


@login_required
@require_GET
def document_page(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid, perm="analysisdocs.view_document")
    versions = list(selectors.documents(programme)[:VERSIONS_SHOWN])
    return render(request, "analysisdocs/document_page.html", _context(request, programme, versions))


def _context(request: HttpRequest, programme: Any, versions: list[Any]) -> dict[str, Any]:
    return {
        "programme": programme,
        "versions": versions,
        "overview": selectors.document_overview(programme),
        "pending": any(version.pending for version in versions),
        "can_generate": request.user.has_perm("analysisdocs.generate_document", programme),
        "formats": [("pdf", "PDF/A"), ("odt", "ODT"), ("docx", "DOCX")],
        "active_nav": "analysis",
    }


@login_required
@require_POST
def document_generate(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid, perm="analysisdocs.generate_document")
    try:
        document = services.document_request(actor=request.user, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)s is being made. Reload this page in a minute to download it.")
            % {"number": document.number},
        )
    return redirect("analysis_document", programme_uuid=programme.uuid)


@login_required
@require_GET
def document_download(
    request: HttpRequest, programme_uuid: str, document_uuid: str, fmt: str
) -> FileResponse:
    """A stored file of a ready version, streamed from storage to people who may read the
    programme; never served from MEDIA."""
    programme = get_programme_for_user(request, programme_uuid, perm="analysisdocs.view_document")
    document = selectors.get_document(programme, document_uuid)
    if fmt not in FORMATS or not document.ready:
        raise Http404("format")
    stored = getattr(document, fmt)
    if not stored:
        raise Http404("file")
    return private_download(
        stored,
        name=f"veiligheidsanalyse {programme.name}",
        suffix=f"-versie-{document.number}",
        extension=fmt,
        content_type=FORMATS[fmt],
    )


urlpatterns: list[URLPattern] = [
    path("", document_page, name="analysis_document"),
    path("nieuw/", document_generate, name="analysis_document_generate"),
    path("<uuid:document_uuid>/<str:fmt>/", document_download, name="analysis_document_download"),
]

"""Every list page can be downloaded as CSV, ODS or XLSX (ADR 0043).

A list describes its columns once, as a :class:`ListSpec`: a heading (gettext_lazy, so it is
Dutch or English as the user chose) and how to get the value from one object, as the page shows it
(a status as its label, a person as their name, a date as a date). The list's own view then answers
``?formaat=csv|ods|xlsx`` on its own address with :func:`list_response`: the same scoping, the same
filters and ordering as the page, all rows (not only the page of a paginated list), written by the
one table writer (``koers.reports.tabular``), which neutralises formulas.

Rows are read in chunks (``QuerySet.iterator(chunk_size=...)``) with what they need fetched up
front (``select_related``/``prefetch_related`` in the list's selector), so the number of queries
does not grow with the rows; CSV is streamed as it is read. A download of personal data (people,
members, contact details) is written to the audit trail as ``list.download``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.functional import Promise

from . import services, tabular

#: The query parameter that asks a list page for a download instead of the page.
FORMAT_PARAMETER = "formaat"
#: The query parameter of a paginated list's page number; a download has every row.
PAGE_PARAMETER = "pagina"
#: On a page with more than one list, the query parameter that says which one to download.
LIST_PARAMETER = "lijst"
CHUNK_SIZE = 500


def _resolve(obj: Any, path: str) -> Any:
    """``obj.a.b`` for ``"a.b"``; None as soon as a step is None; a method is called."""
    value = obj
    for name in path.split("."):
        if value is None:
            return None
        value = getattr(value, name)
        if callable(value) and not hasattr(value, "all"):
            value = value()
    return value


@dataclass(frozen=True)
class Column:
    """One column: its heading and the value of one object, as a dotted attribute path
    (``"owner.full_name"``, ``"get_status_display"``) or a function of the object."""

    heading: str | Promise
    value: str | Callable[[Any], Any]

    def of(self, obj: Any) -> Any:
        found = _resolve(obj, self.value) if isinstance(self.value, str) else self.value(obj)
        if isinstance(found, Promise):
            return str(found)
        return found


@dataclass(frozen=True)
class ListSpec:
    """What a list's download holds: its name (the file name and the sheet), its columns, and
    whether it holds personal data (then every download is audited)."""

    name: str | Promise
    columns: Sequence[Column]
    personal: bool = False
    chunk_size: int = field(default=CHUNK_SIZE)

    def headers(self) -> list[str]:
        return [str(column.heading) for column in self.columns]

    def row(self, obj: Any) -> list[Any]:
        return [column.of(obj) for column in self.columns]

    def rows(self, objects: Iterable[Any]) -> Iterator[list[Any]]:
        """The rows of ``objects``; a queryset is read in chunks. The language of the request
        stays on while a streamed download is written after the view has returned."""
        language = translation.get_language()
        found = objects.iterator(chunk_size=self.chunk_size) if isinstance(objects, QuerySet) else objects
        with translation.override(language):
            for obj in found:
                yield self.row(obj)


def requested_format(request: HttpRequest) -> str | None:
    """The download format the request asks for, None for the page itself; an unknown format is
    a 404, as an address that does not exist."""
    fmt = request.GET.get(FORMAT_PARAMETER)
    if fmt is None:
        return None
    if fmt not in tabular.FORMATS:
        raise Http404(fmt)
    return fmt


def download(
    request: HttpRequest,
    spec: ListSpec,
    objects: Iterable[Any],
    *,
    fmt: str,
    title: str | None = None,
    programme: Any = None,
    organisation: Any = None,
) -> HttpResponseBase:
    """The download of ``objects`` as ``fmt``. Check access before calling this."""
    if fmt not in tabular.FORMATS:
        raise Http404(fmt)
    name = title or str(spec.name)
    if spec.personal:
        services.list_downloaded(
            actor=request.user, name=name, fmt=fmt, programme=programme, organisation=organisation
        )
    return tabular.export_response(spec.rows(objects), spec.headers(), fmt=fmt, filename=name)


def asked(
    request: HttpRequest,
    spec: ListSpec,
    objects: Iterable[Any] | Callable[[], Iterable[Any]],
    *,
    title: str | None = None,
    programme: Any = None,
    organisation: Any = None,
) -> HttpResponseBase | None:
    """The download of ``objects`` when the request asks ``?formaat=`` (a GET), else None: for a
    view that goes on to build its page. The file is called after the list and the programme."""
    fmt = requested_format(request) if request.method == "GET" else None
    if fmt is None:
        return None
    if title is None and programme is not None:
        title = f"{spec.name} {programme.name}"
    found = objects() if callable(objects) else objects
    return download(
        request, spec, found, fmt=fmt, title=title, programme=programme, organisation=organisation
    )


def list_response(
    request: HttpRequest,
    spec: ListSpec,
    objects: Iterable[Any] | Callable[[], Iterable[Any]],
    page: Callable[[], HttpResponse],
    *,
    title: str | None = None,
    programme: Any = None,
    organisation: Any = None,
) -> HttpResponseBase:
    """The list page (``page()``), or its download when the request asks ``?formaat=``.

    ``objects`` are the objects of the list in the page's order, with the page's filters applied
    (or a function that returns them, so the page need not build them when it is not asked)."""
    fmt = requested_format(request)
    if fmt is None:
        return page()
    found = objects() if callable(objects) else objects
    return download(
        request, spec, found, fmt=fmt, title=title, programme=programme, organisation=organisation
    )


def requested_list(request: HttpRequest) -> str:
    """On a page with more than one list, which one the download is of ("" for the main one)."""
    return request.GET.get(LIST_PARAMETER, "")


def download_url(request: HttpRequest, fmt: str, which: str = "") -> str:
    """The address of this list page's download as ``fmt``: the same filters, no page number;
    ``which`` names the list on a page with more than one."""
    query = request.GET.copy()
    for name in (PAGE_PARAMETER, FORMAT_PARAMETER, LIST_PARAMETER):
        query.pop(name, None)
    query[FORMAT_PARAMETER] = fmt
    if which:
        query[LIST_PARAMETER] = which
    return f"{request.path}?{query.urlencode()}"

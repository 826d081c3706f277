"""The search pages: a programme's search, and the search of every programme the user may open.
Thin: the programme comes through the programme selector (another organisation's programme is a
404, a missing right a 403), the results through ``selectors.Search``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from koers.programmes import selectors as programme_selectors

from . import selectors
from .forms import SearchForm

PAGE_SIZE = 20
PER_PROGRAMME = 3  # results shown per programme when searching every programme


def _form(request: HttpRequest) -> tuple[SearchForm, str]:
    """The form, bound only when a search was sent; the query when it is valid."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    return form, query


@login_required
@require_GET
def programme_search(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = programme_selectors.get_programme_for_user(request, programme_uuid)
    form, query = _form(request)
    context: dict[str, Any] = {"programme": programme, "active_nav": "search", "form": form, "query": query}
    if query:
        search = selectors.Search(request.user, [programme], query)
        kind = request.GET.get("soort", "")
        kind_counts = search.kind_counts(programme)
        if kind not in {each.key for each, _count in kind_counts}:
            kind = ""
        results: Any = selectors.ResultPages(search, programme, kind or None)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("pagina"))
        context.update(
            kind=kind,
            kind_counts=kind_counts,
            total=search.total(programme),
            page=page,
            query_string=urlencode({"q": query, **({"soort": kind} if kind else {})}),
            kind_links=[
                (each, count, urlencode({"q": query, "soort": each.key})) for each, count in kind_counts
            ],
            all_link=urlencode({"q": query}),
        )
    # htmx (results while typing) swaps only the results; without JavaScript it is the whole page.
    htmx = getattr(request, "htmx", False)
    return render(
        request, "search/_partials/results.html" if htmx else "search/programme_search.html", context
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Every programme the user may open, in all their organisations: per programme the number of
    results and the best few, with a link to the programme's own search."""
    form, query = _form(request)
    context: dict[str, Any] = {"form": form, "query": query, "nav_section": "search"}
    if query:
        programmes = programme_selectors.searchable_programmes(request.user)
        found = selectors.Search(request.user, programmes, query)
        sections: list[dict[str, Any]] = []
        for programme in programmes:
            total = found.total(programme)
            if total:
                sections.append(
                    {
                        "programme": programme,
                        "total": total,
                        "kind_counts": found.kind_counts(programme),
                        "results": found.results(programme, None, 0, PER_PROGRAMME),
                    }
                )
        context.update(
            sections=sections,
            searched=programmes,
            empty=[p for p in programmes if not found.total(p)],
            total=sum(section["total"] for section in sections),
            query_string=urlencode({"q": query}),
        )
    return render(request, "search/search.html", context)

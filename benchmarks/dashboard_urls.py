"""Koers' URLs plus one view that asks the database a single query: the baseline the dashboard
benchmark (``benchmarks/dashboard.py``) compares the dashboard with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from koers.programmes.models import Programme
from koers.urls import urlpatterns as koers_urlpatterns


def one_query(request: HttpRequest) -> HttpResponse:
    name = Programme.objects.order_by("pk").values_list("name", flat=True).first()
    return HttpResponse(f"<!DOCTYPE html><title>{name}</title><p>{name}</p>")


urlpatterns: list[URLPattern | URLResolver] = [
    path("benchmark/een-query/", one_query, name="benchmark_one_query"),
    *koers_urlpatterns,
]

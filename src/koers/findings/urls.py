"""URLs of the findings, under /programmas/<uuid>/analyse/bevindingen/."""

from django.urls import URLPattern, URLResolver, include, path

from .views import finding_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(finding_patterns)),
]

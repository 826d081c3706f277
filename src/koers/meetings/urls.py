"""URLs of the meetings, under /programmas/<uuid>/overleggen/."""

from django.urls import URLPattern, URLResolver, include, path

from .views import meeting_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(meeting_patterns)),
]

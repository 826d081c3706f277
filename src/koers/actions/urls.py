"""URLs of the actions, under /programmas/<uuid>/afspraken/."""

from django.urls import URLPattern, URLResolver, include, path

from .views import action_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(action_patterns)),
]

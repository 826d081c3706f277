"""URLs of the knowledge base, under /programmas/<uuid>/analyse/: bronnen/ and ervaringen/."""

from django.urls import URLPattern, URLResolver, include, path

from .views import experience_patterns, source_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("bronnen/", include(source_patterns)),
    path("ervaringen/", include(experience_patterns)),
]

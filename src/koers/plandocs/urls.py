"""URLs of the plan versions, under /programmas/<uuid>/plan/versies/."""

from django.urls import URLPattern

from .views import urlpatterns as version_patterns

urlpatterns: list[URLPattern] = version_patterns

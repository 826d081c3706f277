"""URLs of the safety analysis document, under /programmas/<uuid>/analyse/document/."""

from django.urls import URLPattern

from .views import urlpatterns as document_patterns

urlpatterns: list[URLPattern] = document_patterns

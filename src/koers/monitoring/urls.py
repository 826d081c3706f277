"""URLs of step 5's monitoring: the programme's pages under /programmas/<uuid>/ and the
organisation overview under /portefeuille/."""

from django.urls import URLPattern

from .views import organisation_urlpatterns, programme_urlpatterns

__all__ = ["organisation_urlpatterns", "programme_urlpatterns"]
urlpatterns: list[URLPattern] = programme_urlpatterns

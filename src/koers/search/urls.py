"""URLs of the search: ``/zoeken/`` (every programme) and ``/programmas/<uuid>/zoeken/``."""

from django.urls import URLPattern, path

from . import views

programme_urlpatterns: list[URLPattern] = [
    path("zoeken/", views.programme_search, name="programme_search"),
]
urlpatterns: list[URLPattern] = [
    path("zoeken/", views.search, name="search"),
]

"""URLs of the evaluation plans and the process evaluation (/programmas/<uuid>/evaluatie/)."""

from .views import urlpatterns

__all__ = ["urlpatterns"]

"""URLs of step 1. Programme pages live under /programmas/<uuid>/team/, the organisation's partner
list under /partners/."""

from django.urls import URLPattern, URLResolver

from .exports import programme_patterns as export_patterns
from .views import organisation_patterns, programme_patterns

programme_urlpatterns: list[URLPattern | URLResolver] = [*programme_patterns, *export_patterns]
organisation_urlpatterns: list[URLPattern | URLResolver] = organisation_patterns

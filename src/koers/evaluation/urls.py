"""URLs of step 6's evaluation (/programmas/<uuid>/evaluatie/): the plans and the process
evaluation, the effect estimates, the verdicts and decisions, the reports."""

from . import estimate_views, report_views, verdict_views
from .views import urlpatterns as plan_urlpatterns

urlpatterns = [
    *plan_urlpatterns,
    *estimate_views.urlpatterns,
    *verdict_views.urlpatterns,
    *report_views.urlpatterns,
]

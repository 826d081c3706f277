"""The URLs of Koers plus a stand-in for the trend page of step 2, for the findings' link to it."""

from django.http import HttpResponse
from django.urls import path

from koers.urls import urlpatterns as koers_urlpatterns

urlpatterns = [
    path(
        "programmas/<uuid:programme_uuid>/analyse/trend/",
        lambda request, programme_uuid: HttpResponse("trend"),
        name="analysis_trend",
    ),
    *koers_urlpatterns,
]

"""Settings for the dashboard benchmark's server: Koers' development settings with the URLs of
``dashboard_urls`` (Koers' own plus a one-query view). Only ``benchmarks/dashboard.py`` uses it."""

import os

from koers.settings.dev import *  # noqa: F403

ROOT_URLCONF = "dashboard_urls"
DEBUG = False
# Pages refer to the static files by name: no collected manifest is needed for the benchmark.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# --no-cache: the dashboard is made anew on every request.
MONITORING_DASHBOARD_CACHE_SECONDS = int(os.environ.get("BENCHMARK_DASHBOARD_CACHE_SECONDS", "30"))

"""Settings of the processes that tests/test_scale_out.py starts: the development settings with
static files served from the source folders, so the servers start without collectstatic."""

from koers.settings.dev import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True

"""Production: PostgreSQL, HTTPS, strict. Refuses to start without a secret key and hosts."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASE_URL, SECRET_KEY, SSL_REDIRECT

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("KOERS_SECRET_KEY must be set to at least 50 random characters.")
if not os.environ.get("KOERS_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("KOERS_ALLOWED_HOSTS must name the host names Koers answers to.")
if not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production.")

DEBUG = False
API_HTTPS_ONLY = True
SECURE_SSL_REDIRECT = SSL_REDIRECT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Health checks from the proxy or orchestrator come over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^gezond/", r"^api/v1/"]  # the API refuses plain HTTP itself

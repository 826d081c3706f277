"""Rendered pages and figures kept per version of the data (ADR 0040).

A page of a programme shows the same thing to everyone with the same rights, in the same language,
on the same day, until the programme's data changes. :func:`cached` keeps what ``make()`` returns
under a key of exactly those things plus the data version of ``koers.audit.versions``, which moves
on after every audited write. So a change shows on the next request; the time limit
(``KOERS_PAGE_CACHE_SECONDS``) only bounds how long something that changes without any write
(a relative time, a Redis outage that lost a version) can lag. 0 turns the cache off.

Callers check access first and put in ``parts`` whatever else the result depends on (the user
or their role, the query string). A missing or unreachable cache only makes pages slower.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from koers.audit import versions

T = TypeVar("T")


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def key(programme: Any, parts: Iterable[Any]) -> str:
    """The cache key: the data version, the language, the day and ``parts``."""
    raw = "\x1f".join(
        [
            versions.current(programme),
            str(getattr(programme, "uuid", "")),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            *(str(part) for part in parts),
        ]
    )
    return "koers:page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(programme: Any, parts: Iterable[Any], make: Callable[[], T]) -> T:
    """``make()``, or the copy kept for the same programme data, language, day and ``parts``."""
    limit = seconds()
    if not limit:
        return make()
    name = key(programme, parts)
    found = cache.get(name)
    if found is not None:
        return found
    value = make()
    cache.set(name, value, limit)
    return value


# Whole pages ------------------------------------------------------------------------------------

#: The form field Django's ``{% csrf_token %}`` writes, with the token of the request that made the
#: page. A kept page carries a placeholder instead and gets the token of each request it answers.
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
CSRF_PLACEHOLDER = b"\x00koers-csrf\x00"


def cached_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Keep the page a programme view answers to a GET, per user, address (with the query string),
    chosen organisation, language, day and version of the data (ADR 0040).

    Access is checked first, as the view does (a foreign programme stays a 404 and a missing right
    a 403). Never kept: a request with messages waiting, an htmx request, an answer that is not a
    plain 200, sets a cookie or showed a message. The CSRF tokens in the page are those of the
    request it answers."""
    from django.contrib.messages import get_messages

    from koers.organisations.selectors import SESSION_KEY
    from koers.programmes.selectors import get_programme_for_user

    @wraps(view)
    def wrapper(request: HttpRequest, programme_uuid: str, **kwargs: Any) -> HttpResponseBase:
        limit = seconds()
        if not limit or request.method != "GET" or getattr(request, "htmx", False):
            return view(request, programme_uuid, **kwargs)
        programme = get_programme_for_user(request, programme_uuid)
        waiting = get_messages(request)
        if len(waiting):
            return view(request, programme_uuid, **kwargs)
        name = key(
            programme,
            ("page", request.user.pk, request.session.get(SESSION_KEY, ""), request.get_full_path()),
        )
        found = cache.get(name)
        if found is not None:
            content, content_type = found
            token = get_token(request).encode()
            return HttpResponse(content.replace(CSRF_PLACEHOLDER, token), content_type=content_type)
        response = view(request, programme_uuid, **kwargs)
        if (
            isinstance(response, HttpResponse)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(waiting, "used", False)
        ):
            content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            cache.set(name, (content, response["Content-Type"]), limit)
        return response

    return wrapper

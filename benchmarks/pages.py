"""The main pages of a generated tenant (``benchmarks.tenant``): their number of queries and their
weight, measured in-process with Django's test client (the whole middleware stack), logged in as
the tenant's programme manager.

- **Queries**: after a warm-up request and with the shared cache emptied (so the dashboard is made
  anew, as on the first request after a change), the queries of one request.
- **Weight**: the bytes of the HTML plus every stylesheet, script, icon and image it refers to
  (and the files those stylesheets refer to with ``url(…)``), each counted once per page. Three
  figures: raw bytes; **as sent** (the HTML raw, as Koers sends it without compression, and the
  static files gzipped, as whitenoise's compressed storage sends them in production; the goal
  applies to this one); and everything gzipped (level 6; what a compressing proxy would send).
  Static files are read where Django's finders find them.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from typing import Any

# (label, URL name, needs the sub-project): the main page of each step and the programme page.
MAIN_PAGES = [
    ("programme page", "programme_detail", False),
    ("dashboard", "monitoring_dashboard", False),
    ("plan page", "plan_overview", False),
    ("sub-project page", "plan_subproject_detail", True),
    ("actions list", "actions", False),
    ("meetings list", "meetings", False),
    ("analysis overview", "analysis_overview", False),
    ("evaluation overview", "evaluation_overview", False),
]
WEIGHT_LIMIT = 200 * 1024

ASSET = re.compile(
    r"""<(?:link|script|img|source)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["'][^>]*>""", re.IGNORECASE
)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


@dataclass
class Weight:
    html: int
    assets: int
    total: int
    sent: int
    total_gzip: int
    files: int


def page_urls(tenant: Any) -> list[tuple[str, str]]:
    from django.urls import reverse

    found = []
    for label, name, with_subproject in MAIN_PAGES:
        kwargs = {"programme_uuid": tenant.programme_uuid}
        if with_subproject:
            kwargs["subproject_uuid"] = tenant.subproject_uuid
        found.append((label, reverse(name, kwargs=kwargs)))
    return found


def client_for(tenant: Any) -> Any:
    from django.test import Client

    from koers.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=tenant.manager_pk))
    return client


def query_counts(tenant: Any) -> dict[str, int]:
    """The number of queries of one request of each main page."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(tenant)
    counts = {}
    for label, url in page_urls(tenant):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{label} ({url}) answered {response.status_code}")
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{label} ({url}) answered {response.status_code}")
        counts[label] = len(captured.captured_queries)
    return counts


def _asset_bytes(client: Any, url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = url.split("#", 1)[0].split("?", 1)[0]
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        if found:
            with open(found if isinstance(found, str) else found[0], "rb") as file:
                return file.read()
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def _join(base: str, reference: str) -> str | None:
    """``reference`` from a file at ``base``, as a path on this site; None for data: and other hosts."""
    from urllib.parse import urljoin, urlsplit

    if reference.startswith(("data:", "#")):
        return None
    joined = urljoin(base, reference)
    parts = urlsplit(joined)
    if parts.netloc and parts.netloc != "testserver":
        return None
    return parts.path


def page_weight(client: Any, url: str) -> Weight:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    html = response.content
    seen: dict[str, bytes] = {}
    todo = [u for r in ASSET.findall(html.decode()) if (u := _join(url, r))]
    while todo:
        asset = todo.pop()
        if asset in seen:
            continue
        body = _asset_bytes(client, asset)
        seen[asset] = body
        if asset.endswith(".css"):
            todo += [u for r in CSS_URL.findall(body.decode(errors="replace")) if (u := _join(asset, r))]
    assets = sum(len(b) for b in seen.values())
    assets_zipped = sum(len(gzip.compress(b, 6)) for b in seen.values())
    return Weight(
        html=len(html),
        assets=assets,
        total=len(html) + assets,
        sent=len(html) + assets_zipped,
        total_gzip=len(gzip.compress(html, 6)) + assets_zipped,
        files=len(seen),
    )


def page_weights(tenant: Any) -> dict[str, Weight]:
    client = client_for(tenant)
    return {label: page_weight(client, url) for label, url in page_urls(tenant)}

"""Script injection through every text field of every form.

The forms are found, not listed: every GET page of the access matrix is opened as the most
powerful role that may see it, the HTML forms on it that post are read from the page, and every
text-like field (``text``, ``search``, ``tel`` inputs and textareas) is filled with a payload that
would run if it were put into a page unescaped. URL fields get a ``javascript:`` link. The form is
posted, the answer and the page it leads to are checked, and once every form has been sent, every
GET page of the matrix is opened again: no page may hold a payload unescaped, and no link may point
to ``javascript:``.

The world of the access matrix is built once for this module; each submission runs in a savepoint
that stays (so the pages afterwards show what was stored) unless the submission raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from tests.access_matrix import ANON, ROWS, Row
from tests.test_access_matrix import World

pytestmark = pytest.mark.django_db  # so the test database exists; the module fixture fills it

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
LINK = "javascript:alert(1)"
PAYLOADS = (SCRIPT + IMAGE, IMAGE, SCRIPT, "<svg onload=alert(1)>")
# What must never appear in a page as it is: the start of each payload, unescaped.
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror=alert(1)", "<svg onload=alert(1)")
LIVE_LINK = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)

TEXT_TYPES = {"text", "search", "tel", ""}
FILLERS = {
    "date": "2027-06-01",
    "datetime-local": "2027-06-01T10:00",
    "time": "10:00",
    "number": "1",
    "email": "iemand@gemeente.example",
    "password": "Een-sterk-wachtwoord-42",
}
# The most powerful role first: programme pages as the manager, organisation pages as the
# administrator, installation pages as the superuser.
ROLE_ORDER = (
    "programmamanager",
    "beheerder",
    "superuser",
    "kwartiermaker",
    "onderzoeker",
    "teamlid",
    "stuurgroeplid",
    "meelezer",
    "lid",
    ANON,
)
# Forms whose target ends the session or removes the object the other pages need.
SKIP_TARGETS = ("logout", "delete", "remove", "revoke", "deactivate", "verwijder")


@dataclass
class HtmlForm:
    action: str
    # name, input type, current value, attributes
    fields: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)
    selects: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    radios: dict[str, list[str]] = field(default_factory=dict)
    has_file: bool = False


class FormReader(HTMLParser):
    """The forms with method POST on a page, with their fields and current values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._textarea: tuple[str, dict[str, str]] | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self._form = HtmlForm(action=attrs.get("action", ""))
                self.forms.append(self._form)
            else:
                self._form = None
            return
        form = self._form
        if form is None or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind == "file":
                form.has_file = True
            if kind == "radio":
                form.radios.setdefault(attrs["name"], []).append(attrs.get("value", ""))
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            value = attrs.get("value", "on" if kind == "checkbox" else "")
            form.fields.append((attrs["name"], kind, value, attrs))
        elif tag == "textarea":
            self._textarea = (attrs["name"], attrs)
            self._text = []
        elif tag == "select":
            self._select = attrs["name"]
            form.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value", ""), "selected" in attrs)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, attrs = self._textarea
            self._form.fields.append((name, "textarea", "".join(self._text).lstrip("\n"), attrs))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None and self._form:
            self._form.selects[self._select].append(self._option)
            self._option = None
        elif tag == "select":
            self._select = None


def payload_for(attrs: dict[str, str]) -> str | None:
    limit = int(attrs["maxlength"]) if attrs.get("maxlength", "").isdigit() else 10_000
    for payload in PAYLOADS:
        if len(payload) <= limit:
            return payload
    return None


def unsafe(response: Any) -> list[str]:
    """What in a response could run: a raw payload in HTML, a javascript: link, or a payload
    served as HTML where JSON was meant."""
    content_type = response.headers.get("Content-Type", "")
    if getattr(response, "streaming", False) or not (
        content_type.startswith("text/html") or "json" in content_type
    ):
        return []
    body = response.content.decode(errors="replace")
    if "json" in content_type:
        return []  # JSON is data; a browser does not run it (nosniff keeps it so)
    found = [marker for marker in RAW_MARKERS if marker in body]
    if LIVE_LINK.search(body):
        found.append("javascript: link")
    return found


def role_for(row: Row) -> str | None:
    for role in ROLE_ORDER:
        if row.own.get(role) == 200:
            return role
    return None


def url_of(world: World, row: Row) -> str | None:
    try:
        return reverse(row.name, kwargs=row.kwargs(world, "own"))
    except (NoReverseMatch, KeyError, AttributeError, TypeError):
        return None


def context_forms(response: Any) -> Iterator[forms.BaseForm]:
    """The Django forms a response rendered (to learn which fields a refusal names)."""
    seen: set[int] = set()
    for context in response.context or []:
        for layer in getattr(context, "dicts", [context]):
            if not isinstance(layer, dict):
                continue
            for value in layer.values():
                candidates = value if isinstance(value, list | tuple) else [value]
                for candidate in candidates:
                    if isinstance(candidate, forms.BaseForm) and id(candidate) not in seen:
                        seen.add(id(candidate))
                        yield candidate
                    if isinstance(candidate, forms.BaseFormSet) and id(candidate) not in seen:
                        seen.add(id(candidate))
                        yield from candidate.forms


def refused_fields(response: Any) -> set[str]:
    names: set[str] = set()
    for form in context_forms(response):
        for name in form.errors:
            if name != "__all__":
                names.add(form.add_prefix(name))
    return names


@dataclass
class Report:
    forms: list[str] = field(default_factory=list)
    fields: int = 0
    payloads: int = 0
    stored: int = 0
    findings: list[str] = field(default_factory=list)
    not_submitted: dict[str, str] = field(default_factory=dict)
    pages_checked: int = 0


def client_as(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def submit(client: Client, page: str, form: HtmlForm, report: Report, label: str) -> None:
    target = urljoin(page, form.action or page)
    try:
        target_name = resolve(urlsplit(target).path).url_name or ""
    except Resolver404:
        report.not_submitted[label] = f"posts to {target}, which is not a Koers URL"
        return
    if any(word in target_name for word in SKIP_TARGETS):
        report.not_submitted[label] = f"posts to {target_name}, which ends the session or removes the object"
        return
    data: dict[str, Any] = {}
    filled: list[str] = []
    originals: dict[str, str] = {}
    for name, kind, value, attrs in form.fields:
        if kind in TEXT_TYPES or kind == "textarea":
            payload = payload_for(attrs)
            if payload is not None and attrs.get("readonly") is None and name != "csrfmiddlewaretoken":
                originals[name] = value
                data[name] = payload
                filled.append(name)
                continue
        if kind == "url":
            originals[name] = value
            data[name] = LINK
            filled.append(name)
            continue
        if kind == "checkbox":
            data.setdefault(name, []).append(value)
        elif not value and kind in FILLERS and "required" in attrs:
            data[name] = FILLERS[kind]  # a valid value, so the text fields beside it are stored
        else:
            data.setdefault(name, value)
    for name, options in form.selects.items():
        chosen = [value for value, selected in options if selected and value]
        others = [value for value, _selected in options if value]
        data.setdefault(name, (chosen or others or [""])[0])
    for name, values in form.radios.items():
        data.setdefault(name, values[0])
    if not filled:
        report.not_submitted[label] = "no text fields"
        return
    report.forms.append(label)
    report.fields += len(filled)
    report.payloads += len(filled)
    stored = False
    response = None
    for _attempt in range(4):
        sid = transaction.savepoint_create()
        try:
            response = client.post(target, data, follow=True)
        except Exception as exc:  # a crash is recorded as a finding, the rest goes on
            transaction.savepoint_rollback(sid)
            report.findings.append(f"{label}: posting raised {exc!r}")
            return
        transaction.savepoint_commit(sid)
        for problem in unsafe(response):
            report.findings.append(f"{label}: answer to the post holds {problem}")
        refused = refused_fields(response) & set(originals)
        if response.redirect_chain or response.status_code != 200 or not refused:
            stored = bool(response.redirect_chain) or not refused_fields(response)
            break
        # Fields with their own rules (codes, numbers as text): put those back and try again.
        for name in refused:
            data[name] = originals.pop(name)
            filled.remove(name)
        if not filled:
            break
    if stored:
        report.stored += 1
    elif response is not None:
        why = sorted(refused_fields(response)) or "form-wide error"
        report.not_submitted[label] = f"refused with status {response.status_code}: {why}"


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker) -> Iterator[Report]:
    result = Report()
    with django_db_blocker.unblock(), override_settings(MFA_ENFORCE=False), transaction.atomic():
        world = World()
        pages = []
        for row in ROWS:
            role = role_for(row)
            if row.method != "GET" or role is None:
                continue
            url = url_of(world, row)
            if url is not None:
                pages.append((row, role, url))
        clients = {role: client_as(world, role) for role in {role for _, role, _ in pages}}
        for row, role, url in pages:
            response = clients[role].get(url)
            if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
                continue
            reader = FormReader()
            reader.feed(response.content.decode())
            for index, form in enumerate(reader.forms):
                label = f"{row.name}#{index} as {role}"
                texts = [kind for _, kind, _, _ in form.fields if kind in TEXT_TYPES or kind == "textarea"]
                if form.has_file and not texts:
                    result.not_submitted[label] = "only a file"
                    continue
                submit(clients[role], url, form, result, label)
        # Every page again, now that the payloads are stored.
        for row, role, url in pages:
            response = clients[role].get(url)
            result.pages_checked += 1
            for problem in unsafe(response):
                result.findings.append(f"{row.name} as {role}: page holds {problem}")
        transaction.set_rollback(True)
    yield result


def test_no_page_shows_a_submitted_payload_unescaped(report):
    assert not report.findings, "\n".join(report.findings)


def test_every_form_with_text_fields_was_reached(report):
    print(
        f"\nforms posted: {len(report.forms)}, stored: {report.stored}, text fields filled: {report.fields}, "
        f"pages checked: {report.pages_checked}\nnot submitted:\n"
        + "\n".join(f"  {label}: {why}" for label, why in sorted(report.not_submitted.items()))
    )
    assert len(report.forms) >= 40
    assert report.stored >= 30
    assert report.pages_checked >= 100

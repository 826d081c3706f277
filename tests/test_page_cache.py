"""The page cache (ADR 0040): the main pages of a programme are kept per user, address, language,
day and version of the data; a change made in Koers shows on the next request; access is checked
before a kept page is given; the CSRF tokens on a kept page are those of the request."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from koers.audit import versions
from koers.audit.services import record
from koers.plan.models import SubProject
from koers.programmes import services as programme_services
from koers.programmes.navigator import evaluate
from koers.ui import pagecache
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

#: The main pages that keep a copy (URL name, needs a sub-project).
KEPT = [
    ("programme_detail", False),
    ("monitoring_dashboard", False),
    ("plan_overview", False),
    ("plan_subproject_detail", True),
    ("actions_overview", False),
    ("actions", False),
    ("meetings", False),
    ("analysis_overview", False),
    ("evaluation_overview", False),
]
#: A kept page asks the session, the user and the programme with the user's roles: nothing more.
KEPT_PAGE_QUERIES = 3
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    return settings


@pytest.fixture
def subproject(programme):
    return SubProject.objects.create(programme=programme, name="Straatcoaches")


def url_of(name: str, programme, subproject=None) -> str:
    kwargs = {"programme_uuid": programme.uuid}
    if subproject is not None:
        kwargs["subproject_uuid"] = subproject.uuid
    return reverse(name, kwargs=kwargs)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def without_tokens(content: bytes) -> str:
    return TOKEN.sub("", content.decode())


@pytest.mark.parametrize(("name", "with_subproject"), KEPT)
def test_a_kept_page_is_the_same_page_in_three_queries(
    name, with_subproject, page_cache, manager_client, programme, subproject
):
    url = url_of(name, programme, subproject if with_subproject else None)
    first = manager_client.get(url)
    assert first.status_code == 200
    assert queries(manager_client, url) == KEPT_PAGE_QUERIES
    again = manager_client.get(url)
    assert without_tokens(again.content) == without_tokens(first.content)


@pytest.mark.parametrize(("name", "with_subproject"), KEPT)
def test_a_kept_page_is_never_given_to_someone_without_access(
    name, with_subproject, page_cache, manager_client, programme, subproject, foreign_organisation
):
    url = url_of(name, programme, subproject if with_subproject else None)
    assert manager_client.get(url).status_code == 200  # now kept for the manager
    outsider = Client()
    outsider.force_login(factories.MembershipFactory(organisation=foreign_organisation).user)
    assert outsider.get(url).status_code == 404
    colleague = Client()  # in the organisation, not in the programme, not an administrator
    colleague.force_login(factories.MembershipFactory(organisation=programme.organisation).user)
    assert colleague.get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/account/" in anonymous["Location"]


def test_each_user_gets_the_page_made_for_their_own_rights(page_cache, manager_client, programme):
    url = url_of("programme_detail", programme)
    edit = reverse("programme_edit", args=[programme.uuid])
    assert edit in manager_client.get(url).content.decode()
    member = Client()
    member.force_login(factories.member(programme, "teamlid"))
    page = member.get(url)
    assert page.status_code == 200
    assert edit not in page.content.decode()


def test_a_change_made_in_koers_shows_on_the_next_request(
    page_cache, manager_client, manager, programme, django_capture_on_commit_callbacks
):
    url = url_of("programme_detail", programme)
    assert "Eigenstad aanpak" in manager_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.programme_update(
            actor=manager, programme=programme, expected_version=programme.version, name="Koers Eigenstad"
        )
    page = manager_client.get(url).content.decode()
    assert "Koers Eigenstad" in page and "Eigenstad aanpak" not in page


def test_a_write_outside_any_programme_makes_every_page_again(
    page_cache, manager_client, manager, programme, django_capture_on_commit_callbacks
):
    url = url_of("programme_detail", programme)
    manager_client.get(url)
    before = versions.current(programme)
    with django_capture_on_commit_callbacks(execute=True):
        record(actor=manager, action="partner.update", obj=programme.organisation)
    assert versions.current(programme) != before
    assert queries(manager_client, url) > KEPT_PAGE_QUERIES


def test_reading_logging_in_and_downloading_change_no_version(
    page_cache, manager, programme, django_capture_on_commit_callbacks
):
    before = versions.current(programme)
    with django_capture_on_commit_callbacks(execute=True):
        for action in ("account.login", "account.logout", "access.denied", "monitoring.report.download"):
            record(actor=manager, action=action, programme=programme)
    assert versions.current(programme) == before


def test_a_failed_write_changes_no_version(
    page_cache, manager, programme, django_capture_on_commit_callbacks
):
    before = versions.current(programme)
    with django_capture_on_commit_callbacks(execute=True):
        record(actor=manager, action="programme.update", programme=programme, result="failure")
    assert versions.current(programme) == before


def test_the_csrf_tokens_on_a_kept_page_are_those_of_the_request(page_cache, manager, programme):
    url = url_of("programme_detail", programme)
    first = Client(enforce_csrf_checks=True)
    first.force_login(manager)
    first.get(url)  # kept, with the first session's tokens taken out
    second = Client(enforce_csrf_checks=True)
    second.force_login(manager)
    page = second.get(url)
    tokens = TOKEN.findall(page.content.decode())
    assert tokens, "the page has forms"
    assert "koers-csrf" not in page.content.decode()
    logout = second.post(reverse("account_logout"), {"csrfmiddlewaretoken": tokens[0]})
    assert logout.status_code == 302  # a stale token would give 403


def test_waiting_messages_are_shown_and_the_page_is_not_kept_with_them(
    page_cache, manager_client, programme, says, django_capture_on_commit_callbacks
):
    url = url_of("programme_detail", programme)
    manager_client.get(url)  # kept without a message
    edit = reverse("programme_edit", args=[programme.uuid])
    form = manager_client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data = {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in data.items()}
    data.update({"name": "Eigenstad samen", "version": programme.version})
    with django_capture_on_commit_callbacks(execute=True):
        assert manager_client.post(edit, data).status_code == 302
    shown = manager_client.get(url)
    says(shown, "The changes have been saved.")
    assert "Eigenstad samen" in shown.content.decode()
    later = manager_client.get(url)
    with translation.override(later.headers.get("Content-Language", "nl")):
        saved = translation.gettext("The changes have been saved.")
    assert "Eigenstad samen" in later.content.decode()
    assert saved not in later.content.decode()


def test_the_key_holds_the_language_the_day_and_the_parts(page_cache, programme):
    with translation.override("nl"):
        dutch = pagecache.key(programme, ["page", 1])
    with translation.override("en"):
        english = pagecache.key(programme, ["page", 1])
        other_user = pagecache.key(programme, ["page", 2])
    assert len({dutch, english, other_user}) == 3


def test_the_navigator_is_kept_until_the_data_changes(
    page_cache, manager, programme, django_capture_on_commit_callbacks
):
    evaluate(programme)
    with CaptureQueriesContext(connection) as captured:
        kept = evaluate(programme)
    assert len(captured.captured_queries) == 0
    assert kept.total > 0
    with django_capture_on_commit_callbacks(execute=True):
        versions.changed(programme)  # as a worker does when a document is done
    with CaptureQueriesContext(connection) as captured:
        evaluate(programme)
    assert len(captured.captured_queries) > 0


def test_without_a_limit_nothing_is_kept(settings, manager_client, programme):
    settings.PAGE_CACHE_SECONDS = 0
    url = url_of("programme_detail", programme)
    manager_client.get(url)
    assert queries(manager_client, url) > KEPT_PAGE_QUERIES

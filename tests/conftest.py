from __future__ import annotations

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; every test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """Tests that commit for real get an emptied database after each test (flush), which also
    removes the reference data the migrations installed; put it back before such a test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    )
    if transactional:
        request.getfixturevalue("django_db_setup")
        from koers.teams.reference import ensure_builtin_partner_types

        with django_db_blocker.unblock():
            ensure_builtin_partner_types()
    yield


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory(name="Gemeente Eigenstad")


@pytest.fixture
def foreign_organisation(db):
    return factories.OrganisationFactory(name="Gemeente Anderstad")


@pytest.fixture
def programme(organisation):
    return factories.ProgrammeFactory(organisation=organisation, name="Eigenstad aanpak", active=True)


@pytest.fixture
def foreign_programme(foreign_organisation):
    return factories.ProgrammeFactory(organisation=foreign_organisation, name="Anderstad aanpak")


@pytest.fixture
def manager(programme):
    return factories.member(programme, "programmamanager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def no_mfa(settings):
    """Two-factor enforcement off, for tests about something else (it has its own tests)."""
    settings.MFA_ENFORCE = False
    return settings


@pytest.fixture
def says():
    """``says(response, msgid, **params)`` asserts that the page shows ``msgid`` in the language
    the page was rendered in (its Content-Language), so tests hold with or without compiled
    translations."""
    import html

    from django.conf import settings
    from django.utils import translation

    def check(response, msgid: str, **params) -> None:
        language = response.headers.get("Content-Language", settings.LANGUAGE_CODE)
        with translation.override(language):
            text = translation.gettext(msgid)
        if params:
            text = text % params
        content = html.unescape(response.content.decode())
        assert text in content, f"{text!r} not on the page ({language}):\n{content[:3000]}"

    return check

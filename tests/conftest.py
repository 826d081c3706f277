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

"""Fault tests run Koers as an operator does: commands, app servers and workers in their own
processes, each test on its own copy of a migrated database (SQLite file or PostgreSQL database,
whichever the test run uses), with its own data directory."""

from __future__ import annotations

import shutil
import sqlite3
import uuid

import psycopg
import pytest
from django.db import connection

from tests.faults.installation import Installation, admin_dsn


@pytest.fixture(scope="session")
def migrated_template(django_db_setup, django_db_blocker, tmp_path_factory):
    """The migrated test database, copied once: a SQLite file, or a PostgreSQL template database."""
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path_factory.mktemp("template") / "koers.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            yield ("sqlite", str(path))
            return
        source = connection.settings_dict["NAME"]
        name = f"koers_template_{uuid.uuid4().hex[:10]}"
        connection.close()
        with psycopg.connect(admin_dsn(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        yield ("postgresql", name)
        with psycopg.connect(admin_dsn(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The static files as ``koers collectstatic`` writes them for production, collected once."""
    data_dir = tmp_path_factory.mktemp("static")
    Installation(data_dir=data_dir).koers("collectstatic", "--no-input", "-v", "0")
    return data_dir / "static"


@pytest.fixture
def static_into(collected_static):
    """Give an installation's data directory the collected static files."""

    def link(site: Installation) -> Installation:
        (site.data_dir / "static").symlink_to(collected_static, target_is_directory=True)
        return site

    return link


@pytest.fixture
def make_installation(migrated_template, tmp_path, static_into):
    """Makes empty Koers installations of their own (database copy + data directory)."""
    vendor, source = migrated_template
    made: list[Installation] = []

    def make() -> Installation:
        data_dir = tmp_path / f"koers-{len(made)}"
        data_dir.mkdir()
        database = None
        if vendor == "sqlite":
            shutil.copyfile(source, data_dir / "koers.sqlite3")
        else:
            database = f"koers_fault_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(admin_dsn(), autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{source}"')
        site = static_into(Installation(data_dir=data_dir, database=database))
        made.append(site)
        site.python(
            "from koers.teams.reference import ensure_builtin_partner_types\nensure_builtin_partner_types()"
        )
        return site

    yield make
    for site in made:
        site.stop_all()
        if site.database:
            with psycopg.connect(admin_dsn(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{site.database}" WITH (FORCE)')


@pytest.fixture
def installation(make_installation):
    return make_installation()

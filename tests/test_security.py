"""Security headers on every page, and the production settings: strict, and refusing to start
without what they need."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

REPO = Path(__file__).resolve().parent.parent


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(client, settings, programme):
    """A page for a visitor, a page for a logged-in member, and a 404."""
    settings.MFA_ENFORCE = False
    anonymous = client.get("/account/login/")
    member = factories.member(programme, "teamlid")
    client.force_login(member)
    return {
        "login": anonymous,
        "programme": client.get(f"/programmas/{programme.uuid}/"),
        "not found": client.get("/bestaat-niet/"),
    }


def test_the_pages_answer_as_expected(pages):
    assert pages["login"].status_code == 200
    assert pages["programme"].status_code == 200
    assert pages["not found"].status_code == 404


@pytest.mark.parametrize("page", ["login", "programme", "not found"])
def test_the_content_security_policy_allows_no_inline_code_and_no_framing(pages, page):
    directives = csp_directives(pages[page])

    header = pages[page].headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'self'" in directives["script-src"]
    assert "*" not in header.split()


@pytest.mark.parametrize("page", ["login", "programme", "not found"])
def test_pages_carry_the_other_security_headers(pages, page):
    headers = pages[page].headers

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_inline_scripts_on_a_page_carry_the_policys_nonce(pages):
    for page in pages.values():
        html = page.content.decode()
        header = page.headers["Content-Security-Policy"]
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            if "src=" in tag:
                continue
            nonce = tag.split('nonce="', 1)[1].split('"', 1)[0]
            assert f"'nonce-{nonce}'" in header


def test_the_session_cookie_is_http_only_and_same_site(client, db):
    user = factories.UserFactory()

    response = client.post("/account/login/", {"login": user.email, "password": factories.PASSWORD})

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_health_check_answers_without_logging_in(client, db):
    response = client.get("/gezond/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# Production settings ---------------------------------------------------------------------------


def production_env(**overrides: str | None) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KOERS_", "DJANGO_", "DATABASE_URL"))
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "koers.settings.production",
            "KOERS_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
            "KOERS_ALLOWED_HOSTS": "koers.gemeente.example",
            "DATABASE_URL": "postgres://x@127.0.0.1/x",
        }
    )
    for key, value in overrides.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return environment


def koers(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "koers", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_check_reports_no_issues_with_production_settings():
    result = koers("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("KOERS_SECRET_KEY", "KOERS_SECRET_KEY must be set"),
        ("KOERS_ALLOWED_HOSTS", "KOERS_ALLOWED_HOSTS must name"),
        ("DATABASE_URL", "DATABASE_URL must point to PostgreSQL"),
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing, message):
    result = koers("check", env=production_env(**{missing: None}))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_refuses_a_short_secret_key():
    result = koers("check", env=production_env(KOERS_SECRET_KEY="kort-en-geheim"))

    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_production_refuses_an_unreadable_setting_and_names_it():
    result = koers("check", env=production_env(KOERS_MFA_ENFORCE="misschien"))

    assert result.returncode != 0
    assert "KOERS_MFA_ENFORCE" in result.stderr

"""The security headers of Koers with its production settings, graded by the scoring rules of the
Mozilla (MDN) HTTP Observatory: start at 100, add the documented modifiers, A+ from 100.

The production settings are read in a separate process (they refuse to load without their
environment) and applied to the test client's requests, over HTTPS. The rules encoded here are
the Observatory's published ones for the tests that a response can show (see ADR 0036); the
redirection test needs a real HTTP listener and is left to the operator's own scan.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.test import Client, override_settings

from tests import factories
from tests.test_security import REPO, production_env

SECURITY_SETTINGS = (
    "SECURE_CSP",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CROSS_ORIGIN_RESOURCE_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
)
SIX_MONTHS = 15_768_000
PRIVATE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


def production_settings() -> dict:
    import subprocess

    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k, None) for k in {SECURITY_SETTINGS!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter with a fixed script
        [sys.executable, "-c", script],
        cwd=REPO,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# The scoring rules ------------------------------------------------------------------------------


@dataclass
class Grade:
    score: int = 100
    results: dict[str, tuple[str, int]] = field(default_factory=dict)
    bonuses: list[tuple[str, int]] = field(default_factory=list)

    def add(self, test: str, result: str, modifier: int) -> None:
        self.results[test] = (result, modifier)
        if modifier > 0:
            self.bonuses.append((result, modifier))
        else:
            self.score += modifier

    def final(self) -> int:
        # Bonus points count only when the score without them is at least 90.
        return self.score + (sum(m for _, m in self.bonuses) if self.score >= 90 else 0)

    def letter(self) -> str:
        score = self.final()
        for minimum, letter in ((100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-")):
            if score >= minimum:
                return letter
        return "C or lower"


def parse_csp(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            if name.lower() in directives:
                raise ValueError(f"duplicate directive {name}")
            directives[name.lower()] = values
    return directives


def grade_csp(grade: Grade, header: str | None) -> None:
    if not header:
        grade.add("content-security-policy", "csp-not-implemented", -25)
        return
    try:
        csp = parse_csp(header)
    except ValueError:
        grade.add("content-security-policy", "csp-header-invalid", -25)
        return
    default = csp.get("default-src", [])
    scripts = csp.get("script-src", default)
    styles = csp.get("style-src", default)
    objects = csp.get("object-src", default)
    active = scripts + objects
    broad = {"*", "http:", "https:", "data:", "'unsafe-inline'"}
    if any(source in broad for source in active) and "'strict-dynamic'" not in scripts:
        grade.add("content-security-policy", "csp-implemented-with-unsafe-inline", -20)
    elif any(source.startswith("http:") for source in active):
        grade.add("content-security-policy", "csp-implemented-with-insecure-scheme", -20)
    elif "'unsafe-eval'" in scripts:
        grade.add("content-security-policy", "csp-implemented-with-unsafe-eval", -10)
    elif any(s.startswith("http:") for d in ("img-src", "media-src") for s in csp.get(d, default)):
        grade.add(
            "content-security-policy", "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
        )
    elif "'unsafe-inline'" in styles:
        grade.add("content-security-policy", "csp-implemented-with-unsafe-inline-in-style-src-only", 0)
    elif default == ["'none'"]:
        grade.add("content-security-policy", "csp-implemented-with-no-unsafe-default-src-none", 10)
    else:
        grade.add("content-security-policy", "csp-implemented-with-no-unsafe", 0)


def grade_cookies(grade: Grade, cookies: SimpleCookie, *, hsts: bool) -> None:
    if not cookies:
        grade.add("cookies", "cookies-not-found", 0)
        return
    session = [c for c in cookies.values() if any(w in c.key.lower() for w in ("session", "login", "sess"))]
    csrf = [c for c in cookies.values() if "csrf" in c.key.lower()]
    if any(
        c["samesite"] and c["samesite"].lower() not in {"strict", "lax", "none"} for c in cookies.values()
    ):
        grade.add("cookies", "cookies-samesite-flag-invalid", -20)
    elif any(not c["secure"] for c in session):
        grade.add("cookies", "cookies-session-without-secure-flag", -10 if hsts else -40)
    elif any(not c["httponly"] for c in session):
        grade.add("cookies", "cookies-session-without-httponly-flag", -30)
    elif any(not c["samesite"] for c in csrf):
        grade.add("cookies", "cookies-anticsrf-without-samesite-flag", -20)
    elif any(not c["secure"] for c in cookies.values()):
        grade.add("cookies", "cookies-without-secure-flag", -5 if hsts else -20)
    elif all(c["samesite"] for c in cookies.values()):
        grade.add("cookies", "cookies-secure-with-httponly-sessions-and-samesite", 5)
    else:
        grade.add("cookies", "cookies-secure-with-httponly-sessions", 0)


def grade_response(response, cookies: SimpleCookie) -> Grade:
    grade = Grade()
    headers = response.headers
    grade_csp(grade, headers.get("Content-Security-Policy"))

    hsts = headers.get("Strict-Transport-Security", "")
    max_age = next(
        (int(p.split("=", 1)[1]) for p in hsts.split(";") if p.strip().lower().startswith("max-age=")), None
    )
    if not hsts:
        grade.add("strict-transport-security", "hsts-not-implemented", -20)
    elif max_age is None:
        grade.add("strict-transport-security", "hsts-header-invalid", -20)
    elif max_age < SIX_MONTHS:
        grade.add("strict-transport-security", "hsts-implemented-max-age-less-than-six-months", -10)
    else:
        # "hsts-preloaded" (+5) needs the host on the browsers' preload list: not for a test host.
        grade.add("strict-transport-security", "hsts-implemented-max-age-at-least-six-months", 0)

    grade_cookies(grade, cookies, hsts=bool(max_age and max_age >= SIX_MONTHS))

    allow_origin = headers.get("Access-Control-Allow-Origin")
    if allow_origin == "*" and headers.get("Access-Control-Allow-Credentials") == "true":
        grade.add(
            "cross-origin-resource-sharing",
            "cross-origin-resource-sharing-implemented-with-universal-access",
            -50,
        )
    else:
        grade.add("cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented", 0)

    policy = [p.strip().lower() for p in headers.get("Referrer-Policy", "").split(",") if p.strip()]
    if not policy:
        grade.add("referrer-policy", "referrer-policy-not-implemented", 0)
    elif policy[-1] in PRIVATE_REFERRER:
        grade.add("referrer-policy", "referrer-policy-private", 5)
    elif policy[-1] in {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}:
        grade.add("referrer-policy", "referrer-policy-unsafe", -5)
    else:
        grade.add("referrer-policy", "referrer-policy-header-invalid", -5)

    # Scripts come from Koers itself only (script-src 'self' and nonces): no external scripts.
    html = response.content.decode()
    external = [chunk for chunk in html.split("<script")[1:] if 'src="http' in chunk.split(">", 1)[0]]
    grade.add(
        "subresource-integrity",
        "sri-not-implemented-but-all-scripts-loaded-from-secure-origin" if not external else "sri-external",
        0 if not external else -50,
    )

    nosniff = headers.get("X-Content-Type-Options", "")
    grade.add(
        "x-content-type-options",
        "x-content-type-options-nosniff"
        if nosniff.lower() == "nosniff"
        else "x-content-type-options-not-implemented",
        0 if nosniff.lower() == "nosniff" else -5,
    )

    csp = parse_csp(headers.get("Content-Security-Policy", ""))
    frame = headers.get("X-Frame-Options", "").upper()
    if csp.get("frame-ancestors") in (["'none'"], ["'self'"]):
        grade.add("x-frame-options", "x-frame-options-implemented-via-csp", 5)
    elif frame in {"DENY", "SAMEORIGIN"}:
        grade.add("x-frame-options", "x-frame-options-sameorigin-or-deny", 0)
    else:
        grade.add("x-frame-options", "x-frame-options-not-implemented", -20)

    corp = headers.get("Cross-Origin-Resource-Policy")
    if corp is None:
        grade.add("cross-origin-resource-policy", "corp-not-implemented", 0)
    elif corp in {"same-origin", "same-site", "cross-origin"}:
        grade.add("cross-origin-resource-policy", f"corp-implemented-with-{corp}", 0)
    else:
        grade.add("cross-origin-resource-policy", "corp-header-invalid", -5)
    return grade


# The production responses -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def production() -> dict:
    values = production_settings()
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    return values


@pytest.fixture
def responses(production, db):
    """The login page, the answer to logging in, a programme page and a 404, over HTTPS with the
    production settings; and every cookie they set."""
    cookies = SimpleCookie()
    with override_settings(**production, MFA_ENFORCE=False, ALLOWED_HOSTS=["koers.gemeente.example"]):
        client = Client(HTTP_HOST="koers.gemeente.example")
        programme = factories.ProgrammeFactory()
        user = factories.member(programme, "teamlid")
        pages = {"login": client.get("/account/login/", secure=True)}
        pages["logging in"] = client.post(
            "/account/login/", {"login": user.email, "password": factories.PASSWORD}, secure=True
        )
        pages["programme"] = client.get(f"/programmas/{programme.uuid}/", secure=True)
        pages["not found"] = client.get("/bestaat-niet/", secure=True)
        for response in pages.values():
            cookies.update(response.cookies)
    assert pages["programme"].status_code == 200
    return pages, cookies


def test_the_production_responses_set_secure_http_only_same_site_cookies(production, responses):
    _pages, cookies = responses
    names = set(cookies)

    assert {production["SESSION_COOKIE_NAME"], production["CSRF_COOKIE_NAME"]} <= names
    for cookie in cookies.values():
        assert cookie["secure"], cookie.key
        assert cookie["httponly"], cookie.key
        assert cookie["samesite"] in {"Lax", "Strict"}, cookie.key
        assert cookie.key.startswith("__Host-") or cookie.key == "django_language"


@pytest.mark.parametrize("page", ["login", "programme", "not found"])
def test_each_production_page_grades_a_plus(responses, page):
    pages, cookies = responses

    grade = grade_response(pages[page], cookies)

    assert grade.letter() == "A+", grade.results
    assert grade.score == 100, grade.results  # nothing deducted
    assert grade.final() >= 115, grade.results  # CSP frame-ancestors, referrer policy, cookies


def test_the_production_headers_are_the_documented_ones(responses):
    pages, _cookies = responses
    headers = pages["programme"].headers

    hsts = dict(p.strip().partition("=")[::2] for p in headers["Strict-Transport-Security"].split(";"))
    assert int(hsts["max-age"]) >= 31_536_000
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in PRIVATE_REFERRER
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    csp = parse_csp(headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] in (["'self'"], ["'none'"])
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]


# The scorer itself, on known bad headers ---------------------------------------------------------


class FakeResponse:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers
        self.content = b"<html></html>"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, 100 - 25 - 20 - 5 - 20),
        (
            {
                "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'",
                "Strict-Transport-Security": "max-age=300",
                "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "DENY",
            },
            100 - 20 - 10,
        ),
        (
            {
                "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
                "Strict-Transport-Security": "max-age=31536000",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
            100 + 10 + 5 + 5,
        ),
    ],
)
def test_the_scorer_follows_the_observatory_rules(headers, expected):
    assert grade_response(FakeResponse(headers), SimpleCookie()).final() == expected

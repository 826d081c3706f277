"""django-allauth adapters: no open sign-up; accounts come from invitations and administrators."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The same address the audit trail records, so rate limits work behind a proxy."""
        from koers.audit.middleware import client_ip

        return client_ip(request) or ""

    def get_reset_password_from_key_url(self, key: str) -> str:
        return super().get_reset_password_from_key_url(key)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context.setdefault("site_url", settings.SITE_URL)
        super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """SSO logs in existing accounts (matched by e-mail); it never creates new ones."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

"""People who log in to Koers. E-mail is the login name."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_superuser"] = True
        extra["is_staff"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a Koers account.

    ``is_superuser`` marks an installation administrator: they create organisations, but see an
    organisation's programmes only when they are a member, like everyone else.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Raised when the person's access is taken away; part of the session hash, so every session
    # started before ends at its next request (ADR 0036).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """The password hash with the session epoch: a new password or a new epoch ends every
        older session. Epoch 0 gives Django's own value, so sessions from before survive."""
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        return salted_hmac(
            "koers.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """Permissions come from the rules alone: an installation administrator (superuser)
        has no blanket rights inside organisations (see the access matrix)."""
        from django.contrib.auth.models import _user_has_perm  # type: ignore[attr-defined]

        return self.is_active and _user_has_perm(self, perm, obj)

    def has_perms(self, perm_list: object, obj: object = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)  # type: ignore[attr-defined]

    def has_module_perms(self, app_label: str) -> bool:
        return False

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

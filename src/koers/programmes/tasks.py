"""Background work for programmes, run by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import tokens
from .models import Invitation, InvitationStatus


@task()
def send_invitation(invitation_uuid: str) -> bool:
    """E-mail the current link of a pending invitation. Returns False when it is no longer pending."""
    invitation = (
        Invitation.objects.select_related("programme__organisation", "invited_by")
        .filter(uuid=invitation_uuid, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        return False
    token = tokens.make_token(invitation.uuid, invitation.token_nonce)
    url = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", kwargs={"token": token})
    with translation.override(invitation.language):
        context = {"invitation": invitation, "url": url, "programme": invitation.programme}
        send_mail(
            subject=_("[Koers] Invitation to %(programme)s") % {"programme": invitation.programme.name},
            message=render_to_string("programmes/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    return True

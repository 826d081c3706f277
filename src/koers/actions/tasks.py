"""Background work for actions, run by the task worker: the e-mail to a new owner and the daily
reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from . import reminders
from .models import Action


@task()
def notify_assigned(action_uuid: str) -> bool:
    """E-mail the owner of an action that it is theirs. False without an owner's e-mail address."""
    action = (
        Action.objects.select_related("owner", "programme", "subproject").filter(uuid=action_uuid).first()
    )
    if action is None or action.owner is None or not action.owner.email:
        return False
    if action.owner.user_id is not None and not reminders.preference_for(action.owner.user).on_assign:
        return False
    url = settings.SITE_URL.rstrip("/") + reverse(
        "action_detail", kwargs={"programme_uuid": action.programme.uuid, "action_uuid": action.uuid}
    )
    send_mail(
        subject=_("[Koers] Action for you: %(title)s") % {"title": action.title},
        message=render_to_string("actions/email/assigned.txt", {"action": action, "url": url}),
        from_email=None,
        recipient_list=[action.owner.email],
    )
    return True


@task()
def send_reminders(day: str) -> dict[str, int]:
    """The reminders of ``day`` (ISO date); safe to run more than once a day."""
    import datetime

    return reminders.run(datetime.date.fromisoformat(day)).sent

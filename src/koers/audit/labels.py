"""Plain-language names of audit actions. Apps add theirs with :func:`register`."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "account.login": _("logged in"),
    "account.logout": _("logged out"),
    "account.login_failed": _("failed login"),
    "access.denied": _("access refused"),
    "user.create": _("account created"),
    "user.update": _("account settings changed"),
    "organisation.create": _("organisation created"),
    "organisation.update": _("organisation changed"),
    "membership.create": _("access to the organisation given"),
    "membership.reactivate": _("access to the organisation restored"),
    "membership.change_role": _("role in the organisation changed"),
    "membership.deactivate": _("access to the organisation withdrawn"),
    "programme.create": _("programme started"),
    "programme.update": _("programme changed"),
    "programme.export": _("programme exported as an archive"),
    "programme.import": _("programme imported from an archive"),
    "programme.change_status": _("programme status changed"),
    "programme_member.add": _("member added"),
    "programme_member.change_role": _("member's role changed"),
    "programme_member.remove": _("member removed"),
    "invitation.create": _("invitation sent"),
    "invitation.resend": _("invitation sent again"),
    "invitation.revoke": _("invitation withdrawn"),
    "invitation.expire": _("expired invitation replaced"),
    "invitation.accept": _("invitation accepted"),
}


def register(action: str, label: Promise) -> None:
    ACTION_LABELS[action] = label


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))

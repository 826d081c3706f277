"""What Koers notifies a person about. Each kind can be received in the app, by e-mail, or both."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    AGENDA_SENT = "agenda_verstuurd", _("an agenda is sent to you")
    ACTION_FROM_DECISION = "actie_uit_besluit", _("an action from a decision is assigned to you")
    MINUTES_APPROVED = "verslag_vastgesteld", _("minutes of your meeting are approved")
    PUBLICATION_REQUEST = "publicatie_verzoek", _("a lesson waits for your approval to be published")
    EVALUATION_DECISION = (
        "evaluatiebesluit",
        _("a decision is taken about a sub-project after its evaluation"),
    )

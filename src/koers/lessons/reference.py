"""Fixed lists of the lessons learned and the shared library "Leer van elkaar"."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.workflow import Workflow


class PublicationStatus(models.TextChoices):
    """Where a lesson stands on its way to the shared library."""

    INTERNAL = "intern", _("only in this programme")
    PROPOSED = "voorgesteld", _("proposed for publication")
    PUBLISHED = "gepubliceerd", _("published")
    REJECTED = "afgewezen", _("publication declined")
    WITHDRAWN = "ingetrokken", _("withdrawn from the library")


# Proposing again from "published" asks approval for an update: the published copy stays in the
# library until the update is approved.
PUBLICATION_WORKFLOW = Workflow(
    PublicationStatus,
    {
        PublicationStatus.INTERNAL: frozenset({PublicationStatus.PROPOSED}),
        PublicationStatus.PROPOSED: frozenset({PublicationStatus.PUBLISHED, PublicationStatus.REJECTED}),
        PublicationStatus.REJECTED: frozenset({PublicationStatus.PROPOSED}),
        PublicationStatus.PUBLISHED: frozenset({PublicationStatus.PROPOSED, PublicationStatus.WITHDRAWN}),
        PublicationStatus.WITHDRAWN: frozenset({PublicationStatus.PROPOSED}),
    },
)


class LibraryKind(models.TextChoices):
    LESSON = "les", _("lesson learned")
    EVALUATION = "evaluatie", _("evaluation summary")

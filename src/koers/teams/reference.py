"""Reference lists of step 1, in the user's language: partner types, core groups, domains, kinds of
bodies, and the suggestion Koers gives for each gap in the team."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    VEILIGHEID = "veiligheid", _("safety")
    ZORG_WELZIJN = "zorg_welzijn", _("care and welfare")
    ONDERWIJS = "onderwijs", _("education")
    WERK_INKOMEN = "werk_inkomen", _("work and income")
    VRIJE_TIJD = "vrije_tijd", _("leisure")
    ONLINE = "online", _("online")
    GEZIN = "gezin", _("family")


class CoreGroup(models.TextChoices):
    GEMEENTE = "gemeente", _("municipality")
    POLITIE = "politie", _("police")
    OM = "om", _("Public Prosecution Service (OM)")
    VEILIGHEIDSHUIS = "veiligheidshuis", _("(Care and) Safety House")
    STRAATCOACHES = "straatcoaches", _("street coaches")
    JONGERENWERK = "jongerenwerk", _("youth work")
    ONDERNEMER = "ondernemer", _("socially engaged entrepreneur")
    ONDERWIJS = "onderwijs", _("education (primary, secondary, MBO)")
    ONDERZOEK = "onderzoek", _("research")


GROUP_SUGGESTIONS = {
    CoreGroup.GEMEENTE: _(
        "There is no one from the municipality in the team yet: think of the OOV adviser, youth policy or the neighbourhood team."
    ),
    CoreGroup.POLITIE: _(
        "There is no police partner in the team yet: think of the community police officer or the youth officer."
    ),
    CoreGroup.OM: _(
        "The Public Prosecution Service (OM) is not in the team yet: think of the youth prosecutor or the OM's neighbourhood prosecutor."
    ),
    CoreGroup.VEILIGHEIDSHUIS: _(
        "The (Care and) Safety House is not in the team yet: it links care and criminal justice around young people."
    ),
    CoreGroup.STRAATCOACHES: _(
        "There are no street coaches in the team yet: they see what happens on the street in the evening."
    ),
    CoreGroup.JONGERENWERK: _(
        "There is no youth work in the team yet: youth workers know the young people and their networks."
    ),
    CoreGroup.ONDERNEMER: _(
        "There is no socially engaged entrepreneur in the team yet: think of a local employer who offers internships or jobs."
    ),
    CoreGroup.ONDERWIJS: _(
        "There is no education partner in the team yet: think of a primary school, secondary school or MBO."
    ),
    CoreGroup.ONDERZOEK: _(
        "There is no researcher in the team yet: think of the municipality's research department, a university of applied sciences or a research bureau."
    ),
}

DOMAIN_SUGGESTIONS = {
    Domain.VEILIGHEID: _("No partner works in safety yet: think of police, OM or the Safety House."),
    Domain.ZORG_WELZIJN: _(
        "No partner works in care and welfare yet: think of youth care, the neighbourhood team or youth work."
    ),
    Domain.ONDERWIJS: _(
        "No partner works in education yet: think of schools and compulsory education officers (leerplicht)."
    ),
    Domain.WERK_INKOMEN: _(
        "No partner works in work and income yet: think of employers, UWV or the municipality's work and income department."
    ),
    Domain.VRIJE_TIJD: _(
        "No partner works in leisure yet: think of sports and culture organisations or youth work."
    ),
    Domain.ONLINE: _(
        "No partner works online yet: think of the police's digital team or youth workers who work online."
    ),
    Domain.GEZIN: _(
        "No partner works with families yet: think of the neighbourhood team, youth care or parents' organisations."
    ),
}


class BodyKind(models.TextChoices):
    PROJECTTEAM = "projectteam", _("project team")
    STUURGROEP = "stuurgroep", _("steering group")
    PROJECTGROEP = "projectgroep", _("project group (kwartiermakers)")
    WERKGROEP = "werkgroep", _("working group")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("every week")
    FORTNIGHTLY = "fortnightly", _("every two weeks")
    MONTHLY = "monthly", _("every month")
    SIX_WEEKLY = "six_weekly", _("every six weeks")
    QUARTERLY = "quarterly", _("every quarter")
    AD_HOC = "ad_hoc", _("when needed")


FREQUENCY_DAYS = {
    Frequency.WEEKLY: 7,
    Frequency.FORTNIGHTLY: 14,
    Frequency.MONTHLY: 31,
    Frequency.SIX_WEEKLY: 42,
    Frequency.QUARTERLY: 92,
    Frequency.AD_HOC: None,
}


class AgreementKind(models.TextChoices):
    MEETING = "meeting", _("meeting structure")
    DECISION = "decision", _("decision structure")
    COMMUNICATION = "communication", _("communication structure")


# The partner types Koers knows out of the box (GLOSSARY.md): key, Dutch name, core group, domains.
BUILT_IN_PARTNER_TYPES: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("gemeente", "Gemeente", "gemeente", ("veiligheid", "zorg_welzijn", "werk_inkomen")),
    ("politie", "Politie", "politie", ("veiligheid", "online")),
    ("om", "Openbaar Ministerie (OM)", "om", ("veiligheid",)),
    ("veiligheidshuis", "(Zorg- en) Veiligheidshuis", "veiligheidshuis", ("veiligheid", "zorg_welzijn")),
    ("straatcoaches", "Straatcoaches", "straatcoaches", ("veiligheid", "vrije_tijd")),
    ("jongerenwerk", "Jongerenwerk", "jongerenwerk", ("zorg_welzijn", "vrije_tijd", "online")),
    ("ondernemer", "Maatschappelijk betrokken ondernemer", "ondernemer", ("werk_inkomen",)),
    ("basisschool", "Basisschool", "onderwijs", ("onderwijs",)),
    ("voortgezet_onderwijs", "Voortgezet onderwijs", "onderwijs", ("onderwijs",)),
    ("mbo", "Mbo", "onderwijs", ("onderwijs", "werk_inkomen")),
    ("onderzoek", "Onderzoek", "onderzoek", ()),
    ("halt", "Halt", None, ("veiligheid",)),
    ("raad_kinderbescherming", "Raad voor de Kinderbescherming", None, ("veiligheid", "gezin")),
    ("reclassering", "Reclassering", None, ("veiligheid",)),
    ("jeugdzorg", "Jeugdbescherming / jeugdzorg", None, ("zorg_welzijn", "gezin")),
    ("wijkteam", "Wijkteam", None, ("zorg_welzijn", "gezin")),
    ("leerplicht", "Leerplicht", None, ("onderwijs",)),
    ("woningcorporatie", "Woningcorporatie", None, ("veiligheid",)),
    ("sport_cultuur", "Sport- en cultuurorganisatie", None, ("vrije_tijd",)),
    ("werkgevers_uwv", "Werkgevers / UWV", None, ("werk_inkomen",)),
    ("riec", "RIEC", None, ("veiligheid",)),
    ("ouders_bewoners", "Ouders en bewoners", None, ("gezin",)),
    ("jongeren", "Jongeren zelf", None, ("vrije_tijd", "online")),
)

BUILT_IN_ENGLISH_NAMES = {
    "gemeente": "Municipality",
    "politie": "Police",
    "om": "Public Prosecution Service (OM)",
    "veiligheidshuis": "(Care and) Safety House",
    "straatcoaches": "Street coaches",
    "jongerenwerk": "Youth work",
    "ondernemer": "Socially engaged entrepreneur",
    "basisschool": "Primary school",
    "voortgezet_onderwijs": "Secondary school",
    "mbo": "MBO (vocational education)",
    "onderzoek": "Research",
    "halt": "Halt",
    "raad_kinderbescherming": "Child Protection Board",
    "reclassering": "Probation service",
    "jeugdzorg": "Youth protection / youth care",
    "wijkteam": "Neighbourhood team",
    "leerplicht": "Compulsory education officers",
    "woningcorporatie": "Housing corporation",
    "sport_cultuur": "Sports and culture organisation",
    "werkgevers_uwv": "Employers / UWV",
    "riec": "RIEC (regional information and expertise centre)",
    "ouders_bewoners": "Parents and residents",
    "jongeren": "Young people themselves",
}


def ensure_builtin_partner_types(model: Any = None) -> None:
    """Create or refresh the built-in partner types (idempotent). Used by the data migration and
    wherever a database was emptied (the demo, browser tests that flush the database)."""
    if model is None:
        from .models import PartnerType as model
    for order, (key, name, core_group, domains) in enumerate(BUILT_IN_PARTNER_TYPES, start=1):
        model.objects.update_or_create(
            organisation=None,
            key=key,
            defaults={
                "name": name,
                "name_en": BUILT_IN_ENGLISH_NAMES[key],
                "core_group": core_group or "",
                "default_domains": list(domains),
                "order": order * 10,
            },
        )

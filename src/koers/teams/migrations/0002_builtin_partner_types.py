"""The built-in partner types of GLOSSARY.md. Later changes to the list get their own migration."""

from django.db import migrations

ENGLISH = {
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


def create(apps, schema_editor):
    from koers.teams.reference import BUILT_IN_PARTNER_TYPES

    PartnerType = apps.get_model("teams", "PartnerType")
    for order, (key, name, core_group, domains) in enumerate(BUILT_IN_PARTNER_TYPES, start=1):
        PartnerType.objects.update_or_create(
            organisation=None,
            key=key,
            defaults={
                "name": name,
                "name_en": ENGLISH[key],
                "core_group": core_group or "",
                "default_domains": list(domains),
                "order": order * 10,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("teams", "PartnerType").objects.filter(organisation=None).delete()


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]

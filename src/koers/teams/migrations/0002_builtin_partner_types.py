"""The built-in partner types of GLOSSARY.md. Later changes to the list get their own migration."""

from django.db import migrations


def create(apps, schema_editor):
    from koers.teams.reference import ensure_builtin_partner_types

    ensure_builtin_partner_types(apps.get_model("teams", "PartnerType"))


def remove(apps, schema_editor):
    apps.get_model("teams", "PartnerType").objects.filter(organisation=None).delete()


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]

"""An installation administrator (superuser) has no blanket rights inside organisations."""

from __future__ import annotations

from django.urls import reverse

from koers.organisations.models import OrganisationRole
from tests import factories


def test_superuser_who_is_an_ordinary_member_cannot_edit_programmes_or_manage_users(
    client, programme, settings
):
    settings.MFA_ENFORCE = False
    superuser = factories.UserFactory(superuser=True)
    factories.MembershipFactory(
        organisation=programme.organisation, user=superuser, role=OrganisationRole.LID
    )
    client.force_login(superuser)
    assert client.get(reverse("programme_edit", kwargs={"programme_uuid": programme.uuid})).status_code == 403
    assert (
        client.get(reverse("programme_detail", kwargs={"programme_uuid": programme.uuid})).status_code == 403
    )
    assert client.get(reverse("organisation_members")).status_code == 403
    assert client.get(reverse("installation_organisations")).status_code == 200
    assert not superuser.has_perm("programmes.change_programme", programme)
    assert superuser.has_perm("organisations.add_organisation")


def test_client_address_is_taken_from_a_trusted_proxy_only(client, settings, db):
    from koers.audit.models import AuditEvent

    settings.PROXY_IPS = ["127.0.0.1"]
    client.post(
        reverse("account_login"),
        {"login": "niemand@gemeente.example", "password": "fout-wachtwoord"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
    )
    client.post(
        reverse("account_login"),
        {"login": "niemand@gemeente.example", "password": "fout-wachtwoord"},
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    addresses = list(
        AuditEvent.objects.filter(action="account.login_failed")
        .order_by("id")
        .values_list("ip_address", flat=True)
    )
    assert addresses == ["203.0.113.9", "192.0.2.1"]

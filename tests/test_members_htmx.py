"""The People page works without JavaScript; with htmx the invitation part is swapped in place."""

from __future__ import annotations

from django.urls import reverse

from koers.programmes.models import Invitation, InvitationStatus
from tests import factories


def test_invite_with_htmx_returns_only_the_invitation_part(manager_client, programme, settings):
    settings.MFA_ENFORCE = False
    url = reverse("programme_members", kwargs={"programme_uuid": programme.uuid})
    response = manager_client.post(
        url, {"email": "jongerenwerker@welzijn.example", "role": "teamlid"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="koers-invitations"')
    assert "jongerenwerker@welzijn.example" in html
    assert "<html" not in html
    assert Invitation.objects.filter(programme=programme, email="jongerenwerker@welzijn.example").exists()


def test_invalid_invitation_with_htmx_keeps_what_was_typed(manager_client, programme, settings):
    settings.MFA_ENFORCE = False
    url = reverse("programme_members", kwargs={"programme_uuid": programme.uuid})
    response = manager_client.post(url, {"email": "geen-adres", "role": "teamlid"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="geen-adres"' in html
    assert 'aria-invalid="true"' in html
    assert not Invitation.objects.filter(programme=programme).exists()


def test_revoke_without_javascript_redirects_back_to_the_people_page(manager_client, programme, settings):
    settings.MFA_ENFORCE = False
    invitation = factories.InvitationFactory(programme=programme)
    url = reverse(
        "invitation_revoke", kwargs={"programme_uuid": programme.uuid, "invitation_uuid": invitation.uuid}
    )
    response = manager_client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("programme_members", kwargs={"programme_uuid": programme.uuid})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED


def test_revoke_with_htmx_swaps_the_invitation_list(manager_client, programme, settings):
    settings.MFA_ENFORCE = False
    invitation = factories.InvitationFactory(programme=programme, email="weg@partner.example")
    url = reverse(
        "invitation_revoke", kwargs={"programme_uuid": programme.uuid, "invitation_uuid": invitation.uuid}
    )
    response = manager_client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="koers-invitations"')
    assert "weg@partner.example" in html  # named in the confirmation message
    assert 'role="status"' in html

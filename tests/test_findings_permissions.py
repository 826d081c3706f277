"""Who may do what with the findings, per programme role; another organisation's finding is a 404.
Also the pages themselves: writing a finding, linking evidence, comments, stances and adoption."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from koers.findings import services
from koers.findings.models import Finding, FindingStance
from tests import factories
from tests.findings_data import TOPIC, finding, municipality_with_figures, source

pytestmark = pytest.mark.usefixtures("no_mfa")

ROLES = ("programmamanager", "kwartiermaker", "teamlid", "stuurgroeplid", "onderzoeker", "meelezer")
EDITORS = ("programmamanager", "kwartiermaker", "teamlid", "onderzoeker")


@pytest.fixture
def users(programme):
    return {role: factories.member(programme, role) for role in ROLES}


@pytest.fixture
def written(programme, users):
    return finding(users["teamlid"], programme)


def url(name, finding_, **extra):
    return reverse(
        name, kwargs={"programme_uuid": finding_.programme.uuid, "finding_uuid": finding_.uuid, **extra}
    )


@pytest.mark.parametrize("role", ROLES)
def test_editors_write_and_discuss_findings_and_everyone_reads(role, users, programme, written):
    user = users[role]
    editor = role in EDITORS
    assert user.has_perm("findings.view_findings", programme)
    assert user.has_perm("findings.add_finding", programme) is editor
    assert user.has_perm("findings.change_finding", written) is editor
    assert user.has_perm("findings.discuss_finding", written) is editor
    assert user.has_perm("findings.delete_finding", written) is (role in ("teamlid", "programmamanager"))
    assert user.has_perm("findings.adopt_finding", written) is (role == "programmamanager")


def test_the_organisations_administrator_reads_but_does_not_write(programme, written):
    admin = factories.org_admin(programme.organisation)
    assert admin.has_perm("findings.view_findings", programme)
    assert not admin.has_perm("findings.add_finding", programme)
    assert not admin.has_perm("findings.discuss_finding", written)


def test_another_organisations_finding_is_not_found(client, users, programme, foreign_programme):
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    foreign = finding(foreign_manager, foreign_programme)
    client.force_login(users["programmamanager"])
    # The own programme's address with the other programme's finding: also not found.
    mixed = reverse("finding_detail", kwargs={"programme_uuid": programme.uuid, "finding_uuid": foreign.uuid})
    assert client.get(mixed).status_code == 404
    assert client.get(url("finding_detail", foreign)).status_code == 404
    assert client.post(url("finding_comment", foreign), {"text": "Hallo"}).status_code == 404


def test_a_team_member_writes_a_finding_through_the_form(client, users, programme):
    data = municipality_with_figures(programme)
    client.force_login(users["kwartiermaker"])
    create = reverse("finding_create", kwargs={"programme_uuid": programme.uuid})
    form = client.get(create)
    assert data["buurten"][0].name in form.content.decode()

    response = client.post(
        create,
        {
            "kind": "risicofactor",
            "title": "Verveling na sluiting sporthal",
            "statement": "Minder aanbod in de avond.",
            "life_domain": "vrije_tijd",
            "target_groups": "12-16 jongeren uit Oost",
            "priority_areas": [str(data["wijken"][1].uuid)],
            "story": "Sinds de sluiting meer meldingen.",
        },
    )

    created = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == url("finding_detail", created)
    assert created.target_groups == [{"min_age": 12, "max_age": 16, "description": "jongeren uit Oost"}]
    assert list(created.priority_areas.all()) == [data["wijken"][1]]
    page = client.get(url("finding_detail", created)).content.decode()
    assert "Verveling na sluiting sporthal" in page and "jongeren uit Oost" in page


def test_a_form_with_errors_keeps_what_was_typed(client, users, programme):
    client.force_login(users["teamlid"])
    response = client.post(
        reverse("finding_create", kwargs={"programme_uuid": programme.uuid}),
        {
            "kind": "risicofactor",
            "title": "",
            "statement": "Iets wat we zien.",
            "life_domain": "gezin",
            "target_groups": "jongeren zonder leeftijd",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Iets wat we zien." in page and "jongeren zonder leeftijd" in page
    assert 'aria-invalid="true"' in page
    assert not Finding.objects.exists()


def test_a_stale_edit_shows_what_the_other_person_saved(client, users, programme, written, says):
    edit = url("finding_edit", written)
    services.finding_update(
        actor=users["programmamanager"], finding=written, expected_version=1, title="Nieuwe titel"
    )
    client.force_login(users["teamlid"])
    response = client.post(
        edit,
        {
            "version": 1,
            "kind": "probleemstelling",
            "title": "Mijn titel",
            "statement": "Tekst.",
            "life_domain": "buurt",
            "target_groups": "14-18 jongeren",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mijn titel" in page and "Nieuwe titel" in page
    assert "14–18 jongeren na schooltijd" in page  # the saved target groups, as text
    written.refresh_from_db()
    assert written.title == "Nieuwe titel"


def test_evidence_is_linked_through_the_page_and_figures_name_their_series(client, users, programme, written):
    data = municipality_with_figures(programme)
    known = source(users["onderzoeker"], programme)
    client.force_login(users["onderzoeker"])
    add = url("finding_evidence_add", written)
    page = client.get(add).content.decode()
    assert known.title in page and data["measure"].title in page and TOPIC in page

    assert client.post(add, {"soort": "bron", "bron-source": str(known.uuid)}).status_code == 302
    refused = client.post(
        add,
        {
            "soort": "cijfer",
            "cijfer-area": str(data["wijken"][1].uuid),
            "cijfer-measure": data["measure"].pk,
            "cijfer-topic": TOPIC,
        },
    )
    assert refused.status_code == 200 and written.evidence.count() == 1
    assert (
        client.post(
            add,
            {
                "soort": "cijfer",
                "cijfer-area": str(data["wijken"][0].uuid),
                "cijfer-measure": data["measure"].pk,
                "cijfer-topic": TOPIC,
                "cijfer-note": "stijging 2022–2024",
            },
        ).status_code
        == 302
    )
    detail = client.get(url("finding_detail", written)).content.decode()
    assert known.title in detail and "Diefstal/inbraak woning" in detail and "stijging 2022–2024" in detail

    figure = written.evidence.get(kind="cijfer")
    assert client.post(url("finding_evidence_remove", written, evidence_uuid=figure.uuid)).status_code == 302
    assert written.evidence.count() == 1


def test_figure_evidence_links_to_the_trend_page_when_it_exists(programme, users, written):
    from django.urls import NoReverseMatch

    from koers.findings.selectors import evidence_of

    data = municipality_with_figures(programme)
    services.evidence_add(
        actor=users["teamlid"], finding=written, area=data["wijken"][0], measure=data["measure"], topic=TOPIC
    )
    (item,) = evidence_of(written)
    try:
        base = reverse("analysis_trend", kwargs={"programme_uuid": programme.uuid})
    except NoReverseMatch:
        assert item.trend_url == ""
    else:
        assert item.trend_url.startswith(base + "?")
        assert f"gebied={data['wijken'][0].code}" in item.trend_url
        assert f"maat={data['measure'].pk}" in item.trend_url and f"onderwerp={TOPIC}" in item.trend_url


def test_members_comment_give_their_stance_and_see_who_agrees(client, users, programme, written):
    client.force_login(users["teamlid"])
    assert client.post(url("finding_stance", written), {"stance": "eens"}).status_code == 302
    assert client.post(url("finding_comment", written), {"text": "Herken ik uit de wijk."}).status_code == 302
    client.force_login(users["onderzoeker"])
    client.post(url("finding_stance", written), {"stance": "vraag"})
    client.post(url("finding_stance", written), {"stance": "oneens"})

    assert dict(FindingStance.objects.values_list("user__email", "stance")) == {
        users["teamlid"].email: "eens",
        users["onderzoeker"].email: "oneens",
    }
    page = client.get(url("finding_detail", written)).content.decode()
    assert "Herken ik uit de wijk." in page and escape(str(users["teamlid"])) in page

    empty = client.post(url("finding_comment", written), {"text": ""})
    assert empty.status_code == 200 and 'aria-invalid="true"' in empty.content.decode()
    client.force_login(users["meelezer"])
    assert client.post(url("finding_comment", written), {"text": "Ik lees mee."}).status_code == 403
    assert written.comments.count() == 1


def test_the_manager_adopts_a_finding_and_it_becomes_read_only(client, users, programme, written):
    client.force_login(users["teamlid"])
    assert client.post(url("finding_status", written), {"status": "vastgesteld"}).status_code == 403
    client.force_login(users["programmamanager"])
    assert client.post(url("finding_status", written), {"status": "vastgesteld"}).status_code == 302
    written.refresh_from_db()
    assert written.is_adopted

    client.force_login(users["teamlid"])
    for name in ("finding_edit", "finding_delete", "finding_evidence_add"):
        response = client.get(url(name, written))
        assert response.status_code == 302 and response["Location"] == url("finding_detail", written)
    client.post(url("finding_stance", written), {"stance": "eens"})
    assert not written.stances.exists()
    assert client.post(url("finding_comment", written), {"text": "Goed zo."}).status_code == 302
    assert written.comments.count() == 1

    client.force_login(users["programmamanager"])
    client.post(url("finding_status", written), {"status": "concept"})
    written.refresh_from_db()
    assert not written.is_adopted


def test_deleting_asks_for_confirmation_first(client, users, programme, written):
    client.force_login(users["teamlid"])
    assert client.get(url("finding_delete", written)).status_code == 200
    assert Finding.objects.exists()
    response = client.post(url("finding_delete", written))
    assert response.status_code == 302
    assert response["Location"] == reverse("findings", kwargs={"programme_uuid": programme.uuid})
    assert not Finding.objects.exists()


def test_the_list_filters_by_life_domain_kind_and_status(client, users, programme):
    finding(users["teamlid"], programme, title="In de buurt", life_domain="buurt")
    finding(users["teamlid"], programme, title="Op school", life_domain="school", kind="risicofactor")
    client.force_login(users["meelezer"])
    base = reverse("findings", kwargs={"programme_uuid": programme.uuid})

    def titles(query):
        return [f.title for f in client.get(base + query).context["page"].object_list]

    assert titles("") == ["In de buurt", "Op school"]
    assert titles("?levensdomein=school") == ["Op school"]
    assert titles("?soort=probleemstelling") == ["In de buurt"]
    assert titles("?status=vastgesteld") == []
    assert client.get(base).context["can_add"] is False


def test_the_finding_page_links_a_figure_to_its_trend(client, users, programme, written, settings):
    from html import escape

    settings.ROOT_URLCONF = "tests.findings_trend_urls"
    data = municipality_with_figures(programme)
    services.evidence_add(
        actor=users["teamlid"], finding=written, area=data["wijken"][0], measure=data["measure"], topic=TOPIC
    )
    client.force_login(users["meelezer"])

    page = client.get(url("finding_detail", written)).content.decode()

    trend = reverse("analysis_trend", kwargs={"programme_uuid": programme.uuid})
    query = f"gebied={data['wijken'][0].code}&maat={data['measure'].pk}&onderwerp={TOPIC}"
    assert f'href="{escape(trend + "?" + query)}"' in page

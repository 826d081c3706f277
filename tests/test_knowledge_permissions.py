"""Who may do what in the knowledge base, per programme role; another organisation's object is a
404. Also the pages themselves: a PDF upload through the form, the download, stale edits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.knowledge import services
from koers.knowledge.models import Source
from tests import factories

from .test_knowledge_services import PDF, PNG

pytestmark = pytest.mark.usefixtures("no_mfa")

ROLES = ("programmamanager", "kwartiermaker", "teamlid", "stuurgroeplid", "onderzoeker", "meelezer")


@pytest.fixture
def users(programme):
    return {role: factories.member(programme, role) for role in ROLES}


@pytest.fixture
def source(programme, users):
    return services.source_create(
        actor=users["onderzoeker"],
        programme=programme,
        title="Onderzoek Buurdorp",
        url="https://buurdorp.example/onderzoek",
    )


@pytest.fixture
def experience(programme, users):
    return services.experience_create(
        actor=users["teamlid"], programme=programme, area="Centrum", group="jongeren", pattern="Overlast."
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("programmamanager", True),
        ("onderzoeker", True),
        ("kwartiermaker", False),
        ("teamlid", False),
        ("stuurgroeplid", False),
        ("meelezer", False),
    ],
)
def test_managers_and_researchers_edit_sources(role, expected, users, programme):
    assert users[role].has_perm("knowledge.manage_sources", programme) is expected
    assert users[role].has_perm("knowledge.view_knowledge", programme)


@pytest.mark.parametrize(
    ("role", "add", "delete_others"),
    [
        ("programmamanager", True, True),
        ("kwartiermaker", True, False),
        ("teamlid", True, False),
        ("onderzoeker", True, False),
        ("stuurgroeplid", False, False),
        ("meelezer", False, False),
    ],
)
def test_team_members_record_experiences_and_edit_only_their_own(
    role, add, delete_others, users, programme, experience
):
    user = users[role]
    assert user.has_perm("knowledge.add_experience", programme) is add
    assert user.has_perm("knowledge.change_experience", experience) is (role == "teamlid")
    assert user.has_perm("knowledge.delete_experience", experience) is (delete_others or role == "teamlid")


def test_another_organisations_source_is_not_found(client, foreign_programme, programme, users):
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    foreign = services.source_create(
        actor=foreign_manager, programme=foreign_programme, title="Elders", url="https://elders.example"
    )
    client.force_login(users["programmamanager"])

    for name in ("knowledge_source_detail", "knowledge_source_edit", "knowledge_source_document"):
        url = reverse(name, kwargs={"programme_uuid": programme.uuid, "source_uuid": foreign.uuid})
        assert client.get(url).status_code == 404, name


def form_data(**overrides):
    data = {
        "title": "Rapport",
        "author": "Onderzoeksbureau",
        "year": "2024",
        "municipality": "Buurdorp",
        "kind": "onderzoek",
        "url": "",
        "summary": "Een samenvatting.",
        "themes": "school",
        "focus_areas": ["school"],
    }
    data.update(overrides)
    return data


def test_uploading_a_png_named_pdf_shows_a_clear_message(client, programme, users, says):
    client.force_login(users["onderzoeker"])
    url = reverse("knowledge_source_create", kwargs={"programme_uuid": programme.uuid})

    response = client.post(url, form_data(document=SimpleUploadedFile("rapport.pdf", PNG)))

    assert response.status_code == 200
    says(response, "This file is not a PDF. Upload a PDF document, or add a link instead.")
    assert not Source.objects.exists()


def test_an_uploaded_pdf_is_downloaded_through_the_app(client, programme, users):
    client.force_login(users["onderzoeker"])
    url = reverse("knowledge_source_create", kwargs={"programme_uuid": programme.uuid})

    response = client.post(url, form_data(document=SimpleUploadedFile("rapport.pdf", PDF)))

    assert response.status_code == 302
    source = Source.objects.get()
    client.force_login(users["meelezer"])
    download = client.get(
        reverse(
            "knowledge_source_document", kwargs={"programme_uuid": programme.uuid, "source_uuid": source.uuid}
        )
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_a_stale_edit_through_the_form_is_refused(client, programme, users, source, says):
    client.force_login(users["programmamanager"])
    services.source_update(actor=users["onderzoeker"], source=source, expected_version=1, title="Intussen")
    url = reverse(
        "knowledge_source_edit", kwargs={"programme_uuid": programme.uuid, "source_uuid": source.uuid}
    )

    response = client.post(url, form_data(url="https://buurdorp.example/onderzoek", version="1"))

    assert response.status_code == 200
    source.refresh_from_db()
    assert source.title == "Intussen"


def test_search_and_filters_find_sources(client, programme, users, source):
    services.source_create(
        actor=users["onderzoeker"],
        programme=programme,
        title="Praktijkvoorbeeld sport",
        url="https://sport.example",
        kind="praktijk",
        focus_areas=["vrije_tijd"],
        themes="sport, buurt",
    )
    client.force_login(users["meelezer"])
    url = reverse("knowledge_sources", kwargs={"programme_uuid": programme.uuid})

    assert "Praktijkvoorbeeld sport" in client.get(url + "?q=sport").text
    assert "Onderzoek Buurdorp" not in client.get(url + "?q=sport").text
    assert "Onderzoek Buurdorp" not in client.get(url + "?focusgebied=vrije_tijd").text
    assert "Praktijkvoorbeeld sport" in client.get(url + "?soort=praktijk").text


def test_experiences_filter_by_author(client, programme, users, experience):
    services.experience_create(
        actor=users["kwartiermaker"], programme=programme, area="Noord", group="jongeren", pattern="Iets."
    )
    client.force_login(users["meelezer"])
    url = reverse("knowledge_experiences", kwargs={"programme_uuid": programme.uuid})

    page = client.get(url + f"?auteur={users['teamlid'].uuid}").text

    assert "Centrum" in page
    assert "Noord" not in page

"""The demo: idempotent fictional content, the accounts file, isolation between its two
organisations, and the mailbox that keeps mail as .eml files and shows it in the browser."""

from __future__ import annotations

import email
import email.policy
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client

from koers.audit.models import AuditEvent
from koers.demo.content import DEMO_PASSWORD
from koers.mailbox.selectors import NAME_RE
from koers.organisations.models import Membership, Organisation
from koers.programmes.models import Invitation, Programme, ProgrammeMembership, ProgrammeRole
from koers.programmes.navigator import evaluate
from koers.teams import selectors as team_selectors
from koers.teams.models import Agreement, Body, PartnerOrganisation, Person, ProgrammePartner

pytestmark = pytest.mark.usefixtures("no_mfa")

User = get_user_model()
MODELS = [
    User,
    Organisation,
    Membership,
    Programme,
    ProgrammeMembership,
    Invitation,
    AuditEvent,
    PartnerOrganisation,
    ProgrammePartner,
    Person,
    Body,
    Agreement,
]
MAILBOX = "koers.mailbox.backends.MailboxBackend"


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def mailbox(settings, data_dir):
    """Mail goes to the demo mailbox in the data directory, as in the demo."""
    settings.MAILERS = {"default": {"BACKEND": MAILBOX, "OPTIONS": {}}}
    return data_dir / "mail"


@pytest.fixture
def demo(db, data_dir):
    """Run the demo set-up (without serving); returns the accounts it wrote."""
    accounts = data_dir / "a.json"
    call_command("demo", no_serve=True, accounts=accounts, stdout=io.StringIO())
    return json.loads(accounts.read_text())


# Idempotence and the accounts file -------------------------------------------------------------


def test_running_the_demo_twice_creates_everything_once(demo, data_dir):
    first = counts()

    call_command("demo", no_serve=True, accounts=data_dir / "a.json", stdout=io.StringIO())

    assert counts() == first
    assert first["Organisation"] == 2
    assert first["Programme"] == 2
    assert json.loads((data_dir / "a.json").read_text()) == demo


def test_the_accounts_file_lists_email_password_and_role(demo):
    assert isinstance(demo, list)
    for row in demo:
        assert set(row) == {"email", "password", "role"}
        assert row["email"].endswith(".example")
        assert row["password"] == DEMO_PASSWORD
    assert len({row["email"] for row in demo}) == len(demo)


def test_the_accounts_cover_every_programme_role_an_administrator_and_the_superuser(demo):
    roles = {row["role"] for row in demo}
    assert set(ProgrammeRole.values) | {"beheerder", "superuser"} <= roles


def test_every_demo_account_has_the_role_it_is_listed_with(demo):
    for row in demo:
        user = User.objects.get(email=row["email"])
        assert user.check_password(row["password"])
        if row["role"] == "superuser":
            assert user.is_superuser
        elif row["role"] == "beheerder":
            assert user.memberships.filter(role="beheerder", is_active=True).exists()
        else:
            assert ProgrammeMembership.objects.filter(user=user, role=row["role"]).exists()


def test_a_demo_account_logs_in_through_the_login_page(demo):
    row = next(r for r in demo if r["role"] == "teamlid")
    browser = Client()

    response = browser.post("/account/login/", {"login": row["email"], "password": row["password"]})

    assert response.status_code == 302
    assert browser.get("/programmas/").status_code == 200


def test_a_changed_demo_password_is_put_back(demo, data_dir):
    user = User.objects.get(email=demo[0]["email"])
    user.set_password("iets-anders-123")
    user.save()

    call_command("demo", no_serve=True, stdout=io.StringIO())

    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


# Voorbeeldstad's team (step 1) -----------------------------------------------------------------


@pytest.fixture
def team(demo):
    """Voorbeeldstad's programme."""
    return Programme.objects.get(organisation__name__startswith="Gemeente Voorbeeldstad")


def test_voorbeeldstad_has_a_dozen_partners_of_different_built_in_types(team):
    partners = PartnerOrganisation.objects.filter(organisation=team.organisation).select_related(
        "partner_type"
    )

    assert 12 <= partners.count() <= 14
    assert all(p.partner_type.organisation_id is None for p in partners)
    assert len({p.partner_type.key for p in partners}) == partners.count()
    assert all(p.email.endswith(".example") for p in partners)
    assert set(team.programme_partners.values_list("partner", flat=True)) == set(
        partners.values_list("pk", flat=True)
    )


def test_voorbeeldstad_has_about_fifteen_people_each_with_a_role_and_a_view(team):
    people = list(team.people.select_related("partner"))

    assert 14 <= len(people) <= 17
    for person in people:
        assert person.partner is not None, person
        assert person.function and person.team_role and person.view_on_problem, person
        assert person.email.endswith(".example"), person
        assert not person.is_former


def test_demo_people_are_linked_to_the_demo_account_with_their_email(team):
    linked = {p.email: p.user.email for p in team.people.filter(user__isnull=False).select_related("user")}

    assert linked == {email: email for email in linked}
    assert {
        "programmamanager@voorbeeldstad.example",
        "kwartiermaker@voorbeeldstad.example",
        "teamlid@voorbeeldstad.example",
        "stuurgroeplid@voorbeeldstad.example",
        "onderzoeker@voorbeeldstad.example",
    } <= set(linked)


def test_the_steering_group_is_chaired_by_the_alderman_with_police_and_om(team):
    steering = Body.objects.get(programme=team, kind="stuurgroep")
    partner_types = {
        p.partner.partner_type.key for p in steering.members.select_related("partner__partner_type")
    }

    assert "Wethouder" in steering.chair.function
    assert steering.chair in steering.members.all()
    assert {"gemeente", "politie", "om"} <= partner_types
    assert Body.objects.filter(programme=team, kind="projectteam").count() == 1


def test_the_working_group_is_chaired_by_the_kwartiermaker_who_may_edit_it(team):
    (group,) = Body.objects.filter(programme=team, kind="werkgroep")
    kwartiermaker = User.objects.get(email="kwartiermaker@voorbeeldstad.example")

    assert group.chair.user == kwartiermaker
    assert kwartiermaker.has_perm("teams.change_body", group)
    assert group.members.count() >= 4


def test_two_agreements_are_agreed_and_one_is_still_open(team):
    agreements = {a.kind: a for a in Agreement.objects.filter(programme=team)}

    assert set(agreements) == {"meeting", "decision", "communication"}
    assert agreements["meeting"].is_agreed
    assert agreements["decision"].is_agreed
    assert not agreements["communication"].is_agreed
    assert agreements["communication"].text


def test_the_integrality_check_shows_the_missing_entrepreneur_and_still_passes(team):
    result = team_selectors.team_integrality(team)

    assert result.missing_groups == ("ondernemer",)
    assert result.group_count == 8
    assert result.missing_domains == ()
    assert result.passes


def test_step_one_shows_what_is_done_and_the_open_agreement(team):
    step_one = evaluate(team).steps[0]
    met = {r.milestone.key: r.met for r in step_one.results}

    assert met == {
        "programme.manager": True,
        "team.integral": True,
        "team.roles": True,
        "team.steering_group": True,
        "team.agreements": False,
    }


def test_the_team_was_built_through_the_services_by_the_programme_manager(team):
    manager = User.objects.get(email="programmamanager@voorbeeldstad.example")
    events = AuditEvent.objects.filter(
        action__in=["partner.create", "person.create", "body.create", "agreement.create"]
    )

    assert events.count() == PartnerOrganisation.objects.count() + Person.objects.count() + 3 + 3
    assert set(events.values_list("actor", flat=True)) == {manager.pk}


def test_proefdorp_has_no_team_and_sees_none_of_voorbeeldstads(demo):
    proefdorp = Programme.objects.get(organisation__name__startswith="Gemeente Proefdorp")
    manager = User.objects.get(email="programmamanager@proefdorp.example")

    assert not proefdorp.people.exists()
    assert not manager.has_perm(
        "teams.view_partners", Organisation.objects.get(name__startswith="Gemeente Voor")
    )


# Isolation -------------------------------------------------------------------------------------


def test_the_two_demo_organisations_do_not_see_each_others_programmes(demo):
    for row in demo:
        if row["role"] == "superuser":
            continue
        user = User.objects.get(email=row["email"])
        organisations = set(Programme.objects.for_user(user).values_list("organisation", flat=True))
        assert len(organisations) == 1, row["email"]


def test_a_demo_manager_gets_404_on_the_other_organisations_programme(demo):
    programmes = {p.organisation.name: p for p in Programme.objects.select_related("organisation")}
    managers = [r for r in demo if r["role"] == "programmamanager"]
    assert len(managers) == 2

    for row in managers:
        user = User.objects.get(email=row["email"])
        own = Programme.objects.get(memberships__user=user)
        (other,) = [p for p in programmes.values() if p != own]
        browser = Client()
        browser.force_login(user)
        assert browser.get(f"/programmas/{own.uuid}/").status_code == 200
        assert browser.get(f"/programmas/{other.uuid}/").status_code == 404


def test_the_installation_superuser_sees_no_programme(demo):
    row = next(r for r in demo if r["role"] == "superuser")
    user = User.objects.get(email=row["email"])

    assert not Programme.objects.for_user(user).exists()
    for programme in Programme.objects.all():
        browser = Client()
        browser.force_login(user)
        assert browser.get(f"/programmas/{programme.uuid}/").status_code == 404


# The mailbox -----------------------------------------------------------------------------------


def test_the_mailbox_backend_keeps_each_message_as_an_eml_file(mailbox):
    sent = mail.send_mail(
        "[Koers] Testbericht", "Hallo,\n\nDit is een test.", None, ["iemand@gemeente.example"]
    )

    assert sent == 1
    (path,) = list(mailbox.iterdir())
    assert NAME_RE.match(path.name)
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "[Koers] Testbericht"
    assert message["To"] == "iemand@gemeente.example"
    assert "Dit is een test." in message.get_body(preferencelist=("plain",)).get_content()


def test_the_mailbox_page_lists_and_opens_the_kept_mail(client, mailbox):
    mail.send_mail("[Koers] Eerste", "Eerste bericht.", None, ["a@gemeente.example"])
    mail.send_mail("[Koers] Tweede", "Open https://koers.example/link/ nu.", None, ["b@g.example"])

    page = client.get("/demo/postvak/")

    assert page.status_code == 200
    assert "[Koers] Eerste" in page.text
    assert "[Koers] Tweede" in page.text
    assert page.text.index("[Koers] Tweede") < page.text.index("[Koers] Eerste")
    key = sorted(p.name for p in mailbox.iterdir())[-1]
    assert f"/demo/postvak/{key}/" in page.text

    message = client.get(f"/demo/postvak/{key}/")

    assert message.status_code == 200
    assert "[Koers] Tweede" in message.text
    assert "b@g.example" in message.text
    assert 'href="https://koers.example/link/"' in message.text


def test_the_mailbox_shows_the_demo_invitation_with_a_working_link(
    db, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", no_serve=True, stdout=io.StringIO())

    browser = Client()
    page = browser.get("/demo/postvak/")
    keys = re.findall(r"/demo/postvak/([^/\"]+)/", page.text)
    links = [
        found.group(0)
        for key in keys
        if (found := re.search(r"/uitnodiging/[^/\s\"<]+/", browser.get(f"/demo/postvak/{key}/").text))
    ]
    (link,) = links  # one invitation among the reminders about actions

    assert browser.get(link).status_code == 200


def test_the_demo_reminders_about_actions_are_in_the_mailbox_once(
    db, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", no_serve=True, stdout=io.StringIO())
    kept = sorted(p.name for p in mailbox.iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", no_serve=True, stdout=io.StringIO())

    assert sorted(p.name for p in mailbox.iterdir()) == kept
    page = Client().get("/demo/postvak/")
    for subject in ("[Koers] Te laat:", "[Koers] Over drie dagen klaar:", "[Koers] Je acties deze week"):
        assert subject in page.text, subject
    assert "[Koers] Actie voor jou:" in page.text
    assert len(kept) < 100  # the mailbox page shows the newest hundred: the invitation stays on it


def test_an_unknown_or_malformed_message_key_is_not_found(client, mailbox):
    mailbox.mkdir(parents=True)
    (mailbox / "notes.txt").write_text("geen e-mail")
    (mailbox.parent / "secret_key.txt").write_text("geheim")

    for key in ["notes.txt", "20260101T000000000000-deadbeef.eml", "..", "secret_key.txt"]:
        assert client.get(f"/demo/postvak/{key}/").status_code == 404, key


def test_an_empty_mailbox_says_so(client, mailbox, says):
    response = client.get("/demo/postvak/")

    assert response.status_code == 200
    says(response, "The mailbox is empty.")


def test_the_mailbox_is_not_there_outside_the_demo(client, mailbox, settings):
    settings.DEMO_MAILBOX = False
    mail.send_mail("[Koers] Geheim", "Niet tonen.", None, ["a@gemeente.example"])

    assert client.get("/demo/postvak/").status_code == 404
    key = next(mailbox.iterdir()).name
    assert client.get(f"/demo/postvak/{key}/").status_code == 404


def test_with_the_test_backend_the_mailbox_shows_the_outbox(client, db):
    mail.send_mail("[Koers] Uit de outbox", "Tekst.", None, ["a@gemeente.example"])

    page = client.get("/demo/postvak/")

    assert "[Koers] Uit de outbox" in page.text
    assert client.get("/demo/postvak/0/").status_code == 200


def test_demo_mail_is_kept_and_shown_on_the_console(mailbox, capsys):
    """The demo's mail backend keeps each message for the mailbox page and, like Django's console
    backend, writes it to the console: whoever runs the demo sees reminders go out."""
    from django.core.mail import send_mail

    send_mail("Herinnering: actie over drie dagen", "Tekst", None, ["eigenaar@partner.example"])
    assert "[e-mail] eigenaar@partner.example: Herinnering: actie over drie dagen" in capsys.readouterr().out
    (kept,) = mailbox.glob("*.eml")
    assert b"Herinnering" in kept.read_bytes()

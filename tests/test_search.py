"""Searching a programme and every programme a user may open (ADR 0042): each kind of object is
found and links to its page, nothing of another organisation ever shows, roles that cannot open a
programme cannot search it, snippets are escaped, and bad input gets a clear message. On
PostgreSQL the search is Dutch full-text search; on SQLite the plain fallback."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from koers.actions.models import Action
from koers.organisations.models import OrganisationRole
from koers.search import selectors
from tests import factories
from tests.search_data import every_kind

pytestmark = pytest.mark.usefixtures("no_mfa")

on_postgresql = connection.vendor == "postgresql"


def search_url(programme, query: str = "", **params) -> str:
    url = reverse("programme_search", args=[programme.uuid])
    from urllib.parse import urlencode

    return f"{url}?{urlencode({'q': query, **params})}"


def found(user, programme, query: str, kind: str | None = None) -> list[selectors.Result]:
    from koers.programmes.models import Programme
    from koers.programmes.selectors import remember_user_roles, with_user_roles

    programme = with_user_roles(Programme.objects.filter(pk=programme.pk), user).get()
    remember_user_roles(user, programme)
    search = selectors.Search(user, [programme], query)
    return search.results(programme, kind, 0, 100)


def titles(user, programme, query: str) -> list[str]:
    return [result.title for result in found(user, programme, query)]


def test_a_search_finds_every_kind_and_links_to_its_page(manager_client, manager, programme):
    made = every_kind(programme, "hangplek")
    every_kind(programme, "schoolplein", start=10)

    response = manager_client.get(search_url(programme, "hangplek"))

    assert response.status_code == 200
    results = response.context["page"].object_list
    assert sorted(result.kind.key for result in results) == sorted(selectors.KINDS_BY_KEY)
    pages = {
        "deelproject": reverse("plan_subproject_detail", args=[programme.uuid, made["deelproject"].uuid]),
        "actie": reverse("action_detail", args=[programme.uuid, made["actie"].uuid]),
        "bevinding": reverse("finding_detail", args=[programme.uuid, made["bevinding"].uuid]),
        "bron": reverse("knowledge_source_detail", args=[programme.uuid, made["bron"].uuid]),
        "overleg": reverse("meeting_detail", args=[programme.uuid, made["overleg"].uuid]) + "#verslag",
        "agendapunt": reverse("meeting_detail", args=[programme.uuid, made["overleg"].uuid]) + "#verslag",
        "besluit": reverse("decision_detail", args=[programme.uuid, made["besluit"].uuid]),
        "les": reverse("lesson_detail", args=[programme.uuid, made["les"].uuid]),
    }
    assert {result.kind.key: result.url for result in results} == pages
    for url in pages.values():  # every link opens for the one who searched
        assert manager_client.get(url.split("#")[0]).status_code == 200
    assert response.context["total"] == 8
    assert 'value="hangplek"' in response.content.decode()  # the query stays in the field


def test_a_foreign_programme_is_never_searched(client, manager, programme, foreign_programme):
    every_kind(foreign_programme, "hangplek")
    client.force_login(manager)

    assert client.get(search_url(foreign_programme, "hangplek")).status_code == 404
    assert titles(manager, programme, "hangplek") == []
    response = client.get(reverse("search") + "?q=hangplek")
    assert response.status_code == 200
    assert response.context["sections"] == []
    assert "Anderstad" not in response.content.decode()


def test_a_member_of_the_organisation_without_a_programme_role_cannot_search_it(client, programme):
    every_kind(programme, "hangplek")
    member = factories.MembershipFactory(organisation=programme.organisation, role=OrganisationRole.LID).user
    client.force_login(member)

    assert client.get(search_url(programme, "hangplek")).status_code == 403
    response = client.get(reverse("search") + "?q=hangplek")
    assert response.context["searched"] == []
    assert "Bevinding 0" not in response.content.decode()


@pytest.mark.parametrize("role", ["meelezer", "stuurgroeplid", "kwartiermaker"])
def test_every_programme_role_and_the_administrator_find_what_they_may_open(client, programme, role):
    made = every_kind(programme, "hangplek")
    for user in (factories.member(programme, role), factories.org_admin(programme.organisation)):
        client.force_login(user)
        response = client.get(search_url(programme, "hangplek"))
        assert response.status_code == 200
        for result in response.context["page"].object_list:
            assert client.get(result.url.split("#")[0]).status_code == 200
        assert len(response.context["page"].object_list) == len(made)


def test_a_kind_only_shows_where_its_pages_may_be_opened(manager, programme, monkeypatch):
    every_kind(programme, "hangplek")
    # A role that may not open the meetings pages does not find meetings, minutes or decisions.
    original = manager.has_perm
    monkeypatch.setattr(
        manager, "has_perm", lambda perm, obj=None: perm != "meetings.view_meetings" and original(perm, obj)
    )
    kinds = {result.kind.key for result in found(manager, programme, "hangplek")}
    assert kinds == {"deelproject", "actie", "bevinding", "bron", "les"}


def test_the_global_search_lists_results_per_programme(client, manager, programme):
    second = factories.ProgrammeFactory(organisation=programme.organisation, name="Tweede aanpak")
    factories.ProgrammeMembershipFactory(programme=second, user=manager, role="meelezer")
    quiet = factories.ProgrammeFactory(organisation=programme.organisation, name="Stille aanpak")
    factories.ProgrammeMembershipFactory(programme=quiet, user=manager, role="meelezer")
    every_kind(programme, "hangplek")
    every_kind(second, "hangplek", start=5)
    client.force_login(manager)

    response = client.get(reverse("search") + "?q=hangplek")

    sections = response.context["sections"]
    assert [section["programme"] for section in sections] == [programme, second]
    assert [section["total"] for section in sections] == [8, 8]
    assert all(len(section["results"]) == 3 for section in sections)
    assert response.context["empty"] == [quiet]
    content = response.content.decode()
    assert f'href="{reverse("programme_search", args=[second.uuid])}?q=hangplek"' in content


def test_a_title_match_comes_first(manager, programme):
    Action.objects.create(programme=programme, title="Overleg plannen", description="Over de hangplek.")
    Action.objects.create(programme=programme, title="Hangplek opruimen", description="Met de buurt.")

    assert titles(manager, programme, "hangplek") == ["Hangplek opruimen", "Overleg plannen"]


def test_a_snippet_shows_the_text_around_the_match_escaped(manager_client, programme):
    Action.objects.create(
        programme=programme,
        title="<script>alert('titel')</script> hangplek",
        description="Lange aanloop " * 30 + "bij de <b>hangplek</b> aan het plein " + "en verder " * 30,
    )

    response = manager_client.get(search_url(programme, "hangplek"))
    content = response.content.decode()

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt; hangplek" in content
    assert "<b>" not in content
    assert "&lt;b&gt;<mark>hangplek</mark>&lt;/b&gt;" in content
    [result] = response.context["page"].object_list
    text = "".join(part for part, _ in result.snippet)
    assert text.startswith("… ") and text.endswith(" …")
    assert len(text) < 220


def test_results_are_paginated_and_filtered_by_kind(manager_client, programme):
    every_kind(programme, "hangplek", count=3)
    Action.objects.bulk_create(
        Action(programme=programme, title=f"Hangplek {i:02d}", description="") for i in range(22)
    )

    first = manager_client.get(search_url(programme, "hangplek"))
    assert first.context["total"] == 3 * 8 + 22
    assert len(first.context["page"].object_list) == 20
    assert dict((kind.key, n) for kind, n in first.context["kind_counts"])["actie"] == 25

    actions = manager_client.get(search_url(programme, "hangplek", soort="actie", pagina=2))
    page = actions.context["page"]
    assert page.number == 2 and page.paginator.num_pages == 2
    assert [result.kind.key for result in page.object_list] == ["actie"] * 5
    assert "soort=actie" in actions.content.decode()  # the next links keep the kind
    unknown = manager_client.get(search_url(programme, "hangplek", soort="onzin"))
    assert unknown.context["kind"] == "" and unknown.context["total"] == 46


def test_bad_input_gets_a_clear_message_and_searches_nothing(manager_client, programme, says):
    every_kind(programme, "hangplek")
    url = reverse("programme_search", args=[programme.uuid])

    opened = manager_client.get(url)
    assert opened.status_code == 200 and "page" not in opened.context
    empty = manager_client.get(url + "?q=++")
    says(empty, "Type one or more words to search for.")
    assert "page" not in empty.context
    long = manager_client.get(search_url(programme, "hangplek " * 30))
    says(
        long,
        "Use at most %(limit_value)d characters for a search (you used %(show_value)d).",
        limit_value=200,
        show_value=len(("hangplek " * 30).strip()),
    )
    assert "page" not in long.context
    only_minus = manager_client.get(search_url(programme, "-hangplek"))
    says(only_minus, "Add at least one word to look for: a word with a minus sign only leaves things out.")
    nothing = manager_client.get(search_url(programme, "onvindbaarwoord"))
    says(nothing, "Nothing was found in %(name)s.", name=programme.name)
    says(nothing, "Check the spelling, or try another word for the same thing.")


def test_the_message_is_english_for_an_english_reader(client, programme):
    reader = factories.member(programme, "meelezer", language="en")
    client.force_login(reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(search_url(programme, "-x"))

    assert response.headers["Content-Language"] == "en"
    assert "a word with a minus sign only leaves things out" in html.unescape(response.content.decode())


def test_the_header_searches_the_programme_inside_it_and_every_programme_elsewhere(manager_client, programme):
    inside = manager_client.get(reverse("programme_detail", args=[programme.uuid])).content.decode()
    assert f'action="{reverse("programme_search", args=[programme.uuid])}"' in inside
    assert '<search class="koers-header__search"' in inside
    assert 'for="koers-zoekvak"' in inside and 'id="koers-zoekvak"' in inside

    outside = manager_client.get(reverse("programme_list")).content.decode()
    assert f'action="{reverse("search")}"' in outside

    kept = manager_client.get(search_url(programme, "hangplek")).content.decode()
    assert 'id="koers-zoekvak" name="q" value="hangplek"' in kept


def test_htmx_gets_only_the_results_while_typing(manager_client, programme):
    every_kind(programme, "hangplek")

    typed = manager_client.get(search_url(programme, "hangplek"), HTTP_HX_REQUEST="true")
    content = typed.content.decode()
    assert content.startswith('<div id="zoekresultaten"')
    assert "<html" not in content and content.count('class="koers-search-result"') == 8
    cleared = manager_client.get(search_url(programme, ""), HTTP_HX_REQUEST="true").content.decode()
    assert cleared.strip() == '<div id="zoekresultaten" class="koers-search-results">\n\n</div>'


def test_the_header_has_no_search_for_anonymous_visitors(client):
    assert "koers-zoekvak" not in client.get(reverse("accessibility")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, programme):
    assert client.get(search_url(programme, "x")).status_code == 302
    assert client.get(reverse("search") + "?q=x").status_code == 302


# PostgreSQL: Dutch stemming and the web-search syntax ------------------------------------------


@pytest.mark.skipif(not on_postgresql, reason="Dutch text search is PostgreSQL's")
def test_postgresql_finds_word_forms_and_understands_websearch_syntax(manager, programme):
    Action.objects.create(programme=programme, title="Gesprek met een jongere", description="op straat")
    Action.objects.create(programme=programme, title="Sport voor jongeren", description="in de avond")
    Action.objects.create(programme=programme, title="Groep op straat", description="bij het winkelcentrum")

    assert sorted(titles(manager, programme, "jongeren")) == [
        "Gesprek met een jongere",
        "Sport voor jongeren",
    ]
    assert titles(manager, programme, "jongeren -straat") == ["Sport voor jongeren"]
    assert titles(manager, programme, '"groep op straat"') == ["Groep op straat"]
    assert titles(manager, programme, '"straat groep"') == []
    assert sorted(titles(manager, programme, "avond or winkelcentrum")) == [
        "Groep op straat",
        "Sport voor jongeren",
    ]


# SQLite: the plain fallback ---------------------------------------------------------------------


@pytest.mark.skipif(on_postgresql, reason="the fallback is what SQLite uses")
def test_sqlite_needs_every_word_case_insensitive_with_phrases_and_exclusions(manager, programme):
    Action.objects.create(programme=programme, title="Gesprek met een jongere", description="op straat")
    Action.objects.create(programme=programme, title="Sport voor jongeren", description="in de avond")
    Action.objects.create(programme=programme, title="Groep op straat", description="bij het winkelcentrum")

    assert titles(manager, programme, "JONGERE straat") == ["Gesprek met een jongere"]
    assert sorted(titles(manager, programme, "jongere")) == ["Gesprek met een jongere", "Sport voor jongeren"]
    assert titles(manager, programme, "jongere -avond") == ["Gesprek met een jongere"]
    assert titles(manager, programme, '"groep op straat"') == ["Groep op straat"]
    assert titles(manager, programme, '"straat groep"') == []
    assert titles(manager, programme, "jongeren") == ["Sport voor jongeren"]  # no stemming here

"""Full-text search in the knowledge base. On PostgreSQL it is Dutch text search (stemmed words,
web-search syntax, title ranked first); on SQLite every word must occur somewhere. Both keep to the
programme's own sources."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from koers.knowledge import selectors
from koers.knowledge.models import Source

pytestmark = pytest.mark.usefixtures("no_mfa")

on_postgresql = connection.vendor == "postgresql"


def add(programme, title: str, **values) -> Source:
    values.setdefault("url", "https://bron.example/")
    return Source.objects.create(programme=programme, title=title, **values)


def titles(programme, query: str) -> list[str]:
    return [source.title for source in selectors.sources(programme, query=query)]


@pytest.fixture
def library(programme):
    return {
        "report": add(
            programme,
            "Risicofactoren bij een jongere in de buurt",
            author="Verwey-Jonker Instituut",
            year=2022,
            summary="Onderzoek naar groepen op straat en schooluitval.",
            themes="straat, school",
        ),
        "survey": add(
            programme,
            "Veiligheidsmonitor Buurdorp",
            author="Gemeente Buurdorp",
            year=2024,
            summary="Bewoners over overlast door een jongere groep bij het winkelcentrum.",
            themes="overlast",
        ),
        "sport": add(
            programme,
            "Praktijkvoorbeeld sport en bewegen",
            author="Kenniscentrum Sport",
            year=2023,
            summary="Een sportaanbod in de avond.",
            themes="vrije tijd",
        ),
    }


def test_a_search_keeps_to_the_programme(programme, foreign_programme, library):
    add(foreign_programme, "Veiligheidsmonitor Anderstad", summary="overlast jongere")

    assert titles(programme, "veiligheidsmonitor") == ["Veiligheidsmonitor Buurdorp"]
    assert titles(foreign_programme, "veiligheidsmonitor") == ["Veiligheidsmonitor Anderstad"]


def test_a_search_looks_in_author_summary_and_themes(programme, library):
    assert titles(programme, "Verwey-Jonker") == ["Risicofactoren bij een jongere in de buurt"]
    assert titles(programme, "winkelcentrum") == ["Veiligheidsmonitor Buurdorp"]
    assert titles(programme, "overlast") == ["Veiligheidsmonitor Buurdorp"]
    assert titles(programme, "onbekendwoord") == []


def test_every_word_must_match_and_a_minus_leaves_a_word_out(programme, library):
    assert titles(programme, "jongere straat") == ["Risicofactoren bij een jongere in de buurt"]
    assert titles(programme, "jongere -straat") == ["Veiligheidsmonitor Buurdorp"]


def test_a_match_in_the_title_comes_first(programme, library):
    # "jongere" is in the first source's title and in the second one's summary; the second one is
    # newer, so without ranking it would come first.
    assert titles(programme, "jongere") == [
        "Risicofactoren bij een jongere in de buurt",
        "Veiligheidsmonitor Buurdorp",
    ]


def test_search_combines_with_the_filters(programme, library):
    found = selectors.sources(programme, query="jongere", kind="onderzoek", focus_area="")
    assert [s.title for s in found] == [
        "Risicofactoren bij een jongere in de buurt",
        "Veiligheidsmonitor Buurdorp",
    ]
    library["survey"].kind = "enquete"
    library["survey"].save()
    found = selectors.sources(programme, query="jongere", kind="enquete")
    assert [s.title for s in found] == ["Veiligheidsmonitor Buurdorp"]


def test_odd_input_is_harmless(programme, library):
    assert titles(programme, '"unclosed phrase') == []
    assert titles(programme, "   ") == [s.title for s in selectors.sources(programme)]
    assert titles(programme, "100% _ \\ ' ;--") == []


def test_the_search_page_shows_the_best_match_first(client, manager, programme, library):
    client.force_login(manager)
    url = reverse("knowledge_sources", kwargs={"programme_uuid": programme.uuid})
    text = client.get(url, {"q": "jongere"}).text

    assert text.index("Risicofactoren bij een jongere") < text.index("Veiligheidsmonitor Buurdorp")
    assert "Praktijkvoorbeeld sport" not in text


# PostgreSQL: Dutch stemming and web-search syntax. CI runs the suite on PostgreSQL too.


@pytest.mark.skipif(not on_postgresql, reason="Dutch text search is PostgreSQL's")
def test_postgresql_finds_inflected_dutch_words(programme, library):
    assert titles(programme, "jongeren") == [
        "Risicofactoren bij een jongere in de buurt",
        "Veiligheidsmonitor Buurdorp",
    ]
    assert titles(programme, "risicofactor") == ["Risicofactoren bij een jongere in de buurt"]
    assert sorted(titles(programme, "groep")) == [
        "Risicofactoren bij een jongere in de buurt",
        "Veiligheidsmonitor Buurdorp",
    ]


@pytest.mark.skipif(not on_postgresql, reason="Dutch text search is PostgreSQL's")
def test_postgresql_understands_phrases_and_or(programme, library):
    assert titles(programme, '"sport en bewegen"') == ["Praktijkvoorbeeld sport en bewegen"]
    assert titles(programme, '"bewegen sport"') == []
    assert sorted(titles(programme, "winkelcentrum or sportaanbod")) == [
        "Praktijkvoorbeeld sport en bewegen",
        "Veiligheidsmonitor Buurdorp",
    ]


# The fallback without stemming (what SQLite uses); it runs on both databases.


def fallback_titles(programme, query: str) -> list[str]:
    return [s.title for s in selectors._search_fallback(programme.sources.all(), query)]


def test_the_fallback_matches_parts_of_words_without_stemming(programme, library):
    # "jongeren" is not a part of "jongere": without a stemmer it finds nothing ...
    assert fallback_titles(programme, "jongeren") == []
    # ... but a shorter form finds both, and a phrase must occur as written.
    assert fallback_titles(programme, "jonge") == [
        "Risicofactoren bij een jongere in de buurt",
        "Veiligheidsmonitor Buurdorp",
    ]
    assert fallback_titles(programme, '"sport en bewegen"') == ["Praktijkvoorbeeld sport en bewegen"]
    assert fallback_titles(programme, '"bewegen sport"') == []
    if not on_postgresql:  # and it is what the knowledge base uses here
        assert titles(programme, "jonge") == fallback_titles(programme, "jonge")


def test_search_terms_split_words_phrases_and_exclusions():
    assert selectors.search_terms('jeugd "groep op straat" -school or') == (
        ["jeugd", "groep op straat"],
        ["school"],
    )
    assert selectors.search_terms('"half') == (["half"], [])

"""The demo fills Voorbeeldstad's knowledge base, once."""

from __future__ import annotations

from tests.test_knowledge_milestones import result


def test_the_demo_fills_the_knowledge_base_once(db):
    from koers.demo.content import VOORBEELDSTAD, create_demo
    from koers.programmes.models import Programme

    create_demo()
    create_demo()

    programme = Programme.objects.get(organisation__name=VOORBEELDSTAD)
    assert programme.sources.count() == 4
    assert programme.experiences.count() == 3
    assert result(programme, "knowledge.sources").met
    assert result(programme, "knowledge.experiences").met

"""Step 2's milestones of the knowledge base follow the data."""

from __future__ import annotations

from koers.knowledge import services
from koers.programmes.navigator import evaluate
from tests import factories


def result(programme, key):
    step = evaluate(programme).steps[1]
    return next(r for r in step.results if r.milestone.key == key)


def test_three_sources_meet_the_milestone(programme, manager):
    for i in range(2):
        services.source_create(
            actor=manager, programme=programme, title=f"Bron {i}", url=f"https://bron.example/{i}"
        )
    assert not result(programme, "knowledge.sources").met

    services.source_create(actor=manager, programme=programme, title="Bron 3", url="https://bron.example/3")

    assert result(programme, "knowledge.sources").met


def test_experiences_from_three_team_members_meet_the_milestone(programme, manager):
    members = [factories.member(programme, "teamlid") for _ in range(3)]
    for user in (members[0], members[0], members[1]):
        services.experience_create(
            actor=user, programme=programme, area="Centrum", group="jongeren", pattern="Overlast."
        )
    assert not result(programme, "knowledge.experiences").met

    services.experience_create(
        actor=members[2], programme=programme, area="Noord", group="jongeren", pattern="Overlast."
    )

    assert result(programme, "knowledge.experiences").met

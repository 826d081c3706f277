"""The findings' services: every write audited, the checks against the programme's data, optimistic
locking, and an adopted finding that is read-only except for comments."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError

from koers.audit.labels import action_label
from koers.audit.models import AuditEvent
from koers.concurrency import StaleEditError
from koers.findings import services
from koers.findings.forms import CommentForm, FindingForm
from koers.findings.models import FindingEvidence, FindingStance
from koers.knowledge import services as knowledge_services
from tests import factories
from tests.findings_data import TOPIC, finding, municipality_with_figures, source


@contextmanager
def refused(code: str) -> Iterator[None]:
    """The service refuses with a ValidationError of this code (the message is translated)."""
    with pytest.raises(ValidationError) as error:
        yield
    assert [e.code for e in error.value.error_list] == [code]


def actions(programme) -> list[str]:
    return list(
        AuditEvent.objects.filter(programme_id=programme.uuid, action__startswith="finding.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_creating_a_finding_records_it_with_its_areas_and_target_groups(programme, manager):
    data = municipality_with_figures(programme)
    created = finding(
        manager,
        programme,
        priority_areas=[data["buurten"][0], data["wijken"][0]],
        target_groups=[
            {"min_age": 18, "max_age": 23, "description": " jongvolwassenen "},
            {"min_age": 12, "max_age": 17, "description": "scholieren"},
        ],
    )

    assert created.status == "concept" and created.version == 1 and created.created_by == manager
    assert [a.code for a in created.priority_areas.order_by("code")] == sorted(
        [data["buurten"][0].code, data["wijken"][0].code]
    )
    assert created.target_groups == [
        {"min_age": 12, "max_age": 17, "description": "scholieren"},
        {"min_age": 18, "max_age": 23, "description": "jongvolwassenen"},
    ]
    event = AuditEvent.objects.get(action="finding.create")
    assert event.changes["title"] == [None, "Overlast bij het winkelcentrum"]
    assert event.changes["priority_areas"][1] == sorted([data["buurten"][0].code, data["wijken"][0].code])
    assert action_label("finding.create") != "finding.create"


def test_priority_areas_must_be_the_municipalitys_own(programme, manager, foreign_programme):
    municipality_with_figures(programme)
    elsewhere = municipality_with_figures(foreign_programme)

    with pytest.raises(ValidationError) as error:
        finding(manager, programme, priority_areas=[elsewhere["wijken"][0]])

    assert "priority_areas" in error.value.message_dict
    assert not programme.findings.exists()


@pytest.mark.parametrize(
    "groups", [[{"min_age": 18, "max_age": 12}], [{"min_age": 12, "max_age": 140}], [{"description": "x"}]]
)
def test_impossible_age_bands_are_refused(programme, manager, groups):
    with pytest.raises(ValidationError) as error:
        finding(manager, programme, target_groups=groups)
    assert "target_groups" in error.value.message_dict
    assert not programme.findings.exists()


def test_an_update_records_what_changed_and_a_stale_one_is_refused(programme, manager):
    data = municipality_with_figures(programme)
    created = finding(manager, programme)
    other = factories.member(programme, "teamlid")

    services.finding_update(
        actor=other,
        finding=created,
        expected_version=1,
        title="Overlast bij winkelcentrum Noord",
        priority_areas=[data["wijken"][1]],
    )

    created.refresh_from_db()
    assert created.version == 2 and created.updated_by == other
    event = AuditEvent.objects.filter(action="finding.update").get()
    assert event.changes["title"] == ["Overlast bij het winkelcentrum", "Overlast bij winkelcentrum Noord"]
    assert event.changes["priority_areas"] == [[], [data["wijken"][1].code]]

    with pytest.raises(StaleEditError):
        services.finding_update(actor=manager, finding=created, expected_version=1, title="Oud")
    created.refresh_from_db()
    assert created.title == "Overlast bij winkelcentrum Noord"


def test_an_update_without_changes_records_nothing(programme, manager):
    created = finding(manager, programme)
    services.finding_update(actor=manager, finding=created, expected_version=1, title=created.title)
    assert actions(programme) == ["finding.create"]


def test_evidence_of_each_kind_is_linked_once_and_audited(programme, manager):
    data = municipality_with_figures(programme)
    created = finding(manager, programme)
    known = source(manager, programme)
    seen = knowledge_services.experience_create(
        actor=manager, programme=programme, area="Centrum", group="jongeren", pattern="Groepjes."
    )

    services.evidence_add(actor=manager, finding=created, source=known, note="hoofdbron")
    services.evidence_add(actor=manager, finding=created, experience=seen)
    figure = services.evidence_add(
        actor=manager,
        finding=created,
        area=data["wijken"][0],
        measure=data["measure"],
        topic=TOPIC,
        note="stijging 2022–2024",
    )

    assert sorted(created.evidence.values_list("kind", flat=True)) == ["bron", "cijfer", "ervaring"]
    assert figure.note == "stijging 2022–2024"
    with refused("duplicate"):
        services.evidence_add(actor=manager, finding=created, source=known)
    assert created.evidence.count() == 3

    services.evidence_remove(actor=manager, evidence=figure)
    assert created.evidence.count() == 2
    assert actions(programme) == ["finding.create"] + ["finding.add_evidence"] * 3 + [
        "finding.remove_evidence"
    ]


def test_evidence_from_another_programme_or_without_figures_is_refused(programme, manager, foreign_programme):
    data = municipality_with_figures(programme)
    created = finding(manager, programme)
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    foreign_source = source(foreign_manager, foreign_programme)

    with pytest.raises(ValidationError) as error:
        services.evidence_add(actor=manager, finding=created, source=foreign_source)
    assert "source" in error.value.message_dict
    # The second wijk has no burglary figures.
    with refused("no_figures"):
        services.evidence_add(
            actor=manager, finding=created, area=data["wijken"][1], measure=data["measure"], topic=TOPIC
        )
    with pytest.raises(ValidationError):
        services.evidence_add(actor=manager, finding=created, area=data["wijken"][0], measure=data["measure"])
    assert not FindingEvidence.objects.exists()


def test_an_adopted_finding_is_read_only_except_for_comments(programme, manager):
    data = municipality_with_figures(programme)
    created = finding(manager, programme)
    known = source(manager, programme)
    services.evidence_add(actor=manager, finding=created, source=known)

    services.finding_set_status(actor=manager, finding=created, status="vastgesteld")
    created.refresh_from_db()
    assert created.is_adopted and created.version == 2

    attempts = [
        lambda: services.finding_update(actor=manager, finding=created, expected_version=2, title="Nieuw"),
        lambda: services.finding_delete(actor=manager, finding=created),
        lambda: services.evidence_add(
            actor=manager, finding=created, area=data["wijken"][0], measure=data["measure"], topic=TOPIC
        ),
        lambda: services.evidence_remove(actor=manager, evidence=created.evidence.get()),
        lambda: services.stance_set(actor=manager, finding=created, stance="eens"),
    ]
    for attempt in attempts:
        with refused("adopted"):
            attempt()
    services.comment_add(actor=manager, finding=created, text="Akkoord in de stuurgroep.")

    created.refresh_from_db()
    assert created.title == "Overlast bij het winkelcentrum" and created.evidence.count() == 1
    assert created.comments.count() == 1

    services.finding_set_status(actor=manager, finding=created, status="concept")
    services.finding_update(actor=manager, finding=created, expected_version=3, title="Nieuw")
    assert actions(programme)[-4:] == [
        "finding.change_status",
        "finding.comment",
        "finding.change_status",
        "finding.update",
    ]
    with pytest.raises(ValidationError):
        services.finding_set_status(actor=manager, finding=created, status="klaar")


def test_one_current_stance_per_member_that_can_change(programme, manager):
    created = finding(manager, programme)
    member = factories.member(programme, "teamlid")

    services.stance_set(actor=member, finding=created, stance="vraag")
    services.stance_set(actor=member, finding=created, stance="eens")
    services.stance_set(actor=member, finding=created, stance="eens")
    services.stance_set(actor=manager, finding=created, stance="oneens")

    assert dict(FindingStance.objects.values_list("user", "stance")) == {
        member.pk: "eens",
        manager.pk: "oneens",
    }
    stance_events = AuditEvent.objects.filter(action="finding.stance").order_by("pk")
    assert [e.changes["stance"] for e in stance_events] == [
        [None, "vraag"],
        ["vraag", "eens"],
        [None, "oneens"],
    ]
    with pytest.raises(ValidationError):
        services.stance_set(actor=member, finding=created, stance="misschien")


def test_deleting_a_finding_removes_its_evidence_and_discussion(programme, manager):
    created = finding(manager, programme)
    services.evidence_add(actor=manager, finding=created, source=source(manager, programme))
    services.comment_add(actor=manager, finding=created, text="Eens.")
    services.stance_set(actor=manager, finding=created, stance="eens")

    services.finding_delete(actor=manager, finding=created)

    assert not programme.findings.exists() and not FindingEvidence.objects.exists()
    assert AuditEvent.objects.get(action="finding.delete").changes == {"title": [created.title, None]}


def test_an_empty_comment_is_refused(programme, manager):
    created = finding(manager, programme)
    with pytest.raises(ValidationError):
        services.comment_add(actor=manager, finding=created, text="   ")
    assert not created.comments.exists()


def test_the_personal_data_guard_checks_the_free_text():
    form = FindingForm(
        {
            "kind": "probleemstelling",
            "title": "Overlast",
            "statement": "Jongen geboren 12-03-2010 veroorzaakt overlast.",
            "life_domain": "buurt",
        }
    )
    assert not form.is_valid()
    assert "statement" in form.errors

    comment = CommentForm({"text": "Bel zijn moeder op 06-12345678."})
    assert not comment.is_valid() and "text" in comment.errors
    confirmed = CommentForm({"text": "Bel zijn moeder op 06-12345678.", "confirm_personal_data": "on"})
    assert confirmed.is_valid()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12-17 jongeren bij het winkelcentrum", [(12, 17, "jongeren bij het winkelcentrum")]),
        (
            "12–17: scholieren\n\n18 t/m 23 jaar jongvolwassenen",
            [(12, 17, "scholieren"), (18, 23, "jongvolwassenen")],
        ),
        ("", []),
    ],
)
def test_target_groups_are_typed_one_a_line(text, expected):
    form = FindingForm(
        {
            "kind": "risicofactor",
            "title": "T",
            "statement": "S",
            "life_domain": "gezin",
            "target_groups": text,
        }
    )
    assert form.is_valid(), form.errors
    assert [
        (g["min_age"], g["max_age"], g["description"]) for g in form.cleaned_data["target_groups"]
    ] == expected


@pytest.mark.parametrize("text", ["jongeren van 12 tot 17", "17-12 omgekeerd", "12-170 te oud"])
def test_unreadable_target_groups_name_the_line(text):
    form = FindingForm(
        {
            "kind": "risicofactor",
            "title": "T",
            "statement": "S",
            "life_domain": "gezin",
            "target_groups": text,
        }
    )
    assert not form.is_valid()
    assert "Line 1" in str(form.errors["target_groups"]) or "Regel 1" in str(form.errors["target_groups"])


def test_every_write_has_a_plain_language_label(programme, manager):
    data = municipality_with_figures(programme)
    created = finding(manager, programme)
    evidence = services.evidence_add(
        actor=manager, finding=created, area=data["wijken"][0], measure=data["measure"], topic=TOPIC
    )
    services.finding_update(actor=manager, finding=created, expected_version=1, title="Nieuw")
    services.comment_add(actor=manager, finding=created, text="Eens.")
    services.stance_set(actor=manager, finding=created, stance="eens")
    services.evidence_remove(actor=manager, evidence=evidence)
    services.finding_set_status(actor=manager, finding=created, status="vastgesteld")
    services.finding_set_status(actor=manager, finding=created, status="concept")
    services.finding_delete(actor=manager, finding=created)

    written = set(actions(programme))
    assert len(written) == 8
    assert all(action_label(action) != action for action in written)

"""Step 6's verdicts and decisions (ADR 0031): the evidence ladder, every refusal of the service
(nothing saved), the decision → status → actions chain, the embedding plan, the audit trail, the
rights on the pages, the milestones, and forms that keep what was typed."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from koers.actions.models import Action
from koers.audit.models import AuditEvent
from koers.evaluation import services, verdicts
from koers.evaluation.milestones import (
    embedding_plan_per_embedding_decision,
    verdict_per_evaluated_subproject,
)
from koers.evaluation.models import EffectEstimate, EmbeddingPlan, Verdict
from koers.indicators import services as indicator_services
from koers.plan.models import SubProject
from koers.programmes.navigator import ProgrammeFacts
from koers.stats import did_2x2, did_panel, rate_change
from tests import evaluation_data, factories

pytestmark = pytest.mark.usefixtures("no_mfa")

TODAY = datetime.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_day():
    with (
        time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False),
        translation.override("en"),
    ):
        yield


def _columns(rows):
    return {key: [row[key] for row in rows] for key in rows[0]}


def strong_result():
    """A panel of 12 areas (3 treated) over 6 years with parallel trends before: a strong design."""
    rows = []
    for unit in range(12):
        for year in range(6):
            treated = unit < 3 and year >= 3
            value = 50 + unit + (unit * 7 + year * 3) % 5 - (15 if treated else 0)
            rows.append({"unit": f"u{unit}", "period": 2020 + year, "y": value, "d": int(treated)})
    return did_panel(_columns(rows), outcome="y", unit="unit", period="period", treated="d")


def moderate_result():
    rows = [
        {"y": y, "t": t, "p": p}
        for t, p, ys in ((0, 0, (20, 22)), (0, 1, (21, 23)), (1, 0, (20, 21)), (1, 1, (10, 11)))
        for y in ys
    ]
    return did_2x2(_columns(rows), outcome="y", treated="t", post="p")


RESULTS = {
    "strong": strong_result,
    "moderate": moderate_result,
    "weak": lambda: rate_change(40, 20),  # halved: an improvement when lower is better
    "worse": lambda: rate_change(20, 40),
    "unreliable": lambda: rate_change(3, 2),
}
METHODS = {"strong": "did_panel", "moderate": "did_2x2"}


@pytest.fixture
def world(programme, manager, foreign_programme):
    data = evaluation_data.build()
    areas = data["areas"]
    programme.organisation.cbs_code, programme.organisation.cbs_reference_year = "GM9901", 2024
    programme.organisation.save()
    lead_user = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user, email=lead_user.email)
    sub = SubProject.objects.create(
        programme=programme,
        name="Straatcoaches",
        kwartiermaker=lead,
        status="uitvoering",
        start_date=evaluation_data.START,
    )
    sub.areas.set([areas["WK9901T1"], areas["WK9901T2"]])
    plan = services.plan_create(
        actor=manager, subproject=sub, questions="Neemt de overlast af?", kind="effect", design="voor_na"
    )
    indicator = indicator_services.indicator_create(
        actor=manager,
        programme=programme,
        subproject=sub,
        name="Overlastmeldingen",
        kind="outcome",
        polarity="lower",
        baseline_value=Decimal("40"),
        baseline_period="2023",
        target_value=Decimal("30"),
    )
    partner = factories.PartnerOrganisationFactory(organisation=programme.organisation, name="Jongerenwerk")
    return {
        "sub": sub,
        "plan": plan,
        "indicator": indicator,
        "areas": areas,
        "partner": partner,
        "lead": lead,
        "lead_user": lead_user,
        "programme": programme,
        "manager": manager,
    }


def estimate(world, kind="weak", *, declined=False, plan=None, indicator=None):
    result = RESULTS[kind]()
    return EffectEstimate.objects.create(
        plan=plan or world["plan"],
        indicator=indicator or world["indicator"],
        method=METHODS.get(kind, "voor_na"),
        intervention_start=evaluation_data.START,
        result=result.to_dict(),
        reliable=result.reliable and not declined,
        declined=declined,
        reasons=["too few events"] if declined else [],
        computed_at=timezone.now(),
    )


def embedding_values(world, **overrides):
    values = {
        "partner": world["partner"],
        "organisation_name": "",
        "funding_amount": Decimal("45000"),
        "funding_source": "Gemeentebegroting, programma Veiligheid",
        "funding_from": datetime.date(2027, 1, 1),
        "areas": [world["areas"]["WK9901T1"]],
        "conditions": "Jaarlijks een verslag van bereik en resultaat.",
    }
    values.update(overrides)
    return values


def create(world, **overrides):
    values = {
        "actor": world["manager"],
        "plan": world["plan"],
        "conclusion": "veelbelovend",
        "evidence_level": "goed_onderbouwd",
        "reasoning": "De overlast daalt, maar de vergelijking is nog kort.",
        "decision": "voortzetten",
        "decided_on": TODAY,
    }
    values.update(overrides)
    return verdicts.verdict_create(**values)


def nothing_saved(world, status="uitvoering"):
    assert not Verdict.objects.exists()
    assert not EmbeddingPlan.objects.exists()
    assert not Action.objects.exists()
    assert not AuditEvent.objects.filter(action__in=("verdict.create", "subproject.change_status")).exists()
    world["sub"].refresh_from_db()
    assert world["sub"].status == status


# The ladder --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conclusion", "evidence", "expected"),
    [
        ("effectief", "strong", "effectief_sterke"),
        ("effectief", "moderate", "effectief_goede"),
        ("effectief", "weak", "effectief_eerste"),
        ("effectief", None, "goed_onderbouwd"),
        ("effectief", "worse", "goed_onderbouwd"),
        ("effectief", "unreliable", "goed_onderbouwd"),
        ("veelbelovend", "strong", "effectief_eerste"),
        ("veelbelovend", "weak", "effectief_eerste"),
        ("veelbelovend", None, "goed_onderbouwd"),
        ("niet_effectief", "strong", "goed_onderbouwd"),
        ("onvoldoende_bewijs", "strong", "goed_onderbouwd"),
    ],
)
def test_the_ladder_gives_the_highest_level_the_evidence_justifies(world, conclusion, evidence, expected):
    used = [estimate(world, evidence)] if evidence else []
    level, reason = verdicts.suggest_level(world["plan"], conclusion, used)
    assert level == expected
    assert reason


def test_an_external_effect_study_counts_as_a_strong_design(world):
    plan = world["plan"]
    plan.design, plan.external_reference, plan.kind = "extern", "RCT NL-0000", "effect"
    assert verdicts.suggest_level(plan, "effectief", [])[0] == "effectief_sterke"
    assert verdicts.suggest_level(plan, "veelbelovend", [])[0] == "effectief_eerste"
    plan.kind = "proces"  # an external process evaluation says nothing about the effect
    assert verdicts.suggest_level(plan, "effectief", [])[0] == "goed_onderbouwd"


def test_the_strongest_improving_estimate_decides(world):
    used = [estimate(world, "weak"), estimate(world, "moderate"), estimate(world, "worse")]
    assert verdicts.suggest_level(world["plan"], "effectief", used)[0] == "effectief_goede"


def test_an_interrupted_time_series_counts_by_its_level_or_slope_change(world):
    from koers.stats import interrupted_time_series

    values = [30, 31, 29, 30, 32, 31, 30, 31, 20, 19, 21, 20, 19, 20, 21, 20]
    result = interrupted_time_series(
        {"y": values, "t": list(range(1, 17))}, outcome="y", period="t", intervention_start=9
    )
    its = EffectEstimate.objects.create(
        plan=world["plan"],
        indicator=world["indicator"],
        method="tijdreeks",
        intervention_start=evaluation_data.START,
        result=result.to_dict(),
        reliable=result.reliable,
        computed_at=timezone.now(),
    )
    assert verdicts.direction(its) == ("better" if result.reliable else "unclear")


def test_status_paths_follow_the_life_cycle():
    assert verdicts.status_path("uitvoering", "ingebed") == ["geevalueerd", "ingebed"]
    assert verdicts.status_path("uitvoering", "uitvoering") == []
    assert verdicts.status_path("geevalueerd", "uitvoering") == ["uitvoering"]
    assert verdicts.status_path("doorontwikkelen", "ingebed") == ["uitvoering", "geevalueerd", "ingebed"]
    assert verdicts.status_path("doorontwikkelen", "gestopt") == ["gestopt"]
    assert verdicts.status_path("uitvoering", "gestopt") == ["geevalueerd", "gestopt"]


# Refusals: nothing saved ------------------------------------------------------------------------


def test_reasoning_is_required(world):
    with pytest.raises(ValidationError) as error:
        create(world, reasoning="   ")
    assert "reasoning" in error.value.message_dict
    nothing_saved(world)


def test_a_level_above_the_evidence_is_refused_naming_the_allowed_level(world):
    used = estimate(world, "weak")
    with pytest.raises(ValidationError) as error:
        create(world, conclusion="veelbelovend", evidence_level="effectief_goede", estimates=[used])
    message = error.value.message_dict["evidence_level"][0]
    assert "effective – first indications" in message
    nothing_saved(world)


def test_effective_needs_a_reliable_improvement_or_an_external_study(world):
    for kind in ("worse", "unreliable"):
        with pytest.raises(ValidationError) as error:
            create(
                world,
                conclusion="effectief",
                evidence_level="goed_onderbouwd",
                estimates=[estimate(world, kind)],
            )
        assert "conclusion" in error.value.message_dict
    with pytest.raises(ValidationError):
        create(world, conclusion="effectief", evidence_level="goed_onderbouwd")
    nothing_saved(world)


def test_a_declined_estimate_cannot_be_used(world):
    with pytest.raises(ValidationError) as error:
        create(world, estimates=[estimate(world, "weak", declined=True)])
    assert "declined" in error.value.message_dict["estimates"][0]
    nothing_saved(world)


def test_an_estimate_of_another_plan_cannot_be_used(world, manager, programme):
    other = SubProject.objects.create(programme=programme, name="Ander", status="uitvoering")
    other_plan = services.plan_create(
        actor=manager, subproject=other, questions="Werkt het?", kind="effect", design="voor_na"
    )
    with pytest.raises(ValidationError) as error:
        create(world, estimates=[estimate(world, "weak", plan=other_plan)])
    assert "estimates" in error.value.message_dict
    assert not Verdict.objects.exists()


@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"partner": None, "organisation_name": ""}, "organisation_name"),
        ({"funding_amount": None}, "funding_amount"),
        ({"funding_amount": Decimal("0")}, "funding_amount"),
        ({"funding_source": " "}, "funding_source"),
        ({"funding_from": None}, "funding_from"),
        ({"areas": []}, "areas"),
        ({"conditions": ""}, "conditions"),
    ],
)
def test_embedding_needs_a_complete_embedding_plan(world, missing, field):
    used = estimate(world, "weak")
    with pytest.raises(ValidationError) as error:
        create(
            world,
            conclusion="effectief",
            evidence_level="effectief_eerste",
            estimates=[used],
            decision="inbedden",
            embedding=embedding_values(world, **missing),
        )
    assert field in error.value.message_dict
    nothing_saved(world)


def test_embedding_without_any_plan_is_refused_on_every_field(world):
    with pytest.raises(ValidationError) as error:
        create(world, decision="inbedden")
    assert set(error.value.message_dict) >= {
        "organisation_name",
        "funding_amount",
        "funding_source",
        "funding_from",
        "areas",
        "conditions",
    }
    nothing_saved(world)


def test_a_partner_of_another_municipality_or_a_foreign_area_is_refused(world, foreign_organisation):
    used = estimate(world, "weak")
    foreign_partner = factories.PartnerOrganisationFactory(organisation=foreign_organisation)
    stranger = SubProject.objects.create(programme=factories.ProgrammeFactory(), name="Elders")
    from koers.analysis.models import Area

    far = Area.objects.create(code="WK777701", level="wijk", name="Ver weg", reference_year=2024)
    stranger.areas.set([far])
    for overrides, field in (({"partner": foreign_partner}, "partner"), ({"areas": [far]}, "areas")):
        with pytest.raises(ValidationError) as error:
            create(
                world,
                conclusion="effectief",
                evidence_level="effectief_eerste",
                estimates=[used],
                decision="inbedden",
                embedding=embedding_values(world, **overrides),
            )
        assert field in error.value.message_dict
    nothing_saved(world)


def test_an_embedding_plan_with_another_decision_is_refused(world):
    with pytest.raises(ValidationError) as error:
        create(world, decision="voortzetten", embedding=embedding_values(world))
    assert "decision" in error.value.message_dict
    nothing_saved(world)


def test_what_is_not_effective_is_not_embedded(world):
    with pytest.raises(ValidationError) as error:
        create(world, conclusion="niet_effectief", decision="inbedden", embedding=embedding_values(world))
    assert "decision" in error.value.message_dict
    nothing_saved(world)


@pytest.mark.parametrize("status", ["idee", "voorbereiding", "gestopt", "ingebed"])
def test_only_a_running_evaluated_or_developing_sub_project_is_judged(world, status):
    SubProject.objects.filter(pk=world["sub"].pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        create(world)
    assert "__all__" in error.value.message_dict
    nothing_saved(world, status)


def test_the_decision_date_lies_today_or_earlier_within_the_programme(world):
    for day in (TODAY + datetime.timedelta(days=1), datetime.date(2025, 12, 31)):
        with pytest.raises(ValidationError) as error:
            create(world, decided_on=day)
        assert "decided_on" in error.value.message_dict
    nothing_saved(world)


def test_follow_up_actions_are_checked_per_row(world, foreign_programme):
    stranger = factories.PersonFactory(programme=foreign_programme)
    with pytest.raises(ValidationError) as error:
        create(
            world,
            follow_up=[
                {"title": "Goed", "owner": world["lead"], "due_date": TODAY},
                {"title": "Te laat", "due_date": TODAY - datetime.timedelta(days=1)},
                {"title": "Vreemde eigenaar", "owner": stranger},
                {"title": " "},
            ],
        )
    assert {"due_date_2", "owner_3", "title_4"} <= set(error.value.message_dict)
    nothing_saved(world)


# The chain: decision → status → actions ------------------------------------------------------------


CHAIN = {
    "stoppen": "gestopt",
    "bijstellen": "uitvoering",
    "voortzetten": "uitvoering",
    "doorontwikkelen": "doorontwikkelen",
    "inbedden": "ingebed",
}


@pytest.mark.parametrize("start", ["uitvoering", "doorontwikkelen", "geevalueerd"])
@pytest.mark.parametrize("decision", sorted(CHAIN))
def test_the_decision_moves_the_sub_project_and_makes_the_follow_up_actions(world, start, decision):
    SubProject.objects.filter(pk=world["sub"].pk).update(status=start)
    used = estimate(world, "moderate")
    verdict = create(
        world,
        conclusion="effectief",
        evidence_level="effectief_goede",
        estimates=[used],
        decision=decision,
        embedding=embedding_values(world) if decision == "inbedden" else None,
        follow_up=[
            {"title": "Afspraken vastleggen", "owner": world["lead"], "due_date": TODAY},
            {"title": "Terugkoppelen aan de stuurgroep", "owner": None, "due_date": None},
        ],
    )
    sub = SubProject.objects.get(pk=world["sub"].pk)
    assert sub.status == CHAIN[decision]
    path = verdicts.status_path(start, CHAIN[decision])
    transitions = [
        e.changes["status"]
        for e in AuditEvent.objects.filter(action="subproject.change_status").order_by("pk")
    ]
    assert transitions == [[before, after] for before, after in zip([start, *path], path, strict=False)]
    actions = list(Action.objects.filter(verdict=verdict).order_by("title"))
    assert [a.title for a in actions] == ["Afspraken vastleggen", "Terugkoppelen aan de stuurgroep"]
    assert all(a.origin == "evaluatie" and a.subproject_id == sub.pk for a in actions)
    assert list(verdict.estimates.all()) == [used]
    assert EmbeddingPlan.objects.filter(verdict=verdict).exists() == (decision == "inbedden")


def test_the_verdict_is_audited_with_its_decision_embedding_and_actions(world):
    used = estimate(world, "strong")
    verdict = create(
        world,
        conclusion="effectief",
        evidence_level="effectief_sterke",
        estimates=[used],
        decision="inbedden",
        embedding=embedding_values(world),
        follow_up=[{"title": "Subsidie aanvragen", "owner": world["lead"], "due_date": TODAY}],
    )
    event = AuditEvent.objects.get(action="verdict.create")
    assert event.programme_id == world["programme"].uuid
    assert event.changes["conclusion"] == [None, "effectief"]
    assert event.changes["decision"] == [None, "inbedden"]
    assert event.changes["embedding"][1]["organisation_name"] == "Jongerenwerk"
    assert event.changes["embedding"][1]["funding_amount"] == "45000"
    assert event.changes["follow_up"] == [None, ["Subsidie aanvragen"]]
    assert AuditEvent.objects.filter(action="action.create").count() == 1
    embedding = verdict.embedding
    assert embedding.organisation_name == "Jongerenwerk"  # filled in from the partner
    assert verdicts.is_complete(embedding)


def test_earlier_verdicts_stay_as_history(world):
    first = create(world, decided_on=datetime.date(2026, 6, 1))
    second = create(world, decision="doorontwikkelen")
    assert list(world["plan"].verdicts.all()) == [second, first]


# The embedding plan -------------------------------------------------------------------------------


@pytest.fixture
def embedded(world):
    used = estimate(world, "weak")
    verdict = create(
        world,
        conclusion="effectief",
        evidence_level="effectief_eerste",
        estimates=[used],
        decision="inbedden",
        embedding=embedding_values(world),
    )
    return verdict.embedding


def test_an_embedding_plan_is_changed_and_audited(world, embedded):
    verdicts.embedding_update(
        actor=world["manager"],
        embedding=embedded,
        expected_version=embedded.version,
        funding_amount=Decimal("50000"),
        areas=[world["areas"]["WK9901T1"], world["areas"]["WK9901T2"]],
    )
    embedded.refresh_from_db()
    assert embedded.funding_amount == Decimal("50000") and embedded.version == 2
    assert embedded.areas.count() == 2
    event = AuditEvent.objects.get(action="embeddingplan.update")
    assert event.changes["funding_amount"][1] == "50000"
    assert len(event.changes["areas"][1]) == 2


def test_an_embedding_plan_stays_complete_and_a_stale_save_is_refused(world, embedded):
    with pytest.raises(ValidationError) as error:
        verdicts.embedding_update(
            actor=world["manager"], embedding=embedded, expected_version=embedded.version, conditions=""
        )
    assert "conditions" in error.value.message_dict
    from koers.concurrency import StaleEditError

    with pytest.raises(StaleEditError):
        verdicts.embedding_update(
            actor=world["manager"], embedding=embedded, expected_version=0, conditions="Nieuw"
        )
    embedded.refresh_from_db()
    assert embedded.conditions.startswith("Jaarlijks") and embedded.version == 1
    assert not AuditEvent.objects.filter(action="embeddingplan.update").exists()


# Milestones 40 and 50 --------------------------------------------------------------------------------


def checks(programme):
    facts = ProgrammeFacts(programme)
    return verdict_per_evaluated_subproject(facts), embedding_plan_per_embedding_decision(facts)


def test_the_milestones_wait_until_a_sub_project_is_evaluated_and_judged(world):
    programme = world["programme"]
    verdict_check, embedding_check = checks(programme)
    assert not verdict_check.met and not embedding_check.met  # nothing evaluated, nothing judged
    services.plan_set_status(actor=world["manager"], plan=world["plan"], status="gepland")
    services.plan_set_status(actor=world["manager"], plan=world["plan"], status="uitvoering")
    services.plan_set_status(actor=world["manager"], plan=world["plan"], status="afgerond")
    verdict_check, _ = checks(programme)
    assert not verdict_check.met and "1 evaluated sub-project without a verdict" in str(verdict_check.detail)
    create(world, decision="voortzetten")
    verdict_check, embedding_check = checks(programme)
    assert verdict_check.met
    assert embedding_check.met and "nothing to plan" in str(embedding_check.detail)


def test_a_status_of_evaluated_makes_a_sub_project_due(world, programme):
    SubProject.objects.create(programme=programme, name="Ouderavonden", status="geevalueerd")
    verdict_check, _ = checks(programme)
    assert not verdict_check.met


def test_the_embedding_milestone_needs_every_embedding_plan_complete(world, embedded):
    verdict_check, embedding_check = checks(world["programme"])
    assert verdict_check.met and embedding_check.met
    embedded.areas.clear()  # a neighbourhood removed from the register leaves the plan incomplete
    _, embedding_check = checks(world["programme"])
    assert not embedding_check.met and "1 decision to embed" in str(embedding_check.detail)


def test_the_milestones_share_one_query(world, embedded):
    facts = ProgrammeFacts(world["programme"])
    with CaptureQueriesContext(connection) as ctx:
        verdict_per_evaluated_subproject(facts)
        embedding_plan_per_embedding_decision(facts)
    assert len(ctx.captured_queries) == 1


# Pages ------------------------------------------------------------------------------------------


def urls(world, verdict=None):
    kwargs = {"programme_uuid": world["programme"].uuid, "subproject_uuid": world["sub"].uuid}
    found = {
        "plan": reverse("evaluation_plan", kwargs=kwargs),
        "create": reverse("evaluation_verdict_create", kwargs=kwargs),
    }
    if verdict is not None:
        found["embedding"] = reverse(
            "evaluation_embedding_edit", kwargs={**kwargs, "verdict_uuid": verdict.uuid}
        )
    return found


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("programmamanager", 200),
        ("onderzoeker", 200),
        ("kwartiermaker", 403),
        ("stuurgroeplid", 403),
        ("teamlid", 403),
        ("meelezer", 403),
    ],
)
def test_only_managers_and_researchers_record_verdicts_and_change_embedding_plans(
    client, world, embedded, role, status
):
    user = world["lead_user"] if role == "kwartiermaker" else factories.member(world["programme"], role)
    client.force_login(user)
    pages = urls(world, embedded.verdict)
    assert client.get(pages["plan"]).status_code == 200  # everyone in the programme reads
    SubProject.objects.filter(pk=world["sub"].pk).update(status="uitvoering")
    assert client.get(pages["create"]).status_code == status
    assert client.get(pages["embedding"]).status_code == status


def test_another_organisation_gets_a_404(client, world, embedded, foreign_programme):
    client.force_login(factories.member(foreign_programme, "programmamanager"))
    for url in urls(world, embedded.verdict).values():
        assert client.get(url).status_code == 404


def test_a_verdict_without_an_embedding_plan_has_no_embedding_page(client, world):
    verdict = create(world)
    client.force_login(world["manager"])
    assert client.get(urls(world, verdict)["embedding"]).status_code == 404


def test_the_plan_page_shows_the_verdict_its_embedding_plan_and_actions(client, world, embedded, says):
    Action.objects.create(
        programme=world["programme"], title="Overdracht regelen", verdict=embedded.verdict, origin="evaluatie"
    )
    client.force_login(factories.member(world["programme"], "meelezer"))
    response = client.get(urls(world)["plan"])
    says(response, "Verdict and decision")
    says(response, "embed structurally")
    says(
        response,
        "The embedding plan is complete: organisation, structural funding, neighbourhoods and conditions are known.",  # noqa: E501
    )
    content = response.content.decode()
    assert "Jongerenwerk" in content and "Overdracht regelen" in content
    assert "Record the verdict" not in content  # a reader does not get the link


def test_the_form_records_a_verdict_with_embedding_and_follow_up(client, world, says):
    used = estimate(world, "weak")
    client.force_login(world["manager"])
    response = client.post(
        urls(world)["create"],
        {
            "conclusion": "effectief",
            "evidence_level": "effectief_eerste",
            "reasoning": "De meldingen halveerden.",
            "estimates": [str(used.uuid)],
            "decision": "inbedden",
            "decision_reasoning": "Het jongerenwerk neemt het over.",
            "decided_on": "2026-11-16",
            "partner": str(world["partner"].uuid),
            "funding_amount": "45000",
            "funding_source": "Gemeentebegroting",
            "funding_from": "2027-01-01",
            "areas": [str(world["areas"]["WK9901T1"].uuid)],
            "conditions": "Jaarlijks verslag.",
            "title_1": "Overdracht regelen",
            "owner_1": str(world["lead"].uuid),
            "due_date_1": "2026-12-15",
        },
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert verdict.embedding.funding_amount == Decimal("45000")
    assert Action.objects.get(verdict=verdict).owner == world["lead"]
    world["sub"].refresh_from_db()
    assert world["sub"].status == "ingebed"
    overview = client.get(reverse("evaluation_overview", kwargs={"programme_uuid": world["programme"].uuid}))
    says(overview, "Verdict / decision")
    says(overview, "embed structurally")


def test_the_form_records_a_verdict_with_the_neighbourhoods_left_as_offered(client, world):
    client.force_login(world["manager"])
    form = client.get(urls(world)["create"]).context["form"]
    assert {a.pk for a in form.initial["areas"]} == {
        world["areas"]["WK9901T1"].pk,
        world["areas"]["WK9901T2"].pk,
    }
    response = client.post(
        urls(world)["create"],
        {
            "conclusion": "onvoldoende_bewijs",
            "evidence_level": "goed_beschreven",
            "reasoning": "Te weinig cijfers.",
            "decision": "voortzetten",
            "decided_on": "2026-11-16",
            "areas": [str(world["areas"]["WK9901T1"].uuid), str(world["areas"]["WK9901T2"].uuid)],
        },
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert not EmbeddingPlan.objects.filter(verdict=verdict).exists()


def test_the_form_keeps_what_was_typed_on_a_refusal(client, world, says):
    client.force_login(world["manager"])
    response = client.post(
        urls(world)["create"],
        {
            "conclusion": "veelbelovend",
            "evidence_level": "effectief_sterke",
            "reasoning": "Mijn zorgvuldige redenering.",
            "decision": "inbedden",
            "decided_on": "2026-11-16",
            "funding_source": "Gemeentebegroting",
            "title_1": "Actie die blijft staan",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mijn zorgvuldige redenering." in content
    assert "Gemeentebegroting" in content and "Actie die blijft staan" in content
    with translation.override(response.headers["Content-Language"]):
        too_high = translation.gettext(
            "This level says more than the evidence does. Allowed is at most “%(allowed)s”. %(reason)s"
        ).split("“")[0]
    assert too_high in html.unescape(content)
    says(response, "Give the structural funding per year: an amount above 0 euro.")
    nothing_saved(world)


def test_the_embedding_form_keeps_what_was_typed_on_a_refusal(client, world, embedded):
    client.force_login(world["manager"])
    response = client.post(
        urls(world, embedded.verdict)["embedding"],
        {
            "version": str(embedded.version),
            "organisation_name": "Jongerenwerk Noord",
            "funding_amount": "0",
            "funding_source": "Gemeentebegroting",
            "funding_from": "2027-01-01",
            "areas": [str(world["areas"]["WK9901T1"].uuid)],
            "conditions": "Nieuwe voorwaarden",
        },
    )
    assert response.status_code == 200
    assert "Nieuwe voorwaarden" in response.content.decode()
    embedded.refresh_from_db()
    assert embedded.conditions.startswith("Jaarlijks")


# Query counts --------------------------------------------------------------------------------------

# The plan page: +1 its report section, +2 the effect estimates section.
PINNED = {"evaluation_plan": 20, "evaluation_overview": 6, "evaluation_verdict_create": 18}


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_verdict_pages_ask_a_fixed_number_of_queries(client, world, name):
    client.force_login(world["manager"])
    kwargs = {"programme_uuid": world["programme"].uuid}
    if name != "evaluation_overview":
        kwargs["subproject_uuid"] = world["sub"].uuid
    url = reverse(name, kwargs=kwargs)

    def grow(size):
        for i in range(Verdict.objects.count(), size):
            used = [estimate(world, "weak"), estimate(world, "moderate", declined=True)]
            verdict = Verdict.objects.create(
                plan=world["plan"],
                conclusion="veelbelovend",
                evidence_level="goed_onderbouwd",
                reasoning=f"Ronde {i}",
                decision="inbedden",
                decided_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            )
            verdict.estimates.set(used[:1])
            embedding = EmbeddingPlan.objects.create(verdict=verdict, organisation_name="Jongerenwerk")
            embedding.areas.set([world["areas"]["WK9901T1"]])
            Action.objects.create(programme=world["programme"], title=f"Actie {i}", verdict=verdict)
            other = SubProject.objects.create(
                programme=world["programme"], name=f"Deel {i:02d}", status="uitvoering"
            )
            other_plan = services.plan_create(
                actor=world["manager"], subproject=other, questions="?", kind="proces", design="voor_na"
            )
            Verdict.objects.create(
                plan=other_plan,
                conclusion="onvoldoende_bewijs",
                evidence_level="goed_beschreven",
                reasoning="Te vroeg",
                decision="voortzetten",
                decided_on=datetime.date(2026, 2, 1),
            )
            factories.PartnerOrganisationFactory(organisation=world["programme"].organisation)

    grow(1)
    _count(client, url)
    small = _count(client, url)
    grow(4)
    large = _count(client, url)
    assert small == large, f"{name}: {small} queries with one verdict, {large} with more"
    assert large == PINNED[name], f"{name}: {large} queries, pinned at {PINNED[name]}"


def test_the_managers_and_the_kwartiermaker_hear_of_the_decision(world):
    from koers.notifications.models import Notification

    other_manager = factories.member(world["programme"], "programmamanager")
    verdict = create(world, decision="doorontwikkelen")
    notified = Notification.objects.filter(kind="evaluatiebesluit")
    assert {n.user_id for n in notified} == {other_manager.pk, world["lead_user"].pk}  # not the actor
    note = notified.get(user=world["lead_user"])
    assert note.url == reverse(
        "evaluation_plan",
        kwargs={"programme_uuid": world["programme"].uuid, "subproject_uuid": verdict.plan.subproject.uuid},
    )
    with translation.override("nl"):
        expected = "Besluit over “Straatcoaches”: doorontwikkelen (oordeel: veelbelovend)"
    assert note.title == expected

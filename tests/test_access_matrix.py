"""Every URL answers each role as the access matrix says, on its own organisation and a foreign one."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from koers.analysis.models import ImportJob, ImportJobFile, ImportStatus
from koers.analysisdocs.models import AnalysisDocument, DocumentStatus
from koers.findings import services as finding_services
from koers.knowledge import services as knowledge_services
from koers.organisations.models import OrganisationRole
from koers.plan import services as plan_services
from koers.teams import services as team_services
from koers.teams.models import PartnerType
from tests import factories
from tests.access_matrix import (
    ANON,
    ORG_ADMIN,
    ORG_MEMBER,
    PROGRAMME_ROLES,
    ROLES,
    ROWS,
    SUPERUSER,
    UNNAMED_ROUTES,
    Row,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


class World:
    """Two organisations, each with a programme, an invitation and a member; users per role in
    the own organisation."""

    def __init__(self) -> None:
        self.orgs = {
            "own": factories.OrganisationFactory(name="Gemeente Eigenstad"),
            "foreign": factories.OrganisationFactory(name="Gemeente Anderstad"),
        }
        for org in self.orgs.values():
            org.logo.save("logo.png", ContentFile(PNG), save=True)
        self.programmes = {
            scope: factories.ProgrammeFactory(organisation=org, name=f"Aanpak {scope}", active=True)
            for scope, org in self.orgs.items()
        }
        self.users = {ANON: None}
        own = self.programmes["own"]
        for role in PROGRAMME_ROLES:
            self.users[role] = factories.member(own, role)
        self.users[ORG_ADMIN] = factories.org_admin(self.orgs["own"])
        self.users[ORG_MEMBER] = factories.MembershipFactory(
            organisation=self.orgs["own"], role=OrganisationRole.LID
        ).user
        self.users[SUPERUSER] = factories.UserFactory(superuser=True)
        # The foreign organisation has its own people, invitation and administrator.
        self.foreign_manager = factories.member(self.programmes["foreign"], "programmamanager")
        factories.org_admin(self.orgs["foreign"])
        self.members = {
            "own": factories.ProgrammeMembershipFactory(programme=own, role="teamlid"),
            "foreign": factories.ProgrammeMembershipFactory(programme=self.programmes["foreign"]),
        }
        self.invitations = {
            scope: factories.InvitationFactory(programme=programme)
            for scope, programme in self.programmes.items()
        }
        self._add_teams()
        self._add_knowledge()
        self._add_imports()
        self._add_analysis_documents()
        self._add_findings()
        self._add_plan_versions()
        self._add_plan()
        self._add_interventions()
        self._add_actions()
        self._add_notifications()
        self._add_meetings()
        self._add_communication_and_lessons()
        self._add_monitoring()
        self._add_indicators()
        self._add_evaluation()
        self._add_evaluation_reports()
        self._add_estimates()
        self._add_verdicts()
        self._add_api()

    def _add_teams(self) -> None:
        """Step 1 in both organisations: a partner, two people, a working group and an agreement.
        In the own programme the first person is the teamlid's own record and the working group is
        chaired by the kwartiermaker, so the matrix shows who may edit what."""
        police = PartnerType.objects.get(organisation__isnull=True, key="politie")
        self.partners, self.people, self.bodies = {}, {}, {}
        for scope, programme in self.programmes.items():
            own = scope == "own"
            actor = self.users["programmamanager"] if own else self.foreign_manager
            partner = team_services.partner_create(
                actor=actor, organisation=self.orgs[scope], name=f"Politie {scope}", partner_type=police
            )
            person = team_services.person_create(
                actor=actor,
                programme=programme,
                full_name=f"Wijkagent {scope}",
                partner=partner,
                email=self.users["teamlid"].email if own else "wijkagent@anderstad.example",
                team_role="wijkagent",
            )
            lead = team_services.person_create(
                actor=actor,
                programme=programme,
                full_name=f"Kwartiermaker {scope}",
                email=self.users["kwartiermaker"].email if own else "kwartiermaker@anderstad.example",
            )
            body = team_services.body_create(
                actor=actor,
                programme=programme,
                kind="werkgroep",
                name=f"Werkgroep {scope}",
                chair=lead,
                members=[person, lead],
            )
            team_services.agreement_create(
                actor=actor, programme=programme, kind="meeting", text="Maandelijks overleg.", owner=person
            )
            self.partners[scope], self.people[scope], self.bodies[scope] = partner, person, body

    def _add_knowledge(self) -> None:
        """Step 2 in both organisations: a source with a stored PDF and an experience. In the own
        programme the experience is the teamlid's, so the matrix shows who may edit it."""
        self.sources, self.experiences = {}, {}
        for scope, programme in self.programmes.items():
            own = scope == "own"
            actor = self.users["onderzoeker"] if own else self.foreign_manager
            self.sources[scope] = knowledge_services.source_create(
                actor=actor,
                programme=programme,
                title=f"Onderzoek {scope}",
                document=ContentFile(b"%PDF-1.4\n%%EOF\n", name="onderzoek.pdf"),
            )
            self.experiences[scope] = knowledge_services.experience_create(
                actor=self.users["teamlid"] if own else self.foreign_manager,
                programme=programme,
                area="Centrum",
                group="jongeren 14-18",
                pattern="Groepjes bij het station.",
            )

    def _add_imports(self) -> None:
        """Official statistics: a successful dry run of a bulk import whose file is still kept.
        Imports are installation-wide, so both scopes share it."""
        job = ImportJob.objects.create(
            kind="bulk",
            dry_run=True,
            status=ImportStatus.DONE,
            result={"added": 1, "changed": 0, "unchanged": 0, "measures_added": 0},
            created_by=self.users[SUPERUSER],
        )
        stored = ImportJobFile(job=job, role="data", name="tabel.csv", size=3)
        stored.file.save("tabel.csv", ContentFile(b"a;b"), save=True)
        self.import_jobs = {"own": job, "foreign": job}

    def import_job(self, scope):
        return self.import_jobs[scope]

    def _add_analysis_documents(self) -> None:
        """Step 2: a ready version of the safety analysis document in both organisations."""
        self.analysis_documents = {}
        for scope, programme in self.programmes.items():
            document = AnalysisDocument(programme=programme, number=1, status=DocumentStatus.DONE)
            document.pdf.save("document.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
            document.save()
            self.analysis_documents[scope] = document

    def analysis_document(self, scope):
        return self.analysis_documents[scope]

    def _add_findings(self) -> None:
        """Step 2's findings in both organisations, each with a source as evidence. In the own
        programme the teamlid wrote it, so the matrix shows who may remove it."""
        self.findings, self.evidence = {}, {}
        for scope, programme in self.programmes.items():
            actor = self.users["teamlid"] if scope == "own" else self.foreign_manager
            self.findings[scope] = finding_services.finding_create(
                actor=actor,
                programme=programme,
                kind="probleemstelling",
                title=f"Overlast {scope}",
                statement="Groepjes bij het station.",
                life_domain="buurt",
            )
            self.evidence[scope] = finding_services.evidence_add(
                actor=actor, finding=self.findings[scope], source=self.sources[scope]
            )

    def _add_interventions(self) -> None:
        """Steps 3-4's interventions registry: an installation-wide entry, and in both
        organisations an own entry and a sub-project (led by the kwartiermaker in the own
        programme) that uses both."""
        from koers.interventions import services as intervention_services

        national = intervention_services.intervention_create(
            actor=self.users[SUPERUSER], organisation=None, name="Landelijke aanpak"
        )
        self.interventions = {}
        for scope in self.programmes:
            actor = self.users["programmamanager"] if scope == "own" else self.foreign_manager
            self.interventions[scope] = intervention_services.intervention_create(
                actor=actor, organisation=self.orgs[scope], name=f"Eigen aanpak {scope}"
            )
            subproject = self.subproject(scope)  # step 3's sub-project, led by the kwartiermaker
            for intervention in (national, self.interventions[scope]):
                intervention_services.subproject_intervention_add(
                    actor=actor, subproject=subproject, intervention=intervention
                )

    def intervention(self, scope):
        return self.interventions[scope]

    def subproject(self, scope):
        return self.plan[scope]["sub"]

    def finding(self, scope):
        return self.findings[scope]

    def _add_plan(self) -> None:
        """Step 3 in both organisations: an own focus area, a goal answering the finding and a
        sub-project led by the kwartiermaker's team record, with a budget line and a milestone."""
        self.plan = {}
        for scope, programme in self.programmes.items():
            actor = self.users["programmamanager"] if scope == "own" else self.foreign_manager
            area = plan_services.focus_area_create(
                actor=actor, programme=programme, name=f"Eigen gebied {scope}"
            )
            goal = plan_services.goal_create(
                actor=actor,
                programme=programme,
                title=f"Minder overlast {scope}",
                findings=[self.findings[scope]],
            )
            lead = programme.people.get(full_name=f"Kwartiermaker {scope}")
            sub = plan_services.subproject_create(
                actor=actor,
                programme=programme,
                name=f"Straatcoaches {scope}",
                kwartiermaker=lead,
                goals=[goal],
            )
            line = plan_services.budget_line_add(
                actor=actor, subproject=sub, description="Uren", funding_source="Gemeente", planned="100.00"
            )
            milestone = plan_services.milestone_add(
                actor=actor, subproject=sub, title="Start", due=programme.start_date
            )
            self.plan[scope] = {"area": area, "goal": goal, "sub": sub, "line": line, "milestone": milestone}

    def plan_focus_area(self, scope):
        return self.plan[scope]["area"]

    def plan_goal(self, scope):
        return self.plan[scope]["goal"]

    def plan_subproject(self, scope):
        return self.plan[scope]["sub"]

    def plan_budget_line(self, scope):
        return self.plan[scope]["line"]

    def plan_milestone(self, scope):
        return self.plan[scope]["milestone"]

    def finding_evidence(self, scope):
        return self.evidence[scope]

    def source(self, scope):
        return self.sources[scope]

    # Plan versions (steps 3 and 4) ------------------------------------------------------------
    def _add_plan_versions(self) -> None:
        """An approved plan version with its files and a newer concept, in both organisations."""
        from django.utils import timezone

        from koers.plandocs.models import PlanVersion

        self.plan_versions = {}
        for scope, programme in self.programmes.items():
            approved = PlanVersion(
                programme=programme,
                number=1,
                status="vastgesteld",
                snapshot={"goals": [], "subprojects": []},
                snapshot_taken_at=timezone.now(),
                approved_on=timezone.localdate(),
                approved_by="Stuurgroep",
                file_status=DocumentStatus.DONE,
            )
            approved.pdf.save("plan.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
            approved.save()
            PlanVersion.objects.create(
                programme=programme,
                number=2,
                snapshot={"goals": [{"uuid": "g", "title": "Doel"}], "subprojects": []},
                snapshot_taken_at=timezone.now(),
                file_status=DocumentStatus.FAILED,
            )
            self.plan_versions[scope] = approved

    def plan_version(self, scope):
        return self.plan_versions[scope]

    def experience(self, scope):
        return self.experiences[scope]

    def organisation(self, scope):
        return self.orgs[scope]

    def programme(self, scope):
        return self.programmes[scope]

    # Step 5's monitoring ------------------------------------------------------------------------
    def _add_monitoring(self) -> None:
        """A course adjustment decided by the working group and a progress report with its files,
        in both organisations."""
        from django.utils import timezone

        from koers.monitoring.models import CourseAdjustment, ProgressReport

        self.adjustments, self.reports = {}, {}
        for scope, programme in self.programmes.items():
            self.adjustments[scope] = CourseAdjustment.objects.create(
                programme=programme,
                kind="deelproject",
                subproject=self.plan_subproject(scope),
                description="Ook op zaterdag.",
                reason_kind="signaal",
                reason="Overlast in het weekend.",
                body=self.body(scope),
                decided_on=timezone.localdate(),
            )
            report = ProgressReport(
                programme=programme,
                period_start=programme.start_date,
                period_end=timezone.localdate(),
                file_status=DocumentStatus.DONE,
            )
            report.pdf.save("rapport.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
            report.save()
            self.reports[scope] = report

    def adjustment(self, scope):
        return self.adjustments[scope]

    def progress_report(self, scope):
        return self.reports[scope]

    def programme_membership(self, scope):
        return self.members[scope]

    def organisation_membership(self, scope):
        member = self.members[scope]
        return member.user.memberships.get(organisation=member.programme.organisation)

    def invitation(self, scope):
        return self.invitations[scope]

    def invitation_token(self, scope):
        return factories.token_for(self.invitations[scope])

    def partner(self, scope):
        return self.partners[scope]

    def person(self, scope):
        return self.people[scope]

    def body(self, scope):
        return self.bodies[scope]

    # Step 4's actions ---------------------------------------------------------------------------
    def _add_actions(self) -> None:
        """Step 4 in both organisations: a sub-project led by the kwartiermaker's team record and
        an action in it owned by the teamlid's record, so the matrix shows who may change what."""
        from koers.actions import services as action_services

        self.actions = {}
        for scope, programme in self.programmes.items():
            actor = self.users["programmamanager"] if scope == "own" else self.foreign_manager
            self.actions[scope] = action_services.action_create(
                actor=actor,
                programme=programme,
                title=f"Afspraak {scope}",
                subproject=self.subproject(scope),
                owner=self.people[scope],
                organisation=self.partners[scope],
            )

        from koers.actions import feeds

        self.feed_token = feeds.token_create(actor=self.users["teamlid"])

    # Step 5's meetings ---------------------------------------------------------------------------
    def _add_meetings(self) -> None:
        """Step 5 in both organisations: an upcoming meeting of the working group (chaired by the
        kwartiermaker's record in the own programme) with an agenda item, an uploaded document and
        a link, and a held meeting with a decision."""
        import datetime as dt

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from koers.meetings import services as meeting_services

        self.meetings, self.meeting_items, self.meeting_documents, self.decisions = {}, {}, {}, {}
        now = timezone.now().replace(second=0, microsecond=0)
        for scope, programme in self.programmes.items():
            actor = self.users["programmamanager"] if scope == "own" else self.foreign_manager
            body = self.bodies[scope]
            meeting = meeting_services.meeting_create(
                actor=actor,
                programme=programme,
                body=body,
                starts_at=now + dt.timedelta(days=7),
                location="Stadhuis",
            )
            item = meeting_services.agenda_item_add(actor=actor, meeting=meeting, title="Voortgang")
            upload = SimpleUploadedFile("notitie.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
            document = meeting_services.agenda_document_add(
                actor=actor, item=item, title="Notitie", file=upload
            )
            meeting_services.agenda_document_add(
                actor=actor, item=item, title="Link", url="https://intranet.example/a"
            )
            past = meeting_services.meeting_create(
                actor=actor,
                programme=programme,
                body=body,
                starts_at=now - dt.timedelta(days=7),
                location="Stadhuis",
            )
            meeting_services.agenda_item_add(actor=actor, meeting=past, title="Voortgang")
            meeting_services.meeting_change_status(actor=actor, meeting=past, status="gehouden")
            decision = meeting_services.decision_create(actor=actor, meeting=past, text=f"Besluit {scope}")
            self.meetings[scope], self.meeting_items[scope] = meeting, item
            self.meeting_documents[scope], self.decisions[scope] = document, decision

    def meeting(self, scope):
        return self.meetings[scope]

    def meeting_item(self, scope):
        return self.meeting_items[scope]

    def meeting_document(self, scope):
        return self.meeting_documents[scope]

    def decision(self, scope):
        return self.decisions[scope]

    def action_subproject(self, scope):
        return self.subproject(scope)

    def action(self, scope):
        return self.actions[scope]

    def _add_notifications(self) -> None:
        """A notification for the teamlid here and one for the foreign programme manager: nobody
        opens another person's notification."""
        from koers.notifications.models import Notification

        self.notifications = {
            scope: Notification.objects.create(
                user=user, programme=self.programmes[scope], kind="agenda_verstuurd", title="Agenda", url="/"
            )
            for scope, user in (("own", self.users["teamlid"]), ("foreign", self.foreign_manager))
        }

    def notification(self, scope):
        return self.notifications[scope]

    # Step 5's communication plan and lessons ------------------------------------------------------
    def _add_communication_and_lessons(self) -> None:
        """Step 5 in both organisations: an audience with a moment the teamlid's record is
        responsible for; a lesson of the kwartiermaker's sub-project, proposed for publication; and
        another lesson, published in the shared library."""
        import datetime

        from koers.communication import services as communication_services
        from koers.lessons import services as lesson_services

        self.communication_lines, self.communication_moments = {}, {}
        self.lessons, self.library_items = {}, {}
        for scope, programme in self.programmes.items():
            own = scope == "own"
            manager = self.users["programmamanager"] if own else self.foreign_manager
            author = self.users["kwartiermaker"] if own else self.foreign_manager
            line = communication_services.line_create(actor=manager, programme=programme, audience="bewoners")
            self.communication_lines[scope] = line
            self.communication_moments[scope] = communication_services.moment_create(
                actor=manager,
                programme=programme,
                title=f"Nieuwsbrief {scope}",
                audience=line,
                planned_on=programme.start_date + datetime.timedelta(days=30),
                owner=self.people[scope],
            )
            lesson = lesson_services.lesson_create(
                actor=author,
                programme=programme,
                title=f"Les {scope}",
                subproject=self.subproject(scope),
                recommendation="Begin klein.",
            )
            lesson_services.lesson_propose(actor=author, lesson=lesson)
            self.lessons[scope] = lesson
            shared = lesson_services.lesson_create(
                actor=manager, programme=programme, title=f"Gedeelde les {scope}", worked="Vaste duo's."
            )
            lesson_services.lesson_propose(actor=manager, lesson=shared)
            self.library_items[scope] = lesson_services.lesson_approve(actor=manager, lesson=shared)

    def communication_line(self, scope):
        return self.communication_lines[scope]

    def communication_moment(self, scope):
        return self.communication_moments[scope]

    def lesson(self, scope):
        return self.lessons[scope]

    def library_item(self, scope):
        return self.library_items[scope]

    # Step 6's indicators ---------------------------------------------------------------------------
    def _add_indicators(self) -> None:
        """Step 6 in both organisations: an outcome indicator of the kwartiermaker's sub-project
        with one measurement entered by hand."""
        from decimal import Decimal

        from koers.indicators import services as indicator_services

        self.indicators, self.measurements = {}, {}
        for scope, programme in self.programmes.items():
            manager = self.users["programmamanager"] if scope == "own" else self.foreign_manager
            indicator = indicator_services.indicator_create(
                actor=manager,
                programme=programme,
                subproject=self.subproject(scope),
                name=f"Overlastmeldingen {scope}",
                kind="outcome",
                polarity="lower",
                baseline_value=Decimal("40"),
                baseline_period="2025",
                target_value=Decimal("30"),
            )
            self.indicators[scope] = indicator
            self.measurements[scope] = indicator_services.measurement_create(
                actor=manager, indicator=indicator, period="2026", value=Decimal("36")
            )

    def indicator(self, scope):
        return self.indicators[scope]

    def measurement(self, scope):
        return self.measurements[scope]

    # Step 6: evaluation plans -----------------------------------------------------------------
    def _add_evaluation(self) -> None:
        """Step 6 in both organisations: an evaluation plan for the kwartiermaker's sub-project with
        a process evaluation item the kwartiermaker added, and a second sub-project without a plan."""
        from koers.evaluation import services as evaluation_services
        from koers.plan.models import SubProject

        self.evaluation_items, self.unplanned_subprojects = {}, {}
        for scope, programme in self.programmes.items():
            own = scope == "own"
            manager = self.users["programmamanager"] if own else self.foreign_manager
            lead = self.users["kwartiermaker"] if own else self.foreign_manager
            plan = evaluation_services.plan_create(
                actor=manager,
                subproject=self.subproject(scope),
                questions="Neemt de overlast af?",
                kind="beide",
                design="voor_na",
            )
            self.evaluation_items[scope] = evaluation_services.item_create(
                actor=lead, plan=plan, aspect="dosis", score=4, observed_on=programme.start_date
            )
            self.unplanned_subprojects[scope] = SubProject.objects.create(
                programme=programme, name=f"Ouderavonden {scope}"
            )

    def evaluation_item(self, scope):
        return self.evaluation_items[scope]

    def unplanned_subproject(self, scope):
        return self.unplanned_subprojects[scope]

    # Step 6: the evaluation report and sharing it -------------------------------------------------
    def _add_evaluation_reports(self) -> None:
        """Step 6 in both organisations: a verdict on the evaluation plan of the kwartiermaker's
        sub-project, so its evaluation summary may be published in the shared library."""
        import datetime

        from koers.evaluation.models import Verdict

        self.report_verdicts = {}
        for scope in self.programmes:
            self.report_verdicts[scope] = Verdict.objects.create(
                plan=self.subproject(scope).evaluation_plan,
                conclusion="veelbelovend",
                evidence_level="goed_onderbouwd",
                reasoning="De overlast daalt.",
                decision="doorontwikkelen",
                decided_on=datetime.date(2026, 6, 1),
            )

    # Step 6: verdicts and embedding plans ---------------------------------------------------------
    def _add_verdicts(self) -> None:
        """Step 6 in both organisations: a running sub-project with an evaluation plan, judged
        promising and embedded structurally, with a complete embedding plan (so it is now ingebed)."""
        import datetime as dt
        from decimal import Decimal

        from koers.analysis.models import Area
        from koers.evaluation import services as evaluation_services
        from koers.evaluation import verdicts
        from koers.plan.models import SubProject

        self.verdicts = {}
        for scope, programme in self.programmes.items():
            manager = self.users["programmamanager"] if scope == "own" else self.foreign_manager
            sub = SubProject.objects.create(
                programme=programme, name=f"Geldcoaches {scope}", status="uitvoering"
            )
            area = Area.objects.create(
                code=f"WK8{'1' if scope == 'own' else '2'}0001",
                level="wijk",
                name=f"Wijk {scope}",
                reference_year=2024,
            )
            sub.areas.set([area])
            plan = evaluation_services.plan_create(
                actor=manager, subproject=sub, questions="Werkt het?", kind="effect", design="voor_na"
            )
            self.verdicts[scope] = verdicts.verdict_create(
                actor=manager,
                plan=plan,
                conclusion="veelbelovend",
                evidence_level="goed_onderbouwd",
                reasoning="De eerste cijfers zijn gunstig.",
                decision="inbedden",
                decided_on=programme.start_date,
                embedding={
                    "organisation_name": "Stichting Geldzorg",
                    "funding_amount": Decimal("30000"),
                    "funding_source": "Gemeentebegroting",
                    "funding_from": dt.date(2027, 1, 1),
                    "areas": [area],
                    "conditions": "Jaarlijks verslag.",
                },
                today=programme.start_date,
            )

    def verdict(self, scope):
        return self.verdicts[scope]

    # Step 6: effect estimates -------------------------------------------------------------------
    def _add_estimates(self) -> None:
        """Step 6 in both organisations: an indicator of the kwartiermaker's sub-project linked to
        a yearly series of its own wijk, and a before/after estimate computed from it."""
        import datetime
        from decimal import Decimal

        from django.utils import timezone

        from koers.analysis.models import Area, Dataset, Measure, Observation
        from koers.evaluation import estimates
        from koers.indicators.models import Indicator

        self.estimates = {}
        for index, (scope, programme) in enumerate(self.programmes.items()):
            manager = self.users["programmamanager"] if scope == "own" else self.foreign_manager
            area = Area.objects.create(
                code=f"WK97{index:02d}01", level="wijk", name=f"Schattingswijk {scope}", reference_year=2024
            )
            measure = Measure.objects.create(
                classification="politie", code=f"9.7.{index}", title=f"Schatting {scope}", kind="totaal"
            )
            dataset = Dataset.objects.create(
                source="Proef",
                table_id=f"est{index}",
                title="Misdrijven",
                downloaded_on=datetime.date(2026, 1, 1),
                checksum=f"{index}" * 64,
                imported_at=timezone.now(),
            )
            for year, value in zip(range(2018, 2026), (30, 32, 31, 33, 25, 24, 22, 21), strict=True):
                Observation.objects.create(
                    dataset=dataset,
                    area=area,
                    measure=measure,
                    topic="GeregistreerdeMisdrijven_1",
                    period=f"{year}JJ00",
                    year=year,
                    value=Decimal(value),
                )
            subproject = self.subproject(scope)
            indicator = Indicator.objects.create(
                programme=programme,
                subproject=subproject,
                name=f"Inbraken {scope}",
                area=area,
                measure=measure,
            )
            self.estimates[scope] = estimates.estimate_create(
                actor=manager,
                plan=subproject.evaluation_plan,
                indicator=indicator,
                method="voor_na",
                intervention_start=datetime.date(2022, 1, 1),
            )

    def estimate(self, scope):
        return self.estimates[scope]

    def _add_api(self) -> None:
        """The programme manager's personal API key."""
        from koers.api import services as api_services

        self.api_token = api_services.api_token_create(
            actor=self.users["programmamanager"], name="Rapportage", scope="read_write"
        ).token

    @staticmethod
    def send_proof_mail() -> None:
        """The kept-mail pages show Django's outbox, which is emptied before every test."""
        mail.send_mail("Proef", "Bericht", None, ["iemand@gemeente.example"])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One World for the whole module, inside a transaction that is rolled back at the end; every
    test (and every request in it) runs in a savepoint within it, so nothing leaks between tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = World()
        yield built
        transaction.set_rollback(True)


def status_of(client, world: World, row: Row, role: str, scope: str) -> int:
    with transaction.atomic():
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        url = reverse(row.name, kwargs=row.kwargs(world, scope))
        if row.api:
            data = row.data(world, scope)
            response = client.generic(
                row.method,
                url,
                json.dumps(data, default=str) if row.method != "GET" else "",
                content_type="application/json",
                secure=True,
            )
        else:
            send = client.post if row.method == "POST" else client.get
            response = send(url, row.data(world, scope)) if row.method == "POST" else send(url)
        client.logout()
        transaction.set_rollback(True)
    return response.status_code


def test_every_url_has_a_row():
    names = {row.name for row in ROWS}
    assert len({row.id for row in ROWS}) == len(ROWS), "duplicate rows in the access matrix"
    missing = []
    for route, name in walk(get_resolver().url_patterns):
        if name is None:
            if route not in UNNAMED_ROUTES:
                missing.append(route)
        elif name not in names:
            missing.append(name)
    assert not missing, f"URLs without a row in tests/access_matrix.py: {missing}"
    stale = names - {name for _, name in walk(get_resolver().url_patterns)}
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_url_answers_each_role_as_the_matrix_says(row: Row, world, client, db, settings):
    settings.MFA_ENFORCE = False  # enforcement has its own tests; here: the access rules
    # The page cache on (ADR 0040): a page kept for one role is never what another role gets.
    settings.PAGE_CACHE_SECONDS = 300
    world.send_proof_mail()
    actual, expected = {}, {}
    for scope, table in (("own", row.own), ("foreign", row.foreign)):
        if table is None:
            continue
        for role in ROLES:
            expected[f"{scope}:{role}"] = table[role]
            actual[f"{scope}:{role}"] = status_of(client, world, row, role, scope)
    differences = {
        k: f"got {actual[k]}, matrix says {expected[k]}" for k in expected if actual[k] != expected[k]
    }
    assert not differences, f"{row.name}: {differences}"


@pytest.mark.parametrize("route", sorted(UNNAMED_ROUTES))
def test_unnamed_route_answers_each_role_as_the_matrix_says(route, world, client, db, settings):
    settings.MFA_ENFORCE = False
    world.send_proof_mail()
    actual = {}
    for role in ROLES:
        with transaction.atomic():
            if world.users[role] is not None:
                client.force_login(world.users[role])
            actual[role] = client.get("/" + route).status_code
            client.logout()
            transaction.set_rollback(True)
    assert actual == UNNAMED_ROUTES[route]

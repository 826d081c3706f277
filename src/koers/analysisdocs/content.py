"""What the safety analysis document says, gathered from the programme's data at one moment. The
writers (PDF/A, ODT, DOCX) only lay this out; nothing here knows about a file format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.analysis.charts import trend_chart
from koers.analysis.models import Area
from koers.analysis.selectors import suppress_below, topic_label
from koers.findings.models import FindingEvidence
from koers.findings.reference import EvidenceKind, FindingStatus, LifeDomain
from koers.knowledge.reference import SourceKind
from koers.programmes.models import Programme
from koers.programmes.navigator import evaluate

from . import selectors
from .selectors import CrimeFigures, Figure

STEP = 2
OWN_MILESTONE = "analysisdocs.generated"
PATTERN_LENGTH = 400


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: Decimal | None


@dataclass(frozen=True)
class FigureBlock:
    """A figure of the analysis: its table, the points a chart may draw and notes below it."""

    heading: str
    table: Table
    chart_points: list[ChartPoint] = field(default_factory=list)
    chart_svg: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    title: str
    text: str
    story: str = ""
    details: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one life domain (individual, family, peers, school, …)."""

    domain: str
    findings: list[Finding]


@dataclass(frozen=True)
class MilestoneLine:
    title: str
    met: bool
    detail: str


@dataclass
class DocumentContent:
    title: str
    programme: str
    organisation: str
    municipality: str
    number: int
    made_on: dt.date
    data_as_of: dt.datetime | None
    milestones: list[MilestoneLine]
    headlines: list[tuple[str, str]]
    figures: list[FigureBlock]
    findings: list[FindingGroup]
    sources: Table
    experience_summary: str
    experiences: Table
    limits: list[str]


# Numbers ---------------------------------------------------------------------------------------


def count_text(value: Decimal | int | None) -> str:
    """A count as Dutch readers expect it (``1.204``); below the installation's threshold (5 unless
    ``KOERS_SUPPRESS_BELOW`` says otherwise) it becomes ``< 5``."""
    if value is None:
        return "—"
    threshold = suppress_below()
    if value < threshold:
        return f"< {threshold}"
    return formats.number_format(int(value), force_grouping=True)


def figure_text(figure: Figure) -> str:
    return count_text(figure.value) if figure.known else "—"


def long_date(moment: dt.date | dt.datetime | None) -> str:
    if moment is None:
        return _("unknown")
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return formats.date_format(moment, "j F Y")


# Sections ------------------------------------------------------------------------------------


def milestone_lines(programme: Programme) -> list[MilestoneLine]:
    step = evaluate(programme).steps[STEP - 1]
    return [
        MilestoneLine(str(result.milestone.title), result.met, str(result.check.detail))
        for result in step.results
        if result.milestone.key != OWN_MILESTONE
    ]


def crime_blocks(figures: CrimeFigures) -> list[FigureBlock]:
    """Registered crime per year and per wijk in the latest year, as tables."""
    if not figures.available:
        return []
    assert figures.dataset is not None and figures.municipality is not None
    source = _("Source: %(source)s, table %(table)s (%(title)s), downloaded on %(date)s.") % {
        "source": figures.dataset.source,
        "table": figures.dataset.table_id,
        "title": figures.dataset.title,
        "date": long_date(figures.dataset.downloaded_on),
    }
    points = [
        ChartPoint(figure.label, figure.value if figure.known and not figure.suppressed else None)
        for figure in figures.per_year
    ]
    per_year = FigureBlock(
        heading=_("Registered crime per year"),
        table=Table(
            caption=_("Registered crimes in %(name)s per year") % {"name": figures.municipality.name},
            headers=[_("Year"), _("Registered crimes")],
            rows=[[figure.label, figure_text(figure)] for figure in figures.per_year],
            widths=[1, 2],
        ),
        chart_points=points,
        chart_svg=trend_chart_svg(
            points,
            title=_("Registered crimes in %(name)s per year") % {"name": figures.municipality.name},
        ),
        notes=[source],
    )
    blocks = [per_year]
    if figures.per_district:
        blocks.append(
            FigureBlock(
                heading=_("Registered crime per district in %(year)s") % {"year": figures.latest_year},
                table=Table(
                    caption=_("Registered crimes per district of %(name)s in %(year)s")
                    % {"name": figures.municipality.name, "year": figures.latest_year},
                    headers=[_("District"), _("Registered crimes")],
                    rows=[[figure.label, figure_text(figure)] for figure in figures.per_district],
                    widths=[2, 1],
                ),
                notes=[
                    _(
                        "Sex offences are not published per district, so the districts add up to less "
                        "than the municipality."
                    ),
                    source,
                ],
            )
        )
    return blocks


def trend_chart_svg(points: list[ChartPoint], *, title: str) -> str:
    """The trend as SVG for the PDF (ODT and DOCX show its table). Suppressed and unknown counts
    have no value and are not drawn; with fewer than two values there is no line to draw."""
    if sum(1 for point in points if point.value is not None) < 2:
        return ""
    return str(
        trend_chart(
            [{"period": point.label, "value": point.value} for point in points],
            title=title,
            unit=_("registered crimes"),
        )
    )


def headline_figures(
    programme: Programme, figures: CrimeFigures, counts: dict[str, int]
) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    known = [f for f in figures.per_year if f.known]
    if known:
        latest = known[-1]
        lines.append((_("Registered crimes in %(year)s") % {"year": latest.label}, count_text(latest.value)))
        if len(known) > 1 and not latest.suppressed and not known[-2].suppressed:
            previous = known[-2]
            assert latest.value is not None and previous.value is not None
            if previous.value:
                change = (latest.value - previous.value) * 100 / previous.value
                lines.append(
                    (
                        _("Change since %(year)s") % {"year": previous.label},
                        f"{'+' if change > 0 else ''}{formats.number_format(change, 1)}%",
                    )
                )
        if figures.inhabitants and latest.value is not None and not latest.suppressed:
            rate = latest.value * 1000 / figures.inhabitants
            lines.append(
                (
                    _("Registered crimes per 1,000 inhabitants in %(year)s") % {"year": latest.label},
                    formats.number_format(rate, 1),
                )
            )
    lines.append((_("Sources in the knowledge base"), str(counts["sources"])))
    lines.append((_("Experiences recorded by the team"), str(counts["experiences"])))
    lines.append((_("Team members who recorded experiences"), str(counts["authors"])))
    return lines


def findings_section(programme: Programme) -> list[FindingGroup]:
    """The findings of the analysis grouped by life domain (in the domains' own order), each with
    its kind, status, statement, story, target groups, priority areas and evidence. Three queries."""
    evidence = FindingEvidence.objects.select_related("source", "experience", "area", "measure")
    findings = programme.findings.prefetch_related(
        Prefetch("priority_areas", queryset=Area.objects.order_by("code")),
        Prefetch("evidence", queryset=evidence.order_by("kind", "created_at", "pk")),
    ).order_by("kind", "title", "pk")
    by_domain: dict[str, list[Finding]] = {}
    for finding in findings:
        details = [
            _("%(kind)s · %(status)s")
            % {
                "kind": capfirst(finding.get_kind_display()),
                "status": _("adopted by the team") if finding.status == FindingStatus.ADOPTED else _("draft"),
            }
        ]
        if finding.target_groups:
            details.append(
                _("Target groups: %(groups)s") % {"groups": "; ".join(finding.target_group_labels)}
            )
        areas = list(finding.priority_areas.all())
        if areas:
            details.append(_("Priority areas: %(areas)s") % {"areas": ", ".join(area.name for area in areas)})
        by_domain.setdefault(finding.life_domain, []).append(
            Finding(
                title=finding.title,
                text=finding.statement,
                story=finding.story,
                details=details,
                evidence=[evidence_text(item) for item in finding.evidence.all()],
            )
        )
    return [
        FindingGroup(domain=capfirst(str(label)), findings=by_domain[value])
        for value, label in LifeDomain.choices
        if value in by_domain
    ]


def evidence_text(evidence: Any) -> str:
    """One piece of evidence as a line: the source with its author and year, the experience by
    place and group (never who recorded it), or the figure by measure, area and topic."""
    if evidence.kind == EvidenceKind.SOURCE and evidence.source is not None:
        source = evidence.source
        by = ", ".join(str(part) for part in (source.author, source.year) if part)
        text = _("Source: %(title)s") % {"title": source.title} + (f" ({by})" if by else "")
    elif evidence.kind == EvidenceKind.EXPERIENCE and evidence.experience is not None:
        text = _("Team experience: %(area)s · %(group)s") % {
            "area": evidence.experience.area,
            "group": evidence.experience.group,
        }
    elif evidence.area is not None and evidence.measure is not None:
        text = _("Figure: %(measure)s · %(area)s · %(topic)s") % {
            "measure": evidence.measure.title,
            "area": evidence.area.name,
            "topic": topic_label(evidence.topic),
        }
    else:
        text = str(evidence.get_kind_display())
    return f"{text} — {evidence.note}" if evidence.note else text


def source_table(programme: Programme) -> Table:
    kinds = dict(SourceKind.choices)
    rows = [
        [
            source.title,
            source.author or "—",
            str(source.year) if source.year else "—",
            str(kinds.get(source.kind, source.kind)),
            source.url or (_("PDF in Koers") if source.document else "—"),
        ]
        for source in programme.sources.order_by("-year", "title", "pk")
    ]
    return Table(
        caption=_("Sources in the knowledge base"),
        headers=[_("Title"), _("Author or organisation"), _("Year"), _("Kind"), _("Link")],
        rows=rows,
        widths=[4.5, 3, 1, 2.2, 4],
    )


def experience_table(programme: Programme) -> tuple[str, Table, dict[str, int]]:
    """What the team sees, without the names of the team members who recorded it; the texts
    themselves passed the personal-data guard when they were saved."""
    experiences = list(programme.experiences.order_by("-observed_on", "-created_at", "pk"))
    authors = {e.author_id for e in experiences if e.author_id is not None}
    rows = [
        [
            experience.area,
            experience.group,
            Truncator(experience.pattern).chars(PATTERN_LENGTH),
            long_date(experience.observed_on) if experience.observed_on else "—",
        ]
        for experience in experiences
    ]
    if experiences:
        places = len({e.area.strip().lower() for e in experiences})
        summary = _("%(experiences)s, recorded by %(authors)s, about %(places)s.") % {
            "experiences": ngettext("%(n)s experience", "%(n)s experiences", len(experiences))
            % {"n": len(experiences)},
            "authors": ngettext("%(n)s team member", "%(n)s team members", len(authors))
            % {"n": len(authors)},
            "places": ngettext("%(n)s place", "%(n)s places", places) % {"n": places},
        }
    else:
        summary = _("The team has not recorded any experiences yet.")
    table = Table(
        caption=_("Experiences of the team"),
        headers=[_("Where"), _("Which group"), _("What the team sees"), _("When")],
        rows=rows,
        widths=[2.5, 2.5, 7, 2],
    )
    return summary, table, {"experiences": len(experiences), "authors": len(authors)}


def limits() -> list[str]:
    return [
        _(
            "Registered crime is what the police recorded. Crimes that were not reported or not "
            "discovered are missing, and the police's own priorities influence the figures."
        ),
        _(
            "Sex offences are not published per district or neighbourhood, to protect victims; "
            "the municipal total includes them."
        ),
        _(
            "Counts below %(n)s are shown as “< %(n)s” and are not drawn in charts: small numbers "
            "vary by chance and could point to individual people."
        )
        % {"n": suppress_below()},
        _(
            "CBS rounds some published figures, so a total can differ slightly from the sum of its "
            "parts. Figures of one year can still be revised when a table is updated."
        ),
        _(
            "Districts and neighbourhoods follow the division of one reference year; when the "
            "municipality changes its division, codes and borders change with it."
        ),
    ]


def gather(programme: Programme, *, number: int, data_as_of: dt.datetime | None) -> DocumentContent:
    """Everything the document says, read from the programme's data now."""
    organisation = programme.organisation
    figures = selectors.crime_figures(organisation.cbs_code)
    experience_summary, experiences, counts = experience_table(programme)
    sources = source_table(programme)
    counts["sources"] = len(sources.rows)
    municipality = figures.municipality.name if figures.municipality else organisation.name
    return DocumentContent(
        title=_("Safety analysis %(programme)s") % {"programme": programme.name},
        programme=programme.name,
        organisation=organisation.name,
        municipality=municipality,
        number=number,
        made_on=timezone.localdate(),
        data_as_of=data_as_of,
        milestones=milestone_lines(programme),
        headlines=headline_figures(programme, figures, counts),
        figures=crime_blocks(figures),
        findings=findings_section(programme),
        sources=sources,
        experience_summary=experience_summary,
        experiences=experiences,
        limits=limits(),
    )

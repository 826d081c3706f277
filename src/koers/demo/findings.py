"""Step 2 for the demo: Voorbeeldstad's findings, in five life domains, each resting on the demo's
sources, the team's experiences and (where the demo's official figures are imported) a series of
the statistics, with a few comments and stances. No real people and no young people are named.

Areas and figures are looked up by their codes; when they are not there (no statistics imported)
the findings are made without them, and a later run adds what has become available. Running the
demo again changes nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from koers.analysis.models import Area, Observation
from koers.findings import selectors, services
from koers.findings.models import Finding
from koers.programmes.models import Programme

CRIMES = "GeregistreerdeMisdrijven_1"
NUISANCE = "Registraties_1"
MANAGER = "programmamanager@voorbeeldstad.example"


@dataclass(frozen=True)
class DemoFinding:
    author: str
    kind: str
    life_domain: str
    title: str
    statement: str
    story: str
    target_groups: tuple[tuple[int, int, str], ...]
    areas: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    experiences: tuple[str, ...] = ()  # places of the team's experiences
    figures: tuple[tuple[str, str, str, str], ...] = ()  # area code, measure code, topic, note
    comments: tuple[tuple[str, str], ...] = ()
    stances: tuple[tuple[str, str], ...] = ()
    adopt: bool = False


FINDINGS: tuple[DemoFinding, ...] = (
    DemoFinding(
        author="teamlid@voorbeeldstad.example",
        kind="probleemstelling",
        life_domain="buurt",
        title="Overlast door groepen jongeren in Noord neemt toe",
        statement=(
            "In Noord, vooral rond Winkelcentrum Noord en in de Molenwijk, zijn er steeds meer meldingen "
            "van overlast door groepen jongeren. Winkeliers en bewoners voelen zich vaker geïntimideerd."
        ),
        story=(
            "De meldingen van jeugdoverlast in Noord stijgen sinds 2020 elk jaar, terwijl ze in de rest "
            "van de stad gelijk blijven. Het jongerenwerk ziet dezelfde groepen na schooltijd bij het "
            "winkelcentrum. Een deel van de stijging kan komen doordat winkeliers sneller melden sinds "
            "de app van de wijkagent; dat zoeken we nog uit."
        ),
        target_groups=((14, 18, "jongeren die na schooltijd rond het winkelcentrum hangen"),),
        areas=("WK990101", "BU99010100", "BU99010101"),
        sources=("Straatcoaches en jongerenwerk samen in de avond",),
        experiences=("Winkelcentrum Noord",),
        figures=(("WK990101", "E35", NUISANCE, "stijging van de meldingen jeugdoverlast sinds 2020"),),
        comments=(
            ("teamlid@voorbeeldstad.example", "Herken ik: vooral op woensdag- en vrijdagmiddag."),
            (
                "onderzoeker@voorbeeldstad.example",
                "Zijn er meer incidenten, of wordt er vaker gemeld? Ik vergelijk het met de enquête.",
            ),
        ),
        stances=(
            ("teamlid@voorbeeldstad.example", "eens"),
            ("kwartiermaker@voorbeeldstad.example", "eens"),
            ("onderzoeker@voorbeeldstad.example", "vraag"),
        ),
    ),
    DemoFinding(
        author="kwartiermaker@voorbeeldstad.example",
        kind="risicofactor",
        life_domain="vrije_tijd",
        title="Weinig te doen in de avond sinds de kantine van Sportpark Oost dicht is",
        statement=(
            "Sinds de kantine van Sportpark Oost dicht is, komen minder jongeren naar de avondtraining. "
            "Er is in Oost in de avond weinig ander aanbod voor jongeren van 12 tot 16 jaar."
        ),
        story=(
            "De sportvereniging telt een derde minder jeugdleden bij de avondtraining. In Havenveld "
            "hielp een vast avondprogramma van jongerenwerk en straatcoaches om verveling op straat te "
            "verminderen."
        ),
        target_groups=((12, 16, "jeugdleden en oud-leden van de sportvereniging"),),
        areas=("WK990102", "BU99010201"),
        sources=("Straatcoaches en jongerenwerk samen in de avond",),
        experiences=("Sportpark Oost",),
        stances=(("programmamanager@voorbeeldstad.example", "eens"),),
    ),
    DemoFinding(
        author="onderzoeker@voorbeeldstad.example",
        kind="risicofactor",
        life_domain="online",
        title="Jongeren worden via sociale media geronseld als geldezel",
        statement=(
            "Jongeren krijgen via sociale media aanbiedingen om snel geld te verdienen door hun bankpas "
            "uit te lenen. Wie meedoet, raakt betrokken bij oplichting en witwassen."
        ),
        story=(
            "De geregistreerde cybercrime in Voorbeeldstad is klein in aantallen, maar het onderzoek in "
            "Buurdorp laat zien dat online oplichting onder jongeren groeit. Aangifte blijft vaak uit, "
            "dus de cijfers geven een te laag beeld."
        ),
        target_groups=((15, 20, "jongeren met een eigen bankrekening"),),
        sources=("Jeugdcriminaliteit in Buurdorp 2020–2024",),
        experiences=("Heel Voorbeeldstad, online",),
        figures=(("GM9901", "3.7.4", CRIMES, "kleine aantallen; aangifte blijft vaak uit"),),
    ),
    DemoFinding(
        author="onderzoeker@voorbeeldstad.example",
        kind="risicofactor",
        life_domain="school",
        title="Langdurig schoolverzuim gaat vaak vooraf aan het eerste politiecontact",
        statement=(
            "Jongeren die langdurig verzuimen of zonder diploma van school gaan, komen vaker in aanraking "
            "met de politie. Verzuim is een vroeg signaal dat school en wijkteam samen kunnen oppakken."
        ),
        story=(
            "Het literatuuroverzicht over schoolverzuim en de Jeugdmonitor wijzen dezelfde kant op: een "
            "op de tien leerlingen voelt zich onveilig op weg naar school, en verzuim begint vaak in de "
            "eerste klassen van het voortgezet onderwijs."
        ),
        target_groups=((12, 17, "leerlingen van het voortgezet onderwijs"),),
        sources=("Schoolverzuim als vroeg signaal", "Jeugdmonitor Voorbeeldstad: veiligheid en welzijn"),
        comments=(
            (
                "programmamanager@voorbeeldstad.example",
                "Goed om dit met de leerplichtambtenaar te bespreken in de werkgroep.",
            ),
        ),
        stances=(
            ("programmamanager@voorbeeldstad.example", "eens"),
            ("teamlid@voorbeeldstad.example", "eens"),
        ),
        adopt=True,
    ),
    DemoFinding(
        author="programmamanager@voorbeeldstad.example",
        kind="beschermende_factor",
        life_domain="gezin",
        title="Betrokken ouders en een vaste club beschermen",
        statement=(
            "Jongeren met ouders die weten waar ze zijn en met een vaste sport- of vrijetijdsclub komen "
            "minder vaak in de problemen, ook in wijken met veel overlast."
        ),
        story=(
            "Het onderzoek in Buurdorp en het literatuuroverzicht noemen betrokken ouders als "
            "belangrijkste beschermende factor. In Voorbeeldstad vragen ouders in Noord om meer "
            "informatie over wat hun kinderen online doen."
        ),
        target_groups=((12, 17, "jongeren en hun ouders"),),
        areas=("WK990101",),
        sources=("Jeugdcriminaliteit in Buurdorp 2020–2024", "Schoolverzuim als vroeg signaal"),
    ),
)


def create_findings(programme: Programme, users: dict[str, Any]) -> None:
    """Voorbeeldstad's findings (idempotent)."""
    municipality = selectors.municipality_area(programme)
    choosable = {a.code: a for a in selectors.figure_area_choices(programme, municipality)}
    for spec in FINDINGS:
        _finding(programme, users, spec, choosable)


def _finding(programme: Programme, users: dict[str, Any], spec: DemoFinding, areas: dict[str, Area]) -> None:
    """Create the finding once; a later run only adds areas and evidence that were missing."""
    author = users[spec.author]
    finding = programme.findings.filter(title=spec.title).first()
    created = finding is None
    if finding is None:
        finding = services.finding_create(
            actor=author,
            programme=programme,
            kind=spec.kind,
            title=spec.title,
            statement=spec.statement,
            life_domain=spec.life_domain,
            story=spec.story,
            target_groups=[{"min_age": a, "max_age": b, "description": d} for a, b, d in spec.target_groups],
            priority_areas=[
                areas[code] for code in spec.areas if code in areas and code.startswith(("WK", "BU"))
            ],
        )
        _discuss(finding, users, spec)
    elif finding.is_adopted:
        return
    elif spec.areas and not finding.priority_areas.exists():
        chosen = _priority_areas(spec, areas)
        if chosen:
            services.finding_update(
                actor=author, finding=finding, expected_version=finding.version, priority_areas=chosen
            )
    _evidence(programme, author, finding, spec, areas)
    if spec.adopt and created:
        services.finding_set_status(actor=users[MANAGER], finding=finding, status="vastgesteld")


def _priority_areas(spec: DemoFinding, areas: dict[str, Area]) -> list[Area]:
    """The wijken and buurten of the spec that the installation knows."""
    return [areas[code] for code in spec.areas if code in areas and code.startswith(("WK", "BU"))]


def _evidence(
    programme: Programme, author: Any, finding: Finding, spec: DemoFinding, areas: dict[str, Area]
) -> None:
    linked = set(
        finding.evidence.values_list("source__title", "experience__area", "area__code", "measure__code")
    )
    linked_sources = {row[0] for row in linked if row[0]}
    linked_experiences = {row[1] for row in linked if row[1]}
    linked_figures = {(row[2], row[3]) for row in linked if row[2]}
    for title in spec.sources:
        source = programme.sources.filter(title=title).first()
        if source is not None and title not in linked_sources:
            services.evidence_add(actor=author, finding=finding, source=source)
    for place in spec.experiences:
        experience = programme.experiences.filter(area=place).first()
        if experience is not None and place not in linked_experiences:
            services.evidence_add(actor=author, finding=finding, experience=experience)
    for area_code, measure_code, topic, note in spec.figures:
        area = areas.get(area_code)
        if area is None or (area_code, measure_code) in linked_figures:
            continue
        observation = (
            Observation.objects.filter(area=area, measure__code=measure_code, topic=topic)
            .select_related("measure")
            .first()
        )
        if observation is not None:
            services.evidence_add(
                actor=author, finding=finding, area=area, measure=observation.measure, topic=topic, note=note
            )


def _discuss(finding: Finding, users: dict[str, Any], spec: DemoFinding) -> None:
    for email, text in spec.comments:
        services.comment_add(actor=users[email], finding=finding, text=text)
    for email, stance in spec.stances:
        services.stance_set(actor=users[email], finding=finding, stance=stance)

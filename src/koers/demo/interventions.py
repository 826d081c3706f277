"""The demo's interventions registry: eight fictional installation-wide interventions with varied
levels of evidence, kept by the installation administrator, and one of Voorbeeldstad's own.
Idempotent: an entry that exists (by name) is left alone. Sub-projects of the demo plan link them."""

from __future__ import annotations

from typing import Any

from koers.interventions import services
from koers.interventions.models import Intervention
from koers.interventions.reference import EvidenceLevel as E
from koers.plan.reference import FocusAreaKey as F

NATIONAL: list[dict[str, Any]] = [
    {
        "name": "Thuis Sterk (fictief)",
        "description": "Gezinscoaching aan huis voor ouders van jongeren die dreigen af te glijden; "
        "wekelijks bezoek gedurende een half jaar.",
        "target_min_age": 10,
        "target_max_age": 16,
        "target_description": "ouders van jongeren met eerste politiecontacten",
        "focus_areas": [F.FAMILY],
        "provider": "Stichting Gezinskracht (fictief)",
        "evidence_level": E.EFFECTIVE_GOOD,
    },
    {
        "name": "Buurtmentor (fictief)",
        "description": "Een vrijwillige mentor uit de eigen wijk trekt een jaar op met een jongere.",
        "target_min_age": 12,
        "target_max_age": 18,
        "target_description": "jongeren zonder positief rolmodel in de buurt",
        "focus_areas": [F.NEIGHBOURHOOD, F.LEISURE],
        "provider": "Mentorwerk Nederland (fictief)",
        "evidence_level": E.EFFECTIVE_FIRST,
    },
    {
        "name": "Klas op Koers (fictief)",
        "description": "Lessenreeks over groepsdruk, grenzen en keuzes, gegeven door docent en "
        "wijkagent samen.",
        "target_min_age": 11,
        "target_max_age": 14,
        "target_description": "leerlingen in de brugklas",
        "focus_areas": [F.SCHOOL],
        "provider": "Schoolveilig (fictief)",
        "evidence_level": E.WELL_FOUNDED,
    },
    {
        "name": "Eerste Baan Traject (fictief)",
        "description": "Begeleiding naar een bijbaan of leerwerkplek, met een vaste contactpersoon "
        "bij de werkgever.",
        "target_min_age": 16,
        "target_max_age": 23,
        "target_description": "jongeren zonder startkwalificatie",
        "focus_areas": [F.WORK],
        "provider": "Werkpunt (fictief)",
        "evidence_level": E.WELL_DESCRIBED,
    },
    {
        "name": "Straatsport Plus (fictief)",
        "description": "Sport op pleinen in de avonduren, gekoppeld aan gesprekken met een jongerenwerker.",
        "target_min_age": 10,
        "target_max_age": 18,
        "target_description": "jongeren die 's avonds op straat rondhangen",
        "focus_areas": [F.LEISURE, F.NEIGHBOURHOOD],
        "provider": "Jongerenwerk (fictief)",
        "evidence_level": E.NOT_ASSESSED,
    },
    {
        "name": "Online Wijs (fictief)",
        "description": "Workshops over online uitbuiting, geldezels en sextortion voor jongeren en ouders.",
        "target_min_age": 12,
        "target_max_age": 18,
        "target_description": "jongeren en hun ouders",
        "focus_areas": [F.ONLINE, F.FAMILY],
        "provider": "Digitaal Veilig (fictief)",
        "evidence_level": E.WELL_DESCRIBED,
    },
    {
        "name": "Multisysteem Aanpak Jeugd (fictief)",
        "description": "Intensieve behandeling van jongere en gezin samen, gericht op gezin, school "
        "en vrienden tegelijk.",
        "target_min_age": 12,
        "target_max_age": 18,
        "target_description": "jongeren met ernstig antisociaal gedrag",
        "focus_areas": [F.FAMILY, F.SCHOOL, F.NEIGHBOURHOOD],
        "provider": "Jeugdzorg Regio (fictief)",
        "evidence_level": E.EFFECTIVE_STRONG,
    },
    {
        "name": "Rolmodellen in de Wijk (fictief)",
        "description": "Jongvolwassenen uit de wijk vertellen op scholen en in buurthuizen over hun "
        "eigen keuzes.",
        "target_min_age": 10,
        "target_max_age": 16,
        "target_description": "jongeren in wijken met veel jeugdoverlast",
        "focus_areas": [F.NEIGHBOURHOOD, F.SCHOOL],
        "provider": "",
        "evidence_level": E.NOT_ASSESSED,
    },
]

OWN: list[dict[str, Any]] = [
    {
        "name": "Voorbeeldstad Pleinaanpak (fictief)",
        "description": "Eigen aanpak van Voorbeeldstad: jongerenwerk, handhaving en buurtbewoners "
        "maken samen afspraken over een plein.",
        "target_min_age": 12,
        "target_max_age": 20,
        "target_description": "jongeren op pleinen met overlast",
        "focus_areas": [F.NEIGHBOURHOOD],
        "provider": "Gemeente Voorbeeldstad",
        "evidence_level": E.NOT_ASSESSED,
    },
]


def create_interventions(*, administrator: Any, organisation: Any, manager: Any) -> None:
    for spec in NATIONAL:
        if not Intervention.objects.filter(organisation__isnull=True, name=spec["name"]).exists():
            services.intervention_create(actor=administrator, organisation=None, **spec)
    for spec in OWN:
        if not Intervention.objects.filter(organisation=organisation, name=spec["name"]).exists():
            services.intervention_create(actor=manager, organisation=organisation, **spec)

"""Plain-language texts for methods, design strengths and caveats, in Dutch and English.

The statistics module does not import Django, so it cannot use gettext. A result carries stable
keys and parameters; these dictionaries turn them into text. The Django layer passes the active
language (``get_language()``); any language other than English gets Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("nl", "en")

METHODS: dict[str, dict[str, str]] = {
    "rate_change": {
        "nl": (
            "Voor-en-navergelijking: het aantal voorvallen na de start gedeeld door het aantal "
            "ervoor (rekening houdend met de lengte van beide periodes). Betrouwbaarheidsinterval en "
            "p-waarde zijn exact berekend (Poisson, voorwaardelijk op het totaal)."
        ),
        "en": (
            "Before/after comparison: the number of events after the start divided by the number "
            "before (allowing for the length of both periods). Interval and p-value are exact "
            "(Poisson, conditional on the total)."
        ),
    },
    "did_2x2": {
        "nl": (
            "Verschil-in-verschillen: de verandering in het eigen gebied min de verandering in de "
            "vergelijkingsgebieden over dezelfde periode (twee groepen, twee periodes)."
        ),
        "en": (
            "Difference-in-differences: the change in the own area minus the change in the "
            "comparison areas over the same time (two groups, two periods)."
        ),
    },
    "did_panel": {
        "nl": (
            "Verschil-in-verschillen over meerdere periodes: elk gebied en elke periode krijgt een "
            "eigen niveau (vaste effecten); de onzekerheid houdt rekening met samenhang binnen een "
            "gebied (geclusterde standaardfouten)."
        ),
        "en": (
            "Difference-in-differences over several periods: every area and every period has its "
            "own level (two-way fixed effects); the uncertainty allows for correlation within an "
            "area (cluster-robust standard errors)."
        ),
    },
    "pre_trend": {
        "nl": (
            "Toets op gelijke trends vóór de start: verschilt de lijn van het eigen gebied van die "
            "van de vergelijkingsgebieden in de periode voor de start?"
        ),
        "en": (
            "Pre-trend check: does the own area's line differ from the comparison areas' line in "
            "the periods before the start?"
        ),
    },
    "its_level": {
        "nl": (
            "Onderbroken tijdreeks: de sprong in het niveau op het moment van de start, ten opzichte "
            "van de voortgezette trend van ervoor."
        ),
        "en": (
            "Interrupted time series: the jump in level at the start, compared with the continued "
            "trend from before."
        ),
    },
    "its_slope": {
        "nl": (
            "Onderbroken tijdreeks: de verandering van de trend (per periode) na de start ten "
            "opzichte van de trend ervoor."
        ),
        "en": (
            "Interrupted time series: the change in trend (per period) after the start compared "
            "with the trend before."
        ),
    },
    "wdd": {
        "nl": (
            "Gewogen verplaatsingsverschil (Wheeler & Ratcliffe): de verandering in aantallen in "
            "het aanpakgebied min die in het controlegebied, plus die in de buffer rond het "
            "aanpakgebied min die in zijn controlegebied."
        ),
        "en": (
            "Weighted displacement difference (Wheeler & Ratcliffe): the change in counts in the "
            "target area minus that in the control area, plus that in the buffer around the target "
            "area minus that in its control area."
        ),
    },
    "wdd_relative": {
        "nl": (
            "Relatieve verandering: de verhouding na/voor in het aanpakgebied gedeeld door die in "
            "het controlegebied."
        ),
        "en": (
            "Relative change: the after/before ratio in the target area divided by that in the control area."
        ),
    },
}

STRENGTHS: dict[str, dict[str, str]] = {
    "weak": {"nl": "zwak", "en": "weak"},
    "moderate": {"nl": "matig", "en": "moderate"},
    "strong": {"nl": "sterk", "en": "strong"},
}

STRENGTH_REASONS: dict[str, dict[str, str]] = {
    "before_after": {
        "nl": (
            "Alleen een voor-en-navergelijking zonder vergelijkingsgebied: een verandering kan ook "
            "door iets anders komen (landelijke trend, toeval, terugkeer naar het gemiddelde)."
        ),
        "en": (
            "Only a before/after comparison without a comparison area: a change can have other "
            "causes (national trend, chance, regression to the mean)."
        ),
    },
    "comparison_two_periods": {
        "nl": (
            "Vergelijking met andere gebieden, maar met één periode ervoor: of de trends vooraf "
            "gelijk liepen, is niet te controleren."
        ),
        "en": (
            "Comparison with other areas, but with one period before: whether the trends ran "
            "parallel beforehand cannot be checked."
        ),
    },
    "comparison_panel": {
        "nl": "Vergelijking met andere gebieden over meerdere periodes.",
        "en": "Comparison with other areas over several periods.",
    },
    "comparison_panel_checked": {
        "nl": (
            "Vergelijking met voldoende andere gebieden over meerdere periodes, en de trends liepen "
            "vóór de start gelijk op."
        ),
        "en": (
            "Comparison with enough other areas over several periods, and the trends ran parallel "
            "before the start."
        ),
    },
    "time_series": {
        "nl": (
            "Een lange reeks metingen voor en na de start, maar zonder vergelijkingsgebied: een "
            "gelijktijdige andere gebeurtenis kan het effect verklaren."
        ),
        "en": (
            "A long series of measurements before and after the start, but without a comparison "
            "area: another event at the same time can explain the effect."
        ),
    },
    "place_based_control": {
        "nl": "Vergelijking van aantallen voor en na met een controlegebied.",
        "en": "Comparison of counts before and after with a control area.",
    },
    "randomised": {
        "nl": "Gerandomiseerd onderzoek (extern uitgevoerd).",
        "en": "Randomised study (carried out externally).",
    },
}

CAVEATS: dict[str, dict[str, str]] = {
    "few_events": {
        "nl": (
            "Minder dan {minimum} voorvallen in {where}: te weinig om een effect betrouwbaar te schatten."
        ),
        "en": "Fewer than {minimum} events in {where}: too few to estimate an effect reliably.",
    },
    "zero_count": {
        "nl": "Geen enkel voorval in {where}: de verhouding is niet te berekenen.",
        "en": "No events at all in {where}: the ratio cannot be computed.",
    },
    "no_variation": {
        "nl": (
            "Te weinig waarnemingen per groep en periode om de onzekerheid te berekenen "
            "(minstens twee per cel nodig)."
        ),
        "en": "Too few observations per group and period to compute the uncertainty (two per cell needed).",
    },
    "parallel_trends_unchecked": {
        "nl": (
            "Met één periode vóór de start is niet te controleren of het eigen gebied en de "
            "vergelijkingsgebieden vooraf gelijk opliepen; de schatting rust op die aanname."
        ),
        "en": (
            "With one period before the start it cannot be checked whether the own area and the "
            "comparison areas ran parallel beforehand; the estimate rests on that assumption."
        ),
    },
    "pre_trends_differ": {
        "nl": (
            "De vergelijkingsgebieden liepen vóór de start anders dan het eigen gebied (verschil "
            "in trend {difference} per periode, p = {p_value}); het verschil na de start is "
            "daardoor geen betrouwbare schatting van het effect."
        ),
        "en": (
            "The comparison areas trended differently from the own area before the start "
            "(difference in trend {difference} per period, p = {p_value}); the difference after "
            "the start is therefore not a reliable estimate of the effect."
        ),
    },
    "pre_trend_untestable": {
        "nl": (
            "Minder dan {minimum} periodes vóór de start: of de trends vooraf gelijk liepen, is "
            "niet te toetsen."
        ),
        "en": "Fewer than {minimum} periods before the start: parallel pre-trends cannot be tested.",
    },
    "few_clusters": {
        "nl": (
            "Maar {clusters} gebieden: de geclusterde standaardfout is bij minder dan {minimum} "
            "gebieden onbetrouwbaar en meestal te klein; het interval is waarschijnlijk te smal."
        ),
        "en": (
            "Only {clusters} areas: the cluster-robust standard error is unreliable with fewer than "
            "{minimum} areas and usually too small; the interval is probably too narrow."
        ),
    },
    "single_treated_unit": {
        "nl": (
            "Eén aanpakgebied: de onzekerheid over het effect steunt vooral op de variatie tussen "
            "de vergelijkingsgebieden."
        ),
        "en": (
            "One treated area: the uncertainty about the effect rests mainly on the variation "
            "among the comparison areas."
        ),
    },
    "placebo_areas": {
        "nl": (
            "Toets met placebogebieden: als elk van de {areas} vergelijkingsgebieden de aanpak had "
            "gekregen, was het verschil in {as_large} gevallen even groot of groter (p = {p_value}). "
            "Met zo weinig gebieden kan deze p-waarde niet kleiner worden dan {minimum_p}."
        ),
        "en": (
            "Placebo-area test: had each of the {areas} comparison areas received the intervention, "
            "the difference would have been as large or larger in {as_large} cases (p = {p_value}). "
            "With so few areas this p-value cannot be smaller than {minimum_p}."
        ),
    },
    "staggered_start": {
        "nl": (
            "De aanpak begon niet overal tegelijk; bij verschillende startmomenten kan de "
            "schatting met vaste effecten vertekend zijn."
        ),
        "en": (
            "The intervention did not start everywhere at once; with different start dates the "
            "two-way fixed effects estimate can be biased."
        ),
    },
    "no_comparison": {
        "nl": "Er zijn geen vergelijkingsgebieden of geen periodes vóór de start.",
        "en": "There are no comparison areas or no periods before the start.",
    },
    "too_few_periods": {
        "nl": (
            "{pre} periodes vóór en {post} na de start; voor een tijdreeksanalyse zijn er minstens "
            "{minimum} aan elke kant nodig."
        ),
        "en": (
            "{pre} periods before and {post} after the start; a time-series analysis needs at "
            "least {minimum} on each side."
        ),
    },
    "short_series": {
        "nl": (
            "{pre} periodes vóór en {post} na de start; met minder dan {recommended} aan elke kant "
            "zijn trend en seizoen lastig te onderscheiden."
        ),
        "en": (
            "{pre} periods before and {post} after the start; with fewer than {recommended} on "
            "each side trend and season are hard to tell apart."
        ),
    },
    "too_few_for_season": {
        "nl": (
            "Voor een correctie voor seizoenen zijn minstens {minimum} maanden nodig; er zijn er {periods}."
        ),
        "en": "A seasonal adjustment needs at least {minimum} months; there are {periods}.",
    },
    "small_counts_linear": {
        "nl": (
            "Gemiddeld minder dan {minimum} voorvallen per periode: een lineair model is dan een "
            "ruwe benadering."
        ),
        "en": (
            "On average fewer than {minimum} events per period: a linear model is then a rough approximation."
        ),
    },
    "gaps_in_series": {
        "nl": "De reeks heeft ontbrekende periodes; de analyse gaat uit van gelijke stappen.",
        "en": "The series has missing periods; the analysis assumes equal steps.",
    },
    "poisson_assumption": {
        "nl": (
            "De onzekerheid gaat uit van toevallige schommelingen zoals bij een Poisson-verdeling; "
            "bij meer schommeling (bijvoorbeeld veel voorvallen van dezelfde daders) is het "
            "interval te smal."
        ),
        "en": (
            "The uncertainty assumes Poisson-like chance variation; with more variation (for "
            "example many events by the same offenders) the interval is too narrow."
        ),
    },
    "regression_to_mean": {
        "nl": (
            "Als het gebied gekozen is omdat het aantal juist hoog was, daalt het vaak vanzelf "
            "(terugkeer naar het gemiddelde)."
        ),
        "en": (
            "If the area was chosen because its count was high, it often falls by itself "
            "(regression to the mean)."
        ),
    },
    "displacement_area_small_counts": {
        "nl": "Minder dan {minimum} voorvallen in {where}; de schatting van verplaatsing is onzeker.",
        "en": "Fewer than {minimum} events in {where}; the displacement estimate is uncertain.",
    },
}

WHERE: dict[str, dict[str, str]] = {
    "pre": {"nl": "de periode vóór de start", "en": "the period before the start"},
    "post": {"nl": "de periode na de start", "en": "the period after the start"},
    "cell": {"nl": "een groep-periodecombinatie", "en": "a group-period cell"},
    "treated_pre": {"nl": "het aanpakgebied vóór de start", "en": "the target area before the start"},
    "treated_post": {"nl": "het aanpakgebied na de start", "en": "the target area after the start"},
    "control_pre": {"nl": "het controlegebied vóór de start", "en": "the control area before the start"},
    "control_post": {"nl": "het controlegebied na de start", "en": "the control area after the start"},
    "displacement_pre": {"nl": "de buffer vóór de start", "en": "the buffer before the start"},
    "displacement_post": {"nl": "de buffer na de start", "en": "the buffer after the start"},
    "displacement_control_pre": {
        "nl": "het controlegebied van de buffer vóór de start",
        "en": "the buffer's control area before the start",
    },
    "displacement_control_post": {
        "nl": "het controlegebied van de buffer na de start",
        "en": "the buffer's control area after the start",
    },
    "series_pre": {"nl": "de reeks vóór de start", "en": "the series before the start"},
    "series_post": {"nl": "de reeks na de start", "en": "the series after the start"},
}

SCALES: dict[str, dict[str, str]] = {
    "rate_ratio": {
        "nl": "verhouding (1 = geen verandering; 0,8 = 20 % minder)",
        "en": "ratio (1 = no change; 0.8 = 20 % fewer)",
    },
    "difference": {
        "nl": "verschil (0 = geen verandering), in de eenheid van de uitkomst",
        "en": "difference (0 = no change), in the outcome's unit",
    },
    "count_difference": {
        "nl": "verschil in aantal voorvallen (0 = geen verandering)",
        "en": "difference in number of events (0 = no change)",
    },
}


def pick(table: Mapping[str, Mapping[str, str]], key: str, language: str) -> str:
    """The text for ``key`` in ``language`` (Dutch for anything but English)."""
    entry = table[key]
    return entry["en" if language.startswith("en") else "nl"]


def format_number(value: object, language: str) -> str:
    """A short rendering of a number for a caveat text: decimal comma in Dutch."""
    if isinstance(value, float):
        text = f"{value:.3g}"
        return text if language.startswith("en") else text.replace(".", ",")
    return str(value)

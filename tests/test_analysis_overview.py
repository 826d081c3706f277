"""Step 2's landing page: its milestones, the parts of the analysis and the official figures."""

from __future__ import annotations

from django.urls import reverse

from koers.analysis.models import Area


def test_the_analysis_page_shows_step_two_and_whether_the_municipality_is_known(
    manager_client, programme, settings
):
    settings.MFA_ENFORCE = False
    programme.organisation.cbs_code = "GM9123"
    programme.organisation.save()
    url = reverse("analysis_overview", kwargs={"programme_uuid": programme.uuid})

    response = manager_client.get(url)
    assert response.status_code == 200
    assert [r.milestone.step for r in response.context["step"].results] == [2] * len(
        response.context["step"].results
    )
    assert response.context["statistics"]["area"] is None

    municipality = Area.objects.create(code="GM9123", level="gemeente", name="Proefstad", reference_year=2024)
    wijk = Area.objects.create(
        code="WK912300", level="wijk", name="Centrum", parent=municipality, reference_year=2024
    )
    Area.objects.create(code="BU91230000", level="buurt", name="Oud", parent=wijk, reference_year=2024)
    statistics = manager_client.get(url).context["statistics"]
    assert statistics["area"] == municipality
    assert (statistics["wijken"], statistics["buurten"], statistics["datasets"]) == (1, 1, [])

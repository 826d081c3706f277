"""Plan versions, continued: the files are made by a background task that reports its stages to
the shared cache, and the version page follows it with a progress bar (htmx, and a refresh without
JavaScript); a submitted version can be sent back to concept, an approved one cannot."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers import progress as shared_progress
from koers.analysisdocs.models import DocumentStatus
from koers.audit.models import AuditEvent
from koers.plandocs import services, tasks
from koers.plandocs.models import PlanVersion, PlanVersionStatus
from tests import factories
from tests.test_plandocs import approve, make, make_plan

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def plan(programme, manager):
    return make_plan(programme)


ALL_STAGES = [
    ("gather", 0, 5),
    ("pdf", 1, 5),
    ("odt", 2, 5),
    ("docx", 3, 5),
    ("save", 4, 5),
    ("save", 5, 5),
]


def running(programme, manager) -> PlanVersion:
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    PlanVersion.objects.filter(pk=version.pk).update(file_status=DocumentStatus.RUNNING)
    version.refresh_from_db()
    return version


def detail(programme, number: int = 1) -> str:
    return reverse("plan_version_detail", args=[programme.uuid, number])


def status_url(programme, number: int = 1) -> str:
    return reverse("plan_version_files_status", args=[programme.uuid, number])


# The task reports its stages --------------------------------------------------------------------


def test_the_task_reports_each_stage_in_order_then_done(programme, manager, plan):
    version = running(programme, manager)
    reported: list[tuple[str, int, int]] = []
    assert tasks.make_files(version, progress=lambda *report: reported.append(report))
    assert reported == ALL_STAGES
    version.refresh_from_db()
    assert version.files_ready and version.pdf and version.odt and version.docx


def test_the_task_writes_its_progress_to_the_shared_cache_and_clears_it_at_the_end(
    programme,
    manager,
    plan,
    monkeypatch,
):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    PlanVersion.objects.filter(pk=version.pk).update(file_status=DocumentStatus.QUEUED)
    key = tasks.progress_key(version)
    written: list[tuple[str, int, int]] = []
    original = cache.set

    def spy(name, value, *args, **kwargs):
        if name == key:
            # What the page would read at this moment, while the task's work is going on.
            assert PlanVersion.objects.get(pk=version.pk).file_status == DocumentStatus.RUNNING
            written.append((value["stage"], value["done"], value["total"]))
        return original(name, value, *args, **kwargs)

    monkeypatch.setattr(shared_progress.cache, "set", spy)
    assert tasks.generate_plan_files.call(str(version.uuid)) is True
    assert written == ALL_STAGES
    assert cache.get(key) is None
    version.refresh_from_db()
    assert version.files_ready


def test_a_failing_writer_ends_failed_and_leaves_no_progress(programme, manager, plan, monkeypatch):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    PlanVersion.objects.filter(pk=version.pk).update(file_status=DocumentStatus.QUEUED)

    def broken(gathered):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(tasks.writers, "odt", broken)
    assert tasks.generate_plan_files.call(str(version.uuid)) is False
    version.refresh_from_db()
    assert version.file_status == DocumentStatus.FAILED and not version.pdf
    assert cache.get(tasks.progress_key(version)) is None


# The page follows the task ------------------------------------------------------------------------


def test_while_the_files_are_made_the_page_shows_a_progress_bar_and_polls(
    manager_client,
    programme,
    manager,
    plan,
):
    version = running(programme, manager)
    shared_progress.cache_hook(tasks.progress_key(version))("odt", 2, 5)
    page = manager_client.get(detail(programme)).content.decode()
    assert '<progress class="koers-progress" id="plan-files-progress" max="100" value="40"' in page
    assert "Making the ODT" in page or "ODT maken" in page
    assert "40%" in page and ("step 3 of 5" in page or "stap 3 van 5" in page)
    assert f'hx-get="{status_url(programme)}"' in page and 'hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert reverse("plan_version_download", args=[programme.uuid, 1, "pdf"]) not in page
    fragment = manager_client.get(status_url(programme))
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="plan-files-status"')
    assert 'value="40"' in text and f'hx-get="{status_url(programme)}"' in text


def test_a_version_waiting_for_the_worker_shows_zero_and_keeps_polling(
    manager_client, programme, manager, plan
):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    PlanVersion.objects.filter(pk=version.pk).update(file_status=DocumentStatus.QUEUED)
    page = manager_client.get(detail(programme)).content.decode()
    assert 'value="0"' in page and 'hx-trigger="every' in page and 'http-equiv="refresh"' in page


def test_when_the_files_are_made_the_page_shows_the_downloads_and_stops_polling(
    manager_client,
    programme,
    manager,
    plan,
    django_capture_on_commit_callbacks,
):
    make(programme, manager, django_capture_on_commit_callbacks)
    for url in (detail(programme), status_url(programme)):
        page = manager_client.get(url).content.decode()
        for fmt in ("pdf", "odt", "docx"):
            assert reverse("plan_version_download", args=[programme.uuid, 1, fmt]) in page
        assert (
            "<progress" not in page and 'hx-trigger="every' not in page and 'http-equiv="refresh"' not in page
        )


def test_failed_files_stop_the_polling_too(manager_client, programme, manager, plan):
    services.version_create(actor=manager, programme=programme, with_files=False)  # "mislukt": no files
    page = manager_client.get(status_url(programme)).content.decode()
    assert 'hx-trigger="every' not in page and "<progress" not in page


def test_the_status_fragment_is_for_readers_of_the_programme_only(
    client,
    programme,
    manager,
    plan,
    foreign_programme,
):
    running(programme, manager)
    client.force_login(factories.member(programme, "meelezer"))
    assert client.get(status_url(programme)).status_code == 200
    client.force_login(factories.member(foreign_programme, "programmamanager"))
    assert client.get(status_url(programme)).status_code == 404


# Back to concept ----------------------------------------------------------------------------------


def test_a_submitted_version_goes_back_to_concept_audited_and_can_be_submitted_again(
    programme,
    manager,
    plan,
):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    services.version_submit(actor=manager, version=version)
    version = services.version_withdraw(actor=manager, version=version)
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.CONCEPT and version.submitted_at is None
    event = AuditEvent.objects.filter(action="plan_version.withdraw").get()
    assert event.changes["status"] == ["ingediend", "concept"]
    # As a concept again it takes the plan as it is now, under the same number.
    refreshed, new = services.version_create(actor=manager, programme=programme, with_files=False)
    assert (refreshed.pk, new) == (version.pk, False)
    services.version_submit(actor=manager, version=version)
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.SUBMITTED


def test_an_approved_version_stays_frozen(programme, manager, plan):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    approve(version, manager, plan["steering"])
    with pytest.raises(ValidationError) as refused:
        services.version_withdraw(actor=manager, version=version)
    assert refused.value.code == "frozen"
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.APPROVED
    assert not AuditEvent.objects.filter(action="plan_version.withdraw").exists()


def test_a_concept_cannot_be_withdrawn(programme, manager, plan):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    with pytest.raises(ValidationError) as refused:
        services.version_withdraw(actor=manager, version=version)
    assert refused.value.code == "invalid_transition"


def test_while_a_newer_concept_exists_the_submitted_version_stays_submitted(programme, manager, plan):
    first, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    services.version_submit(actor=manager, version=first)
    second, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    with pytest.raises(ValidationError) as refused:
        services.version_withdraw(actor=manager, version=first)
    assert refused.value.code == "concept_exists" and str(second.number) in refused.value.messages[0]
    first.refresh_from_db()
    assert first.status == PlanVersionStatus.SUBMITTED


def test_the_manager_sends_a_version_back_through_the_page(manager_client, programme, manager, plan, says):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    withdraw = reverse("plan_version_withdraw", args=[programme.uuid, 1])
    assert withdraw not in manager_client.get(detail(programme)).content.decode()  # a concept: no button
    services.version_submit(actor=manager, version=version)
    assert withdraw in manager_client.get(detail(programme)).content.decode()
    response = manager_client.post(withdraw, follow=True)
    says(response, "Version %(number)s is a concept again and can be changed.", number=1)
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.CONCEPT


def test_a_stale_page_cannot_send_an_approved_version_back(manager_client, programme, manager, plan, says):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    approve(version, manager, plan["steering"])
    response = manager_client.post(reverse("plan_version_withdraw", args=[programme.uuid, 1]), follow=True)
    says(
        response,
        "An approved version is frozen and cannot go back to concept. Make a new concept version instead.",
    )
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.APPROVED


@pytest.mark.parametrize("role", ["kwartiermaker", "teamlid", "stuurgroeplid"])
def test_only_the_programme_manager_sends_a_version_back(client, programme, manager, plan, role):
    version, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    services.version_submit(actor=manager, version=version)
    client.force_login(factories.member(programme, role))
    withdraw = reverse("plan_version_withdraw", args=[programme.uuid, 1])
    assert withdraw not in client.get(detail(programme)).content.decode()
    assert client.post(withdraw).status_code == 403
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.SUBMITTED

"""Documents whose worker died while making the files: the task, run again, makes them from the
start; while another worker holds the document's lock, it does nothing."""

from __future__ import annotations

import threading

from django.db import connection

from koers.analysisdocs import services as analysis_documents
from koers.analysisdocs.models import AnalysisDocument, DocumentStatus
from koers.analysisdocs.tasks import generate_analysis_document
from koers.deployment import locks
from koers.plandocs import services as plan_documents
from koers.plandocs.models import PlanVersion
from koers.plandocs.tasks import generate_plan_files


def cut_off(model, pk, field: str) -> None:
    """What a worker killed in the middle leaves behind: the item marked as being made."""
    model.objects.filter(pk=pk).update(**{field: DocumentStatus.RUNNING})


def test_an_analysis_document_left_running_is_made_again(programme, manager):
    document = analysis_documents.document_request(actor=manager, programme=programme)
    cut_off(AnalysisDocument, document.pk, "status")

    assert generate_analysis_document.call(str(document.uuid)) is True

    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.pdf.read(5) == b"%PDF-"


def test_plan_files_left_running_are_made_again(programme, manager):
    version, _new = plan_documents.version_create(actor=manager, programme=programme, with_files=False)
    cut_off(PlanVersion, version.pk, "file_status")

    assert generate_plan_files.call(str(version.uuid)) is True

    version.refresh_from_db()
    assert version.file_status == DocumentStatus.DONE
    assert version.docx and version.odt and version.pdf


def test_a_document_whose_lock_is_held_elsewhere_is_left_alone(programme, manager):
    document = analysis_documents.document_request(actor=manager, programme=programme)
    cut_off(AnalysisDocument, document.pk, "status")
    held, release = threading.Event(), threading.Event()

    def other_worker() -> None:  # holds the lock as a live worker making the files would
        try:
            with locks.exclusive(f"koers:analysis-document:{document.uuid}") as mine:
                assert mine
                held.set()
                release.wait(30)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=other_worker)
    thread.start()
    held.wait(30)
    try:
        assert generate_analysis_document.call(str(document.uuid)) is False
    finally:
        release.set()
        thread.join()
    document.refresh_from_db()
    assert document.status == DocumentStatus.RUNNING  # untouched: the other worker is busy with it

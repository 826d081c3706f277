"""Every write of the knowledge base and the team's experiences. Each change records one audit
event; sources and experiences are versioned, so a stale save never overwrites someone else's work."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from koers import uploads
from koers.audit.services import apply_changes, record
from koers.concurrency import bump_version, check_version
from koers.deployment.storage import save_upload
from koers.programmes.models import Programme
from koers.teams.models import Person

from .models import Experience, Source
from .reference import FocusArea

SOURCE_FIELDS = (
    "title",
    "author",
    "year",
    "municipality",
    "kind",
    "url",
    "summary",
    "focus_areas",
    "themes",
)
EXPERIENCE_FIELDS = ("area", "group", "pattern", "observed_on")
MAX_PDF_BYTES = 20 * 1024 * 1024


def check_pdf(document: Any) -> None:
    """Refuse anything that is not really a PDF (by its first bytes) or is larger than 20 MB."""
    size = getattr(document, "size", None)
    if size is not None and size > MAX_PDF_BYTES:
        raise ValidationError(
            {"document": ValidationError(_("The file is larger than 20 MB."), code="too_large")}
        )
    try:
        kind = uploads.detect(document, size=size if size is not None else MAX_PDF_BYTES)
    except ValidationError:  # a damaged or oversized archive: not a PDF either
        kind = None
    if kind != "pdf":
        raise ValidationError(
            {
                "document": ValidationError(
                    _("This file is not a PDF. Upload a PDF document, or add a link instead."), code="not_pdf"
                )
            }
        )


def clean_themes(themes: str) -> str:
    """Comma-separated tags without blanks or doubles, in the order given."""
    seen: dict[str, str] = {}
    for tag in themes.split(","):
        tag = " ".join(tag.split())
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return ", ".join(seen.values())


def _clean_focus_areas(areas: Iterable[str]) -> list[str]:
    chosen = set(areas)
    if chosen - set(FocusArea.values):
        raise ValidationError({"focus_areas": _("Choose focus areas from the list.")})
    return [a for a in FocusArea.values if a in chosen]


def _source_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in SOURCE_FIELDS if name in values}
    for name in ("title", "author", "municipality", "url", "summary"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "themes" in cleaned:
        cleaned["themes"] = clean_themes(cleaned["themes"] or "")
    if "focus_areas" in cleaned:
        cleaned["focus_areas"] = _clean_focus_areas(cleaned["focus_areas"] or ())
    return cleaned


def _require_link_or_document(source: Source) -> None:
    if not source.url and not source.document:
        raise ValidationError(_("Add a link or upload a PDF."))


# Sources --------------------------------------------------------------------------------------


@transaction.atomic
def source_create(
    *, actor: Any, programme: Programme, document: UploadedFile | None = None, **values: Any
) -> Source:
    cleaned = _source_values(values)
    source = Source(programme=programme, created_by=actor, updated_by=actor, **cleaned)
    if document is not None:
        check_pdf(document)
    elif not source.url:
        _require_link_or_document(source)
    source.full_clean(exclude=["document"])
    if document is not None:
        save_upload(source.document, "bron.pdf", document, field="document")
    source.save()
    changes = {name: [None, getattr(source, name)] for name in cleaned}
    if document is not None:
        changes["document"] = [None, "PDF"]
    record(actor=actor, action="source.create", obj=source, programme=programme, changes=changes)
    return source


@transaction.atomic
def source_update(
    *,
    actor: Any,
    source: Source,
    expected_version: int | None,
    document: UploadedFile | None = None,
    remove_document: bool = False,
    **values: Any,
) -> Source:
    check_version(source, expected_version)
    if document is not None:
        check_pdf(document)
    changes = apply_changes(source, _source_values(values))
    old_document = source.document.name if source.document else ""
    if document is not None or (remove_document and old_document):
        changes["document"] = ["PDF" if old_document else None, "PDF" if document is not None else None]
    if not changes:
        return source
    if remove_document and document is None:
        source.document = ""
    if not source.url and not (document or source.document):
        _require_link_or_document(source)
    source.full_clean(exclude=["document"])
    if document is not None:
        save_upload(source.document, "bron.pdf", document, field="document")
    bump_version(source, actor)
    source.save()
    if old_document and (document is not None or remove_document):
        storage = source.document.storage
        transaction.on_commit(lambda: storage.delete(old_document))
    record(actor=actor, action="source.update", obj=source, programme=source.programme, changes=changes)
    return source


@transaction.atomic
def source_delete(*, actor: Any, source: Source) -> None:
    record(
        actor=actor,
        action="source.delete",
        obj=source,
        programme=source.programme,
        changes={"title": [source.title, None]},
    )
    if source.document:
        name, storage = source.document.name or "", source.document.storage
        transaction.on_commit(lambda: storage.delete(name))
    source.delete()


# Experiences ----------------------------------------------------------------------------------


def _experience_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in EXPERIENCE_FIELDS if name in values}
    for name in ("area", "group", "pattern"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


@transaction.atomic
def experience_create(*, actor: Any, programme: Programme, **values: Any) -> Experience:
    """The author is the user who records it, with their team record if there is one."""
    cleaned = _experience_values(values)
    person = Person.objects.filter(programme=programme, user=actor, removed_at__isnull=True).first()
    experience = Experience(programme=programme, author=actor, person=person, updated_by=actor, **cleaned)
    experience.full_clean()
    experience.save()
    record(
        actor=actor,
        action="experience.create",
        obj=experience,
        programme=programme,
        changes={name: [None, None if value is None else str(value)] for name, value in cleaned.items()},
    )
    return experience


@transaction.atomic
def experience_update(
    *, actor: Any, experience: Experience, expected_version: int | None, **values: Any
) -> Experience:
    check_version(experience, expected_version)
    changes = apply_changes(experience, _experience_values(values))
    if not changes:
        return experience
    experience.full_clean()
    bump_version(experience, actor)
    experience.save()
    record(
        actor=actor,
        action="experience.update",
        obj=experience,
        programme=experience.programme,
        changes=changes,
    )
    return experience


@transaction.atomic
def experience_delete(*, actor: Any, experience: Experience) -> None:
    record(
        actor=actor,
        action="experience.delete",
        obj=experience,
        programme=experience.programme,
        changes={"area": [experience.area, None], "group": [experience.group, None]},
    )
    experience.delete()

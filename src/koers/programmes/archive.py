"""A whole programme as one archive: export and import (ADR 0044, docs/programme-archive.md).

The archive is a zip file with ``programme.json`` and the programme's uploaded and generated
files under ``files/``, each named by its SHA-256. What goes in is declared in :data:`PARTS`: the
programme's models in the order they are created, each with the lookup that leads to the
programme. Fields are taken from the models; references between objects become archive-local
references (``"teams.person:3"``), so the archive does not depend on database ids.

Objects that are not the programme's are referred to, not copied: partner organisations, partner
types and interventions (matched in the target organisation or created there), areas and measures
of the official statistics (matched by CBS code and year, classification and code; not found:
left out and reported). People's accounts, roles, invitations, audit events, notifications and
tasks stay behind.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import tempfile
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit import versions
from koers.audit.services import record
from koers.deployment.storage import removed_on_error, save_upload
from koers.organisations.models import Membership, Organisation
from koers.uploads import DOCUMENTS, validate_upload

from .models import Programme, ProgrammeRole

FORMAT = "koers-programme"
VERSION = 1
JSON_NAME = "programme.json"
SCHEMA_PATH = Path(__file__).resolve().with_name("programme-archive.schema.json")
#: The largest ``programme.json`` Koers reads (the files are counted separately).
MAX_JSON_BYTES = 100 * 1024 * 1024
CHUNK = 1024 * 1024

#: The programme's own fields in the archive.
PROGRAMME_FIELDS = ("name", "description", "start_date", "end_date", "status", "no_steering_group_reason")
#: Fields no model carries into the archive: this installation's bookkeeping.
BOOKKEEPING = frozenset({"id", "version"})


@dataclass(frozen=True)
class Part:
    """One model of the programme: its label and the lookup from it to the programme."""

    label: str
    to_programme: str

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


#: The programme's models, in the order the import creates them. A reference to a model further
#: down the list (or to the same model) is set once everything exists.
PARTS: tuple[Part, ...] = (
    Part("teams.ProgrammePartner", "programme"),
    Part("teams.Person", "programme"),
    Part("teams.Body", "programme"),
    Part("teams.Agreement", "programme"),
    Part("knowledge.Source", "programme"),
    Part("knowledge.Experience", "programme"),
    Part("analysisdocs.AnalysisDocument", "programme"),
    Part("findings.Finding", "programme"),
    Part("findings.FindingEvidence", "finding__programme"),
    Part("findings.FindingComment", "finding__programme"),
    Part("plan.FocusArea", "programme"),
    Part("plan.Goal", "programme"),
    Part("plan.SubProject", "programme"),
    Part("plan.BudgetLine", "subproject__programme"),
    Part("plan.SubProjectMilestone", "subproject__programme"),
    Part("interventions.SubProjectIntervention", "subproject__programme"),
    Part("plandocs.PlanVersion", "programme"),
    Part("meetings.Meeting", "programme"),
    Part("meetings.AgendaItem", "meeting__programme"),
    Part("meetings.AgendaDocument", "item__meeting__programme"),
    Part("meetings.Attendance", "meeting__programme"),
    Part("meetings.Decision", "programme"),
    Part("monitoring.StandingAssessment", "subproject__programme"),
    Part("monitoring.CourseAdjustment", "programme"),
    Part("monitoring.ProgressReport", "programme"),
    Part("communication.CommunicationLine", "programme"),
    Part("communication.CommunicationMoment", "programme"),
    Part("lessons.Lesson", "programme"),
    Part("indicators.Indicator", "programme"),
    Part("indicators.Measurement", "indicator__programme"),
    Part("evaluation.EvaluationPlan", "subproject__programme"),
    Part("evaluation.ProcessItem", "plan__subproject__programme"),
    Part("evaluation.EffectEstimate", "plan__subproject__programme"),
    Part("evaluation.Verdict", "plan__subproject__programme"),
    Part("evaluation.EmbeddingPlan", "verdict__plan__subproject__programme"),
    Part("actions.Action", "programme"),
    Part("actions.RaciRow", "subproject__programme"),
    Part("actions.RaciCell", "row__subproject__programme"),
)

#: Models that lead to a programme but stay out of the archive, with the reason.
LEFT_OUT: dict[str, str] = {
    "programmes.ProgrammeMembership": "roles belong to accounts of this installation",
    "programmes.Invitation": "invitations are credentials for this installation",
    "findings.FindingStance": "a person's own stance, tied to an account",
    "notifications.Notification": "messages to accounts of this installation",
    "lessons.LibraryItem": "the shared library belongs to the organisation that published it",
}


@dataclass(frozen=True)
class Shared:
    """An object outside the programme that the programme refers to."""

    label: str
    key: str  # the name of its list in the archive and the prefix of its references
    natural: tuple[str, ...]  # the fields that identify it in the archive and in a target
    created_in_target: bool  # created in the target organisation when not found; else left out


SHARED: dict[str, Shared] = {
    s.label: s
    for s in (
        Shared("teams.PartnerType", "partner_types", ("key",), True),
        Shared("teams.PartnerOrganisation", "partners", ("name", "partner_type"), True),
        Shared("interventions.Intervention", "interventions", ("name",), True),
        Shared("analysis.Area", "areas", ("code", "reference_year"), False),
        Shared("analysis.Measure", "measures", ("classification", "code"), False),
    )
}
#: The shared objects in the order they are listed, matched or created (partners need their types).
MATCH_ORDER = (
    "teams.PartnerType",
    "analysis.Area",
    "analysis.Measure",
    "teams.PartnerOrganisation",
    "interventions.Intervention",
)
SHARED_ORDER = ("teams.PartnerType", "teams.PartnerOrganisation", "interventions.Intervention")
USER_MODEL = "accounts.User"


class ArchiveError(ValidationError):
    """What is wrong with an archive, in the reader's language."""


# Fields -----------------------------------------------------------------------------------------


def _label(model: Any) -> str:
    return model._meta.label


def _is_auto_time(f: models.Field) -> bool:
    return bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))


def data_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields of ``model`` that go into the archive (not the pk, the version, the
    automatic time stamps, the link to the programme or to accounts)."""
    result = []
    for f in model._meta.concrete_fields:
        if f.name in BOOKKEEPING or f.primary_key or _is_auto_time(f):
            continue
        if f.is_relation and f.related_model is not None:
            target = _label(f.related_model)
            if target in (USER_MODEL, "programmes.Programme", "organisations.Organisation"):
                continue
        result.append(f)
    return result


def m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [f for f in model._meta.many_to_many if isinstance(f, models.ManyToManyField)]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _ref_key(ref: str) -> tuple[str, int]:
    prefix, _sep, number = ref.rpartition(":")
    return prefix, int(number)


# Export -----------------------------------------------------------------------------------------


@dataclass
class _Export:
    refs: dict[tuple[str, int], str] = field(default_factory=dict)
    shared_pks: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    files: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Many(list):
    """The references of a many-to-many field (a JSON field's list is left alone)."""


class _SharedRef:
    def __init__(self, label: str, pk: int) -> None:
        self.label, self.pk = label, pk


def _reference(state: _Export, f: models.Field, pk: Any) -> Any:
    if pk is None:
        return None
    target = _label(f.related_model)
    if target in SHARED:
        state.shared_pks[target].add(pk)
        return _SharedRef(target, pk)
    try:
        return state.refs[(target, pk)]
    except KeyError:
        raise LookupError(f"{f.model._meta.label}.{f.name} refers to {target}, not in the archive") from None


def _add_file(state: _Export, archive: zipfile.ZipFile, field_file: Any) -> str:
    if not field_file:
        return ""
    digest = hashlib.sha256()
    size = 0
    with field_file.storage.open(field_file.name, "rb") as source:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
        sha = digest.hexdigest()
        suffix = Path(field_file.name).suffix.lower()
        path = f"files/{sha}{suffix}"
        if path not in state.files:
            source.seek(0)
            with archive.open(path, "w", force_zip64=True) as target:
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    target.write(chunk)
            state.files[path] = {"path": path, "sha256": sha, "size": size}
    return path


def _serialise(
    state: _Export, archive: zipfile.ZipFile, obj: models.Model, fields: list[models.Field]
) -> dict:
    values: dict[str, Any] = {}
    for f in fields:
        if f.name == "uuid":
            continue
        if f.is_relation:
            values[f.name] = _reference(state, f, getattr(obj, f.attname))
        elif isinstance(f, models.FileField):
            values[f.name] = _add_file(state, archive, getattr(obj, f.name))
        else:
            values[f.name] = _plain(f.value_from_object(obj))
    return values


def _shared_objects(state: _Export) -> tuple[dict[str, list[dict]], dict[tuple[str, int], str]]:
    """The shared objects the programme refers to, with references numbered in the order of their
    natural keys (so the same content gives the same references on every installation)."""
    result: dict[str, list[dict]] = {}
    refs: dict[tuple[str, int], str] = {}
    # Partners refer to partner types: make sure every type of a partner is listed.
    partners = apps.get_model("teams.PartnerOrganisation")._default_manager.filter(
        pk__in=state.shared_pks.get("teams.PartnerOrganisation", set())
    )
    state.shared_pks["teams.PartnerType"].update(partners.values_list("partner_type_id", flat=True))
    for label in MATCH_ORDER:
        spec = SHARED[label]
        model = apps.get_model(label)
        fields = [f for f in data_fields(model) if f.name != "uuid"]
        rows = []
        for obj in model._default_manager.filter(pk__in=state.shared_pks.get(label, set())):
            values: dict[str, Any] = {}
            for f in fields:
                if f.is_relation:
                    target = _label(f.related_model)
                    pk = getattr(obj, f.attname)
                    values[f.name] = refs.get((target, pk)) if target in SHARED else None
                else:
                    values[f.name] = _plain(f.value_from_object(obj))
            if hasattr(obj, "organisation_id"):
                values["installation_wide"] = obj.organisation_id is None
            rows.append((obj.pk, values))
        rows.sort(key=lambda row: json.dumps([row[1].get(n) for n in spec.natural], sort_keys=True))
        listed = []
        for number, (pk, values) in enumerate(rows, start=1):
            ref = f"{spec.key}:{number}"
            refs[(label, pk)] = ref
            listed.append({"ref": ref, **values})
        result[spec.key] = listed
    return result, refs


def _resolve(value: Any, refs: dict[tuple[str, int], str]) -> Any:
    if isinstance(value, _SharedRef):
        return refs[(value.label, value.pk)]
    if isinstance(value, _Many):
        return sorted((_resolve(v, refs) for v in value), key=_ref_key)
    return value


def write_archive(programme: Programme, target: IO[bytes]) -> dict[str, Any]:
    """Write ``programme`` as an archive into the binary file ``target``; the counts per model."""
    state = _Export()
    for part in PARTS:
        pks = part.model._default_manager.filter(**{part.to_programme: programme}).order_by("pk")
        for number, pk in enumerate(pks.values_list("pk", flat=True), start=1):
            state.refs[(part.label, pk)] = f"{part.label.lower()}:{number}"
    objects: dict[str, list[dict]] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for part in PARTS:
            model = part.model
            fields = data_fields(model)
            many = m2m_fields(model)
            queryset = model._default_manager.filter(**{part.to_programme: programme}).order_by("pk")
            if many:
                queryset = queryset.prefetch_related(*(f.name for f in many))
            rows = []
            for obj in queryset.iterator(chunk_size=500) if not many else queryset:
                values = _serialise(state, archive, obj, fields)
                for f in many:
                    values[f.name] = _Many(_reference(state, f, o.pk) for o in getattr(obj, f.name).all())
                row: dict[str, Any] = {"ref": state.refs[(part.label, obj.pk)], "fields": values}
                if hasattr(obj, "uuid"):
                    row["uuid"] = str(obj.uuid)
                rows.append(row)
            objects[part.label.lower()] = rows
        shared, shared_refs = _shared_objects(state)
        for rows in objects.values():
            for row in rows:
                row["fields"] = {name: _resolve(value, shared_refs) for name, value in row["fields"].items()}
        document = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": timezone.now().isoformat(),
            "programme": {
                "uuid": str(programme.uuid),
                **{name: _plain(getattr(programme, name)) for name in PROGRAMME_FIELDS},
            },
            **shared,
            "objects": objects,
            "files": sorted(state.files.values(), key=lambda entry: entry["path"]),
        }
        archive.writestr(JSON_NAME, json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False))
    return {label: len(rows) for label, rows in objects.items()}


@transaction.atomic
def programme_export(*, actor: Any, programme: Programme) -> IO[bytes]:
    """The archive of ``programme`` in a spooled temporary file (kept in memory up to 10 MB, on
    disk beyond), positioned at its start. Audited as ``programme.export``."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115
    counts = write_archive(programme, spool)
    spool.seek(0)
    record(
        actor=actor,
        actor_label=None if getattr(actor, "pk", None) else "koers programme-export",
        action="programme.export",
        obj=programme,
        programme=programme,
        changes={"objects": [None, sum(counts.values())]},
    )
    return spool


def archive_filename(programme: Programme) -> str:
    from django.utils.text import slugify

    return f"{slugify(programme.name) or 'programma'}-{timezone.localdate().isoformat()}.zip"


# Import -----------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    programme: Programme
    counts: dict[str, int] = field(default_factory=dict)
    matched: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)


def _fail(message: str, code: str) -> ArchiveError:
    return ArchiveError(message, code=code)


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def read_document(archive: zipfile.ZipFile) -> dict[str, Any]:
    """``programme.json`` of an open archive, checked against the format and the schema."""
    try:
        info = archive.getinfo(JSON_NAME)
    except KeyError:
        raise _fail(
            _("The archive holds no programme.json: it is not a Koers programme archive."), "no_json"
        ) from None
    if info.file_size > MAX_JSON_BYTES:
        raise _fail(_("The programme.json in the archive is too large."), "json_too_large")
    try:
        document = json.loads(archive.read(JSON_NAME).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError) as exc:
        raise _fail(
            _("The programme.json in the archive is damaged: it is not valid JSON."), "bad_json"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(_("This is not a Koers programme archive (the format is not koers-programme)."), "format")
    if document.get("version") != VERSION:
        raise _fail(
            _("Koers cannot read version %(version)s of the programme archive; it reads version %(known)s.")
            % {"version": document.get("version"), "known": VERSION},
            "version",
        )
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    error = next(iter(sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "programme.json"
        raise _fail(
            _("The programme.json in the archive does not follow the format at %(where)s: %(error)s")
            % {"where": where, "error": error.message[:300]},
            "schema",
        )
    return document


def _check_files(archive: zipfile.ZipFile, document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    files = {entry["path"]: entry for entry in document["files"]}
    for path, entry in files.items():
        try:
            info = archive.getinfo(path)
        except KeyError:
            raise _fail(
                _("The file %(path)s is missing from the archive.") % {"path": path}, "file_missing"
            ) from None
        digest = hashlib.sha256()
        try:
            with archive.open(info) as member:
                for chunk in iter(lambda: member.read(CHUNK), b""):
                    digest.update(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise _fail(
                _("The file %(path)s in the archive is damaged.") % {"path": path}, "file_damaged"
            ) from exc
        if digest.hexdigest() != entry["sha256"] or info.file_size != entry["size"]:
            raise _fail(
                _("The file %(path)s does not match its checksum: the archive has been changed or damaged.")
                % {"path": path},
                "checksum",
            )
    return files


def _describe(spec: Shared, values: dict[str, Any]) -> str:
    if spec.label == "analysis.Area":
        return _("area %(code)s (%(year)s)") % {
            "code": values.get("code"),
            "year": values.get("reference_year"),
        }
    if spec.label == "analysis.Measure":
        return _("measure %(code)s (%(title)s)") % {"code": values.get("code"), "title": values.get("title")}
    if spec.label == "teams.PartnerType":
        return _("partner type %(name)s") % {"name": values.get("name")}
    if spec.label == "teams.PartnerOrganisation":
        return _("partner %(name)s") % {"name": values.get("name")}
    return _("intervention %(name)s") % {"name": values.get("name")}


def _to_python(f: Any, value: Any, where: str) -> Any:
    try:
        return f.to_python(value)
    except ValidationError as exc:
        raise _fail(
            _("%(object)s has an invalid value for %(field)s: %(error)s")
            % {"object": where, "field": f.name, "error": " ".join(exc.messages)},
            "invalid",
        ) from exc


def _resolve_shared(
    document: dict[str, Any], organisation: Organisation, actor: Any, result: ImportResult
) -> dict[str, models.Model | None]:
    """Match (or create) the shared objects; their references mapped to objects of this
    installation, or to None for statistics that are not here."""
    found: dict[str, models.Model | None] = {}
    for label in MATCH_ORDER:
        spec = SHARED[label]
        model = apps.get_model(label)
        fields = {f.name: f for f in data_fields(model) if f.name != "uuid"}
        has_org = any(f.name == "organisation" for f in model._meta.concrete_fields)
        for row in document.get(spec.key, []):
            ref = row["ref"]
            values: dict[str, Any] = {}
            for name, f in fields.items():
                if name not in row:
                    continue
                if f.is_relation:
                    values[name] = found.get(row[name]) if row[name] else None
                else:
                    values[name] = _to_python(f, row[name], ref)
            lookup = {n: values.get(n) for n in spec.natural}
            candidates = model._default_manager.filter(**lookup)
            if has_org:
                candidates = candidates.filter(
                    models.Q(organisation=organisation) | models.Q(organisation__isnull=True)
                ).order_by(models.F("organisation").asc(nulls_last=True))
            match = candidates.first()
            description = _describe(spec, values)
            if match is None and label == "teams.PartnerOrganisation":
                # A partner's name is unique in an organisation: the same name with another kind
                # is the same partner, described differently.
                match = model._default_manager.filter(
                    organisation=organisation, name__iexact=values.get("name") or "", is_active=True
                ).first()
                if match is not None:
                    description = _("partner %(name)s (in your organisation of another kind)") % {
                        "name": values.get("name")
                    }
            if match is not None:
                found[ref] = match
                result.matched.append(description)
            elif spec.created_in_target:
                if any(values.get(n) is None for n in spec.natural):
                    raise _fail(_("%(object)s in the archive is incomplete.") % {"object": ref}, "invalid")
                obj = model(**values, organisation=organisation)
                if hasattr(obj, "updated_by_id"):
                    obj.updated_by = actor
                _clean(obj, ref, exclude=[])
                obj.save()
                found[ref] = obj
                result.created.append(description)
            else:
                found[ref] = None
                result.not_found.append(description)
    return found


def _clean(obj: models.Model, ref: str, *, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in sorted(exc.message_dict.items())
        )
        raise _fail(
            _("%(object)s in the archive is not valid: %(problems)s") % {"object": ref, "problems": problems},
            "invalid",
        ) from exc


def _check_kind(ref: str, value: Any, target: str) -> None:
    """Refuse a reference to an object of another kind than the field refers to."""
    prefix = SHARED[target].key if target in SHARED else target.lower()
    if not isinstance(value, str) or not value.startswith(prefix + ":"):
        raise _fail(
            _("%(object)s refers to %(ref)s, which is not in the archive.") % {"object": ref, "ref": value},
            "reference",
        )


def _new_uuids(model: type[models.Model], rows: list[dict]) -> set[str]:
    """The archive uuids of ``rows`` that already exist in this installation."""
    wanted = [row["uuid"] for row in rows if row.get("uuid")]
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        taken.update(
            str(u) for u in model._default_manager.filter(uuid__in=chunk).values_list("uuid", flat=True)
        )
    return taken


def _account_for(organisation: Organisation, email: str) -> Any:
    if not email:
        return None
    membership = (
        Membership.objects.select_related("user")
        .filter(organisation=organisation, user__email__iexact=email.strip())
        .first()
    )
    return membership.user if membership else None


def _programme_from(
    document: dict[str, Any], organisation: Organisation, actor: Any, name: str | None
) -> Programme:
    values = document["programme"]
    programme = Programme(organisation=organisation, updated_by=actor if getattr(actor, "pk", None) else None)
    for field_name in PROGRAMME_FIELDS:
        f: Any = Programme._meta.get_field(field_name)
        setattr(programme, field_name, _to_python(f, values.get(field_name, f.get_default()), "programme"))
    if name:
        programme.name = name.strip()
    if Programme.objects.filter(organisation=organisation, name__iexact=programme.name.strip()).exists():
        raise ValidationError(
            {
                "name": _(
                    "Your organisation already has a programme called “%(name)s”. Choose another name "
                    "for the imported programme."
                )
                % {"name": programme.name}
            },
            code="unique",
        )
    archive_uuid = values.get("uuid")
    if archive_uuid and not Programme.objects.filter(uuid=archive_uuid).exists():
        programme.uuid = uuid.UUID(archive_uuid)
    _clean(programme, "programme", exclude=["organisation", "updated_by"])
    programme.save()
    return programme


def _import(
    archive: zipfile.ZipFile,
    document: dict[str, Any],
    files: dict[str, dict[str, Any]],
    *,
    actor: Any,
    organisation: Organisation,
    name: str | None,
    saved: list[str],
) -> ImportResult:
    programme = _programme_from(document, organisation, actor, name)
    result = ImportResult(programme=programme)
    shared = _resolve_shared(document, organisation, actor, result)
    created: dict[str, int] = {}  # archive reference → pk
    deferred: list[tuple[type[models.Model], int, str, str]] = []
    people_matched: list[str] = []
    people_created: list[str] = []
    real_actor = actor if getattr(actor, "pk", None) else None
    seen: set[str] = set()
    for part in PARTS:
        model = part.model
        rows = document["objects"].get(part.label.lower(), [])
        if not rows:
            result.counts[part.label.lower()] = 0
            continue
        fields = {f.name: f for f in data_fields(model) if f.name != "uuid"}
        many = {f.name: f for f in m2m_fields(model)}
        taken = _new_uuids(model, rows) if hasattr(model, "uuid") else set()
        instances = []
        later: list[tuple[int, str, str]] = []
        for index, row in enumerate(rows):
            ref = row["ref"]
            if not ref.startswith(part.label.lower() + ":"):
                raise _fail(
                    _("%(object)s is listed with the objects of kind %(kind)s, where it does not belong.")
                    % {"object": ref, "kind": part.label.lower()},
                    "misplaced",
                )
            if ref in seen:
                raise _fail(_("%(object)s appears twice in the archive.") % {"object": ref}, "duplicate")
            seen.add(ref)
            obj = model()
            if any(f.name == "programme" for f in model._meta.concrete_fields):
                obj.programme = programme  # type: ignore[attr-defined]
            if row.get("uuid") and row["uuid"] not in taken:
                obj.uuid = _to_python(model._meta.get_field("uuid"), row["uuid"], ref)  # type: ignore[attr-defined]
            for f in model._meta.concrete_fields:
                if (
                    f.is_relation
                    and _label(f.related_model) == USER_MODEL
                    and f.name in ("created_by", "updated_by")
                ):
                    setattr(obj, f.name, real_actor)
            exclude = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name not in fields]
            values = row["fields"]
            for field_name, f in fields.items():
                value = values.get(field_name)
                if f.is_relation:
                    exclude.append(field_name)
                    if value is None:
                        continue
                    target = _label(f.related_model)
                    _check_kind(ref, value, target)
                    if target in SHARED:
                        target_obj = shared.get(value, "missing")
                        if target_obj == "missing":
                            raise _fail(
                                _("%(object)s refers to %(ref)s, which is not in the archive.")
                                % {"object": ref, "ref": value},
                                "reference",
                            )
                        setattr(obj, f.attname, getattr(target_obj, "pk", None))
                    elif value in created:
                        setattr(obj, f.attname, created[value])
                    else:
                        later.append((index, f.attname, value))
                elif isinstance(f, models.FileField):
                    exclude.append(field_name)
                    if value:
                        if value not in files:
                            raise _fail(
                                _("%(object)s refers to the file %(path)s, which the archive does not list.")
                                % {"object": ref, "path": value},
                                "file_missing",
                            )
                        content = ContentFile(archive.read(value), name=value.rsplit("/", 1)[-1])
                        try:
                            validate_upload(content, kinds=DOCUMENTS)
                        except ValidationError as exc:
                            raise _fail(
                                _("The file %(path)s in the archive is refused: %(error)s")
                                % {"path": value, "error": " ".join(exc.messages)},
                                "file_refused",
                            ) from exc
                        save_upload(getattr(obj, field_name), str(content.name), content, field="archive")
                        saved.append(getattr(obj, field_name).name)
                elif field_name in values:
                    setattr(obj, field_name, _to_python(f, value, ref))
            if part.label == "teams.Person":
                account = _account_for(organisation, obj.email)  # type: ignore[attr-defined]
                obj.user = account  # type: ignore[attr-defined]
                label = f"{obj.full_name} <{obj.email}>" if obj.email else obj.full_name  # type: ignore[attr-defined]
                (people_matched if account else people_created).append(label)
            # Required references to objects created later are checked once everything exists.
            required_later = {attname for i, attname, _v in later if i == index}
            _clean(
                obj, ref, exclude=exclude + [f.name for f in fields.values() if f.attname in required_later]
            )
            instances.append(obj)
        try:
            model._default_manager.bulk_create(instances, batch_size=500)
        except IntegrityError as exc:
            raise _fail(
                _("The objects of kind %(kind)s in the archive do not fit together (%(error)s).")
                % {"kind": part.label.lower(), "error": str(exc)[:200]},
                "integrity",
            ) from exc
        for row, obj in zip(rows, instances, strict=True):
            created[row["ref"]] = obj.pk
        for index, attname, value in later:
            deferred.append((model, instances[index].pk, attname, value))
        for field_name, f in many.items():
            through: Any = f.remote_field.through
            source = f.m2m_field_name()
            target_name = f.m2m_reverse_field_name()
            target_label = _label(f.related_model)
            links = []
            for row, obj in zip(rows, instances, strict=True):
                for value in row["fields"].get(field_name) or []:
                    _check_kind(row["ref"], value, target_label)
                    if target_label in SHARED:
                        target_obj = shared.get(value)
                        target_pk = getattr(target_obj, "pk", None)
                    else:
                        target_pk = created.get(value)
                        if target_pk is None:
                            raise _fail(
                                _("%(object)s refers to %(ref)s, which is not in the archive.")
                                % {"object": row["ref"], "ref": value},
                                "reference",
                            )
                    if target_pk is not None:
                        links.append(through(**{f"{source}_id": obj.pk, f"{target_name}_id": target_pk}))
            through._default_manager.bulk_create(links, batch_size=500, ignore_conflicts=False)
        result.counts[part.label.lower()] = len(instances)
    for model, pk, attname, value in deferred:
        if value not in created:
            raise _fail(
                _("%(object)s refers to %(ref)s, which is not in the archive.")
                % {"object": f"{model._meta.label_lower}", "ref": value},
                "reference",
            )
        model._default_manager.filter(pk=pk).update(**{attname: created[value]})
    result.matched += [_("person %(name)s (account found)") % {"name": label} for label in people_matched]
    result.created += [
        _("person %(name)s (without an account)") % {"name": label} for label in people_created
    ]
    return result


@transaction.atomic
def programme_import(
    *, actor: Any, organisation: Organisation, file: IO[bytes], name: str | None = None
) -> ImportResult:
    """Create a programme in ``organisation`` from an archive: all or nothing. A damaged archive,
    an unknown version, a wrong checksum or an invalid object raises :class:`ArchiveError` (a
    ``ValidationError``) naming what is wrong; no row and no file is left behind."""
    from koers.uploads import check_zip

    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    try:
        check_zip(file, size=size)  # damaged, too many files, a zip bomb: before anything is read
    except ValidationError as exc:
        raise ArchiveError(exc.messages[0], code=getattr(exc, "code", None) or "damaged") from exc
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _fail(_("The file is damaged or is not a zip file: it cannot be unpacked."), "damaged") from exc
    label = "" if getattr(actor, "pk", None) else "koers programme-import"
    with archive:
        document = read_document(archive)
        files = _check_files(archive, document)
        with removed_on_error() as saved:
            try:
                with transaction.atomic():
                    result = _import(
                        archive,
                        document,
                        files,
                        actor=actor,
                        organisation=organisation,
                        name=name,
                        saved=saved,
                    )
                    programme = result.programme
                    if getattr(actor, "pk", None):
                        from .services import member_add

                        member_add(
                            actor=actor, programme=programme, user=actor, role=ProgrammeRole.PROGRAMMAMANAGER
                        )
                    record(
                        actor=actor,
                        actor_label=label or None,
                        action="programme.import",
                        obj=programme,
                        programme=programme,
                        changes={
                            "objects": [None, result.counts],
                            "matched": [None, result.matched],
                            "created": [None, result.created],
                            "not_found": [None, result.not_found],
                        },
                    )
            except IntegrityError as exc:
                raise _fail(
                    _("The objects in the archive do not fit together (%(error)s).")
                    % {"error": str(exc)[:200]},
                    "integrity",
                ) from exc
    versions.changed(programme)
    versions.changed(None)  # partners and interventions may have been created
    return result


def iter_archive(spool: IO[bytes]) -> Iterator[bytes]:
    """The archive in pieces, for a streamed download; closes the file at the end."""
    try:
        yield from iter(lambda: spool.read(64 * 1024), b"")
    finally:
        spool.close()


__all__ = [
    "FORMAT",
    "LEFT_OUT",
    "PARTS",
    "VERSION",
    "ArchiveError",
    "ImportResult",
    "archive_filename",
    "programme_export",
    "programme_import",
    "read_document",
]

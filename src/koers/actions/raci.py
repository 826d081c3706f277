"""The RACI matrix of a sub-project: per activity or deliverable, who is Responsible,
Accountable, Consulted and Informed, people of the team or partner organisations. A row is
valid with exactly one A and at least one R; letters of former team members do not count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from koers.audit.services import record
from koers.plan.models import SubProject
from koers.programmes.models import Programme
from koers.teams.models import PartnerOrganisation, Person

from .models import RaciCell, RaciRow
from .reference import RaciRole


@dataclass(frozen=True)
class Column:
    key: str  # "p<uuid>" for a person, "o<uuid>" for a partner organisation
    label: str
    obj: Person | PartnerOrganisation


def columns(programme: Programme) -> list[Column]:
    """Who can take a letter: the current team, then the programme's partner organisations."""
    people = programme.people.filter(removed_at__isnull=True).order_by("full_name", "pk")
    partners = PartnerOrganisation.objects.filter(programme_links__programme=programme).order_by("name", "pk")
    return [Column(f"p{p.uuid}", p.full_name, p) for p in people] + [
        Column(f"o{o.uuid}", o.name, o) for o in partners
    ]


def problems(letters: list[str]) -> list[str]:
    """What is wrong with a row with these letters, in plain words (empty when valid)."""
    found = []
    accountable = letters.count(RaciRole.ACCOUNTABLE)
    if accountable == 0:
        found.append(_("Nobody is accountable (A): choose exactly one."))
    elif accountable > 1:
        found.append(
            _("%(n)d are accountable (A): choose exactly one, so it is clear who decides.")
            % {"n": accountable}
        )
    if RaciRole.RESPONSIBLE not in letters:
        found.append(_("Nobody is responsible (R): choose at least one who does the work."))
    return found


def _key(cell: RaciCell) -> str:
    if cell.person is not None:
        return f"p{cell.person.uuid}"
    assert cell.partner is not None
    return f"o{cell.partner.uuid}"


@dataclass
class Row:
    row: RaciRow
    letters: dict[str, str]
    problems: list[str]


def matrix(subproject: SubProject) -> list[Row]:
    rows = subproject.raci_rows.prefetch_related("cells__person", "cells__partner").order_by(
        "created_at", "pk"
    )
    result = []
    for row in rows:
        cells = [c for c in row.cells.all() if c.person is None or c.person.removed_at is None]
        letters = {_key(c): c.role for c in cells}
        result.append(Row(row, letters, problems(list(letters.values()))))
    return result


@transaction.atomic
def row_save(
    *, actor: Any, subproject: SubProject, activity: str, letters: dict[str, str], row: RaciRow | None = None
) -> RaciRow:
    """Add a row or replace a row's activity and letters; refused unless it is valid."""
    activity = " ".join((activity or "").split())
    if not activity:
        raise ValidationError({"activity": _("Name the activity or deliverable.")})
    by_key = {c.key: c for c in columns(subproject.programme)}
    chosen = {k: v for k, v in letters.items() if v}
    if any(k not in by_key or v not in RaciRole.values for k, v in chosen.items()):
        raise ValidationError(_("Choose R, A, C or I for people and organisations of this programme."))
    found = problems(list(chosen.values()))
    if found:
        raise ValidationError(found)
    before = None
    if row is None:
        row = RaciRow.objects.create(subproject=subproject, activity=activity)
    else:
        before = {
            "activity": row.activity,
            "letters": {_key(c): c.role for c in row.cells.select_related("person", "partner")},
        }
        row.activity = activity
        row.save(update_fields=["activity"])
        row.cells.all().delete()
    for key, role in chosen.items():
        obj = by_key[key].obj
        RaciCell.objects.create(
            row=row,
            role=role,
            person=obj if isinstance(obj, Person) else None,
            partner=obj if isinstance(obj, PartnerOrganisation) else None,
        )
    after = {"activity": activity, "letters": {by_key[k].label: v for k, v in sorted(chosen.items())}}
    record(
        actor=actor,
        action="raci.save",
        obj=subproject,
        programme=subproject.programme,
        changes={"raci": [before, after]},
    )
    return row


@transaction.atomic
def row_delete(*, actor: Any, row: RaciRow) -> None:
    subproject = row.subproject
    record(
        actor=actor,
        action="raci.delete",
        obj=subproject,
        programme=subproject.programme,
        changes={"raci": [row.activity, None]},
    )
    row.delete()


def get_row(subproject: SubProject, row_uuid: Any) -> RaciRow:
    try:
        row = subproject.raci_rows.filter(uuid=row_uuid).first()
    except ValidationError:
        row = None
    if row is None:
        raise Http404("raci row")
    return row


def require(user: Any, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)

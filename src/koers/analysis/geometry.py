"""Area outlines from GeoJSON: a FeatureCollection in WGS84 whose features carry the CBS area code
in a ``statcode`` property (as PDOK and cartomap publish wijken and buurten). Polygons and
MultiPolygons are stored per area for the maps of the analysis; anything else is refused."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import record

from .models import AreaGeometry
from .parsers import MAX_PROBLEMS, ParseError, Problem, area_level, fail
from .services import (
    AUDIT_EXAMPLES,
    BATCH_SIZE,
    FileLike,
    ImportResult,
    _area_lookup,
    _check_actor,
    _read_bytes,
)

Progress = Callable[[str, int, int], None]

MAX_GEOJSON_BYTES = 50 * 1024 * 1024
WGS84_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "crs84",
    "epsg:4326",
    "urn:ogc:def:crs:epsg::4326",
    "urn:ogc:def:crs:epsg:4326",
    "http://www.opengis.net/def/crs/ogc/1.3/crs84",
    "http://www.opengis.net/def/crs/epsg/0/4326",
}
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Outline:
    code: str
    geometry: dict[str, Any]
    feature: int


def _position_ok(position: Any) -> bool:
    return (
        isinstance(position, list)
        and len(position) >= 2
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in position[:2]
        )
    )


def _polygon_problem(rings: Any) -> str | None:
    """None when ``rings`` is a valid polygon in longitude/latitude, else the reason."""
    if not isinstance(rings, list) or not rings:
        return _("a polygon needs at least one ring of coordinates.")
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4 or not all(_position_ok(p) for p in ring):
            return _("every ring needs at least four positions of two numbers.")
        if ring[0][:2] != ring[-1][:2]:
            return _("a ring is not closed (its first and last position differ).")
        if not all(-180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in ring):
            return _(
                "the coordinates are not longitude and latitude in degrees. Perhaps the file is in "
                "Rijksdriehoek coordinates (EPSG:28992); export it in WGS84."
            )
    return None


def _geometry_problem(geometry: Any) -> str | None:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        found = geometry.get("type") if isinstance(geometry, dict) else None
        return _("the geometry is %(found)s; only Polygon and MultiPolygon outlines are used.") % {
            "found": found or _("missing")
        }
    coordinates = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        return _polygon_problem(coordinates)
    if not isinstance(coordinates, list) or not coordinates:
        return _("a MultiPolygon needs at least one polygon.")
    for polygon in coordinates:
        problem = _polygon_problem(polygon)
        if problem:
            return problem
    return None


def _feature_problem(number: int, message: str, code: str = "") -> Problem:
    label = (
        _("Feature %(n)s (%(code)s)") % {"n": number, "code": code}
        if code
        else _("Feature %(n)s") % {"n": number}
    )
    return Problem(f"{label}: {message}", column="statcode" if not code else "")


def parse_outlines(data: bytes, *, max_bytes: int = MAX_GEOJSON_BYTES) -> list[Outline]:
    """The outlines of a GeoJSON FeatureCollection, or a :class:`ParseError` saying why not."""
    if len(data) > max_bytes:
        raise fail(
            _("The file is larger than %(limit)s MB. Upload the outlines of fewer areas at a time.")
            % {"limit": max(1, max_bytes // (1024 * 1024))}
        )
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise fail(
            _("This is not a GeoJSON file (it cannot be read as JSON). Export the outlines as GeoJSON.")
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise fail(
            _("This is not a GeoJSON FeatureCollection. Export the outlines as a GeoJSON FeatureCollection.")
        )
    crs = document.get("crs")
    if crs is not None:
        name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
        if not isinstance(name, str) or name.strip().lower() not in WGS84_NAMES:
            raise fail(
                _(
                    "The outlines are in the coordinate system %(crs)s. Koers reads WGS84 (longitude and "
                    "latitude, EPSG:4326 or CRS84); export the file in WGS84."
                )
                % {"crs": name or "?"}
            )
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise fail(_("The FeatureCollection has no features."))
    problems: list[Problem] = []
    outlines: list[Outline] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        raw = properties.get("statcode") if isinstance(properties, dict) else None
        code = raw.strip() if isinstance(raw, str) else ""
        if not code:
            problems.append(
                _feature_problem(number, _("the property statcode (the CBS area code) is missing."))
            )
        elif area_level(code) is None:
            problems.append(
                _feature_problem(
                    number, _("“%(value)s” is not a CBS area code such as WK0363AA.") % {"value": code}
                )
            )
        elif code in seen:
            problems.append(
                _feature_problem(
                    number, _("the same area is in feature %(first)s as well.") % {"first": seen[code]}, code
                )
            )
        else:
            seen[code] = number
            problem = _geometry_problem(feature.get("geometry"))
            if problem:
                problems.append(_feature_problem(number, problem, code))
            else:
                geometry = feature["geometry"]
                outlines.append(
                    Outline(
                        code=code,
                        geometry={"type": geometry["type"], "coordinates": geometry["coordinates"]},
                        feature=number,
                    )
                )
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ParseError(problems)
    return outlines


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


@transaction.atomic
def geometry_import(
    *,
    actor: Any,
    file: FileLike,
    reference_year: int,
    source: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    max_bytes: int = MAX_GEOJSON_BYTES,
) -> ImportResult:
    """Store the outline of every area in the file (areas of the division of ``reference_year``).
    A new outline replaces the earlier one of the same area; the same file again changes nothing."""
    _check_actor(actor)
    _report(progress, _("Reading the file"), 0, 1)
    outlines = parse_outlines(_read_bytes(file, max_bytes), max_bytes=max_bytes)
    total = len(outlines)
    _report(progress, _("Checking the area codes"), 0, total)
    area_ids = _area_lookup({o.code for o in outlines}, reference_year)
    problems = [
        _feature_problem(
            o.feature,
            _("the area is not in the region list of %(year)s. Import the region list first.")
            % {"year": reference_year},
            o.code,
        )
        for o in outlines
        if o.code not in area_ids
    ][:MAX_PROBLEMS]
    if problems:
        raise ParseError(problems)

    existing = {g.area_id: g for g in AreaGeometry.objects.filter(area_id__in=list(area_ids.values()))}
    result = ImportResult(dry_run=dry_run)
    now = timezone.now()
    to_create: list[AreaGeometry] = []
    to_update: list[AreaGeometry] = []
    for outline in outlines:
        area_id = area_ids[outline.code]
        current = existing.get(area_id)
        if current is None:
            result.added += 1
            to_create.append(
                AreaGeometry(area_id=area_id, geometry=outline.geometry, source=source, uploaded_at=now)
            )
        elif current.geometry != outline.geometry or current.source != source:
            result.changed += 1
            if len(result.examples) < AUDIT_EXAMPLES:
                result.examples.append(
                    {"area": outline.code, "source_before": current.source, "source_after": source}
                )
            current.geometry, current.source, current.uploaded_at = outline.geometry, source, now
            to_update.append(current)
        else:
            result.unchanged += 1
    if dry_run or not (result.added or result.changed):
        _report(progress, _("Done"), total, total)
        return result
    _report(progress, _("Saving"), 0, total)
    AreaGeometry.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    AreaGeometry.objects.bulk_update(to_update, ["geometry", "source", "uploaded_at"], batch_size=BATCH_SIZE)
    record(
        actor=actor,
        action="geometry.import",
        changes={
            **result.counts,
            "reference_year": reference_year,
            "source": source,
            "examples": result.examples,
        },
        object_repr=_("Area outlines %(year)s") % {"year": reference_year},
    )
    _report(progress, _("Done"), total, total)
    return result

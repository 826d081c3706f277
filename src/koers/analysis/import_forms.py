"""Forms of the installation administrator's import pages: one per kind of import (files and the
kind's parameters) and the column mapping of a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers import uploads
from koers.programmes.forms import DateInput

from . import parsers
from .models import Classification, ImportFileRole, ImportKind

MAX_UPLOAD_BYTES = parsers.MAX_BYTES

CSV_ACCEPT = ".csv,text/csv"
SPREADSHEET_ACCEPT = ".csv,.xlsx,.ods,text/csv"
GEOJSON_ACCEPT = ".geojson,.json,application/geo+json,application/json"


def check_size(upload: UploadedFile | None) -> None:
    if upload is not None and (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file %(name)s is larger than %(limit)s MB. Split it or ask for a smaller selection.")
            % {"name": upload.name, "limit": max(1, MAX_UPLOAD_BYTES // (1024 * 1024))},
            code="too_large",
        )


def kinds_of(accept: str) -> tuple[str, ...]:
    """The kinds of :mod:`koers.uploads` an ``accept`` attribute names."""
    extensions = {part.strip().lstrip(".") for part in accept.split(",") if part.strip().startswith(".")}
    kinds = tuple(kind for kind, spec in uploads.KINDS.items() if extensions & set(spec.extensions))
    return kinds or ("csv",)


class ImportFileField(forms.FileField):
    """A file of at most :data:`MAX_UPLOAD_BYTES`, whose content is one of the kinds its widget
    accepts (checked by :func:`koers.uploads.validate_upload`: no zip bombs, no renamed files)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        check_size(upload)
        if upload is not None:
            accept = self.widget.attrs.get("accept", CSV_ACCEPT)
            uploads.validate_upload(upload, kinds=kinds_of(accept), max_bytes=MAX_UPLOAD_BYTES)
        return upload


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImportFileField(ImportFileField):
    """One or more files, each of at most :data:`MAX_UPLOAD_BYTES`."""

    def __init__(self, *args: Any, accept: str = CSV_ACCEPT, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data or self.required else []


def data_file(accept: str, help_text: Any) -> ImportFileField:
    return ImportFileField(
        label=gettext_lazy("File"), help_text=help_text, widget=forms.FileInput(attrs={"accept": accept})
    )


def year_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1990, max_value=2100, required=required, help_text=help_text
    )


class ImportForm(forms.Form):
    """The fields every kind shares; subclasses add theirs. ``files()`` gives the uploads with
    their role, ``parameters()`` the rest as JSON for the job."""

    kind: str = ""
    file_fields: Sequence[tuple[str, str]] = (("file", ImportFileRole.DATA),)

    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run first: check the file and show what would change, without writing"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = [name for name, _role in self.file_fields]
        rest = [name for name in self.fields if name not in first and name != "dry_run"]
        self.order_fields([*first, *rest, "dry_run"])

    def files_to_store(self) -> list[tuple[str, UploadedFile]]:
        stored: list[tuple[str, UploadedFile]] = []
        for name, role in self.file_fields:
            value = self.cleaned_data.get(name)
            for upload in value if isinstance(value, list) else [value]:
                if upload is not None:
                    stored.append((role, upload))
        return stored

    def parameters(self) -> dict[str, Any]:
        skip = {"dry_run", *(name for name, _role in self.file_fields)}
        values: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name in skip:
                continue
            values[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return values


class DatasetFieldsMixin(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Source"), max_length=100, help_text=gettext_lazy("For example: CBS or Politie.")
    )
    table_id = forms.CharField(
        label=gettext_lazy("Table"), max_length=30, help_text=gettext_lazy("The table id, such as 47018NED.")
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    licence = forms.CharField(
        label=gettext_lazy("Licence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("As the publisher states it, for example CC BY 4.0."),
    )
    downloaded_on = forms.DateField(label=gettext_lazy("Downloaded on"), widget=DateInput())
    reference_year = year_field(
        gettext_lazy("Division (reference year of the region list)"),
        required=False,
        help_text=gettext_lazy("Empty: the most recent region list that has each code."),
    )


def classification_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=gettext_lazy("Classification"), choices=Classification.choices)


class AreasImportForm(ImportForm):
    kind = ImportKind.AREAS
    file = data_file(
        CSV_ACCEPT, gettext_lazy("The region list (Regions) as CBS and the police publish it, as CSV.")
    )
    reference_year = year_field(gettext_lazy("Reference year of the division"))


class BulkImportForm(DatasetFieldsMixin, ImportForm):
    kind = ImportKind.BULK
    file_fields = (("file", ImportFileRole.DATA), ("code_lists", ImportFileRole.CODE_LIST))
    file = data_file(CSV_ACCEPT, gettext_lazy("The bulk CSV (UntypedDataSet or TypedDataSet) of the table."))
    code_lists = MultipleImportFileField(
        label=gettext_lazy("Code lists"),
        help_text=gettext_lazy(
            "The code list of the crime types (or other measure) of the table, as CSV. "
            "You may choose several."
        ),
    )


class StatlineImportForm(DatasetFieldsMixin, ImportForm):
    kind = ImportKind.STATLINE
    file = data_file(
        CSV_ACCEPT, gettext_lazy("The CSV that StatLine exports, with its title lines and source line.")
    )
    classification = classification_field()
    measure_code = forms.CharField(
        label=gettext_lazy("Measure code"),
        max_length=20,
        required=False,
        help_text=gettext_lazy(
            "Only when the export's filter line (such as “Soort misdrijf: Totaal misdrijven”) is missing "
            "or does not name a measure of the code list."
        ),
    )


class GenericImportForm(DatasetFieldsMixin, ImportForm):
    kind = ImportKind.GENERIC
    file = data_file(
        SPREADSHEET_ACCEPT,
        gettext_lazy(
            "A CSV, XLSX or ODS file with one figure per row. You map its columns in the next step."
        ),
    )
    classification = classification_field()

    def parameters(self) -> dict[str, Any]:
        return {**super().parameters(), "filename": self.cleaned_data["file"].name}


class PopulationImportForm(DatasetFieldsMixin, ImportForm):
    kind = ImportKind.POPULATION
    file = data_file(CSV_ACCEPT, gettext_lazy("Kerncijfers wijken en buurten of one year, as CSV."))
    year = year_field(gettext_lazy("Year of the population figures"))


class GeometryImportForm(ImportForm):
    kind = ImportKind.GEOMETRY
    file = data_file(
        GEOJSON_ACCEPT,
        gettext_lazy("GeoJSON in WGS84 with a statcode property per area (such as WK036300)."),
    )
    reference_year = year_field(gettext_lazy("Reference year of the division"))
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=200,
        help_text=gettext_lazy("For example: CBS Wijk- en buurtkaart 2024."),
    )


FORMS: dict[str, type[ImportForm]] = {
    form.kind: form
    for form in (
        AreasImportForm,
        BulkImportForm,
        StatlineImportForm,
        GenericImportForm,
        PopulationImportForm,
        GeometryImportForm,
    )
}


class MappingForm(forms.Form):
    """Which column holds the area, the period, the measure and the value; or one measure code
    for the whole file when it has no measure column."""

    def __init__(self, *args: Any, columns: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— choose a column —")), *((c, c) for c in columns)]
        self.fields["area"] = forms.ChoiceField(label=_("Area code"), choices=choices)
        self.fields["period"] = forms.ChoiceField(label=_("Period"), choices=choices)
        self.fields["measure"] = forms.ChoiceField(
            label=_("Measure (crime type or other code)"),
            choices=[("", _("— no column: one code for the whole file —")), *choices[1:]],
            required=False,
        )
        self.fields["measure_fixed"] = forms.CharField(
            label=_("Measure code for the whole file"),
            max_length=20,
            required=False,
            help_text=_("Only when the file has no measure column."),
        )
        self.fields["value"] = forms.ChoiceField(label=_("Value"), choices=choices)
        self.order_fields(["area", "period", "measure", "measure_fixed", "value"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        measure, fixed = cleaned.get("measure"), (cleaned.get("measure_fixed") or "").strip()
        cleaned["measure_fixed"] = fixed
        if measure and fixed:
            self.add_error(
                "measure_fixed", _("Choose a measure column or a code for the whole file, not both.")
            )
        elif not measure and not fixed:
            self.add_error("measure", _("Choose the measure column, or give one code for the whole file."))
        chosen = [cleaned.get(name) for name in ("area", "period", "measure", "value") if cleaned.get(name)]
        if len(chosen) != len(set(chosen)):
            self.add_error(None, _("Each column can be mapped only once."))
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("area", "period", "measure", "measure_fixed", "value")
            if self.cleaned_data.get(name)
        }

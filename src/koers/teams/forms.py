"""Forms of step 1. Plain forms whose fields come from the model fields (labels and help texts are
written once, on the model); the services do the writing and the uniqueness checks, with their own
clear messages. Choices of partners, people and bodies carry UUIDs, like the URLs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.organisations.models import Organisation
from koers.programmes.forms import DateInput
from koers.programmes.models import Programme
from koers.ui.forms import PersonalDataGuardMixin

from . import selectors
from .models import Agreement, Body, PartnerOrganisation, PartnerType, Person
from .reference import BodyKind, CoreGroup, Domain
from .services import OWN_PERSON_FIELDS

MAIN_BODY_KINDS = (BodyKind.PROJECTTEAM, BodyKind.STUURGROEP, BodyKind.PROJECTGROEP)


def model_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field Django makes for ``model.name``: its label, help text and limits."""
    field = model._meta.get_field(name).formfield(**kwargs)  # type: ignore[union-attr]
    assert field is not None
    return field


def initial_from(instance: models.Model | None, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """The stored values of ``names`` as form initial data (objects for choices of objects)."""
    if instance is None or instance.pk is None:
        return {}
    initial: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            initial[name] = list(getattr(instance, name).all())
        else:
            initial[name] = getattr(instance, name)
    if hasattr(instance, "version"):
        initial["version"] = instance.version
    return initial


class ObjectChoiceField(forms.ModelChoiceField):
    """A choice of one object, by UUID, with a label of its own."""

    def __init__(self, queryset: QuerySet[Any], *, label_from: Any = str, **kwargs: Any) -> None:
        self._label_from = label_from
        super().__init__(queryset, to_field_name="uuid", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(self._label_from(obj))


class ObjectsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects, by UUID, as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset: QuerySet[Any], *, label_from: Any = str, **kwargs: Any) -> None:
        self._label_from = label_from
        super().__init__(queryset, to_field_name="uuid", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(self._label_from(obj))


def person_label(person: Person) -> str:
    return f"{person.full_name} ({person.partner.name})" if person.partner else person.full_name


def active_people(programme: Programme) -> QuerySet[Person]:
    return programme.people.filter(removed_at__isnull=True).select_related("partner").order_by("full_name")


class GuardedForm(PersonalDataGuardMixin, forms.Form):
    """Free text checked for personal data, and a hidden version: a save based on an old version
    is refused (koers.concurrency). The confirmation box comes after the fields it is about."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "confirm_personal_data"])


# People ---------------------------------------------------------------------------------------


class PersonForm(GuardedForm):
    guarded_fields = ("team_role", "view_on_problem")

    full_name = model_field(Person, "full_name")
    partner = ObjectChoiceField(
        PartnerOrganisation.objects.none(),
        label=_("Organisation"),
        required=False,
        empty_label=_("(no partner organisation)"),
        help_text=_("The partner organisation this person works for. It joins the programme with them."),
    )
    function = model_field(Person, "function")
    email = model_field(Person, "email")
    phone = model_field(Person, "phone")
    team_role = model_field(Person, "team_role")
    view_on_problem = model_field(Person, "view_on_problem")

    def __init__(self, *args: Any, organisation: Organisation, own_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = selectors.partners_of(organisation)  # type: ignore[attr-defined]
        if own_only:
            for name in list(self.fields):
                if name not in (*OWN_PERSON_FIELDS, "version", "confirm_personal_data"):
                    del self.fields[name]

    def values(self) -> dict[str, Any]:
        """The cleaned values the person services take."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "confirm_personal_data")
        }


# Bodies ---------------------------------------------------------------------------------------


class BodyForm(GuardedForm):
    guarded_fields = ("mandate",)

    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name = model_field(Body, "name")
    mandate = model_field(Body, "mandate")
    meeting_frequency = model_field(Body, "meeting_frequency")
    chair = ObjectChoiceField(
        Person.objects.none(), label=_("Chair"), required=False, label_from=person_label
    )
    secretary = ObjectChoiceField(
        Person.objects.none(), label=_("Secretary"), required=False, label_from=person_label
    )
    members = ObjectsChoiceField(
        Person.objects.none(), label=_("Members"), required=False, label_from=person_label
    )

    def __init__(self, *args: Any, programme: Programme, body: Body | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = active_people(programme)
        for name in ("chair", "secretary", "members"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        self.fields["name"].help_text = _("For example: “Stuurgroep Jeugd en Veiligheid”.")
        if body is None:
            taken = set(programme.bodies.filter(kind__in=MAIN_BODY_KINDS).values_list("kind", flat=True))
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in BodyKind.choices if value not in taken
            ]
            self.fields["kind"].help_text = _(
                "A programme has one project team, one steering group and one project group, and any "
                "number of working groups."
            )
        else:
            del self.fields["kind"]
        if body is not None and body.kind == BodyKind.PROJECTGROEP:
            # The project group's members are the kwartiermakers: Koers derives them.
            del self.fields["members"]

    def values(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "confirm_personal_data", "kind", "members")
        }


class NoSteeringGroupForm(GuardedForm):
    guarded_fields = ("no_steering_group_reason",)

    no_steering_group_reason = model_field(Programme, "no_steering_group_reason")


# Agreements -----------------------------------------------------------------------------------


class AgreementForm(GuardedForm):
    guarded_fields = ("text",)

    text = model_field(Agreement, "text")
    owner = ObjectChoiceField(
        Person.objects.none(),
        label=_("Owner"),
        required=False,
        label_from=person_label,
        help_text=_("The team member who keeps this agreement up to date."),
    )
    agreed_on = model_field(Agreement, "agreed_on", widget=DateInput())

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_people(programme)  # type: ignore[attr-defined]
        self.fields["agreed_on"].help_text = _(
            "The date the team agreed on this text. An agreement counts as agreed when it has a text, "
            "an owner and this date."
        )

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("text", "owner", "agreed_on")}


# Partner organisations ------------------------------------------------------------------------


def partner_type_label(partner_type: PartnerType) -> str:
    return partner_type.label


class PartnerForm(GuardedForm):
    guarded_fields = ("notes",)

    name = model_field(PartnerOrganisation, "name")
    partner_type = ObjectChoiceField(
        PartnerType.objects.none(), label=_("Partner type"), label_from=partner_type_label
    )
    domains = forms.MultipleChoiceField(
        label=_("Domains"),
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The domains the partner works in. Leave all unticked to use the usual domains of its type."
        ),
    )
    email = model_field(PartnerOrganisation, "email")
    phone = model_field(PartnerOrganisation, "phone")
    website = model_field(PartnerOrganisation, "website")
    notes = model_field(PartnerOrganisation, "notes")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_type"].queryset = selectors.partner_types_for(organisation)  # type: ignore[attr-defined]
        self.fields["name"].help_text = _("For example: “Politie basisteam Voorbeeldstad”.")
        self.fields["notes"].help_text = _(
            "What is useful to know about working with this partner. Do not name young people."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        partner_type = cleaned.get("partner_type")
        if not cleaned.get("domains") and partner_type is not None:
            cleaned["domains"] = list(partner_type.default_domains)
        return cleaned

    def values(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("name", "partner_type", "domains", "email", "phone", "website", "notes")
        }


class PartnerTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example: “Buurtsportcoach”."))
    core_group = forms.ChoiceField(
        label=_("Counts as core partner"),
        choices=[("", _("none of the nine core partners")), *CoreGroup.choices],
        required=False,
        help_text=_("Which of the nine core partners of an integral team this type counts as, if any."),
    )
    domains = forms.MultipleChoiceField(
        label=_("Usual domains"),
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Partners of this type start with these domains."),
    )


class ProgrammePartnerAddForm(forms.Form):
    partner = ObjectChoiceField(
        PartnerOrganisation.objects.none(),
        label=_("Partner organisation"),
        label_from=lambda p: f"{p.name} ({p.partner_type.label})",
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = selectors.partners_of(programme.organisation).exclude(  # type: ignore[attr-defined]
            programme_links__programme=programme
        )


# Who's who ------------------------------------------------------------------------------------


class PeopleFilterForm(forms.Form):
    """The filters of the who's-who table; values are UUIDs and texts, never database ids."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    partner = forms.ChoiceField(label=_("Organisation"), required=False)
    body = forms.ChoiceField(label=_("Body"), required=False)
    role = forms.ChoiceField(label=_("Role in the team"), required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Name, function or organisation")
        everyone = ("", _("all"))
        partners = selectors.programme_partners(programme).values_list("partner__uuid", "partner__name")
        self.fields["partner"].choices = [everyone, *((str(u), n) for u, n in partners)]  # type: ignore[attr-defined]
        bodies = programme.bodies.order_by("kind", "name").values_list("uuid", "name")
        self.fields["body"].choices = [everyone, *((str(u), n) for u, n in bodies)]  # type: ignore[attr-defined]
        roles = (
            programme.people.filter(removed_at__isnull=True)
            .exclude(team_role="")
            .order_by("team_role")
            .values_list("team_role", flat=True)
            .distinct()
        )
        self.fields["role"].choices = [everyone, *((r, r) for r in roles)]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}

"""What the API's resources look like: camelCase properties, UUIDs as ``id``, model field names
reached with ``source``. Serializers only check the shape of the input; the services validate
and write."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from koers.organisations.models import Organisation
from koers.programmes.models import Programme, ProgrammeStatus
from koers.teams.models import Body, PartnerOrganisation, PartnerType, Person
from koers.teams.reference import BodyKind, CoreGroup, Domain, Frequency


class UuidRelatedField(serializers.SlugRelatedField):
    """A related object named by its UUID, looked up in a queryset the view scopes to the user."""

    default_error_messages = {
        "does_not_exist": _("There is no %(what)s with this id that you may use."),
        "invalid": _("Give the id (a UUID)."),
    }

    def __init__(self, *, what: Any, scope: Any = None, **kwargs: Any) -> None:
        self.what = what
        self.scope = scope
        super().__init__(slug_field="uuid", **kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if self.scope is None or request is None:
            return super().get_queryset()
        return self.scope(request, self.context.get("view"))

    def to_internal_value(self, data: Any) -> Any:
        import uuid

        try:
            value = uuid.UUID(str(data))
        except (TypeError, ValueError, AttributeError):
            self.fail("invalid")
        queryset = self.get_queryset()
        found = queryset.filter(uuid=value).first()
        if found is None:
            self.fail("does_not_exist", what=self.what)
        return found


def _user_organisations(request: Any, view: Any) -> Any:
    return Organisation.objects.for_user(request.user)


class ProgrammeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation = UuidRelatedField(
        what=_("organisation"),
        scope=_user_organisations,
        queryset=Organisation.objects.all(),
        help_text="The organisation (UUID) the programme belongs to; set when it is created.",
    )
    startDate = serializers.DateField(source="start_date")
    endDate = serializers.DateField(source="end_date", required=False, allow_null=True)
    noSteeringGroupReason = serializers.CharField(
        source="no_steering_group_reason", required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=ProgrammeStatus.choices, read_only=True)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version you read. Required when changing: a stale version gets 409 Conflict.",
    )
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "organisation",
            "name",
            "description",
            "startDate",
            "endDate",
            "status",
            "noSteeringGroupReason",
            "version",
            "createdAt",
            "updatedAt",
        ]
        extra_kwargs = {"description": {"required": False}}
        validators: list[Any] = []  # the services check uniqueness, in the user's language

    def to_representation(self, instance: Programme) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["organisation"] = str(instance.organisation.uuid)
        return data


class ProgrammeUpdateSerializer(ProgrammeSerializer):
    """Changing a programme: its organisation stays, the version you read is required."""

    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)  # type: ignore[assignment]
    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; a stale version gets 409 Conflict."
    )

    class Meta(ProgrammeSerializer.Meta):
        pass


class ProgrammeStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProgrammeStatus.choices)


# Step 1: the team -------------------------------------------------------------------------------


def _partner_types(request: Any, view: Any) -> Any:
    return PartnerType.objects.filter(
        Q(organisation__isnull=True) | Q(organisation__in=Organisation.objects.for_user(request.user))
    )


def _programme_partners(request: Any, view: Any) -> Any:
    return PartnerOrganisation.objects.filter(organisation=view.programme.organisation_id, is_active=True)


def _programme_people(request: Any, view: Any) -> Any:
    return view.programme.people.filter(removed_at__isnull=True)


def _team_person(**kwargs: Any) -> Any:
    """An optional reference to a person of the programme's team, by UUID."""
    return UuidRelatedField(
        what=_("person"),
        scope=_programme_people,
        queryset=Person.objects.all(),
        required=False,
        **kwargs,
    )


class VersionedSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version you read. Required when changing: a stale version gets 409 Conflict.",
    )
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)


class PartnerTypeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    nameEn = serializers.CharField(source="name_en", read_only=True)
    coreGroup = serializers.ChoiceField(
        source="core_group", choices=CoreGroup.choices, allow_blank=True, read_only=True
    )
    defaultDomains = serializers.ListField(
        source="default_domains", child=serializers.ChoiceField(choices=Domain.choices), read_only=True
    )

    class Meta:
        model = PartnerType
        fields = ["id", "key", "name", "nameEn", "coreGroup", "defaultDomains"]
        read_only_fields = fields


class PartnerSerializer(VersionedSerializer):
    organisation = UuidRelatedField(
        what=_("organisation"),
        scope=_user_organisations,
        queryset=Organisation.objects.all(),
        help_text="The organisation (UUID) whose partner this is; set when it is made.",
    )
    partnerType = UuidRelatedField(
        source="partner_type",
        what=_("partner type"),
        scope=_partner_types,
        queryset=PartnerType.objects.all(),
        help_text="A partner type (UUID) from /api/v1/partner-types.",
    )
    domains = serializers.ListField(child=serializers.ChoiceField(choices=Domain.choices), required=False)

    class Meta:
        model = PartnerOrganisation
        fields = [
            "id",
            "organisation",
            "name",
            "partnerType",
            "domains",
            "email",
            "phone",
            "website",
            "notes",
            "version",
            "createdAt",
            "updatedAt",
        ]
        extra_kwargs = {f: {"required": False} for f in ("email", "phone", "website", "notes")}
        validators: list[Any] = []

    def to_representation(self, instance: PartnerOrganisation) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["organisation"] = str(instance.organisation.uuid)
        return data


class PartnerUpdateSerializer(PartnerSerializer):
    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)  # type: ignore[assignment]

    class Meta(PartnerSerializer.Meta):
        pass


class PersonSerializer(VersionedSerializer):
    fullName = serializers.CharField(source="full_name", max_length=200)
    partner = UuidRelatedField(
        what=_("partner organisation"),
        scope=_programme_partners,
        queryset=PartnerOrganisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="The partner organisation (UUID) the person works for.",
    )
    teamRole = serializers.CharField(source="team_role", max_length=200, required=False, allow_blank=True)
    viewOnProblem = serializers.CharField(source="view_on_problem", required=False, allow_blank=True)
    removedAt = serializers.DateTimeField(source="removed_at", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "fullName",
            "partner",
            "function",
            "email",
            "phone",
            "teamRole",
            "viewOnProblem",
            "removedAt",
            "version",
            "createdAt",
            "updatedAt",
        ]
        extra_kwargs = {f: {"required": False} for f in ("function", "email", "phone")}
        validators: list[Any] = []


class BodySerializer(VersionedSerializer):
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    meetingFrequency = serializers.ChoiceField(
        source="meeting_frequency", choices=Frequency.choices, required=False
    )
    chair = _team_person(allow_null=True, help_text="A person (UUID) of the programme's team.")
    secretary = _team_person(allow_null=True, help_text="A person (UUID) of the programme's team.")
    members = _team_person(many=True, help_text="People (UUIDs) of the programme's team.")

    class Meta:
        model = Body
        fields = [
            "id",
            "kind",
            "name",
            "mandate",
            "meetingFrequency",
            "chair",
            "secretary",
            "members",
            "version",
            "createdAt",
            "updatedAt",
        ]
        extra_kwargs = {"mandate": {"required": False}}
        validators: list[Any] = []


class BodyUpdateSerializer(BodySerializer):
    kind = serializers.ChoiceField(choices=BodyKind.choices, read_only=True)

    class Meta(BodySerializer.Meta):
        pass

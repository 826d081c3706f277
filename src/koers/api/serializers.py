"""What the API's resources look like: camelCase properties, UUIDs as ``id``, model field names
reached with ``source``. Serializers only check the shape of the input; the services validate
and write."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from koers.organisations.models import Organisation
from koers.programmes.models import Programme, ProgrammeStatus


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

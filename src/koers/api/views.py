"""The API's resources. Each view fetches through the web's selectors (404 for another
organisation, 403 for a missing right) and writes through the web's services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koers.organisations.models import Organisation
from koers.programmes import selectors as programme_selectors
from koers.programmes import services as programme_services
from koers.programmes.models import Programme
from koers.teams import selectors as team_selectors
from koers.teams import services as team_services
from koers.teams.models import Body, PartnerOrganisation, PartnerType, Person

from . import filters, serializers


def require_version(data: dict[str, Any]) -> int:
    version = data.pop("version", None)
    if version is None:
        raise DjangoValidationError(
            {"version": _("Send the version you read, so nobody's changes are overwritten.")},
            code="required",
        )
    return int(version)


class ApiViewSet(viewsets.GenericViewSet):
    """Shared behaviour: UUIDs in the path, the action's permission, writes in one transaction."""

    def get_programme(self, perm: str = "programmes.view_programme") -> Programme:
        return programme_selectors.get_programme_for_user(self.request, self.kwargs["programmeId"], perm=perm)

    def check_perm(self, perm: str, obj: Any) -> None:
        if not self.request.user.has_perm(perm, obj):
            raise PermissionDenied(perm)


@extend_schema_view(
    list=extend_schema(summary="List your programmes", tags=["programmes"]),
    retrieve=extend_schema(summary="Get a programme", tags=["programmes"]),
    create=extend_schema(summary="Start a programme", tags=["programmes"]),
    update=extend_schema(
        summary="Change a programme", tags=["programmes"], request=serializers.ProgrammeUpdateSerializer
    ),
    partial_update=extend_schema(
        summary="Change part of a programme",
        tags=["programmes"],
        request=serializers.ProgrammeUpdateSerializer,
    ),
)
class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ApiViewSet,
):
    """Programmes of your organisations that you take part in (or administer)."""

    queryset = Programme.objects.none()  # for the schema; get_queryset scopes to the user
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    lookup_url_kwarg = "programmeId"

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return serializers.ProgrammeUpdateSerializer
        if self.action == "change_status":
            return serializers.ProgrammeStatusSerializer
        return serializers.ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Programme]:
        return (
            Programme.objects.visible_to(self.request.user)
            .select_related("organisation")
            .order_by("-start_date", "name", "pk")
        )

    def get_object(self) -> Programme:
        perm = "programmes.view_programme" if self.request.method == "GET" else "programmes.change_programme"
        return self.get_programme(perm)

    @transaction.atomic
    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        organisation = data.pop("organisation")
        self.check_perm("programmes.add_programme", organisation)
        reason = data.pop("no_steering_group_reason", "")
        programme = programme_services.programme_create(
            actor=self.request.user, organisation=organisation, **data
        )
        if reason:
            programme_services.programme_update(
                actor=self.request.user,
                programme=programme,
                expected_version=programme.version,
                no_steering_group_reason=reason,
            )
        serializer.instance = programme

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        version = require_version(data)
        serializer.instance = programme_services.programme_update(
            actor=self.request.user, programme=serializer.instance, expected_version=version, **data
        )

    @extend_schema(
        summary="Change a programme's status",
        tags=["programmes"],
        request=serializers.ProgrammeStatusSerializer,
        responses={200: serializers.ProgrammeSerializer},
    )
    @action(detail=True, methods=["put"], url_path="status")
    def change_status(self, request: Request, programmeId: Any = None) -> Response:
        programme = self.get_programme("programmes.change_programme")
        serializer = serializers.ProgrammeStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = programme_services.programme_change_status(
            actor=request.user, programme=programme, status=serializer.validated_data["status"]
        )
        return Response(
            serializers.ProgrammeSerializer(programme, context=self.get_serializer_context()).data
        )


# Step 1: the team -------------------------------------------------------------------------------


class ProgrammeChildViewSet(ApiViewSet):
    """A resource inside a programme (``/programmes/{programmeId}/…``): the programme comes
    through the web's selector with ``read_perm`` (404 for another organisation, 403 without the
    right); creating and deleting need ``manage_perm`` on the programme."""

    read_perm = "teams.view_team"
    manage_perm = "teams.manage_team"

    @property
    def programme(self) -> Programme:
        if not hasattr(self, "_programme"):
            self._programme = self.get_programme(self.read_perm)
        return self._programme

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        _ = self.programme  # the programme's 404/403 before anything else
        if self.action in ("create", "destroy"):
            self.check_perm(self.manage_perm, self.programme)


class PartnerTypeViewSet(mixins.ListModelMixin, ApiViewSet):
    """The kinds of partner: the built-in ones and those of your organisations."""

    queryset = PartnerType.objects.none()
    serializer_class = serializers.PartnerTypeSerializer

    def get_queryset(self) -> QuerySet[PartnerType]:
        return serializers._partner_types(self.request, self).order_by("order", "name", "pk")

    @extend_schema(summary="List the partner types", tags=["partner-types"])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="List the partner organisations of your organisations", tags=["partners"]),
    retrieve=extend_schema(summary="Get a partner organisation", tags=["partners"]),
    create=extend_schema(summary="Add a partner organisation", tags=["partners"]),
    update=extend_schema(
        summary="Change a partner organisation",
        tags=["partners"],
        request=serializers.PartnerUpdateSerializer,
    ),
    partial_update=extend_schema(
        summary="Change part of a partner organisation",
        tags=["partners"],
        request=serializers.PartnerUpdateSerializer,
    ),
    destroy=extend_schema(summary="Remove a partner organisation", tags=["partners"]),
)
class PartnerViewSet(viewsets.ModelViewSet, ApiViewSet):
    """Partner organisations (police district, school, youth work …), kept once per organisation."""

    queryset = PartnerOrganisation.objects.none()
    filterset_class = filters.PartnerFilter
    lookup_field = "uuid"
    lookup_url_kwarg = "partnerId"

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return serializers.PartnerUpdateSerializer
        return serializers.PartnerSerializer

    def get_queryset(self) -> QuerySet[PartnerOrganisation]:
        return (
            PartnerOrganisation.objects.filter(
                organisation__in=Organisation.objects.for_user(self.request.user), is_active=True
            )
            .select_related("organisation", "partner_type")
            .order_by("name", "pk")
        )

    def get_object(self) -> PartnerOrganisation:
        partner = super().get_object()
        self.check_perm("teams.view_partners", partner.organisation)
        if self.request.method != "GET":
            self.check_perm("teams.manage_partners", partner.organisation)
        return partner

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        organisation = data.pop("organisation")
        self.check_perm("teams.manage_partners", organisation)
        serializer.instance = team_services.partner_create(
            actor=self.request.user, organisation=organisation, **data
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        version = require_version(data)
        serializer.instance = team_services.partner_update(
            actor=self.request.user, partner=serializer.instance, expected_version=version, **data
        )

    def perform_destroy(self, instance: PartnerOrganisation) -> None:
        team_services.partner_delete(actor=self.request.user, partner=instance)


@extend_schema_view(
    list=extend_schema(summary="List the people of a programme's team", tags=["people"]),
    retrieve=extend_schema(summary="Get a person of the team", tags=["people"]),
    create=extend_schema(summary="Add a person to the team", tags=["people"]),
    update=extend_schema(summary="Change a person of the team", tags=["people"]),
    partial_update=extend_schema(summary="Change part of a person of the team", tags=["people"]),
    destroy=extend_schema(
        summary="Remove a person from the team",
        description="The person stays in the history as a former member.",
        tags=["people"],
    ),
)
class PersonViewSet(viewsets.ModelViewSet, ProgrammeChildViewSet):
    """The people of a programme's team. The programme manager changes everyone; a team member
    changes their own contact details."""

    queryset = Person.objects.none()
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    lookup_url_kwarg = "personId"

    def get_queryset(self) -> QuerySet[Person]:
        return self.programme.people.select_related("partner").order_by("removed_at", "full_name", "pk")

    def get_object(self) -> Person:
        if self.request.method == "GET":
            return team_selectors.get_person(self.programme, self.kwargs["personId"])
        if self.request.method == "DELETE":
            return team_selectors.get_person(self.programme, self.kwargs["personId"])
        return team_selectors.get_person_for_user(
            self.request, self.programme, self.kwargs["personId"], write=True
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = team_services.person_create(
            actor=self.request.user, programme=self.programme, **data
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        version = require_version(data)
        if not self.request.user.has_perm("teams.manage_team", self.programme):
            person = serializer.instance
            others = {
                name
                for name, value in data.items()
                if name not in team_services.OWN_PERSON_FIELDS and getattr(person, name) != value
            }
            if others:
                raise PermissionDenied(_("You may change only your own contact details and view."))
        serializer.instance = team_services.person_update(
            actor=self.request.user, person=serializer.instance, expected_version=version, **data
        )

    def perform_destroy(self, instance: Person) -> None:
        team_services.person_remove(actor=self.request.user, person=instance)


@extend_schema_view(
    list=extend_schema(summary="List the bodies of a programme", tags=["bodies"]),
    retrieve=extend_schema(summary="Get a body", tags=["bodies"]),
    create=extend_schema(summary="Add a body", tags=["bodies"]),
    update=extend_schema(summary="Change a body", tags=["bodies"], request=serializers.BodyUpdateSerializer),
    partial_update=extend_schema(
        summary="Change part of a body", tags=["bodies"], request=serializers.BodyUpdateSerializer
    ),
    destroy=extend_schema(summary="Remove a body", tags=["bodies"]),
)
class BodyViewSet(viewsets.ModelViewSet, ProgrammeChildViewSet):
    """The bodies of a programme (steering group, project team, working groups) with their
    members. The programme manager keeps them; a kwartiermaker changes the working group they chair."""

    queryset = Body.objects.none()
    filterset_class = filters.BodyFilter
    lookup_url_kwarg = "bodyId"

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return serializers.BodyUpdateSerializer
        return serializers.BodySerializer

    def get_queryset(self) -> QuerySet[Body]:
        return team_selectors.bodies(self.programme).order_by("kind", "name", "pk")

    def get_object(self) -> Body:
        write = self.request.method in ("PUT", "PATCH")
        return team_selectors.get_body_for_user(
            self.request, self.programme, self.kwargs["bodyId"], write=write
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = team_services.body_create(
            actor=self.request.user, programme=self.programme, **data
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        version = require_version(data)
        members = data.pop("members", None)
        serializer.instance = team_services.body_update(
            actor=self.request.user,
            body=serializer.instance,
            expected_version=version,
            members=members,
            **data,
        )

    def perform_destroy(self, instance: Body) -> None:
        team_services.body_delete(actor=self.request.user, body=instance)

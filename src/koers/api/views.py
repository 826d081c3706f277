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

from koers.programmes import selectors as programme_selectors
from koers.programmes import services as programme_services
from koers.programmes.models import Programme

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

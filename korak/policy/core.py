from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from korak.organisations.models import Membership, User
from korak.policy import scopes
from korak.policy.permissions import PERMISSIONS, Permission

F = TypeVar("F", bound=Callable[..., Any])
AnyUser = User | AnonymousUser

PUBLIC = "public"
_CACHE_ATTR = "_korak_memberships"


class NotFoundError(Http404):
    """Raised for a missing and for a forbidden record alike: nobody learns that it exists."""


class PermissionRefusedError(Exception):
    """The user holds no role that allows the action at all (no record involved)."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


def _memberships(user: User) -> list[Membership]:
    # Cached on the user object for one request: the policy is asked many times per page.
    cached: list[Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(
                user=user, is_active=True, institution__is_active=True,
                institution__country_id=settings.KORAK_COUNTRY,
            ).select_related("institution")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _grants(user: AnyUser, action: str) -> tuple[Permission, list[Membership]] | None:
    permission = PERMISSIONS.get(action)
    if permission is None or not user.is_authenticated or not user.is_active:
        return None
    if not isinstance(user, User):
        return None
    if permission.needs_second_factor and not _second_factor_verified(user):
        return None
    granting = [m for m in _memberships(user) if m.role in permission.roles]
    return (permission, granting) if granting else None


def _second_factor_verified(user: User) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def can(user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
    grant = _grants(user, action)
    if grant is None:
        return False
    permission, granting = grant
    if obj is None or permission.scope == "any":
        return True
    if permission.scope == "country":
        return scopes.country_of(obj) in {m.institution.country_id for m in granting}
    return scopes.institution_of(obj) in {m.institution_id for m in granting}


def visible[M: models.Model](user: AnyUser, queryset: models.QuerySet[M], action: str) -> models.QuerySet[M]:
    """The same rule as `can`, as a filter: no list shows a row the detail page refuses."""
    grant = _grants(user, action)
    if grant is None:
        return queryset.none()
    permission, granting = grant
    path = scopes.path_for(queryset.model)
    if permission.scope == "institution" and path.institution is not None:
        return queryset.filter(**{f"{path.institution}__in": {m.institution_id for m in granting}})
    if permission.scope == "any" and path.institution is not None:
        # A node-wide action still never reaches past the institutions the user serves in.
        return queryset.filter(**{f"{path.institution}__in": {m.institution_id for m in granting}})
    return queryset.filter(**{f"{path.country}__in": {m.institution.country_id for m in granting}})


def get_for[M: models.Model](user: AnyUser, source: type[M] | models.QuerySet[M], pk: object, action: str) -> M:
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        # A malformed key ("not-a-uuid" for a UUID field) is a ValidationError: still just "not found".
        raise NotFoundError from None
    if not can(user, action, obj):
        raise NotFoundError
    return obj


def require(user: AnyUser, action: str, obj: models.Model | None = None) -> None:
    """For services: refuse unless `can`. A record-level refusal is a NotFound."""
    if obj is not None:
        if not can(user, action, obj):
            raise NotFoundError
    elif not can(user, action):
        raise PermissionRefusedError(action)


def requires(action: str) -> Callable[[F], F]:
    """Marks a view or API operation with the action it needs and refuses without it.
    The architecture test fails for any URL whose view carries no such mark."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not can(request.user, action):
                raise PermissionRefusedError(action)
            return view(request, *args, **kwargs)

        guarded.korak_policy = action  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def public[V: Callable[..., Any]](view: V) -> V:
    """Marks a view that anyone may open (login, language switch, the API's own docs)."""
    view.korak_policy = PUBLIC  # type: ignore[attr-defined]
    return view

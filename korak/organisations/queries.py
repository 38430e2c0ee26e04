from django.db.models import QuerySet

from korak import policy
from korak.organisations.models import Institution, Membership, User


def institutions(*, actor: User, action: str = "organisations.view") -> QuerySet[Institution]:
    return policy.visible(actor, Institution.objects.select_related("country", "parent"), action)


def memberships_of(user: User) -> list[Membership]:
    return list(user.memberships.filter(is_active=True).select_related("institution", "institution__country"))


def users(*, actor: User) -> QuerySet[User]:
    """Users who serve in an institution the administrator manages."""
    managed = institutions(actor=actor, action="organisations.manage")
    return User.objects.filter(memberships__institution__in=managed).distinct().order_by("username")


def roles_of(user: User) -> set[str]:
    return {m.role for m in memberships_of(user)}


def is_administrator(user: User) -> bool:
    return user.memberships.filter(is_active=True, role="administrator").exists()

"""The shape of a grant: which roles, at which scope, with or without a second factor.

scope "institution": the user must hold the role in the institution the record belongs to.
scope "country": the role in any institution of the record's country (node-wide duties).
scope "any": the role anywhere on this node (actions with no record yet, such as a search)."""

from dataclasses import dataclass
from typing import Literal

from korak.organisations.models import Role

Scope = Literal["institution", "country", "any"]


@dataclass(frozen=True)
class Permission:
    roles: frozenset[str]
    scope: Scope
    needs_second_factor: bool = False


def roles(*granted: Role) -> frozenset[str]:
    return frozenset(role.value for role in granted)


EVERYONE = frozenset(role.value for role in Role)

"""Who may do what: one table, readable in one screen. Anything not listed is denied.

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


def _roles(*roles: Role) -> frozenset[str]:
    return frozenset(role.value for role in roles)


_PEOPLE_READERS = _roles(Role.CASE_OFFICER, Role.SUPERVISOR, Role.RETURN_COORDINATOR, Role.PROTECTION_OFFICER)
_PEOPLE_WRITERS = _roles(Role.CASE_OFFICER, Role.SUPERVISOR)
_EVERYONE = frozenset(role.value for role in Role)

PERMISSIONS: dict[str, Permission] = {
    "home.view": Permission(_EVERYONE, "any"),
    "organisations.view": Permission(_EVERYONE, "country"),
    "organisations.manage": Permission(_roles(Role.ADMINISTRATOR), "country", needs_second_factor=True),
    "people.search": Permission(_PEOPLE_READERS, "any"),
    "people.view": Permission(_PEOPLE_READERS, "institution"),
    "people.register": Permission(_PEOPLE_WRITERS, "institution"),
    "people.edit": Permission(_PEOPLE_WRITERS, "institution"),
    "audit.verify": Permission(_roles(Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR), "any",
                               needs_second_factor=True),
}

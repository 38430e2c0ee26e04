"""Who may do what: one table, readable in one screen per app. Anything not listed is denied.
The scopes are explained in korak.policy.grants; each case app's rows live in
korak/policy/tables/<app>.py so that the whole policy stays in this package."""

from korak.organisations.models import Role
from korak.policy.grants import EVERYONE, Permission, Scope, roles
from korak.policy.tables import asylum, identity, operations, programme, protection, returns, timelines

__all__ = ["PERMISSIONS", "Permission", "Scope"]

_PEOPLE_READERS = roles(Role.CASE_OFFICER, Role.SUPERVISOR, Role.RETURN_COORDINATOR, Role.PROTECTION_OFFICER)
_PEOPLE_WRITERS = roles(Role.CASE_OFFICER, Role.SUPERVISOR)

_FOUNDATION: dict[str, Permission] = {
    "home.view": Permission(EVERYONE, "any"),
    "organisations.view": Permission(EVERYONE, "country"),
    "organisations.manage": Permission(roles(Role.ADMINISTRATOR), "country", needs_second_factor=True),
    "people.search": Permission(_PEOPLE_READERS, "any"),
    "people.view": Permission(_PEOPLE_READERS, "institution"),
    "people.register": Permission(_PEOPLE_WRITERS, "institution"),
    "people.edit": Permission(_PEOPLE_WRITERS, "institution"),
    "audit.verify": Permission(roles(Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR), "any",
                               needs_second_factor=True),
}


def _merge(*tables: dict[str, Permission]) -> dict[str, Permission]:
    merged: dict[str, Permission] = {}
    for table in tables:
        clash = merged.keys() & table.keys()
        if clash:
            raise RuntimeError(f"Permission defined twice: {sorted(clash)}")
        merged.update(table)
    return merged


PERMISSIONS: dict[str, Permission] = _merge(
    _FOUNDATION, programme.PERMISSIONS, asylum.PERMISSIONS, returns.PERMISSIONS, identity.PERMISSIONS,
    protection.PERMISSIONS, operations.PERMISSIONS, timelines.PERMISSIONS,
)

"""Permissions of `asylum` (merged into korak.policy.permissions.PERMISSIONS).

Asylum files stay inside the institution that examines them: every grant is institution-scoped,
so another service of the same country learns nothing of an application."""

from korak.organisations.models import Role
from korak.policy.grants import Permission, roles

_CASEWORK = roles(Role.CASE_OFFICER, Role.SUPERVISOR)

PERMISSIONS: dict[str, Permission] = {
    "asylum.view": Permission(roles(Role.CASE_OFFICER, Role.SUPERVISOR, Role.PROTECTION_OFFICER), "institution"),
    "asylum.open": Permission(_CASEWORK, "institution"),
    # Registration, lodging, procedure, interviews, notification, appeals, withdrawal.
    "asylum.act": Permission(_CASEWORK, "institution"),
    # Admissibility, the decision on the merits, the appeal's result, finality.
    "asylum.decide": Permission(_CASEWORK, "institution"),
}

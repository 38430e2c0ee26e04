"""Permissions of `timelines` (merged into korak.policy.permissions.PERMISSIONS)."""

from korak.organisations.models import Role
from korak.policy.grants import Permission, roles

PERMISSIONS: dict[str, Permission] = {
    # The deadline board: the case workers of the institution the deadlines belong to.
    "deadlines.view": Permission(roles(Role.CASE_OFFICER, Role.SUPERVISOR, Role.RETURN_COORDINATOR), "institution"),
}

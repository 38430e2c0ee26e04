"""Permissions of `returns` (merged into korak.policy.permissions.PERMISSIONS)."""

from korak.organisations.models import Role
from korak.policy.grants import Permission, roles

_CASEWORK = roles(Role.CASE_OFFICER, Role.SUPERVISOR, Role.RETURN_COORDINATOR)

PERMISSIONS: dict[str, Permission] = {
    "returns.view": Permission(_CASEWORK, "institution"),
    "returns.open": Permission(roles(Role.CASE_OFFICER, Role.SUPERVISOR), "institution"),
    # Voluntary departure, entry ban, identification, travel documents, readmission, AVR.
    "returns.act": Permission(_CASEWORK, "institution"),
    # Deprivation of liberty: ordered, reviewed and extended by the responsible officers only.
    "returns.detain": Permission(roles(Role.CASE_OFFICER, Role.SUPERVISOR), "institution"),
    # Removal scheduling and the outcome of the case.
    "returns.enforce": Permission(_CASEWORK, "institution"),
}

"""Permissions of `identity` (merged into korak.policy.permissions.PERMISSIONS)."""

from korak.organisations.models import Role
from korak.policy.grants import Permission, roles

PERMISSIONS: dict[str, Permission] = {
    # Who is this? The top candidates from the whole registry of this node, like a search.
    "identity.candidates": Permission(
        roles(Role.CASE_OFFICER, Role.SUPERVISOR, Role.RETURN_COORDINATOR, Role.PROTECTION_OFFICER), "any"),
    # Batch deduplication (I2): an officer decides whether a queued pair is one person; merging
    # and un-merging registry records is a supervisor's act, in the records' own institution.
    "identity.review": Permission(roles(Role.CASE_OFFICER, Role.SUPERVISOR), "institution"),
    "identity.merge": Permission(roles(Role.SUPERVISOR), "institution"),
}

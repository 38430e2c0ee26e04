"""Permissions of `asylum` (merged into korak.policy.permissions.PERMISSIONS)."""

from korak.policy.grants import Permission

PERMISSIONS: dict[str, Permission] = {}

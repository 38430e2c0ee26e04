"""The permission policy: `can`, `visible`, `get_for`; deny by default (DESIGN.md §4)."""

from korak.policy.core import (
    PUBLIC,
    NotFoundError,
    PermissionRefusedError,
    can,
    get_for,
    public,
    require,
    requires,
    visible,
)

__all__ = [
    "PUBLIC", "NotFoundError", "PermissionRefusedError", "can", "get_for", "public", "require", "requires", "visible",
]

"""Permissions of `programme` (merged into korak.policy.permissions.PERMISSIONS).

The registry serves the whole region: a programme coordinator reads and writes officials of
all four countries ("any"), but changes only the activities their own institution organises.
Everyone else sees only the records of their own institution's staff. The public sees the
certificate verification page, which needs no permission at all."""

from korak.organisations.models import Role
from korak.policy.grants import EVERYONE, Permission, roles

_COORDINATORS = roles(Role.PROGRAMME_COORDINATOR)

PERMISSIONS: dict[str, Permission] = {
    # The whole registry: programmes, activities, officials, review queue.
    "programme.view": Permission(roles(Role.PROGRAMME_COORDINATOR, Role.STATISTICIAN), "any"),
    # Activities, sessions, registrations, attendance and sheet imports of one's own institution's activities.
    "programme.manage": Permission(_COORDINATORS, "institution"),
    # Officials of any institution: register, edit, merge, undo.
    "programme.officials": Permission(_COORDINATORS, "any"),
    # Curricula and certificates: issue, revoke, renew.
    "programme.certify": Permission(_COORDINATORS, "any"),
    # An institution's own staff: their participations, attendance and certificates.
    "programme.staff": Permission(EVERYONE, "institution"),
    # results
    # Indicators and their export: figures about groups, never a person.
    "programme.indicators": Permission(roles(Role.PROGRAMME_COORDINATOR, Role.STATISTICIAN), "any"),
    # Tests, results and surveys of the activities one's own institution organises.
    "programme.assess": Permission(_COORDINATORS, "institution"),
    # The highlights report before it is published; publishing it makes it public.
    "programme.report.view": Permission(roles(Role.PROGRAMME_COORDINATOR, Role.STATISTICIAN), "any"),
    "programme.report.publish": Permission(_COORDINATORS, "any"),
}

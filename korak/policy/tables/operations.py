"""Permissions of `operations` (merged into korak.policy.permissions.PERMISSIONS).

Operations, returnees, team, log, incidents and recommendation responses belong to the
organising institution. A monitor serves in another institution (an ombudsman or NGO):
the monitor's actions are granted node-wide ("any") and narrowed by the services and
queries to the operations the monitor is assigned to. Complaints belong to the
independent body that handles them."""

from korak.organisations.models import Role
from korak.policy.grants import Permission, roles

_STAFF = roles(Role.RETURN_COORDINATOR, Role.SUPERVISOR, Role.ESCORT_OFFICER)

PERMISSIONS: dict[str, Permission] = {
    # The door to the operations pages and API: which operations each reader sees is decided
    # by korak.operations.queries.operations_for (institution, country or assignment).
    "operations.read": Permission(roles(Role.RETURN_COORDINATOR, Role.SUPERVISOR, Role.ESCORT_OFFICER,
                                        Role.DATA_PROTECTION_OFFICER, Role.FORCED_RETURN_MONITOR), "any"),
    # The organising institution's return staff see their operations and the reports on them.
    "operations.view": Permission(_STAFF, "institution"),
    # Return coordinators plan: the operation, returnees, assessments, team, monitor.
    "operations.plan": Permission(roles(Role.RETURN_COORDINATOR), "institution"),
    "operations.confirm": Permission(roles(Role.RETURN_COORDINATOR, Role.SUPERVISOR), "institution"),
    # Escorts (and their coordinator) write the execution log and the incidents.
    "operations.log": Permission(roles(Role.ESCORT_OFFICER, Role.RETURN_COORDINATOR), "institution"),
    "operations.respond": Permission(roles(Role.RETURN_COORDINATOR, Role.SUPERVISOR), "institution"),
    "operations.settings": Permission(roles(Role.SUPERVISOR), "institution"),
    "operations.complaint.lodge": Permission(roles(Role.RETURN_COORDINATOR, Role.ESCORT_OFFICER), "institution"),
    # The DPO reads every operation and report of the country (oversight, every read audited).
    "operations.oversee": Permission(roles(Role.DATA_PROTECTION_OFFICER), "country"),
    # The monitor's workspace: only the operations the monitor is assigned to (services check it).
    "operations.monitor": Permission(roles(Role.FORCED_RETURN_MONITOR), "any"),
    # The independent body's monitors decide the complaints lodged with their institution.
    "operations.complaint.handle": Permission(roles(Role.FORCED_RETURN_MONITOR), "institution"),
}

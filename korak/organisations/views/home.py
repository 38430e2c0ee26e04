from django.http import HttpResponse
from django.shortcuts import render

from korak import policy
from korak.organisations import queries
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Role

# What each role comes to Korak for, in the order it matters to them.
_TASKS: dict[str, list[str]] = {
    Role.CASE_OFFICER: ["people.search", "people.register"],
    Role.SUPERVISOR: ["people.search", "people.register"],
    Role.RETURN_COORDINATOR: ["people.search", "operations.read"],
    Role.ESCORT_OFFICER: ["operations.read"],
    Role.FORCED_RETURN_MONITOR: ["operations.read"],
    Role.PROTECTION_OFFICER: ["people.search"],
    Role.PROGRAMME_COORDINATOR: ["programme.view"],
    Role.STATISTICIAN: ["programme.view"],
    Role.ADMINISTRATOR: ["organisations.manage"],
    Role.DATA_PROTECTION_OFFICER: ["audit.verify"],
    Role.REFERRAL_PARTNER: ["protection.partner"],
}


@policy.requires("home.view")
def home_view(request: AuthedRequest) -> HttpResponse:
    memberships = queries.memberships_of(request.user)
    tasks: list[str] = []
    for membership in memberships:
        for task in _TASKS.get(membership.role, []):
            if task not in tasks and policy.can(request.user, task):
                tasks.append(task)
    return render(request, "organisations/home.html", {"memberships": memberships, "tasks": tasks})

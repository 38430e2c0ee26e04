from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from korak import policy
from korak.audit import queries
from korak.organisations.http import AuthedRequest


@policy.requires("audit.verify")
@require_http_methods(["GET", "POST"])
def audit_verify_view(request: AuthedRequest) -> HttpResponse:
    """The data-protection officer proves the log unbroken, from the browser."""
    verdict = queries.verify_chain() if request.method == "POST" else None
    return render(request, "audit/verify.html", {"verdict": verdict})

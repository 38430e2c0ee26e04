from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from korak import policy
from korak.identity import queries
from korak.identity.normalise import parse_date
from korak.organisations.http import AuthedRequest

BIRTH_LABELS = {
    "exact": _("same date"), "swapped": _("day and month swapped"),
    "placeholder": _("same year (1 January placeholder)"),
    "partial": _("agrees where known"), "year": _("same year only"), "close": _("one year, day or digit apart"),
    "different": _("different"), "unknown": _("not known"),
}
FIELD_LABELS = {"same": _("same"), "different": _("different"), "unknown": _("not known")}


@policy.requires("identity.candidates")
@require_http_methods(["GET", "POST"])
def candidates(request: AuthedRequest) -> HttpResponse:
    """The candidates panel: who in the registry may this be? Criteria in the POST body."""
    query = queries.CandidateQuery(
        given_name=request.POST.get("given_name", "")[:200], family_name=request.POST.get("family_name", "")[:200],
        birth_date=request.POST.get("birth_date", "")[:10], sex=request.POST.get("sex", "")[:10],
        nationalities=tuple(code for code in [request.POST.get("nationality", "").strip().upper()[:2]] if code),
    )
    bad_date = bool(query.birth_date.strip()) and parse_date(query.birth_date) is None
    asked = request.method == "POST" and bool(query.given_name.strip() or query.family_name.strip())
    found = queries.candidates(request.user, query) if asked and not bad_date else []
    rows = [(candidate, BIRTH_LABELS[candidate.explanation.birth.level],
             FIELD_LABELS[candidate.explanation.nationality], FIELD_LABELS[candidate.explanation.sex])
            for candidate in found]
    return render(request, "identity/candidates.html", {
        "query": query, "rows": rows, "asked": asked, "bad_date": bad_date,
    }, status=422 if bad_date else 200)

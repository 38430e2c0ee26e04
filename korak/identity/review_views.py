"""The review pages: the queue of pairs that batch deduplication found, one pair side by side with
its decision and merge, and the merges with their undo. Thin: parse, call one service or query,
render. Filters travel in the URL (no personal data there); decisions in POST bodies."""

from typing import Any, cast
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korak import policy
from korak.core.forms import add_refusal_errors
from korak.core.htmx import wants_fragment
from korak.core.refusal import RefusedError
from korak.identity import review
from korak.identity.forms import DecisionForm, MergeForm, QueueFilterForm, UndoForm
from korak.identity.linkage import registry
from korak.identity.models import MatchCandidate, ReviewStatus
from korak.organisations.http import AuthedRequest

PAGE_SIZE = 50


def _show(form: forms.Form, error: RefusedError) -> None:
    add_refusal_errors(form, error.refusal, lambda field: field.removesuffix("_id"))
    if not error.refusal.fields or error.refusal.code == "stale_version":
        form.add_error(None, str(error.refusal.message))


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(text)
    except ValueError:
        return None


@policy.requires("identity.review")
def queue(request: AuthedRequest) -> HttpResponse:
    """Pairs by score, best first; filtered by status, score band and institution; one view for
    the full page and the fragment htmx swaps in when a filter changes."""
    institutions = [(str(i.pk), i.name) for i in review.reviewer_institutions(request.user)]
    data = request.GET.copy()
    data.setdefault("status", ReviewStatus.PENDING)
    form = QueueFilterForm(data, institutions=institutions)
    chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {"status": ReviewStatus.PENDING}
    filters = {"band": chosen.get("band", ""), "institution_id": _uuid(chosen.get("institution", ""))}
    page = Paginator(review.queue(request.user, status=chosen.get("status", ""), **filters),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    counted = review.totals(request.user, **filters)
    context = {"form": form, "page": page, "query": query.urlencode(),
               "totals": [(status, counted[status.value]) for status in ReviewStatus]}
    template = "identity/_queue.html" if wants_fragment(request) else "identity/review_queue.html"
    return render(request, template, context, status=200 if form.is_valid() else 422)


def _side_label(side: review.Side) -> str:
    """A record as the merge form names it: in Latin, as written when that differs, and where."""
    person = side.person
    latin = f"{person.family_name_latin}, {person.given_name_latin}"
    written = f"{person.family_name}, {person.given_name}"
    where = person.registering_institution.short_name or person.registering_institution.name
    return f"{latin} ({written}) · {where}" if written != latin else f"{latin} · {where}"


def _pair_page(request: AuthedRequest, candidate_id: UUID, *, decision: DecisionForm | None = None,
               merge: MergeForm | None = None, status: int = 200) -> HttpResponse:
    pair = review.get_pair(request.user, candidate_id)
    candidate, user = pair.candidate, request.user
    may_merge = (candidate.status == ReviewStatus.CONFIRMED
                 and all(policy.can(user, "identity.merge", side.person) for side in (pair.a, pair.b)))
    sides = [(str(side.person.pk), _side_label(side)) for side in (pair.a, pair.b)]
    if merge is not None:
        cast(forms.ChoiceField, merge.fields["survivor"]).choices = sides
    return render(request, "identity/review_pair.html", {
        "pair": pair, "candidate": candidate, "sides": (pair.a, pair.b),
        "may_decide": candidate.status != ReviewStatus.MERGED,
        "decision": decision or DecisionForm(initial={"expected_status": candidate.status}),
        "may_merge": may_merge,
        "merge": merge or (MergeForm(sides=sides, initial={"survivor": sides[0][0]}) if may_merge else None),
        "open_merge": review.open_merge_of(candidate),
    }, status=status)


@policy.requires("identity.review")
def pair(request: AuthedRequest, candidate_id: UUID) -> HttpResponse:
    return _pair_page(request, candidate_id)


@policy.requires("identity.review")
@require_POST
def decide(request: AuthedRequest, candidate_id: UUID) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _pair_page(request, candidate_id, decision=form, status=422)
    try:
        candidate = registry.decide_candidate(actor=request.user, candidate_id=candidate_id,
                                              same_person=form.cleaned_data["decision"] == "same",
                                              expected_status=form.cleaned_data["expected_status"])
    except RefusedError as error:
        _show(form, error)
        return _pair_page(request, candidate_id, decision=form, status=error.status)
    messages.success(request, _("Recorded: %(status)s.") % {"status": ReviewStatus(candidate.status).label})
    return redirect("identity:review-pair", candidate_id=candidate.pk)


@policy.requires("identity.merge")
@require_POST
def merge(request: AuthedRequest, candidate_id: UUID) -> HttpResponse:
    candidate = policy.get_for(request.user, MatchCandidate, candidate_id, "identity.review")
    ids = [str(candidate.person_a_id), str(candidate.person_b_id)]
    form = MergeForm(request.POST, sides=[(pk, pk) for pk in ids])
    status = 422
    if form.is_valid():
        survivor = form.cleaned_data["survivor"]
        merged = ids[1] if survivor == ids[0] else ids[0]
        try:
            done = registry.merge_persons(actor=request.user, survivor_id=UUID(survivor), merged_id=UUID(merged),
                                          reason=form.cleaned_data["reason"], candidate_id=candidate.pk)
        except RefusedError as error:
            _show(form, error)
            status = error.status
        else:
            messages.success(request, _("Merged. Both records are kept; the merge can be undone."))
            return redirect("identity:merge-detail", merge_id=done.pk)
    return _pair_page(request, candidate_id, merge=form, status=status)


@policy.requires("identity.review")
def merge_list(request: AuthedRequest) -> HttpResponse:
    """Merges, latest first; a person's merge history with ?person=<id>."""
    person_id = _uuid(request.GET.get("person", "")[:36])
    open_only = request.GET.get("open") == "1"
    page = Paginator(review.merges(request.user, person_id=person_id, open_only=open_only),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "identity/merges.html", {"page": page, "person_id": person_id, "open_only": open_only,
                                                    "query": query.urlencode()})


def _merge_page(request: AuthedRequest, merge_id: UUID, *, undo: UndoForm | None = None,
                status: int = 200) -> HttpResponse:
    found = review.get_merge(request.user, merge_id)
    may_undo = found.undone_at is None and all(
        policy.can(request.user, "identity.merge", person) for person in (found.survivor, found.merged))
    return render(request, "identity/merge.html", {
        "merge": found, "rows": review.snapshot_rows(found), "may_undo": may_undo,
        "undo": undo or (UndoForm() if may_undo else None),
    }, status=status)


@policy.requires("identity.review")
def merge_detail(request: AuthedRequest, merge_id: UUID) -> HttpResponse:
    return _merge_page(request, merge_id)


@policy.requires("identity.merge")
@require_POST
def merge_undo(request: AuthedRequest, merge_id: UUID) -> HttpResponse:
    form = UndoForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            registry.unmerge_persons(actor=request.user, merge_id=merge_id, reason=form.cleaned_data["reason"])
        except RefusedError as error:
            _show(form, error)
            status = error.status
        else:
            messages.success(request, _("The merge is undone: the two records are two persons again."))
            return redirect("identity:merge-detail", merge_id=merge_id)
    return _merge_page(request, merge_id, undo=form, status=status)

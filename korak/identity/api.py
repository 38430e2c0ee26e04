from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from korak import policy
from korak.core.refusal import Refusal, RefusedError
from korak.core.schemas import errors
from korak.identity import queries, review
from korak.identity.linkage import registry
from korak.identity.models import MatchCandidate, PersonMerge
from korak.identity.normalise import parse_date
from korak.identity.schemas import (
    CandidatesIn,
    IdentityCandidateOut,
    MergeUndoIn,
    PairDecisionIn,
    PersonMergeDetailOut,
    PersonMergeIn,
    PersonMergeOut,
    ReviewPairOut,
    ReviewPairSummaryOut,
    ReviewQueueOut,
    ReviewStatusName,
)
from korak.organisations.http import AuthedRequest
from korak.people import rules

router = Router(tags=["identity"])


def candidate_out(candidate: queries.Candidate) -> dict[str, object]:
    person, why = candidate.person, candidate.explanation
    return {
        "person": {
            "id": person.id, "given_name": person.given_name, "family_name": person.family_name,
            "given_name_latin": person.given_name_latin, "family_name_latin": person.family_name_latin,
            "birth_date": rules.birth_date_display(person.birth_year, person.birth_month, person.birth_day),
            "sex": person.sex,
            "institution": person.registering_institution.short_name or person.registering_institution.name,
        },
        "score": candidate.score, "likely": candidate.likely,
        "explanation": {
            "names": [{"query_part": m.query_part, "record_part": m.record_part, "level": m.level,
                       "weight": round(m.weight, 3), "source": m.source, "swapped": m.crossed} for m in why.names],
            "name_score": why.name_score, "swapped_order": why.swapped_order, "via_alias": why.via_alias,
            "unmatched_query": list(why.unmatched_query), "unmatched_record": list(why.unmatched_record),
            "scripts": list(why.scripts), "birth": why.birth.level, "nationality": why.nationality, "sex": why.sex,
        },
    }


def query_from(payload: CandidatesIn) -> queries.CandidateQuery:
    fields: dict[str, list[str]] = {}
    if payload.birth_date.strip() and parse_date(payload.birth_date) is None:
        fields["birth_date"] = [_("Give the date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    if not (payload.given_name.strip() or payload.family_name.strip()):
        fields["family_name"] = [_("Give at least one name.")]
    if fields:
        raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields=fields))
    return queries.CandidateQuery(
        given_name=payload.given_name, family_name=payload.family_name, birth_date=payload.birth_date,
        sex=payload.sex, nationalities=tuple(code.upper() for code in payload.nationalities),
    )


@router.post("/candidates", response={200: list[IdentityCandidateOut], **errors(400, 401, 403, 422)},
             summary="Who is this? The top candidates from the registry, with a score and an explanation",
             description="Criteria travel in the body, never in the URL. Like a search, the answer is not "
                         "audited; opening a record in full is.")
@policy.requires("identity.candidates")
def candidates(request: AuthedRequest, payload: CandidatesIn) -> list[dict[str, object]]:
    found = queries.candidates(request.user, query_from(payload), limit=payload.limit)
    return [candidate_out(candidate) for candidate in found]


# --- the review queue and merges -------------------------------------------------------------

def _person(person: Any) -> dict[str, Any]:
    institution = person.registering_institution
    return {"id": person.pk, "family_name_latin": person.family_name_latin, "given_name_latin": person.given_name_latin,
            "institution": institution.short_name or institution.name}


def _summary(candidate: MatchCandidate) -> dict[str, Any]:
    return {"id": candidate.pk, "score": candidate.score, "status": candidate.status,
            "person_a": _person(candidate.person_a), "person_b": _person(candidate.person_b),
            "decided_by": candidate.decided_by.get_username() if candidate.decided_by else None,
            "decided_at": candidate.decided_at}


def _side(side: review.Side) -> dict[str, Any]:
    person = side.person
    return {"id": person.pk, "given_name": person.given_name, "family_name": person.family_name,
            "given_name_latin": person.given_name_latin, "family_name_latin": person.family_name_latin,
            "birth_date": side.birth_date, "sex": person.sex, "nationalities": side.nationalities,
            "institution": person.registering_institution.name, "documents": side.documents,
            "merged_into": side.merged_into.pk if side.merged_into else None}


def _merge(merge: PersonMerge) -> dict[str, Any]:
    return {"id": merge.pk, "survivor_id": merge.survivor_id, "merged_id": merge.merged_id,
            "candidate_id": merge.candidate_id, "reason": merge.reason, "merged_by": merge.merged_by.get_username(),
            "merged_at": merge.merged_at, "undone_by": merge.undone_by.get_username() if merge.undone_by else None,
            "undone_at": merge.undone_at, "undo_reason": merge.undo_reason}


def _institution(actor: Any, institution_id: UUID | None) -> UUID | None:
    if institution_id is not None and not review.reviewer_institutions(actor).filter(pk=institution_id).exists():
        raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields={
            "institution_id": [_("You do not review pairs of this institution.")]}))
    return institution_id


@router.get("/review", response={200: ReviewQueueOut, **errors(401, 403, 422)},
            summary="The review queue: pairs that deduplication found, highest score first",
            description="Only pairs whose both persons belong to institutions where you review. `status` empty: "
                        "every status. `band`: high (0.9 and above), likely, uncertain.")
@policy.requires("identity.review")
def review_queue(request: AuthedRequest, status: ReviewStatusName | Literal[""] = "pending",
                 band: Annotated[str, Query(pattern="^(|high|likely|uncertain)$")] = "",
                 institution_id: UUID | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                 offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    chosen = _institution(request.user, institution_id)
    found = review.queue(request.user, status=status, band=band, institution_id=chosen)
    return {"count": found.count(), "totals": review.totals(request.user, band=band, institution_id=chosen),
            "items": [_summary(c) for c in found[offset:offset + limit]]}


def _pair(request: AuthedRequest, candidate_id: UUID) -> dict[str, Any]:
    pair = review.get_pair(request.user, candidate_id)
    candidate = pair.candidate
    merge = review.open_merge_of(candidate)
    return {"id": candidate.pk, "score": candidate.score, "status": candidate.status,
            "decided_by": candidate.decided_by.get_username() if candidate.decided_by else None,
            "decided_at": candidate.decided_at, "a": _side(pair.a), "b": _side(pair.b),
            "agreements": [{"field": row.field, "level": row.level, "explanation": row.words}
                           for row in pair.agreements],
            "merge_id": merge.pk if merge else None}


@router.get("/review/{candidate_id}", response={200: ReviewPairOut, **errors(401, 403, 404, 422)},
            summary="One pair side by side, with the agreement per field in plain words",
            description="Reading both persons in full is audited (who read which ids).")
@policy.requires("identity.review")
def review_pair(request: AuthedRequest, candidate_id: UUID) -> dict[str, Any]:
    return _pair(request, candidate_id)


@router.post("/review/{candidate_id}/decision", response={200: ReviewPairSummaryOut,
                                                          **errors(400, 401, 403, 404, 409, 412, 422)},
             summary="Decide a pair: the same person, or different persons",
             description="A merged pair is a 409 (undo the merge first); send `expected_status` to be refused "
                         "(412) when someone else decided meanwhile.")
@policy.requires("identity.review")
def decide_pair(request: AuthedRequest, candidate_id: UUID, payload: PairDecisionIn) -> dict[str, Any]:
    candidate = registry.decide_candidate(actor=request.user, candidate_id=candidate_id,
                                          same_person=payload.same_person, expected_status=payload.expected_status)
    return _summary(review.queue(request.user, status="").get(pk=candidate.pk))


@router.get("/merges", response={200: list[PersonMergeOut], **errors(401, 403, 422)},
            summary="Merges, latest first; one person's merge history with `person_id`")
@policy.requires("identity.review")
def list_merges(request: AuthedRequest, person_id: UUID | None = None, open_only: bool = False,
                limit: Annotated[int, Query(ge=1, le=200)] = 50,
                offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
    found = review.merges(request.user, person_id=person_id, open_only=open_only)
    return [_merge(m) for m in found[offset:offset + limit]]


@router.post("/merges", response={201: PersonMergeDetailOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Merge a confirmed pair: the other person becomes a duplicate of the survivor",
             description="Nothing is edited or deleted: the merge keeps both persons' values as they stood. "
                         "A pair not confirmed as one person (pending, rejected, merged) is a 409.")
@policy.requires("identity.merge")
def merge_pair(request: AuthedRequest, payload: PersonMergeIn, response: HttpResponse) -> Status[dict[str, Any]]:
    candidate = policy.get_for(request.user, MatchCandidate, payload.candidate_id, "identity.review")
    pair = {candidate.person_a_id, candidate.person_b_id}
    if payload.survivor_id not in pair:
        raise RefusedError(Refusal("invalid", _("Some fields need attention."), fields={
            "survivor_id": [_("Choose one of the two persons of the pair.")]}))
    (merged_id,) = pair - {payload.survivor_id}
    merge = registry.merge_persons(actor=request.user, survivor_id=payload.survivor_id, merged_id=merged_id,
                                   reason=payload.reason, candidate_id=candidate.pk)
    response["Location"] = f"/api/identity/merges/{merge.pk}"
    return Status(201, _merge(merge) | {"snapshot": merge.snapshot})


@router.get("/merges/{merge_id}", response={200: PersonMergeDetailOut, **errors(401, 403, 404, 422)},
            summary="One merge with both persons' values as they stood (the read is audited)")
@policy.requires("identity.review")
def read_merge(request: AuthedRequest, merge_id: UUID) -> dict[str, Any]:
    merge = review.get_merge(request.user, merge_id)
    return _merge(merge) | {"snapshot": merge.snapshot}


@router.post("/merges/{merge_id}/undo", response={200: PersonMergeOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Undo a merge: the merged person is a person of its own again; the merge row stays, closed")
@policy.requires("identity.merge")
def undo_merge(request: AuthedRequest, merge_id: UUID, payload: MergeUndoIn) -> dict[str, Any]:
    return _merge(registry.unmerge_persons(actor=request.user, merge_id=merge_id, reason=payload.reason))

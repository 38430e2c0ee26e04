from django.utils.translation import gettext as _
from ninja import Router

from korak import policy
from korak.core.refusal import Refusal, RefusedError
from korak.core.schemas import errors
from korak.identity import queries
from korak.identity.normalise import parse_date
from korak.identity.schemas import CandidateOut, CandidatesIn
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


@router.post("/candidates", response={200: list[CandidateOut], **errors(400, 401, 403, 422)},
             summary="Who is this? The top candidates from the registry, with a score and an explanation",
             description="Criteria travel in the body, never in the URL. Like a search, the answer is not "
                         "audited; opening a record in full is.")
@policy.requires("identity.candidates")
def candidates(request: AuthedRequest, payload: CandidatesIn) -> list[dict[str, object]]:
    found = queries.candidates(request.user, query_from(payload), limit=payload.limit)
    return [candidate_out(candidate) for candidate in found]

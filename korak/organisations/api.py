from uuid import UUID

from ninja import Router

from korak import policy
from korak.core.schemas import errors
from korak.organisations import queries
from korak.organisations.http import AuthedRequest
from korak.organisations.models import Country, Institution
from korak.organisations.schemas import CountryOut, InstitutionOut, MeOut

router = Router(tags=["organisations"])


def _institution(institution: Institution) -> dict[str, object]:
    return {"id": institution.id, "name": institution.name, "short_name": institution.short_name,
            "kind": institution.kind, "country": institution.country_id, "parent_id": institution.parent_id,
            "is_active": institution.is_active}


@router.get("/countries", response={200: list[CountryOut], **errors(401, 403, 404, 422)})
@policy.requires("organisations.view")
def list_countries(request: AuthedRequest) -> list[Country]:
    return list(Country.objects.all())


@router.get("/institutions", response={200: list[InstitutionOut], **errors(401, 403, 404, 422)})
@policy.requires("organisations.view")
def list_institutions(request: AuthedRequest) -> list[dict[str, object]]:
    return [_institution(i) for i in queries.institutions(actor=request.user)]


@router.get("/institutions/{institution_id}", response={200: InstitutionOut, **errors(401, 403, 404, 422)})
@policy.requires("organisations.view")
def read_institution(request: AuthedRequest, institution_id: UUID) -> dict[str, object]:
    return _institution(policy.get_for(request.user, Institution, institution_id, "organisations.view"))


@router.get("/me", response={200: MeOut, **errors(401, 403, 404, 422)})
@policy.requires("home.view")
def me(request: AuthedRequest) -> dict[str, object]:
    memberships = queries.memberships_of(request.user)
    return {"id": request.user.pk, "username": request.user.get_username(),
            "memberships": [{"institution_id": m.institution_id, "institution": m.institution.name, "role": m.role}
                            for m in memberships]}
